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
    return generate(organisations=300, meetings=800, seed=3)


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


def _two_mode(graph: nx.Graph, top) -> nx.Graph:
    nx.set_node_attributes(graph, {node: int(node not in top) for node in graph}, "bipartite")
    return graph


def test_two_mode_eigenvector_on_a_disconnected_graph_equals_networkx_on_the_largest_component():
    big = nx.bipartite.random_graph(30, 12, 0.2, seed=4)
    small = nx.relabel_nodes(nx.bipartite.random_graph(4, 3, 0.6, seed=5), lambda node: f"s{node}")
    graph = nx.union(big, small)
    for u, v in graph.edges:
        graph[u][v]["weight"] = 1 + (hash((u, v)) % 5)
    graph.add_node("alone", bipartite=1)
    assert_same(graph, "eigenvector")
    got = values(centrality(graph, "eigenvector"), "eigenvector")
    assert all(got[node] == 0.0 for node in ["alone", *small])
    assert sum(value**2 for value in got.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("hub_side", [0, 1])
def test_two_mode_eigenvector_of_a_star_with_one_node_on_the_small_side(hub_side):
    star = _two_mode(nx.star_graph(5), {0} if hub_side == 0 else set(range(1, 6)))
    got = values(centrality(star, "eigenvector"), "eigenvector")
    assert got[0] == pytest.approx(2**-0.5, abs=1e-12)
    assert got[3] == pytest.approx(10**-0.5, abs=1e-12)
    assert_same(star, "eigenvector")


def test_bipartite_labels_with_an_edge_inside_one_side_still_give_networkx_eigenvector():
    graph = _two_mode(nx.bipartite.random_graph(20, 8, 0.5, seed=6), set(range(20)))
    graph.add_edge(0, 1, weight=3.0)  # both on side 0: the graph is not two-mode after all
    graph.add_edge(20, 21, weight=2.0)  # and both on side 1
    graph.remove_nodes_from(list(nx.isolates(graph)))
    assert nx.is_connected(graph)
    assert_same(graph, "eigenvector")


def test_the_gram_matrix_path_is_taken_exactly_when_the_graph_is_two_mode(synthetic):
    from graphkit.analysis import engines
    from graphkit.graph import graph_matrix

    matrix = graph_matrix(build_graph(synthetic, "org-mep"))
    inside = engines.largest_component(matrix)
    assert engines._two_mode_eigenvector(matrix.weight, matrix.bipartite, inside) is not None
    mixed = build_graph(synthetic, "org-mep")
    organisations = [node for node, side in mixed.nodes(data="bipartite") if side == 0]
    mixed.add_edge(organisations[0], organisations[1], weight=1)
    matrix = graph_matrix(mixed)
    inside = engines.largest_component(matrix)
    assert engines._two_mode_eigenvector(matrix.weight, matrix.bipartite, inside) is None
    assert_same(mixed, "eigenvector")


@pytest.mark.parametrize("nnz", [1_000, 400_000])
def test_row_sums_equal_scipy_sums_on_one_and_two_threads(nnz):
    import scipy.sparse as sp

    from graphkit.analysis.engines import PARALLEL_NNZ, row_sums

    rng = np.random.default_rng(nnz)
    n = 5_000
    matrix = sp.random_array((n, n), density=nnz / n**2, format="csr", rng=rng)
    assert (matrix.nnz >= PARALLEL_NNZ) == (nnz > PARALLEL_NNZ)
    matrix.data = rng.integers(1, 50, matrix.nnz).astype(np.float64)  # meeting counts: exact sums
    assert np.array_equal(row_sums(matrix), np.asarray(matrix.sum(axis=1)).ravel())
    matrix.data = rng.random(matrix.nnz) * 100  # any weights: the same sums, in row order
    assert np.array_equal(row_sums(matrix), matrix @ np.ones(n))
    assert row_sums(matrix) == pytest.approx(np.asarray(matrix.sum(axis=1)).ravel(), rel=1e-13)


@pytest.mark.parametrize("seed", range(5))
def test_rank_order_by_a_kept_tie_order_equals_the_two_key_sort(seed):
    from graphkit.analysis.node_tables import rank_order

    rng = np.random.default_rng(seed)
    n = 2000
    values = rng.integers(0, 7, n).astype(np.float64)  # many ties
    values[rng.random(n) < 0.05] = np.nan
    values[rng.random(n) < 0.05] = -0.0
    order = rng.permutation(n)
    expected = rank_order(values, order)
    got = rank_order(values, order, by_order=np.argsort(order))
    assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])


@pytest.mark.parametrize(
    "values",
    [
        np.array([3.0, 0.0, 3.0, 7.0, -0.0, 1.0, 7.0, 2.0] * 50),  # meeting counts: 16-bit keys
        np.array([-4.0, 2.0, -4.0, 9.0, 0.0] * 40),  # negative integers too
        np.array([0.0, 70_000.0, 5.0, 70_000.0, 1.0] * 40),  # too wide for 16 bits
        np.array([0.25, np.nan, 0.5, -0.0, 0.0, 0.25, np.nan] * 30),  # few shares, missing
        np.random.default_rng(3).random(300),  # all distinct
        np.zeros(0),
    ],
)
def test_stable_descending_equals_numpys_stable_sort(values):
    from graphkit.analysis.node_tables import stable_descending

    assert np.array_equal(stable_descending(values), np.argsort(-values, kind="stable"))


@pytest.mark.parametrize("measure", ["degree", "weighted_degree", "pagerank"])
def test_a_table_taken_on_two_threads_equals_one_taken_on_one(synthetic, measure, monkeypatch):
    import graphkit.analysis.node_tables as node_tables

    graph = build_graph(synthetic, "org-mep")
    one = centrality(graph, measure)
    monkeypatch.setattr(node_tables, "_TAKE_ON_TWO_THREADS", 10)
    two = centrality(graph, measure)
    assert two["name"].array._pa_array.num_chunks == 2  # the halves were taken apart
    pd.testing.assert_frame_equal(one, two)
    assert two["name"].dtype == "str" and two["category"].isna().any()


@pytest.mark.parametrize("measure", MEASURES)
def test_the_same_graph_gives_the_same_bits_every_time(synthetic, measure):
    """igraph's PRPACK summed on OpenMP threads in whatever order they finished, and ARPACK
    started from a new random vector on every call: the last bits changed from call to call,
    and near-tied actors swapped ranks between two runs on the same data."""
    graph = build_graph(synthetic, "org-mep")
    first = centrality(graph, measure)
    for _ in range(4):
        pd.testing.assert_frame_equal(centrality(graph, measure), first, check_exact=True)


def test_actors_that_tie_by_structure_share_their_pagerank_and_rank(synthetic):
    graph = build_graph(synthetic, "org-mep")
    twins: dict[frozenset, list] = {}
    for node in graph:
        twins.setdefault(frozenset((v, d["weight"]) for v, d in graph[node].items()), []).append(node)
    groups = [group for group in twins.values() if len(group) > 1]
    frame = centrality(graph, "pagerank").set_index("id")
    assert len(groups) > 10
    for group in groups:
        assert frame.loc[group, "pagerank"].nunique() == 1 and frame.loc[group, "rank"].nunique() == 1, group


@pytest.mark.parametrize("measure", MEASURES)
def test_a_graph_without_nodes_gives_an_empty_table_not_a_networkx_error(measure):
    frame = centrality(nx.Graph(), measure)
    assert frame.empty and list(frame.columns[:5]) == ["id", "name", "kind", "category", "country"]
    assert measure in frame.columns and "rank" in frame.columns


def test_pagerank_refuses_a_negative_weight_by_name():
    graph = nx.Graph([(0, 1, {"weight": 2}), (1, 2, {"weight": -1})])
    with pytest.raises(GraphkitError, match="negative weight"):
        centrality(graph, "pagerank")


def test_work_on_the_second_thread_that_asks_for_it_again_runs_there_instead_of_waiting_forever():
    import scipy.sparse as sp

    from graphkit.analysis.engines import PARALLEL_NNZ, row_sums, second_thread

    matrix = sp.random_array((2_000, 2_000), density=PARALLEL_NNZ / 2_000**2 * 1.2, format="csr", rng=1)
    assert matrix.nnz >= PARALLEL_NNZ  # row_sums would split the rows over the second thread
    on_the_second = second_thread().submit(row_sums, matrix).result(timeout=10)
    assert np.array_equal(on_the_second, row_sums(matrix))
