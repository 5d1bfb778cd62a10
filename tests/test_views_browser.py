"""The HTML view in real headless Chromium (Debian's, through Playwright, WebGL by SwiftShader):
it draws, makes no request, raises no error, runs nothing smuggled in through a name, its labels
never overlap, and its controls work."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from browser import chromium, open_page
from views_graphs import (
    ATTRIBUTE_BREAKER,
    COMMENT_BREAKER,
    SCRIPT_BREAKER,
    lobbying_graph,
    lobbying_meetings,
)

from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.views import to_html
from graphkit.workspace import Workspace

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
READY = "window.graphkitView && window.graphkitView.ready"

# Pixels of the view's PNG export of the network alone (every canvas sigma drew, composed, at
# one pixel a CSS pixel, without the words around it) that are not white: proof that the WebGL
# renderer drew.
DRAWN_PIXELS = """async () => {
  const image = new Image();
  image.src = graphkitView.exportPNG(1, true);
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) drawn++;
  }
  return drawn;
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context


def _attr(page, name: str) -> int:
    return int(page.get_attribute("#graphkit-network", name))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "hostile.html"
    to_html(lobbying_graph(), path, meetings=lobbying_meetings(), title=ATTRIBUTE_BREAKER)
    return path


def test_page_draws_with_no_request_no_error_and_no_injected_code(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        assert page.evaluate("graphkitView.nodes.length") == 9
        assert page.evaluate("graphkitView.links.length") == 8
        assert page.evaluate("graphkitView.graph.order") == 9 and page.evaluate("graphkitView.graph.size") == 8
        assert _attr(page, "data-visible-nodes") == 9
        drawn = page.evaluate(DRAWN_PIXELS)
        assert drawn > 500
        # The links are drawn too: without them, less ink.
        page.evaluate("graphkitView.renderer.setSetting('hideEdgesOnMove', false); "
                      "graphkitView.renderer.setSetting('edgeReducer', (k, d) => ({...d, hidden: true}))")  # fmt: skip
        assert page.evaluate(DRAWN_PIXELS) < drawn - 100
        page.reload()
        page.wait_for_function(READY, timeout=15_000)
        # Touch every hostile name: tooltips (node and link), side panel, search, SVG export.
        page.evaluate("graphkitView.select(0, true)")
        page.evaluate("graphkitView.renderer.emit('enterEdge', {edge: '0', event: {x: 40, y: 40}})")
        page.evaluate("graphkitView.renderer.emit('clickEdge', {edge: '0', event: {x: 40, y: 40}})")
        page.fill("#graphkit-search", "alert")
        page.press("#graphkit-search", "Enter")
        page.wait_for_timeout(200)
        svg = page.evaluate("graphkitView.exportSVG()")
        assert "<img" not in svg and "onerror" not in svg.replace("onerror=alert(1)&gt;", "")
        assert not page.query_selector_all("img, svg, iframe, object, embed")
        assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0
        assert page.evaluate("typeof window.alert") == "function"
        assert log.dialogs == []
        assert log.requests == []
        assert log.errors == [] and log.console_errors == []


def test_hostile_names_show_as_text(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        assert page.title() == ATTRIBUTE_BREAKER
        assert page.inner_text("h1") == ATTRIBUTE_BREAKER
        page.fill("#graphkit-search", "alert")
        page.wait_for_function("document.querySelectorAll('#graphkit-results button').length === 3")
        shown = page.evaluate("[...document.querySelectorAll('#graphkit-results button')].map(b => b.firstChild.data)")
        assert set(shown) == {SCRIPT_BREAKER, ATTRIBUTE_BREAKER, COMMENT_BREAKER}
        for index, name in enumerate((SCRIPT_BREAKER, ATTRIBUTE_BREAKER)):
            page.evaluate(f"graphkitView.select({index}, true)")
            assert page.text_content("#graphkit-details h2") == name
        # Hovering a node fills the tooltip with the same text.
        page.evaluate("graphkitView.renderer.emit('enterNode', {node: '0', event: {x: 50, y: 50}})")
        assert page.text_content("#graphkit-tooltip h2") == SCRIPT_BREAKER
        assert page.is_visible("#graphkit-tooltip")
        # The SVG export holds the names as text nodes.
        page.evaluate("graphkitView.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1.2})")
        texts = page.evaluate("""() => {
          const doc = new DOMParser().parseFromString(graphkitView.exportSVG(), 'image/svg+xml');
          const network = doc.querySelector('g[clip-path]');
          return [network.querySelectorAll('circle').length, [...network.querySelectorAll('text')].map(t => t.textContent),
                  doc.querySelectorAll('img, script, foreignObject').length, doc.querySelector('.gk-title').textContent];
        }""")
        assert texts[0] == 9 and texts[2] == 0
        assert texts[1] == page.evaluate("graphkitView.labelBoxes().map(b => b.label)")
        assert texts[3] == ATTRIBUTE_BREAKER  # the title above the picture, as text
        assert {SCRIPT_BREAKER, ATTRIBUTE_BREAKER, COMMENT_BREAKER} & set(texts[1])
        assert log.dialogs == [] and log.errors == [] and log.requests == []


def test_search_filters_and_dates_change_what_is_shown(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        # What sigma draws: its reduced node data.
        dimmed = "graphkitView.nodes.filter(n => graphkitView.renderer.getNodeDisplayData(String(n.id)).color === '#dfe3e8').length"
        # Search by acronym: one match, the other eight nodes fade; the match is labelled and ringed.
        page.fill("#graphkit-search", "beuc")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches === '1'")
        assert page.evaluate(dimmed) == 8
        beuc = page.evaluate("graphkitView.nodes.find(n => n.acronym === 'BEUC').id")
        assert page.evaluate("graphkitView.forced()") == [beuc]
        assert str(beuc) in [box["key"] for box in page.evaluate("graphkitView.labelBoxes()")]
        assert "1 match" in page.text_content("#graphkit-status")
        page.fill("#graphkit-search", "")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches === '0'")
        assert page.evaluate(dimmed) == 0

        # Click highlights the neighbourhood: BEUC, Anna Meier and Jo Unit stay coloured.
        page.evaluate(f"graphkitView.select({beuc}, false)")
        assert page.evaluate(dimmed) == 6
        details = page.text_content("#graphkit-details")
        assert "Connections (2)" in details
        # Its meetings name the counterpart.
        assert "with Anna Meier" in details
        page.evaluate("graphkitView.select(null)")

        # Kind filter: hiding MEPs hides them and every organisation that only met MEPs.
        page.uncheck("#graphkit-kinds input[value=mep]")
        assert _attr(page, "data-visible-nodes") == 4  # BEUC–Jo Unit, 11.11.11–Eurogroup
        assert page.evaluate("graphkitView.nodes.filter(n => !graphkitView.renderer.getNodeDisplayData(String(n.id)).hidden).length") == 4
        page.check("#graphkit-kinds input[value=mep]")
        assert _attr(page, "data-visible-nodes") == 9

        # Minimum meetings: links with fewer than 2 meetings go, and nodes left with none.
        page.fill("#graphkit-min-meetings", "2")
        page.dispatch_event("#graphkit-min-meetings", "input")
        assert _attr(page, "data-visible-edges") == 3  # BEUC–Anna, BEUC–Jo, Eurogroup–Kathleen
        assert _attr(page, "data-visible-nodes") == 5
        page.fill("#graphkit-min-meetings", "0")
        page.dispatch_event("#graphkit-min-meetings", "input")
        assert _attr(page, "data-visible-edges") == 8

        # Minimum links: only nodes with two or more visible links stay (and links between them).
        page.fill("#graphkit-min-degree", "2")
        page.dispatch_event("#graphkit-min-degree", "input")
        kept = page.evaluate("graphkitView.nodes.filter(n => !graphkitView.hidden(n.id)).map(n => n.key)")
        assert set(kept) == {"mep:anna-meier", "organisation:beuc", "organisation:11-11-11",
                             "organisation:eurogroup", "mep:kathleen-van-brempt"}  # fmt: skip
        page.fill("#graphkit-min-degree", "0")
        page.dispatch_event("#graphkit-min-degree", "input")

        # Date range: only 2024. 11.11.11 met only in 2025, so it and its two links go.
        page.fill("#graphkit-to", "2024-12-31")
        page.dispatch_event("#graphkit-to", "change")
        assert page.evaluate("graphkitView.links.filter(e => graphkitView.edgeHidden(e.id)).length") == 2
        hidden = page.evaluate("graphkitView.nodes.filter(n => graphkitView.hidden(n.id)).map(n => n.name)")
        assert hidden == ["11.11.11"]
        page.evaluate(f"graphkitView.select({beuc}, false)")
        assert "Consumer credit" in page.inner_text("#graphkit-details")
        assert "Digital fairness" not in page.inner_text("#graphkit-details")
        # The month slider moves the end date back, and sizes follow the meetings in range.
        page.fill("#graphkit-to", "2025-06-02")
        page.dispatch_event("#graphkit-to", "change")
        size_before = page.evaluate(f"graphkitView.renderer.getNodeDisplayData('{beuc}').size")
        page.fill("#graphkit-time", "0")
        page.dispatch_event("#graphkit-time", "input")
        assert page.input_value("#graphkit-to") == "2024-03-31"
        assert page.evaluate(f"graphkitView.renderer.getNodeDisplayData('{beuc}').size") != size_before
        assert log.errors == [] and log.console_errors == [] and log.requests == []


def test_links_show_their_meetings_on_hover_and_click(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        link = page.evaluate("graphkitView.links.findIndex(e => graphkitView.nodes[e.from].acronym === 'BEUC' "
                             "&& graphkitView.nodes[e.to].name === 'Anna Meier')")  # fmt: skip
        # A real mouse over the middle of the link.
        middle = page.evaluate(f"""() => {{
          const e = graphkitView.links[{link}], r = graphkitView.renderer;
          const a = r.framedGraphToViewport(r.getNodeDisplayData(String(e.from)));
          const b = r.framedGraphToViewport(r.getNodeDisplayData(String(e.to)));
          const box = document.querySelector('#graphkit-network').getBoundingClientRect();
          return [box.left + (a.x + b.x) / 2, box.top + (a.y + b.y) / 2];
        }}""")
        page.mouse.move(middle[0] - 5, middle[1] - 5)
        page.mouse.move(*middle)
        page.wait_for_function("graphkitView.state.hoveredEdge !== null", timeout=5_000)
        tooltip = page.inner_text("#graphkit-tooltip")
        assert "2 meetings" in tooltip and "Consumer credit" in tooltip and "Digital fairness </b><i>" in tooltip
        page.mouse.click(*middle)
        panel = page.inner_text("#graphkit-details")
        assert "Bureau Européen" in panel and "2024-03-01" in panel and "2025-06-02" in panel
        assert log.errors == [] and log.requests == []


def test_view_state_travels_in_the_url_hash(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        beuc = page.evaluate("graphkitView.nodes.find(n => n.acronym === 'BEUC').id")
        page.uncheck("#graphkit-kinds input[value=official]")
        page.fill("#graphkit-to", "2024-12-31")
        page.dispatch_event("#graphkit-to", "change")
        page.evaluate(f"graphkitView.select({beuc}, false)")
        page.wait_for_function("location.hash.includes('node=')", timeout=5_000)
        shared = page.url
        assert "hide-kinds=official" in shared and "to=2024-12-31" in shared
    with open_page(browser, hostile_page) as (page, log):
        page.goto(shared)
        page.wait_for_function(READY, timeout=15_000)
        assert page.evaluate("graphkitView.state.selected") == beuc
        assert page.text_content("#graphkit-details h2").startswith("Bureau")
        assert not page.is_checked("#graphkit-kinds input[value=official]")
        assert page.input_value("#graphkit-to") == "2024-12-31"
        assert _attr(page, "data-visible-nodes") == 7  # no Jo Unit, no 11.11.11
        assert log.errors == [] and log.requests == []


def test_png_and_svg_export(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        page.click("#graphkit-fit-all")
        png = page.evaluate("graphkitView.exportPNG()")
        assert png.startswith("data:image/png;base64,") and len(png) > 10_000
        with page.expect_download() as download:
            page.click("#graphkit-png")
        assert download.value.suggested_filename == "graphkit-view.png"
        with page.expect_download() as download:
            page.click("#graphkit-svg")
        assert download.value.suggested_filename == "graphkit-view.svg"
        svg = Path(download.value.path()).read_text(encoding="utf-8")
        # The network's 9 nodes and 8 links, framed by words and the legend's swatches.
        network = svg.split('clip-path="url(#graphkit-map)"', 1)[1].split('class="gk-frame"', 1)[0]
        assert svg.startswith("<svg") and network.count("<circle") == 9 and network.count("<line") == 8
        assert log.errors == [] and log.requests == []


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["x1"] < b["x2"] and a["x2"] > b["x1"] and a["y1"] < b["y2"] and a["y2"] > b["y1"]:
                found.append((a["label"], b["label"]))
    return found


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    graph = nx.barabasi_albert_graph(3000, 2, seed=5)
    nx.set_node_attributes(graph, {n: f"Organisation number {n}" for n in graph}, "name")
    nx.set_node_attributes(graph, {n: "organisation" if n % 3 else "mep" for n in graph}, "kind")
    graph.add_nodes_from((f"lonely {i}", {"name": f"Lonely {i}"}) for i in range(400))
    path = tmp_path_factory.mktemp("views") / "large.html"
    to_html(graph, path, top=3200)
    return path


def test_labels_never_overlap_at_three_zoom_levels_and_follow_importance(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        assert "200 less central nodes were left out" in page.text_content("#graphkit-left-out")
        counts = []
        for ratio in (1.0, 0.3, 0.08):
            page.evaluate(f"graphkitView.renderer.getCamera().setState({{ratio: {ratio}}}); graphkitView.renderer.refresh()")
            boxes = page.evaluate("graphkitView.labelBoxes()")
            assert boxes and _overlapping(boxes) == []
            counts.append(len(boxes))
        # Zooming in shows more labels, never thousands at once.
        assert counts[0] < counts[2] < 1000
        page.evaluate("graphkitView.fitMain(); graphkitView.renderer.refresh()")
        # The most linked node is labelled first, at first sight.
        first = page.evaluate("graphkitView.nodes[+graphkitView.labelBoxes()[0].key].value")
        assert first == page.evaluate("Math.max(...graphkitView.nodes.map(n => n.value))")
        # A search matching thousands highlights them all but labels at most 40, without overlap.
        page.fill("#graphkit-search", "organisation number")
        page.press("#graphkit-search", "Enter")
        page.wait_for_function("graphkitView.state.selected !== null", timeout=5_000)
        page.evaluate("graphkitView.select(null)")
        page.fill("#graphkit-search", "organisation")
        page.wait_for_function("+document.querySelector('#graphkit-network').dataset.matches > 2000", timeout=5_000)
        assert len(page.evaluate("graphkitView.forced()")) == 40
        boxes = page.evaluate("graphkitView.labelBoxes()")
        assert _overlapping(boxes) == [] and len(boxes) <= 200
        assert log.errors == [] and log.requests == []


# Pixels a canvas has drawn on (any alpha).
INK = """(canvas) => {
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const data = context.getImageData(0, 0, copy.width, copy.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
  return ink;
}"""


def test_many_links_are_drawn_by_the_page_and_a_selection_over_them(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        # Past 2,000 links sigma holds the nodes only; the page draws the links on its own layer.
        assert page.evaluate("graphkitView.links.length") > 2000 and page.evaluate("graphkitView.graph.size") == 0
        layer = "document.querySelector('#graphkit-network canvas.gk-link-layer')"
        ink = page.evaluate(f"({INK})({layer})")
        assert ink > 20_000
        # Fewer links shown, less ink.
        page.fill("#graphkit-min-degree", "6")
        page.dispatch_event("#graphkit-min-degree", "input")
        assert 0 < page.evaluate(f"({INK})({layer})") < ink * 0.8
        page.fill("#graphkit-min-degree", "0")
        page.dispatch_event("#graphkit-min-degree", "input")
        assert page.evaluate(f"({INK})({layer})") == ink
        # A selection fades the layer and draws the node's links over it, under the nodes.
        hub = page.evaluate("graphkitView.nodes.reduce((a, b) => (b.edges.length > a.edges.length ? b : a)).id")
        page.evaluate(f"graphkitView.select({hub}, false)")
        assert page.evaluate(f"{layer}.style.opacity") == "0.3"
        assert page.evaluate(f"({INK})(graphkitView.renderer.getCanvases().edgeLabels)") > 500
        # Each connection in the panel opens the link's meetings.
        first = page.locator("#graphkit-details .gk-links li").first
        other = first.locator("button").first.inner_text()
        first.locator("button.gk-count").click()
        heading = page.inner_text("#graphkit-details h2")
        assert other in heading and " — " in heading
        assert "meeting" in page.inner_text("#graphkit-details")
        page.evaluate("graphkitView.select(null)")
        assert page.evaluate(f"{layer}.style.opacity") == ""
        assert log.errors == [] and log.requests == []


# Links whose drawn part would lie on screen, counted from the nodes' positions with a
# segment-rectangle test of the test's own (sampled along each link), and the visible links.
LINKS_ON_SCREEN = """() => {
  const v = graphkitView, r = v.renderer, box = document.querySelector('#graphkit-network');
  const w = box.clientWidth, h = box.clientHeight;
  const at = i => r.framedGraphToViewport(r.getNodeDisplayData(String(i)));
  let visible = 0, crossing = 0;
  v.links.forEach((e, i) => {
    if (v.edgeHidden(i) || e.from === e.to) return;
    visible++;
    const a = at(e.from), b = at(e.to);
    if (Math.hypot(b.x - a.x, b.y - a.y) < 1) return;
    for (let t = 0; t <= 1; t += 1 / 512) {
      const x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y);
      if (x >= 0 && x <= w && y >= 0 && y <= h) { crossing++; return; }
    }
  });
  return { visible, crossing };
}"""


def test_links_off_screen_are_not_drawn_and_sharp_lines_follow_a_coarse_frame(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        layer = "document.querySelector('#graphkit-network canvas.gk-link-layer')"
        # The first frame is sharp; every link on screen is drawn.
        assert page.evaluate("graphkitView.linkLayer().sharp") is True
        counts = page.evaluate(LINKS_ON_SCREEN)
        drawn = page.evaluate("graphkitView.linkLayer().drawn")
        assert abs(drawn - counts["crossing"]) <= counts["crossing"] * 0.01 and drawn > 2000
        # Zoomed onto the most linked node, the links that stay off screen are not drawn. (This
        # graph is small: the budget of link length drawn sharp at once is lowered below it.)
        page.evaluate("graphkitView.setSharpLength(1000)")
        hub = page.evaluate("graphkitView.nodes.reduce((a, b) => (b.edges.length > a.edges.length ? b : a)).id")
        page.evaluate(
            f"""() => {{ const r = graphkitView.renderer, d = r.getNodeDisplayData('{hub}');
              r.getCamera().setState({{x: d.x, y: d.y, ratio: 0.03}}); r.refresh(); }}"""
        )
        # Long links across the screen: a camera change answers with the last sharp drawing,
        # moved and scaled...
        assert page.evaluate(f"[graphkitView.linkLayer().sharp, {layer}.dataset.sharp]") == [False, "false"]
        assert page.evaluate(f"{layer}.width") == page.evaluate(f"{layer}.clientWidth")
        assert page.evaluate(f"({INK})({layer})") > 1000
        # ...and the sharp lines follow, on their own, once nothing moves: only those on screen.
        page.wait_for_function(f"{layer}.dataset.sharp === 'true'", timeout=5_000)
        counts = page.evaluate(LINKS_ON_SCREEN)
        assert counts["crossing"] < counts["visible"] * 0.9
        drawn = page.evaluate("graphkitView.linkLayer().drawn")
        assert abs(drawn - counts["crossing"]) <= max(3, counts["crossing"] * 0.01)
        sharp_ink = page.evaluate(f"({INK})({layer})")
        # A filter there answers with the new links at a lower resolution, then sharp ones.
        page.fill("#graphkit-min-degree", "3")
        page.dispatch_event("#graphkit-min-degree", "input")
        coarse = page.evaluate(f"[graphkitView.linkLayer(), {layer}.width, {layer}.clientWidth, {layer}.dataset.sharp]")
        assert coarse[0]["sharp"] is False and coarse[3] == "false"
        assert round(coarse[2] / 8) <= coarse[1] <= round(coarse[2] / 3)
        counts = page.evaluate(LINKS_ON_SCREEN)
        assert abs(coarse[0]["drawn"] - counts["crossing"]) <= max(3, counts["crossing"] * 0.01)
        page.wait_for_function(f"{layer}.dataset.sharp === 'true'", timeout=5_000)
        assert page.evaluate(f"{layer}.width") == coarse[2]
        assert 0 < page.evaluate(f"({INK})({layer})") < sharp_ink
        # A PNG export never catches the coarse frame.
        page.evaluate("() => { const r = graphkitView.renderer; const c = r.getCamera().getState(); r.getCamera().setState({x: c.x + 0.001, y: c.y, ratio: c.ratio}); r.refresh(); }")
        assert page.evaluate(f"{layer}.dataset.sharp") == "false"
        page.evaluate("graphkitView.exportPNG()")
        assert page.evaluate(f"{layer}.dataset.sharp") == "true"
        assert log.errors == [] and log.requests == []


def test_first_view_shows_the_main_component_not_a_blob(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        # The main component's nodes spread over most of the canvas; the lonely ones are aside.
        spread = page.evaluate("""() => {
          const r = graphkitView.renderer, box = document.querySelector('#graphkit-network');
          const xs = [], ys = [];
          graphkitView.nodes.forEach(n => { if (n.edges.length) {
            const p = r.framedGraphToViewport(r.getNodeDisplayData(String(n.id))); xs.push(p.x); ys.push(p.y); } });
          xs.sort((a, b) => a - b); ys.sort((a, b) => a - b);
          const q = (a, f) => a[Math.floor(f * (a.length - 1))];
          return [(q(xs, .95) - q(xs, .05)) / box.clientWidth, (q(ys, .95) - q(ys, .05)) / box.clientHeight];
        }""")
        assert max(spread) > 0.55, spread
        assert log.errors == [] and log.requests == []


def test_phone_layout_keeps_the_details(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        page.evaluate("graphkitView.select(3, false)")
        details = page.query_selector("#graphkit-details").bounding_box()
        canvas = page.query_selector("#graphkit-network").bounding_box()
        assert page.is_visible("#graphkit-details") and details["width"] > 300
        assert details["y"] >= canvas["y"] + canvas["height"] - 1  # below the network, full width
        assert canvas["width"] > 300 and canvas["height"] > 300
        assert log.errors == [] and log.requests == []


def test_seed_organisation_view_screenshot(browser, tmp_path, seed_page):
    workspace = Workspace(tmp_path / "ws")
    dataset = ingest([seed_page], workspace).dataset
    graph = build_graph(dataset, "meetings")
    path = tmp_path / "seed.html"
    to_html(graph, path, focus="11.11.11", depth=2, title="11.11.11: meetings, co-attendees and topics")
    with open_page(browser, path) as (page, log):
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        assert page.evaluate("graphkitView.nodes.length") == graph.number_of_nodes()
        assert page.evaluate(DRAWN_PIXELS) > 5_000
        assert "11.11.11" in page.text_content("#graphkit-details h2")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "seed-organisation-view.png"))
        assert log.errors == [] and log.console_errors == [] and log.requests == []
    assert (ARTIFACTS / "seed-organisation-view.png").stat().st_size > 20_000


# Sigma's label grid, cell by cell: the candidates' keys in order.
LABEL_GRID = """() => {
  const cells = graphkitView.renderer.labelGrid.cells, out = {};
  for (const k in cells) { if (cells[k].length) out[k] = cells[k].map(c => c.key); }
  return out;
}"""


# Sigma's node data (size, hidden, forced label) and what its node program's WebGL buffer
# holds for each node (position, size, colour; zeros when hidden), wherever the node sits in it.
SIGMA_NODES = """() => {
  const r = graphkitView.renderer, program = r.nodePrograms.circle;
  return graphkitView.nodes.map(n => {
    const key = String(n.id), d = r.getNodeDisplayData(key), at = r.nodeProgramIndex[key] * program.STRIDE;
    return [d.hidden, d.hidden ? null : [d.size, d.color, d.label, d.zIndex], d.forceLabel, Array.from(program.array.slice(at, at + 4))];
  });
}"""


def test_search_past_2000_nodes_matches_once_and_draws_its_matches_on_the_emphasis_layer(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        # The layer is for graphs past 10,000 nodes; this one is smaller: it is lowered below it.
        page.evaluate("graphkitView.setLayerEmphasis(2000, 5000)")
        layer = "document.querySelector('#graphkit-network canvas.gk-emphasis-layer')"
        nodes = "graphkitView.renderer.getCanvases().nodes"
        matchings = "graphkitView.counts.matchings"
        # Enter: the matching runs once, for the results, the emphasis and the top match alike.
        before = page.evaluate(matchings)
        page.evaluate("""() => { const box = document.getElementById('graphkit-search'); box.value = 'number 12';
          box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); }""")
        assert page.evaluate(matchings) == before + 1
        expected = page.evaluate("""graphkitView.nodes.filter(n => !graphkitView.hidden(n.id) && n.name.toLowerCase().includes('number 12'))
          .sort((a, b) => b.value - a.value || a.id - b.id).map(n => n.id)""")
        assert 40 < len(expected) < 3200 / 8
        assert page.evaluate("graphkitView.state.selected") == expected[0]
        assert page.locator("#graphkit-results button").count() == 12
        # Typed and then Enter, as a person does: still one matching, whichever runs first.
        before = page.evaluate(matchings)
        page.fill("#graphkit-search", "number 13")
        page.press("#graphkit-search", "Enter")
        page.wait_for_timeout(400)
        assert page.evaluate(matchings) == before + 1
        # The search itself, without Enter: its matches on the layer in colour over sigma's faded
        # nodes, the 40 most linked ringed and labelled by force (sigma updated in place), and
        # only matches labelled.
        page.evaluate("graphkitView.select(null); graphkitView.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0})")
        page.fill("#graphkit-search", "number 12")
        page.wait_for_function(f"graphkitView.state.query === 'number 12' && graphkitView.forced().includes({expected[0]})", timeout=5_000)
        assert page.get_attribute("#graphkit-network", "data-matches") == str(len(expected))
        assert page.evaluate(f"[{nodes}.style.opacity, {nodes}.style.filter]") == ["0.22", "grayscale(1)"]
        drawn = int(page.evaluate(f"{layer}.dataset.drawn"))
        assert 40 < drawn <= len(expected)
        assert page.evaluate(f"({INK})({layer})") > drawn
        forced = page.evaluate("graphkitView.forced()")
        assert sorted(forced) == sorted(expected[:40])
        assert sorted(page.evaluate("Array.from(graphkitView.renderer.nodesWithForcedLabels).map(Number)")) == sorted(forced)
        boxes = page.evaluate("graphkitView.labelBoxes()")
        assert str(expected[0]) in {box["key"] for box in boxes}
        assert {int(box["key"]) for box in boxes} <= set(expected) and _overlapping(boxes) == []
        # The SVG shows the same emphasis: the others in the faded colour.
        svg = page.evaluate("graphkitView.exportSVG()")
        assert svg.count('fill="#dfe3e8"') > 2000
        # Cleared: sigma's nodes in full colour again, the layer empty, no label forced.
        page.fill("#graphkit-search", "")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches === '0'", timeout=5_000)
        assert page.evaluate(f"[{nodes}.style.opacity, {nodes}.style.filter]") == ["", ""]
        assert page.evaluate(f"({INK})({layer})") == 0
        assert page.evaluate("graphkitView.renderer.nodesWithForcedLabels.size") == 0
        assert log.errors == [] and log.requests == []


def test_filters_past_2000_nodes_update_sigma_in_place_with_the_same_labels(browser, large_page):
    with open_page(browser, large_page) as (page, log):
        page.goto(large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        # A filter reduces sigma's nodes in place and rebuilds the label grid itself: the same
        # grid, cell by cell and in the same order, as sigma's own full indexation gives.
        page.fill("#graphkit-min-degree", "3")
        page.dispatch_event("#graphkit-min-degree", "input")
        hidden = page.evaluate("graphkitView.nodes.filter(n => graphkitView.hidden(n.id)).length")
        assert hidden > 1000
        assert page.evaluate("graphkitView.nodes.filter(n => graphkitView.renderer.getNodeDisplayData(String(n.id)).hidden).length") == hidden
        in_place = page.evaluate(LABEL_GRID)
        drawn = page.evaluate(SIGMA_NODES)
        page.evaluate("graphkitView.renderer.refresh()")
        assert page.evaluate(LABEL_GRID) == in_place and len(in_place) > 20
        # ...and the same node data and WebGL buffer (positions, sizes, colours; zeros if hidden).
        assert page.evaluate(SIGMA_NODES) == drawn
        # Sizes follow a narrowed date range in sigma's data too (no dates here: the sizes of a
        # selection's emphasis layer follow the filter).
        hub = page.evaluate("graphkitView.nodes.reduce((a, b) => (b.edges.length > a.edges.length ? b : a)).id")
        page.evaluate(f"graphkitView.setLayerEmphasis(2000, 5000); graphkitView.select({hub}, false)")
        layer = "document.querySelector('#graphkit-network canvas.gk-emphasis-layer')"
        shown = int(page.evaluate(f"{layer}.dataset.drawn"))
        page.fill("#graphkit-min-degree", "6")
        page.dispatch_event("#graphkit-min-degree", "input")
        assert 0 < int(page.evaluate(f"{layer}.dataset.drawn")) < shown
        in_place = page.evaluate(LABEL_GRID)
        drawn = page.evaluate(SIGMA_NODES)
        page.evaluate("graphkitView.renderer.refresh()")
        assert page.evaluate(LABEL_GRID) == in_place and page.evaluate(SIGMA_NODES) == drawn
        in_place_count = page.evaluate("graphkitView.counts.filtersInPlace")
        assert in_place_count >= 2
        # Under a search the reducer fades (more matches than the emphasis layer takes), the
        # faded colours and missing labels are written in place too, the same as sigma's own.
        page.evaluate("graphkitView.select(null); graphkitView.setLayerEmphasis(2000, 100)")
        page.fill("#graphkit-min-degree", "0")
        page.dispatch_event("#graphkit-min-degree", "input")
        page.fill("#graphkit-search", "organisation")
        page.wait_for_function("+document.querySelector('#graphkit-network').dataset.matches > 500", timeout=5_000)
        assert page.evaluate("graphkitView.nodes.filter(n => graphkitView.renderer.getNodeDisplayData(String(n.id)).color === '#dfe3e8').length") > 100
        page.fill("#graphkit-min-degree", "3")
        page.dispatch_event("#graphkit-min-degree", "input")
        assert page.evaluate("graphkitView.counts.filtersInPlace") > in_place_count
        in_place, drawn = page.evaluate(LABEL_GRID), page.evaluate(SIGMA_NODES)
        page.evaluate("graphkitView.renderer.refresh()")
        assert page.evaluate(LABEL_GRID) == in_place and page.evaluate(SIGMA_NODES) == drawn
        # Sigma's canvas for the hovered node is composed only while a node is hovered.
        hover = "graphkitView.renderer.getCanvases().hoverNodes.style.display"
        assert page.evaluate(hover) == "none"
        at = page.evaluate(f"""() => {{ const r = graphkitView.renderer, box = document.querySelector('#graphkit-network').getBoundingClientRect();
          const p = r.framedGraphToViewport(r.getNodeDisplayData('{hub}')); return [box.left + p.x, box.top + p.y]; }}""")
        page.mouse.move(at[0], at[1])
        page.wait_for_function("!document.getElementById('graphkit-tooltip').hidden", timeout=5_000)
        assert page.evaluate(hover) == ""
        page.mouse.move(5, 5)
        page.wait_for_function("document.getElementById('graphkit-tooltip').hidden", timeout=5_000)
        assert page.evaluate(hover) == "none"
        assert log.errors == [] and log.requests == []


@pytest.fixture(scope="module")
def dated_large_page(tmp_path_factory):
    from graphkit.synthetic import generate
    from graphkit.views import node_meetings

    dataset = generate(organisations=2400, meetings=9000, seed=3, meps=350, officials=150)
    graph = build_graph(dataset, "org-counterpart")
    path = tmp_path_factory.mktemp("views") / "dated-large.html"
    to_html(graph, path, meetings=node_meetings(dataset, graph.nodes))
    return path


def test_dates_past_2000_nodes_resize_sigma_nodes_in_place_as_a_full_indexation_does(browser, dated_large_page):
    with open_page(browser, dated_large_page) as (page, log):
        page.goto(dated_large_page.as_uri())
        page.wait_for_function(READY, timeout=30_000)
        assert page.evaluate("graphkitView.nodes.length") > 2000
        before = page.evaluate(SIGMA_NODES)
        to = page.input_value("#graphkit-to")
        page.fill("#graphkit-to", f"{int(to[:4]) - 2}{to[4:]}")
        page.dispatch_event("#graphkit-to", "change")
        drawn, grid = page.evaluate(SIGMA_NODES), page.evaluate(LABEL_GRID)
        # Sizes follow the meetings in range, some nodes go: sigma's data and buffer say so...
        assert sum(a[1] != b[1] for a, b in zip(before, drawn, strict=True)) > 1000
        assert 0 < sum(d[0] for d in drawn) < len(drawn)
        # ...exactly as sigma's own full indexation of the same state.
        assert page.evaluate("graphkitView.counts.filtersInPlace") >= 1
        page.evaluate("graphkitView.renderer.refresh()")
        assert page.evaluate(SIGMA_NODES) == drawn and page.evaluate(LABEL_GRID) == grid
        assert log.errors == [] and log.requests == []
