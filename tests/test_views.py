"""graphkit.views without a browser: the page's content, safety and selection."""

from __future__ import annotations

import json
import re
from importlib import resources

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from views_graphs import (
    ATTRIBUTE_BREAKER,
    COMMENT_BREAKER,
    SCRIPT_BREAKER,
    lobbying_graph,
    lobbying_meetings,
    page_data,
)

from graphkit.errors import GraphkitError
from graphkit.model.tables import Dataset
from graphkit.views import node_meetings, to_html
from graphkit.views.script_json import script_json


def test_script_json_cannot_end_the_script_or_open_a_comment():
    value = {"a": SCRIPT_BREAKER, "b": COMMENT_BREAKER, "c": "line\u2029sep & more"}
    text = script_json(value)
    for raw in ("</", "<!--", "<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_page_is_one_file_with_no_external_reference(tmp_path):
    html = to_html(lobbying_graph(), tmp_path / "view.html", title="Test")
    assert (tmp_path / "view.html").read_text(encoding="utf-8") == html
    assert '<meta charset="utf-8">' in html
    # No element loads anything: no src, href, @import, url() to the network, no <link>.
    assert not re.search(r"<(script|img|iframe|link|source|embed|object)\b[^>]*\b(src|href|data)\s*=", html, re.I)
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    # The renderer is the vendored sigma.js + graphology bundle, inline and as built.
    bundle = resources.files("graphkit.views") / "vendor" / "dist" / "graphkit-renderer.min.js"
    assert bundle.read_text(encoding="utf-8").replace("</script", "<\\/script") in html
    assert "vis-network" not in html


def test_hostile_names_never_reach_the_html_as_markup(tmp_path):
    html = to_html(lobbying_graph(), title=SCRIPT_BREAKER)
    data_start = html.index('id="graphkit-data"')
    for marker in ("<img src=x", "<svg onload", "<!--<script>", "</b><i>"):
        assert marker not in html
    # Exactly the template's own script elements end: nothing in the data closed one early.
    assert html.count("</script>") == 3
    assert html[data_start:].count("</script>") == 3
    # The title is escaped as HTML text.
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    names = {node["name"] for node in page_data(html)["nodes"]}
    assert {SCRIPT_BREAKER, ATTRIBUTE_BREAKER, COMMENT_BREAKER} <= names


def test_non_ascii_names_are_written_as_utf8(tmp_path):
    g = nx.Graph()
    g.add_node("organisation:ü", kind="organisation", name="Aktionsbündnis Ελλάδα 中文")
    to_html(g, tmp_path / "v.html")
    raw = (tmp_path / "v.html").read_bytes()
    assert "Aktionsbündnis Ελλάδα 中文".encode() in raw


def test_any_networkx_graph_renders_with_missing_attributes():
    g = nx.karate_club_graph()  # int nodes, no kind or name
    data = page_data(to_html(g))
    assert len(data["nodes"]) == 34 and len(data["edges"]) == 78
    assert {node["kind"] for node in data["nodes"]} == {"other"}
    assert data["nodes"][0]["name"] == "0"
    assert all(isinstance(node["x"], float) for node in data["nodes"])
    assert data["mainBox"][0] <= min(node["x"] for node in data["nodes"])


def test_directed_graph_draws_arrows():
    data = page_data(to_html(nx.DiGraph([(1, 2)])))
    assert data["directed"] is True
    assert page_data(to_html(nx.Graph([(1, 2)])))["directed"] is False


def test_size_by_a_centrality_table_sets_sizes_ranks_and_measure():
    g = lobbying_graph()
    table = pd.DataFrame(
        {"id": list(g.nodes), "name": [g.nodes[n]["name"] for n in g.nodes], "pagerank": range(len(g)), "rank": 0}
    )
    table["rank"] = table["pagerank"].rank(ascending=False).astype(int)
    data = page_data(to_html(g, size_by=table))
    assert data["measure"] == "pagerank"
    by_key = {node["key"]: node for node in data["nodes"]}
    last = list(g.nodes)[-1]
    assert by_key[last]["value"] == 1.0 and by_key[last]["rank"] == 1
    assert by_key[list(g.nodes)[0]]["value"] == 0.0


def test_top_keeps_the_most_central_and_says_how_many_were_left_out():
    g = nx.barabasi_albert_graph(300, 2, seed=3)
    scores = pd.Series({node: float(node % 17) for node in g}, name="betweenness")
    html = to_html(g, size_by=scores, top=40)
    data = page_data(html)
    assert len(data["nodes"]) == 40
    expected = sorted(g, key=lambda n: (-(n % 17), n))[:40]
    assert {node["key"] for node in data["nodes"]} == {str(n) for n in expected}
    assert "260 less central nodes were left out" in html
    assert "by betweenness" in html


def test_focus_draws_the_neighbourhood_of_a_named_node():
    g = lobbying_graph()
    data = page_data(to_html(g, focus="beuc", depth=1))
    assert {node["key"] for node in data["nodes"]} == {"organisation:beuc", "mep:anna-meier", "official:jo-unit"}
    focus = data["nodes"][data["focus"]]
    assert focus["key"] == "organisation:beuc"
    deeper = page_data(to_html(g, focus="organisation:beuc", depth=2))
    assert len(deeper["nodes"]) == 6  # Anna Meier's other three visitors join


def test_focus_that_names_nothing_is_a_clear_error():
    with pytest.raises(GraphkitError, match="no node of the graph matches 'nobody'"):
        to_html(lobbying_graph(), focus="nobody")


def test_colour_by_community_gives_a_legend_and_needs_communities():
    g = lobbying_graph()
    groups = [{"organisation:beuc", "mep:anna-meier", "official:jo-unit"}, set(g) - {"organisation:beuc"}]
    data = page_data(to_html(g, colour_by="community", communities=groups[:1]))
    assert data["colourBy"] == "community"
    # Named after its largest members (acronym when known), by links here.
    assert data["legend"][0] == {"key": "0", "label": "Anna Meier, BEUC, Jo Unit", "color": "#4e79a7", "count": 3}
    uncoloured = [node for node in data["nodes"] if "community" not in node]
    assert len(uncoloured) == len(g) - 3 and {node["color"] for node in uncoloured} == {"#bab0ac"}
    with pytest.raises(GraphkitError, match="needs communities"):
        to_html(g, colour_by="community")


def test_meetings_give_nodes_and_edges_their_meetings_newest_first():
    data = page_data(to_html(lobbying_graph(), meetings=lobbying_meetings()))
    assert data["dateRange"] == ["2024-03-01", "2025-06-02"]
    assert [row[0] for row in data["meetings"]] == ["2025-06-02", "2025-02-12", "2024-05-20", "2024-03-01"]
    nodes = {node["key"]: node for node in data["nodes"]}
    assert [data["meetings"][i][1] for i in nodes["organisation:beuc"]["m"]] == [
        "Digital fairness </b><i>",
        "Consumer credit",
    ]
    assert nodes["official:jo-unit"]["m"] == []
    edges = {frozenset((data["nodes"][e["from"]]["key"], data["nodes"][e["to"]]["key"])): e for e in data["edges"]}
    assert len(edges[frozenset(("organisation:beuc", "mep:anna-meier"))]["m"]) == 2
    # No meeting list for this edge: the page keeps its own count.
    assert "m" not in edges[frozenset(("organisation:beuc", "official:jo-unit"))]
    assert len(edges[frozenset(("organisation:11-11-11", "organisation:eurogroup"))]["m"]) == 1


def test_node_meetings_reads_participants_and_topics():
    ds = Dataset.from_records(
        meetings=[
            {"id": "m1", "date": "2025-01-01", "title": "Old"},
            {"id": "m2", "date": "2025-03-01", "title": "New"},
        ],
        participants=[
            {"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
            {"meeting_id": "m2", "actor_id": "mep:a", "role": "host"},
            {"meeting_id": "m2", "actor_id": "organisation:b", "role": "attendee"},
        ],
        meeting_topics=[{"meeting_id": "m2", "topic_id": "topic:t"}],
    )
    frame = node_meetings(ds, nodes=["mep:a", "topic:t"])
    assert frame[["node", "title"]].values.tolist() == [["mep:a", "New"], ["mep:a", "Old"], ["topic:t", "New"]]


def test_bad_arguments_are_clear_errors():
    g = lobbying_graph()
    with pytest.raises(GraphkitError, match="colour_by"):
        to_html(g, colour_by="party")
    with pytest.raises(GraphkitError, match="--top must be 1 or more"):
        to_html(g, top=0)
    with pytest.raises(GraphkitError, match="missing: date"):
        to_html(g, meetings=pd.DataFrame({"node": [], "meeting_id": []}))
    with pytest.raises(GraphkitError, match="'id' column"):
        to_html(g, size_by=pd.DataFrame({"x": [1]}))


def test_writing_replaces_the_file_whole(tmp_path):
    target = tmp_path / "out" / "view.html"
    to_html(lobbying_graph(), target)
    to_html(nx.path_graph(2), target)
    assert len(page_data(target.read_text(encoding="utf-8"))["nodes"]) == 2
    assert [p.name for p in target.parent.iterdir()] == ["view.html"]


def test_multigraph_with_meeting_edges_becomes_one_link_per_pair_with_its_meetings():
    # What a Cypher result looks like: one MET edge per meeting, dates as text.
    g = nx.MultiDiGraph()
    g.add_node("organisation:a", kind="organisation", name="A")
    g.add_node("mep:b", kind="mep", name="B")
    g.add_node("topic:t", kind="topic", name="Trade")
    g.add_edge("organisation:a", "mep:b", type="MET", meeting_id="m1", date="2025-01-02", title="One")
    g.add_edge("organisation:a", "mep:b", type="MET", meeting_id="m2", date="2025-03-04", title="Two")
    g.add_edge("organisation:a", "topic:t", type="LOBBIED_ON")
    data = page_data(to_html(g))
    assert len(data["edges"]) == 2
    met = next(e for e in data["edges"] if data["nodes"][e["to"]]["key"] == "mep:b")
    assert met["w"] == 2 and [data["meetings"][i] for i in met["m"]] == [["2025-03-04", "Two", None], ["2025-01-02", "One", None]]
    assert data["dateRange"] == ["2025-01-02", "2025-03-04"]


def test_exports_keep_parallel_edges_and_drop_empty_values(tmp_path):
    import numpy as np

    from graphkit.views.exports import export_graph

    g = nx.MultiDiGraph()
    g.add_node("organisation:a", kind="organisation", name="A & <B>", acronym=None, score=np.float64("nan"))
    g.add_node("mep:b", kind="mep", name="B", country=np.str_("DE"))
    g.add_edge("organisation:a", "mep:b", meeting_id="m1", date=pd.Timestamp("2025-01-02"), meetings=np.int64(1))
    g.add_edge("organisation:a", "mep:b", meeting_id="m2", date=pd.Timestamp("2025-02-03"), meetings=np.int64(1))
    back = nx.read_graphml(export_graph(g, tmp_path / "g.graphml")[0])
    assert back.number_of_edges() == 2
    assert sorted(d["date"] for _, _, d in back.edges(data=True)) == ["2025-01-02", "2025-02-03"]
    assert back.nodes["organisation:a"] == {"kind": "organisation", "name": "A & <B>"}
    gexf = nx.read_gexf(export_graph(g, tmp_path / "g.gexf")[0])
    assert gexf.number_of_edges() == 2 and gexf.nodes["mep:b"]["country"] == "DE"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial files left


def test_layout_packs_components_and_fits_the_first_view_to_the_largest():
    from graphkit.views.layout import structured_layout

    # Two dense groups joined by one link, plus 300 isolated nodes (what --top leaves behind).
    g = nx.disjoint_union(nx.complete_graph(30), nx.complete_graph(30))
    g.add_edge(0, 30)
    g.add_nodes_from(range(60, 360))
    layout = structured_layout(g)
    x0, y0, x1, y1 = layout.main_box
    inside = [n for n, (x, y) in layout.positions.items() if x0 <= x <= x1 and y0 <= y <= y1]
    assert set(range(60)) <= set(inside) and len(inside) < 70
    # Communities stand apart: the two groups' centres are further apart than each group is wide.
    xy = np.array([layout.positions[n] for n in range(60)])
    a, b = xy[:30], xy[30:]
    spread = max(np.linalg.norm(a - a.mean(axis=0), axis=1).mean(), np.linalg.norm(b - b.mean(axis=0), axis=1).mean())
    assert np.linalg.norm(a.mean(axis=0) - b.mean(axis=0)) > 2 * spread
    assert structured_layout(g).positions == layout.positions  # deterministic


def test_to_pyvis_gives_a_network_with_graphkit_positions_colours_and_text_titles(tmp_path):
    from pyvis.network import Network

    from graphkit.views import to_pyvis

    assert len(to_pyvis(lobbying_graph(), top=8).nodes) == 8
    network = to_pyvis(lobbying_graph())
    assert isinstance(network, Network)
    assert len(network.nodes) == 9 and network.options["physics"]["enabled"] is False
    by_id = {node["id"]: node for node in network.nodes}
    assert by_id["organisation:beuc"]["color"] == "#4e79a7" and by_id["mep:anna-meier"]["color"] == "#e15759"
    assert all(isinstance(node["x"], float) for node in network.nodes)
    # Titles are text, escaped once by vis-network (it shows them as innerText), never by graphkit:
    # tests/test_views_labels_browser.py checks the tooltip shows the name as written.
    titles = " ".join(node["title"] for node in network.nodes)
    assert f"{SCRIPT_BREAKER} · Organisation" in titles and "&lt;" not in titles
    assert {(edge["from"], edge["to"]) for edge in network.edges} >= {("organisation:beuc", "official:jo-unit")}
    network.show(str(tmp_path / "view.html"))  # as the docstring says
    html = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert "organisation:beuc" in html and "vis.Network" in html
    assert "<img" not in html  # the names are in JSON that escapes '<' ('\\u003c')
    assert re.findall(r'(?:src|href)="https?://[^"]*', html) == []  # nothing from a CDN


def test_meetings_carry_their_source_to_the_page():
    ds = Dataset.from_records(
        meetings=[{"id": "m1", "date": "2025-02-12", "title": "Mercosur", "source": "ec_meetings", "source_ref": "</b>x"}],
        participants=[
            {"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
            {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"},
        ],
    )
    rows = node_meetings(ds)
    assert rows["source"].tolist() == ["ec_meetings · </b>x"] * 2
    g = nx.Graph([("mep:a", "organisation:b")])
    data = page_data(to_html(g, meetings=rows))
    assert data["meetings"] == [["2025-02-12", "Mercosur", "ec_meetings · </b>x"]]


def test_community_view_puts_small_groups_apart_in_one_hidden_legend_entry():
    # A main component of two communities (25 nodes), three pairs and four single nodes.
    g = nx.disjoint_union(nx.connected_caveman_graph(2, 13), nx.empty_graph(4))
    g.add_edges_from([("p1", "p2"), ("q1", "q2"), ("r1", "r2")])
    groups = [set(range(13)), set(range(13, 26))] + [{node} for node in g if node not in range(26)]
    data = page_data(to_html(g, colour_by="community", communities=groups))
    legend = {entry["key"]: entry for entry in data["legend"]}
    apart = legend["__apart__"]
    assert apart["count"] == 10 and apart["label"].startswith("7 small groups apart") and apart["hidden"]
    assert {node["key"] for node in data["nodes"] if node.get("apart")} == {str(n) for n in g if n not in range(26)}
    # The two communities of the main component are named, shown, and the only ones in the legend.
    assert [entry["count"] for entry in data["legend"] if entry["key"] != "__apart__"] == [13, 13]
    assert not any(entry.get("hidden") for entry in data["legend"] if entry["key"] != "__apart__")
    # Without a larger component to show instead, nothing is put apart.
    data = page_data(to_html(nx.path_graph(3), colour_by="community", communities=[{0, 1, 2}]))
    assert all(entry["key"] != "__apart__" for entry in data["legend"])


def test_page_names_its_sources_filters_and_version_for_exports():
    meetings = lobbying_meetings()
    # As graphkit.views.node_meetings writes it: the source, then its reference there.
    meetings["source"] = ["ec_meetings · Ares(2024)1", "ep_meetings"] * (len(meetings) // 2) + ["my_scrape"] * (len(meetings) % 2)
    data = page_data(to_html(lobbying_graph(), meetings=meetings, filters_note="institution EP"))
    assert data["filters"] == "institution EP" and data["version"]
    assert set(data["sources"][:2]) == {"European Commission, meetings with organisations", "European Parliament, MEP meetings"}
    data = page_data(to_html(lobbying_graph(), sources=["European Parliament, MEP meetings"]))
    assert data["sources"] == ["European Parliament, MEP meetings"] and data["filters"] == ""
