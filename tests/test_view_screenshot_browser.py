"""The view the README opens with: the bundled example's 11.11.11 neighbourhood, drawn in real
headless Chromium and saved as docs/view-11-11-11.png when it changed."""

from __future__ import annotations

import pytest
from browser import chromium, open_page
from docs_images import save_if_changed
from test_views_browser import DRAWN_PIXELS, READY

from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.views import to_html
from graphkit.workspace import Workspace

pytestmark = pytest.mark.browser


def test_readme_view_screenshot(tmp_path, seed_page):
    dataset = ingest([seed_page], Workspace(tmp_path / "ws")).dataset
    graph = build_graph(dataset, "org-counterpart")
    path = tmp_path / "view.html"
    to_html(graph, path, focus="11.11.11", depth=2, title="11.11.11: the MEPs and officials it met, and who else met them")
    with chromium(width=1100, height=700) as browser, open_page(browser, path) as (page, log):
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        assert page.evaluate("graphkitView.nodes.length") == graph.number_of_nodes()
        assert page.evaluate(DRAWN_PIXELS) > 5_000
        assert "11.11.11" in page.text_content("#graphkit-details h2")
        png = page.screenshot()
    assert log.errors == [] and log.console_errors == [] and log.requests == []
    assert len(png) > 20_000
    assert save_if_changed(png, "view-11-11-11.png").stat().st_size > 20_000
