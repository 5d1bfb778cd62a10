"""Which nodes a view names first, how a view around one actor sizes its nodes, and GEXF labels
(issue 25): no browser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
from views_graphs import lobbying_graph, many_lobbies_graph, page_data

from graphkit.exports.gephi import write_gexf
from graphkit.exports.graph_files import export_graph
from graphkit.views import to_html
from graphkit.views.labels import label_priority


def test_label_order_takes_turns_between_organisations_and_the_people_they_met():
    graph = many_lobbies_graph()
    pagerank = nx.pagerank(graph, weight="meetings")
    order = label_priority(graph, pagerank)
    assert sorted(order.values()) == list(range(graph.number_of_nodes()))
    first = sorted(order, key=order.get)[:40]
    kinds = [graph.nodes[node]["kind"] for node in first]
    # Every other label is an organisation's: the 20 organisations the measure ranks highest...
    organisations = [node for node in first if graph.nodes[node]["kind"] == "organisation"]
    by_measure = sorted((n for n in graph if graph.nodes[n]["kind"] == "organisation"), key=lambda n: -pagerank[n])
    assert organisations == by_measure[:20]
    # ...and MEPs and officials take turns in the others, each kind by the measure.
    assert kinds.count("mep") == kinds.count("official") == 10
    meps = [node for node in first if graph.nodes[node]["kind"] == "mep"]
    assert meps == sorted((n for n in graph if graph.nodes[n]["kind"] == "mep"), key=lambda n: -pagerank[n])[:10]
    # The measure alone would have named almost no organisation.
    by_rank = sorted(graph, key=lambda n: -pagerank[n])[:40]
    assert sum(graph.nodes[n]["kind"] == "organisation" for n in by_rank) < 10


def test_a_view_around_one_actor_names_it_then_its_strongest_ties_and_sizes_by_meetings_with_it():
    graph = lobbying_graph()
    data = page_data(to_html(graph, focus="mep:anna-meier", depth=2))
    nodes = {node["key"]: node for node in data["nodes"]}
    by_priority = sorted(nodes, key=lambda key: nodes[key]["p"])
    assert by_priority[0] == "mep:anna-meier"
    # Anna Meier met BEUC 4 times and each hostile organisation once: BEUC is named first.
    assert by_priority[1] == "organisation:beuc"
    assert set(by_priority[1:5]) == {n for n in graph["mep:anna-meier"]}
    # Sizes are meetings with her; she is sized by all of hers; Jo Unit (two steps out) met her never.
    assert data["measure"] == "meetings with Anna Meier"
    assert nodes["mep:anna-meier"]["score"] == 7 and nodes["organisation:beuc"]["score"] == 4
    assert nodes["official:jo-unit"]["score"] == 0
    assert nodes["mep:anna-meier"]["value"] == 1.0 > nodes["organisation:beuc"]["value"] > nodes["organisation:evil-script"]["value"]


def _gexf_labels(path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {node.get("id"): node.get("label") for node in root.iter() if node.tag.endswith("}node")}


def test_gexf_nodes_are_labelled_with_names_and_keep_their_ids(tmp_path):
    graph = lobbying_graph()
    graph.add_node("mep:nameless", kind="mep")
    graph.add_edge("mep:nameless", "organisation:beuc")
    names = {node: data.get("name") or node for node, data in graph.nodes(data=True)}
    for path in (export_graph(graph, tmp_path / "plain.gexf")[0], write_gexf(graph, tmp_path / "gephi.gexf")):
        labels = _gexf_labels(path)
        assert labels == names  # hostile names too: the XML writer escapes them, the parser reads them back
        assert labels["organisation:beuc"] == "Bureau Européen des Unions de Consommateurs"
    assert "label" not in graph.nodes["organisation:beuc"]  # the caller's graph is left as it was
