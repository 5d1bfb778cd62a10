"""The dossier page in real headless Chromium: it shows hostile names as text, runs nothing,
requests nothing, and draws the chart the data gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import chromium, open_page
from docs_images import save_if_changed
from test_dossier import HOSTILE, hostile_dataset

from graphkit.reports import dossier, write_dossier

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def test_hostile_dossier_shows_text_runs_nothing_and_requests_nothing(tmp_path):
    ds = hostile_dataset()
    gathered = dossier(ds, HOSTILE)
    path = write_dossier(gathered, tmp_path / "hostile.html")
    with chromium() as browser, open_page(browser, path) as (page, log):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.title() == f"{HOSTILE}: graphkit dossier"
        assert page.inner_text("h1") == HOSTILE
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, a').length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
        cells = page.evaluate("[...document.querySelectorAll('#meetings td')].map(td => td.textContent)")
        assert HOSTILE in cells
        # One bar per month from the first meeting to the last, as tall as the data says.
        bars = page.evaluate(
            "[...document.querySelectorAll('#per-month svg rect')].map(r => "
            "[r.dataset.month, Number(r.dataset.meetings), r.getBBox().height])"
        )
        assert [month for month, _, _ in bars] == gathered.per_month["month"].tolist()
        assert [n for _, n, _ in bars] == gathered.per_month["meetings"].tolist()
        peak = max(n for _, n, _ in bars)
        tallest = max(h for _, _, h in bars)
        assert all(abs(h - tallest * n / peak) < 0.2 for _, n, h in bars)
        assert page.evaluate("document.querySelector('#per-month svg').getBoundingClientRect().width") > 300
        # The ego network: every node drawn inside the picture, the hostile name as plain text.
        nodes = page.evaluate(
            "[...document.querySelectorAll('#ego svg g')].map(g => [g.dataset.id, "
            "g.querySelector('text').textContent, g.querySelector('circle').getBBox().width])"
        )
        assert {node for node, _, _ in nodes} == set(gathered.ego.nodes)
        assert (gathered.actor["id"], HOSTILE) in {(node, text) for node, text, _ in nodes}
        assert all(width > 0 for _, _, width in nodes)
        inside = page.evaluate(
            "(() => { const box = document.querySelector('#ego svg').getBoundingClientRect();"
            " return [...document.querySelectorAll('#ego svg circle')].every(c => {"
            " const r = c.getBoundingClientRect(); return r.left >= box.left && r.right <= box.right"
            " && r.top >= box.top && r.bottom <= box.bottom; }); })()"
        )
        assert inside
        rows = page.evaluate("document.querySelectorAll('#sources tbody tr').length")
        assert rows == len(gathered.sources)
        page.screenshot(path=str(tmp_path / "dossier.png"), full_page=True)
    assert log.dialogs == [] and log.errors == [] and log.console_errors == []
    assert log.requests == []


def test_seed_dossier_screenshot(tmp_path, seed_page):
    # The picture in the README (docs/dossier-11-11-11.png) is this screenshot, saved when it changed.
    from graphkit.ingest import ingest
    from graphkit.workspace import Workspace

    dataset = ingest([seed_page], Workspace(tmp_path / "ws")).dataset
    path = write_dossier(dossier(dataset, "11.11.11"), tmp_path / "seed.html")
    with chromium(width=1000, height=1300) as browser, open_page(browser, path) as (page, log):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('#per-month svg rect').length") == 48
        ARTIFACTS.mkdir(exist_ok=True)
        png = page.screenshot(path=str(ARTIFACTS / "dossier-11-11-11.png"))
    assert log.errors == [] and log.requests == []
    assert len(png) > 20_000
    save_if_changed(png, "dossier-11-11-11.png")
