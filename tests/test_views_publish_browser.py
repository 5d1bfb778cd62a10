"""Pictures to publish, in real headless Chromium: the PNG and SVG exports carry the title, the
dates, the filters, a legend, the sources and a credit line (the PNG at twice the pixels), and
the coalition view (org-org, coloured by community) opens on its named communities."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from browser import chromium, open_page
from click.testing import CliRunner
from docs_images import save_if_changed
from PIL import Image
from test_views_browser import READY

from graphkit.cli import main
from graphkit.graph import GraphFilter
from graphkit.ingest import ingest
from graphkit.synthetic import generate
from graphkit.views import network_page
from graphkit.workspace import Workspace

pytestmark = pytest.mark.browser

SVG_NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def browser():
    with chromium(width=1300, height=860) as context:
        yield context


@pytest.fixture(scope="module")
def seed_workspace(tmp_path_factory, seed_page):
    workspace = Workspace(tmp_path_factory.mktemp("publish") / "ws")
    ingest([seed_page], workspace)
    return workspace


@pytest.fixture(scope="module")
def example_page(tmp_path_factory, seed_workspace):
    path = tmp_path_factory.mktemp("publish") / "example.html"
    network_page(seed_workspace.load(), path, filters=GraphFilter(date_from="2015-01-01"), title="Who 11.11.11 met")
    return path


def _png(data_url: str) -> Image.Image:
    assert data_url.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGB")


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def _svg_texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG_NS}text")]


def test_png_and_svg_exports_carry_title_dates_filters_legend_source_and_credit(browser, example_page):
    with open_page(browser, example_page) as (page, log):
        page.goto(example_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        payload = page.evaluate("JSON.parse(document.getElementById('graphkit-data').textContent)")
        frame = page.evaluate("graphkitView.exportFrame()")
        png = _png(page.evaluate("graphkitView.exportPNG()"))
        svg = page.evaluate("graphkitView.exportSVG()")
        # Sigma draws the frame again at twice the pixels for it, rather than the picture being scaled up.
        drawn_widths = page.evaluate("""() => {
          const r = graphkitView.renderer, render = r.render, widths = [];
          r.render = function () { const out = render.apply(this, arguments); widths.push(r.getCanvases().nodes.width); return out; };
          try { graphkitView.exportPNG(); } finally { r.render = render; }
          return widths;
        }""")
        canvas = page.evaluate("[...document.querySelectorAll('#graphkit-network canvas')].map(c => c.width)")
        width = page.evaluate("document.querySelector('#graphkit-network').clientWidth")
        assert log.errors == [] and log.requests == []
    texts = [item["text"] for item in frame["items"] if item["type"] == "text"]
    first, last = payload["dateRange"]
    expected = [
        "Who 11.11.11 met",
        f"Meetings from {first} to {last}",
        "Filters: from 2015-01-01",
        "Source: OpenLobby",
        "Made with graphkit",
        "Colour: kind",
        "Node area: pagerank",
    ]
    words = " ".join(texts)
    for text in expected:
        assert text in words, text
    for kind in payload["kinds"]:  # every kind in the legend, with its count
        assert f"{kind['label']} ({kind['count']})" in texts
    # The SVG holds the same words as text, and the legend's swatches in the kinds' colours.
    svg_texts = _svg_texts(svg)
    assert all(text in svg_texts for text in texts)
    swatches = [node.get("fill") for node in ET.fromstring(svg).iter(f"{SVG_NS}circle") if node.get("class") == "gk-swatch"]
    assert swatches == [kind["color"] for kind in payload["kinds"]]
    # The PNG: twice the pixels of the frame each way, and the frame drawn into it: each legend
    # swatch's centre has its colour, and every line of words left dark ink in its band.
    assert png.size == (2 * frame["width"], 2 * frame["height"])
    pixels = np.asarray(png, dtype=int)
    for item in frame["items"]:
        if item["type"] == "swatch":
            assert np.abs(pixels[round(2 * item["y"]), round(2 * item["x"])] - _rgb(item["color"])).max() < 12, item
        else:
            band = pixels[round(2 * (item["y"] - item["size"])) : round(2 * (item["y"] + 3)), round(2 * item["x"]) :]
            assert (band.max(axis=2) < 140).sum() > 20 * len(item["text"]), item["text"]
    # Nothing but white outside the words and the network, as in the frame.
    assert (pixels[: round(2 * frame["map"]["y"]), -30:] > 250).all()
    assert 2 * width in drawn_widths
    # The page itself is drawn at its own pixels again afterwards.
    assert set(canvas) == {width} and drawn_widths[-1] == width


def test_view_writes_png_and_svg_without_a_browser_window(seed_workspace, tmp_path):
    png, svg = tmp_path / "view.png", tmp_path / "view.svg"
    # Its own process, as a user runs it (Playwright's sync API refuses to nest in this one's).
    result = subprocess.run(
        [sys.executable, "-m", "graphkit", "view", "--workspace", str(seed_workspace.path),
         "--title", "11.11.11 and who it met", "--png", str(png), "--svg", str(svg)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"wrote {png}" in result.stdout and f"wrote {svg}" in result.stdout and ".html" not in result.stdout
    image = Image.open(png)
    # The drawn network is 1200 x 800 CSS pixels, at twice the pixels, with words above and below.
    assert image.size[0] == 2400 and image.size[1] > 1600
    texts = _svg_texts(svg.read_text(encoding="utf-8"))
    assert "11.11.11 and who it met" in texts
    assert any(text.startswith("Meetings from ") for text in texts)
    assert "Source: OpenLobby" in texts and any(text.startswith("Made with graphkit") for text in texts)
    assert save_if_changed(png.read_bytes(), "view-export.png").stat().st_size > 50_000


def test_view_needs_somewhere_to_write(seed_workspace):
    result = CliRunner().invoke(main, ["view", "--workspace", str(seed_workspace.path)])
    assert result.exit_code != 0 and "-o FILE.html, --png FILE or --svg FILE" in result.output


@pytest.fixture(scope="module")
def coalition_page(tmp_path_factory):
    # Lobbying-like meetings: one large component of co-attendance and, as in the real data,
    # hundreds of organisations that met alone or in twos and threes.
    dataset = generate(organisations=2000, meetings=2500, seed=3)
    path = tmp_path_factory.mktemp("publish") / "coalitions.html"
    network_page(dataset, path, projection="org-org", colour="community", title="Who attends meetings together")
    return path


VISIBLE_BOX = """() => {
  const v = graphkitView, r = v.renderer, box = document.querySelector('#graphkit-network');
  const xs = [], ys = [], camera = {cameraState: r.getCamera().getState()};  // not the last frame's: the next
  v.nodes.forEach(n => { if (!v.hidden(n.id)) {
    const p = r.graphToViewport({x: n.x, y: -n.y}, camera); xs.push(p.x); ys.push(p.y); } });
  xs.sort((a, b) => a - b); ys.sort((a, b) => a - b);
  const q = (a, f) => a[Math.round(f * (a.length - 1))];
  return {count: xs.length, width: (q(xs, .99) - q(xs, .01)) / box.clientWidth, height: (q(ys, .99) - q(ys, .01)) / box.clientHeight,
          inside: xs.filter((x, i) => x >= 0 && x <= box.clientWidth).length / xs.length};
}"""


def test_coalition_view_opens_on_its_named_communities_and_names_them(browser, coalition_page):
    with open_page(browser, coalition_page) as (page, log):
        page.goto(coalition_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        payload = page.evaluate("JSON.parse(document.getElementById('graphkit-data').textContent)")
        named = {entry["key"] for entry in payload["legend"] if entry["key"] not in (None, "__apart__")}
        apart = [entry for entry in payload["legend"] if entry["key"] == "__apart__"]
        # The small groups apart are one counted legend entry, unticked.
        assert len(apart) == 1 and apart[0]["count"] > 400 and apart[0]["hidden"]
        assert not page.is_checked("#graphkit-legend input[value='__apart__']")
        # What shows at first: the named communities' nodes, and no node of a small group.
        shown = page.evaluate("graphkitView.nodes.filter(n => !graphkitView.hidden(n.id)).map(n => [n.community, n.apart || 0])")
        assert len(shown) > 300
        assert all(community in named and not is_apart for community, is_apart in shown)
        # They fill the canvas (no quarter of it, no rows of dots beside them).
        box = page.evaluate(VISIBLE_BOX)
        assert box["width"] > 0.75 and box["height"] > 0.75 and box["inside"] > 0.97, box
        # Each community's name is drawn on the canvas, at its centre, clear of the node labels.
        labels = page.evaluate("graphkitView.communityLabels()")
        assert {label["key"] for label in labels} == named
        nodes = page.evaluate("graphkitView.labelBoxes()")
        assert not any(
            a["x1"] < b["x2"] and a["x2"] > b["x1"] and a["y1"] < b["y2"] and a["y2"] > b["y1"] for a in labels for b in nodes
        )
        screenshot = page.locator(".gk-main").screenshot()
        # Fit fits what is visible: with the three largest communities unticked, it zooms in on the rest.
        for key in [entry["key"] for entry in payload["legend"][:3]]:
            page.uncheck(f"#graphkit-legend input[value='{key}']")
        before = page.evaluate(VISIBLE_BOX)
        page.click("#graphkit-fit")
        after = page.evaluate(VISIBLE_BOX)
        assert after["count"] == before["count"] < len(shown)
        assert max(after["width"], after["height"]) > 0.75 and after["width"] * after["height"] > before["width"] * before["height"]
        # Ticking the small groups back shows them, and the export says what is hidden.
        page.check("#graphkit-legend input[value='__apart__']")
        shown_apart = "graphkitView.nodes.filter(n => n.apart && !graphkitView.hidden(n.id)).length"
        assert page.evaluate(shown_apart) > 400
        # The address keeps that choice: opened again, the page shows them and hides the rest as left.
        saved = "(new URLSearchParams(location.hash.slice(1)).get('hide-communities') || '')"
        page.wait_for_function(f"{saved}.includes('__other__') && !{saved}.includes('__apart__')")  # saved after a pause
        hidden = page.evaluate(f"{saved}.split(',')")
        assert sorted(hidden) == sorted([*(entry["key"] for entry in payload["legend"][:3]), "__other__"])
        page.reload()
        page.wait_for_function(READY, timeout=30_000)
        assert page.evaluate(shown_apart) > 400 and page.is_checked("#graphkit-legend input[value='__apart__']")
        assert not page.is_checked(f"#graphkit-legend input[value='{payload['legend'][0]['key']}']")
        words = " ".join(_svg_texts(page.evaluate("graphkitView.exportSVG()")))
        assert f"hidden: {payload['legend'][0]['label']} ({payload['legend'][0]['count']:,} nodes)" in words
        assert log.errors == [] and log.requests == []
    assert save_if_changed(screenshot, "view-coalitions.png").stat().st_size > 50_000
