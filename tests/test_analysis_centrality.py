"""Every centrality measure against networkx's own function: on graphs with known answers, on
a two-mode graph (Davis' Southern Women) and on synthetic projections (matrix remembered by
build_graph, and rebuilt from the networkx graph)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import MEASURES, centrality
from graphkit.errors import GraphkitError
from graphkit.graph import build_graph, forget_matrix
from graphkit.synthetic import generate


def values(frame: pd.DataFrame, measure: str) -> dict:
    return dict(zip(frame["id"], frame[measure], strict=True))


def assert_same(graph: nx.Graph, measure: str, **kwargs) -> None:
    fast = values(centrality(graph, measure, **kwargs), measure)
    reference = values(centrality(graph, measure, engine="networkx", **kwargs), measure)
    assert fast.keys() == reference.keys()
    for node, expected in reference.items():
        assert fast[node] == pytest.approx(expected, abs=1e-9, rel=1e-9), (measure, node)


def test_known_answers_on_a_star_and_a_path():
    star = nx.star_graph(4)  # hub 0 and four leaves
    result = values(centrality(star, "betweenness"), "betweenness")
    assert result[0] == 1.0 and result[1] == 0.0
    assert values(centrality(star, "degree"), "degree")[0] == 1.0
    assert values(centrality(star, "closeness"), "closeness")[1] == pytest.approx(4 / 7)
    assert values(centrality(star, "harmonic"), "harmonic")[1] == pytest.approx(1 + 3 / 2)
    path = nx.path_graph(5)
    assert values(centrality(path, "betweenness"), "betweenness")[2] == pytest.approx(4 / 6)
    pagerank = values(centrality(path, "pagerank"), "pagerank")
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert pagerank[0] == pytest.approx(pagerank[4]) and pagerank[1] > pagerank[0]


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_equals_networkx_on_the_karate_club(measure):
    graph = nx.karate_club_graph()  # weighted: edge "weight"
    assert_same(graph, measure)


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_equals_networkx_on_a_disconnected_graph(measure):
    graph = nx.disjoint_union(nx.gnm_random_graph(40, 90, seed=2), nx.gnm_random_graph(15, 20, seed=3))
    graph.add_node("alone")
    for u, v in graph.edges:
        graph[u][v]["weight"] = 1 + (hash((u, v)) % 4)
    assert_same(graph, measure)
    if measure == "eigenvector":
        got = values(centrality(graph, measure), measure)
        assert all(got[node] == 0.0 for node in ["alone", *range(40, 55)])


@pytest.mark.parametrize("measure", MEASURES)
def test_two_mode_measures_equal_networkx_bipartite_on_southern_women(measure):
    graph = nx.davis_southern_women_graph()  # node attribute bipartite 0 (women) / 1 (events)
    assert_same(graph, measure)
    if measure in ("degree", "betweenness", "closeness"):
        women = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 0]
        expected = getattr(nx.bipartite, f"{measure}_centrality")(graph, women)
        got = values(centrality(graph, measure), measure)
        assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("k, seed", [(5, 0), (17, 42), (32, 7)])
def test_sampled_betweenness_uses_the_same_sources_as_networkx(k, seed):
    """Same k and seed give networkx's own estimate (same sampled sources, same scaling)."""
    graph = nx.karate_club_graph()
    expected = nx.betweenness_centrality(graph, k=k, seed=seed)
    got = values(centrality(graph, "betweenness", k=k, seed=seed), "betweenness")
    assert got == pytest.approx(expected, abs=1e-12)
    assert_same(nx.davis_southern_women_graph(), "betweenness", k=k % 18 + 2, seed=seed)


def test_sampled_betweenness_with_every_node_is_exact():
    graph = nx.karate_club_graph()
    exact = values(centrality(graph, "betweenness"), "betweenness")
    everyone = values(centrality(graph, "betweenness", k=graph.number_of_nodes(), seed=1), "betweenness")
    assert everyone == pytest.approx(exact, abs=1e-12)


@pytest.fixture(scope="module")
def synthetic():
    return generate(organisations=600, meetings=1500, seed=3)


@pytest.mark.parametrize("projection", ["org-mep", "org-org", "mep-mep", "org-topic"])
@pytest.mark.parametrize("measure", MEASURES)
def test_measures_on_synthetic_projections_equal_networkx(synthetic, projection, measure):
    graph = build_graph(synthetic, projection)
    assert_same(graph, measure)


def test_remembered_matrix_and_a_plain_copy_give_the_same_answer(synthetic):
    graph = build_graph(synthetic, "org-counterpart")
    remembered = centrality(graph, "pagerank")
    copy = nx.Graph(graph)  # no remembered matrix: built from the networkx graph
    rebuilt = centrality(copy, "pagerank")
    pd.testing.assert_frame_equal(
        remembered.set_index("id").sort_index(), rebuilt.set_index("id").sort_index(), atol=1e-12
    )


def test_an_edge_removed_in_place_is_noticed(synthetic):
    graph = build_graph(synthetic, "org-mep")
    before = centrality(graph, "weighted_degree")
    hub = before["id"].iloc[0]
    neighbour = next(iter(graph[hub]))
    weight = graph[hub][neighbour]["weight"]
    graph.remove_edge(hub, neighbour)
    after = values(centrality(graph, "weighted_degree"), "weighted_degree")
    assert after[hub] == before["weighted_degree"].iloc[0] - weight
    graph.add_edge(hub, neighbour, weight=weight + 5)
    assert values(centrality(graph, "weighted_degree"), "weighted_degree")[hub] == before[
        "weighted_degree"
    ].iloc[0] + 5
    graph[hub][neighbour]["weight"] = weight  # in place: invisible until forgotten
    forget_matrix(graph)
    assert values(centrality(graph, "weighted_degree"), "weighted_degree")[hub] == before[
        "weighted_degree"
    ].iloc[0]


def test_output_columns_rank_and_order(synthetic):
    frame = centrality(build_graph(synthetic, "org-mep"), "degree")
    assert list(frame.columns) == ["id", "name", "kind", "category", "country", "degree", "neighbours", "rank"]
    assert frame["degree"].is_monotonic_decreasing
    assert frame["rank"].iloc[0] == 1 and frame["rank"].is_monotonic_increasing
    tied = frame[frame["degree"] == frame["degree"].iloc[1]]
    assert tied["rank"].nunique() == 1
    assert np.all(frame.loc[frame["kind"] == "organisation", "neighbours"] >= 1)


def test_bad_requests_are_clear_errors():
    graph = nx.path_graph(4)
    with pytest.raises(GraphkitError, match="unknown measure"):
        centrality(graph, "fame")
    with pytest.raises(GraphkitError, match="betweenness only"):
        centrality(graph, "pagerank", k=2)
    with pytest.raises(GraphkitError, match="larger than the graph"):
        centrality(graph, "betweenness", k=10)
    with pytest.raises(GraphkitError, match="multi-edge meetings graph"):
        centrality(nx.MultiDiGraph(graph), "degree")


@pytest.mark.parametrize("k, seed", [(40, 0), (199, 5)])
def test_sampled_betweenness_on_a_graph_full_of_leaves_equals_networkx(synthetic, k, seed):
    """org-mep is mostly leaves (organisations that met one MEP), which graphkit folds into
    their neighbour; sampled leaves must still count exactly as networkx counts them."""
    graph = build_graph(synthetic, "org-mep")
    assert sum(1 for _, degree in graph.degree() if degree == 1) > graph.number_of_nodes() / 4
    assert_same(graph, "betweenness", k=k, seed=seed, bipartite=False)
    assert_same(graph, "betweenness", k=k, seed=seed)
