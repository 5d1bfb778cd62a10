"""The HTML view in real headless Chromium (Debian's, through Playwright): it draws, makes no
request, raises no error, runs nothing smuggled in through a name, and its controls work."""

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

from graphkit.dataset import Workspace
from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.views import to_html
from graphkit.views.selection import top_nodes

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
READY = "window.graphkitView && window.graphkitView.ready"

# Pixels of the canvas that are not the white background: proof that vis-network drew.
DRAWN_PIXELS = """() => {
  const canvas = document.querySelector('#graphkit-network canvas');
  const ctx = canvas.getContext('2d');
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
        assert _attr(page, "data-visible-nodes") == 9
        drawn = page.evaluate(DRAWN_PIXELS)
        assert drawn > 500
        # The links are drawn by the page's own layer under vis's nodes: without them, less ink.
        page.evaluate("graphkitView.links.forEach(e => e.hidden = true); graphkitView.network.redraw()")
        assert page.evaluate(DRAWN_PIXELS) < drawn - 200
        page.evaluate("graphkitView.links.forEach(e => e.hidden = false); graphkitView.network.redraw()")
        # Touch every hostile name: tooltip (hover), side panel (click), search results.
        page.evaluate("graphkitView.select(0, true)")
        page.fill("#graphkit-search", "alert")
        page.press("#graphkit-search", "Enter")
        page.wait_for_timeout(200)
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
        page.evaluate("graphkitView.network.body.emitter.emit('hoverNode', {node: 0, pointer: {DOM: {x: 50, y: 50}}})")
        assert page.text_content("#graphkit-tooltip h2") == SCRIPT_BREAKER
        assert page.is_visible("#graphkit-tooltip")
        assert log.dialogs == [] and log.errors == [] and log.requests == []


def test_search_filters_and_dates_change_what_is_shown(browser, hostile_page):
    with open_page(browser, hostile_page) as (page, log):
        page.goto(hostile_page.as_uri())
        page.wait_for_function(READY, timeout=15_000)
        # What vis-network draws: its node objects' colours.
        dimmed = "Object.values(graphkitView.network.body.nodes).filter(n => n.options.color.background === '#e3e6ea').length"
        # Search by acronym: one match, the other eight nodes fade.
        page.fill("#graphkit-search", "beuc")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches === '1'")
        assert page.evaluate(dimmed) == 8
        assert "1 match" in page.text_content("#graphkit-status")
        page.fill("#graphkit-search", "")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches === '0'")
        assert page.evaluate(dimmed) == 0

        # Click highlights the neighbourhood: BEUC, Anna Meier and Jo Unit stay coloured.
        beuc = page.evaluate("graphkitView.nodes.get().find(n => n.label.startsWith('Bureau')).id")
        page.evaluate(f"graphkitView.select({beuc}, false)")
        assert page.evaluate(dimmed) == 6
        assert "Connections (2)" in page.text_content("#graphkit-details")
        page.evaluate("graphkitView.select(null)")

        # Kind filter: hiding MEPs hides them and every organisation that only met MEPs.
        page.uncheck("#graphkit-kinds input[value=mep]")
        assert _attr(page, "data-visible-nodes") == 4  # BEUC–Jo Unit, 11.11.11–Eurogroup
        assert page.evaluate("graphkitView.network.body.nodeIndices.length") == 4  # what vis draws
        page.check("#graphkit-kinds input[value=mep]")
        assert _attr(page, "data-visible-nodes") == 9

        # Minimum meetings: links with fewer than 2 meetings go, and nodes left with none.
        # (A link with a meeting list counts its meetings; one without keeps its own count.)
        page.fill("#graphkit-min-meetings", "2")
        page.dispatch_event("#graphkit-min-meetings", "input")
        assert _attr(page, "data-visible-edges") == 3  # BEUC–Anna, BEUC–Jo, Eurogroup–Kathleen
        assert _attr(page, "data-visible-nodes") == 5
        page.fill("#graphkit-min-meetings", "0")
        page.dispatch_event("#graphkit-min-meetings", "input")
        assert _attr(page, "data-visible-edges") == 8

        # Date range: only 2024. 11.11.11 met only in 2025, so it and its two links go.
        page.fill("#graphkit-to", "2024-12-31")
        page.dispatch_event("#graphkit-to", "change")
        assert page.evaluate("graphkitView.links.filter(e => e.hidden).length") == 2
        hidden = page.evaluate("Object.values(graphkitView.network.body.nodes).filter(n => n.options.hidden)"
                               ".map(n => n.options.label)")  # fmt: skip
        assert hidden == ["11.11.11"]
        page.evaluate(f"graphkitView.select({beuc}, false)")
        assert "Consumer credit" in page.inner_text("#graphkit-details")
        assert "Digital fairness" not in page.inner_text("#graphkit-details")
        assert log.errors == [] and log.console_errors == [] and log.requests == []


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
        page.evaluate("graphkitView.network.fit({animation: false})")
        page.wait_for_timeout(100)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "seed-organisation-view.png"))
        assert log.errors == [] and log.console_errors == [] and log.requests == []
    assert (ARTIFACTS / "seed-organisation-view.png").stat().st_size > 20_000


def test_large_view_opens_responds_and_labels_what_comes_into_view(browser, tmp_path):
    graph = nx.barabasi_albert_graph(2000, 3, seed=5)
    nx.set_node_attributes(graph, {n: f"Organisation {n}" for n in graph}, "name")
    nx.set_node_attributes(graph, {n: "organisation" if n % 3 else "mep" for n in graph}, "kind")
    path = tmp_path / "large.html"
    to_html(graph, path, top=1600)
    quiet = f"Organisation {max(top_nodes(graph, None, 1600))}"  # kept, but among the least linked
    with open_page(browser, path) as (page, log):
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=20_000)
        assert page.evaluate("graphkitView.nodes.length") == 1600
        assert "400 less central nodes were left out" in page.text_content("#graphkit-left-out")
        # Only the biggest nodes carry a label at first; zooming onto a node labels its area.
        assert page.evaluate("graphkitView.labelled.size") == 150
        page.fill("#graphkit-search", quiet)
        page.press("#graphkit-search", "Enter")
        page.wait_for_function("document.querySelector('#graphkit-network').dataset.matches !== '0'", timeout=5_000)
        assert page.text_content("#graphkit-details h2") == quiet
        page.wait_for_function("graphkitView.labelled.size > 150", timeout=5_000)
        assert page.evaluate("graphkitView.network.body.nodes[graphkitView.state.selected].options.label") == quiet
        assert log.errors == [] and log.requests == []
