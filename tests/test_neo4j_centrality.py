"""Centrality inside Neo4j (Cypher degree, GDS PageRank/betweenness/Louvain, --pull) equals
graphkit's own engines on the same graph."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, empty_database

import graphkit.stores.neo4j.centrality as nc
from graphkit.analysis.centrality import centrality
from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.graph import build_graph
from graphkit.stores.neo4j.store import Neo4jStore
from graphkit.synthetic import generate

DATASET = generate(organisations=70, meetings=260, seed=11)


@pytest.fixture(scope="module")
def loaded(neo4j_server: Neo4jServer) -> Neo4jStore:
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()
    empty_database(neo4j_server)
    store = Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database)
    store.load(DATASET)
    yield store
    store.close()


def reference(projection: str, measure: str) -> pd.DataFrame:
    """graphkit's own engine on the same projection, isolated nodes left out as in Neo4j."""
    graph = build_graph(DATASET, projection)
    graph = nx.Graph(graph.subgraph([n for n in graph if graph.degree(n) > 0]))
    return centrality(graph, measure)


def assert_same_values(got: pd.DataFrame, expected: pd.DataFrame, measure: str) -> None:
    assert sorted(got["id"]) == sorted(expected["id"])
    merged = expected[["id", measure]].merge(got[["id", measure]], on="id", suffixes=("_expected", "_got"))
    np.testing.assert_allclose(
        merged[f"{measure}_got"].to_numpy(float),
        merged[f"{measure}_expected"].to_numpy(float),
        rtol=1e-6,
        atol=1e-9,
    )
    assert merged[f"{measure}_expected"].std() > 0, "a measure that is equal everywhere checks nothing"


@pytest.mark.parametrize("projection", ["org-mep", "org-org", "org-counterpart"])
@pytest.mark.parametrize("measure", ["degree", "pagerank", "betweenness"])
def test_in_database_equals_graphkit(
    loaded: Neo4jStore, neo4j_server: Neo4jServer, projection: str, measure: str
) -> None:
    if measure != "degree" and not neo4j_server.gds:
        pytest.skip("this server has no GDS (the test server has it; see test_neo4j_server)")
    got = nc.centrality_in_neo4j(loaded, measure, projection)
    expected = reference(projection, measure)
    assert_same_values(got, expected, measure)
    assert list(got.columns[:5]) == ["id", "name", "kind", "category", "country"]
    assert got["rank"].iloc[0] == 1
    if measure == "degree":
        assert (got.set_index("id")["neighbours"] == expected.set_index("id")["neighbours"]).all()


@pytest.mark.parametrize("measure", ["degree", "pagerank", "betweenness"])
def test_pull_equals_graphkit(loaded: Neo4jStore, measure: str) -> None:
    assert_same_values(
        nc.centrality_in_neo4j(loaded, measure, "org-mep", pull=True), reference("org-mep", measure), measure
    )


def test_gds_louvain_finds_a_good_partition(loaded: Neo4jStore, neo4j_server: Neo4jServer) -> None:
    if not neo4j_server.gds:
        pytest.skip("this server has no GDS")
    got = nc.centrality_in_neo4j(loaded, "louvain", "org-org")
    graph = build_graph(DATASET, "org-org")
    graph = nx.Graph(graph.subgraph([n for n in graph if graph.degree(n) > 0]))
    assert sorted(got["id"]) == sorted(graph.nodes)
    parts = [set(group["id"]) for _, group in got.groupby("community")]
    ours = nx.community.modularity(graph, parts, weight="weight")
    assert got.attrs["modularity"] == pytest.approx(ours, abs=1e-6)
    best = nx.community.modularity(graph, nx.community.louvain_communities(graph, weight="weight", seed=0))
    assert ours >= 0.9 * best > 0
    assert got["community_size"].iloc[0] == got["community_size"].max()  # numbered by size


@pytest.mark.parametrize("measure", ["pagerank", "betweenness", "louvain"])
def test_gds_gives_the_same_answer_every_run(loaded: Neo4jStore, neo4j_server: Neo4jServer, measure: str) -> None:
    if not neo4j_server.gds:
        pytest.skip("this server has no GDS")
    first = nc.centrality_in_neo4j(loaded, measure, "org-org")
    for _ in range(2):
        again = nc.centrality_in_neo4j(loaded, measure, "org-org")
        pd.testing.assert_frame_equal(again, first, check_exact=True)
        assert again.attrs == first.attrs


def test_projection_dropped_even_when_the_algorithm_fails(
    loaded: Neo4jStore, neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not neo4j_server.gds:
        pytest.skip("this server has no GDS")

    def failing(store: Neo4jStore, name: str) -> pd.DataFrame:
        store.run(
            "CALL gds.pageRank.stream($name, {maxIterations: -1}) YIELD nodeId RETURN nodeId", {"name": name}
        )
        raise AssertionError("GDS accepted maxIterations: -1")

    monkeypatch.setattr(nc, "_gds_pagerank", failing)
    with pytest.raises(GraphkitError):
        nc.centrality_in_neo4j(loaded, "pagerank", "org-mep")
    assert loaded.run("CALL gds.graph.list() YIELD graphName RETURN graphName").empty


def test_without_gds_says_so_and_offers_pull(loaded: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server without GDS cannot be had here (the test server has it): pretend the check said no.
    monkeypatch.setattr(nc, "has_gds", lambda store: False)
    nodes, edges = nc.projection_size(loaded, "org-mep")
    graph = reference("org-mep", "degree")
    assert nodes == len(graph)
    with pytest.raises(GraphkitError, match=r"no Graph Data Science library.*--pull") as caught:
        nc.centrality_in_neo4j(loaded, "betweenness", "org-mep")
    assert f"{nodes:,} nodes, {edges:,} edges" in str(caught.value)


def test_cli_ranks_inside_neo4j(loaded: Neo4jStore, neo4j_server: Neo4jServer) -> None:
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    args = ["neo4j", "centrality", "--measure", "degree", "--projection", "org-mep", "--top", "0", "--json"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    got = pd.DataFrame(json.loads(result.output))
    assert_same_values(got, reference("org-mep", "degree"), "degree")

    pulled = CliRunner().invoke(main, [*args[:3], "pagerank", *args[4:], "--pull"], env=env)
    assert pulled.exit_code == 0, pulled.output
    assert "pulling org-mep:" in pulled.output and "MB in memory" in pulled.output


def test_graphkit_centrality_store_neo4j(loaded: Neo4jStore, neo4j_server: Neo4jServer, tmp_path) -> None:
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    args = [
        "centrality",
        "--store",
        "neo4j",
        "--measure",
        "degree",
        "--projection",
        "org-org",
        "--top",
        "0",
        "--json",
    ]
    result = CliRunner().invoke(main, [*args, "--workspace", str(tmp_path / "none")], env=env)
    assert result.exit_code == 0, result.output
    assert_same_values(pd.DataFrame(json.loads(result.output)), reference("org-org", "degree"), "degree")
    refused = CliRunner().invoke(main, [*args, "--from", "2020-01-01"], env=env)
    assert refused.exit_code == 2 and "--from cannot be used with --store neo4j" in refused.output
    pulled = CliRunner().invoke(main, [*args[:4], "harmonic", *args[5:], "--pull"], env=env)
    assert pulled.exit_code == 0, pulled.output
    assert_same_values(pd.DataFrame(json.loads(pulled.output)), reference("org-org", "harmonic"), "harmonic")


def test_louvain_summary_counts_as_graphkit_communities_does(
    loaded: Neo4jStore, neo4j_server: Neo4jServer
) -> None:
    if not neo4j_server.gds:
        pytest.skip("this server has no GDS")
    from graphkit.analysis import community_summary
    from graphkit.stores.neo4j.communities import summary_in_neo4j

    members = nc.centrality_in_neo4j(loaded, "louvain", "org-org")
    graph = build_graph(DATASET, "org-org")
    got = summary_in_neo4j(loaded, members)
    expected = community_summary(graph, members, DATASET)  # the same partition, counted from the dataset
    assert got.columns.tolist() == expected.columns.tolist()
    assert len(got) == members["community"].nunique() > 5
    pd.testing.assert_frame_equal(got, expected)
    assert got["meetings_attended"].dtype == np.int64 and got["meetings_attended"].gt(0).all()


def test_cli_louvain_prints_communities_not_members(loaded: Neo4jStore, neo4j_server: Neo4jServer) -> None:
    if not neo4j_server.gds:
        pytest.skip("this server has no GDS")
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    args = ["neo4j", "centrality", "--measure", "louvain", "--projection", "org-org"]
    result = CliRunner().invoke(main, [*args, "--top", "5", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = pd.DataFrame(json.loads(result.stdout))
    assert rows["community"].tolist() == [0, 1, 2, 3, 4]  # five communities, the largest first
    assert rows.columns.tolist() == [
        "community", "size", "kinds", "largest", "meetings_attended", "topics", "institutions"
    ]  # fmt: skip
    assert rows["size"].is_monotonic_decreasing and rows["size"].iloc[0] > 1
    table = CliRunner().invoke(main, [*args, "--top", "5"], env={**env, "COLUMNS": "120"})
    assert table.exit_code == 0, table.output
    assert "louvain communities on org-org in Neo4j: modularity" in table.stdout
    assert "meetings" in table.stdout and "attended" in table.stdout  # its header, maybe on two lines
    every = CliRunner().invoke(main, [*args, "--top", "0", "--members", "--json"], env=env)
    assert every.exit_code == 0, every.output
    member_rows = pd.DataFrame(json.loads(every.stdout))
    assert len(member_rows) == len(reference("org-org", "degree"))  # every node with an edge
    # (Two runs of GDS Louvain may split differently: the runs are compared by shape only.)
    assert member_rows["community_size"].eq(member_rows.groupby("community")["id"].transform("size")).all()
    assert rows["size"].sum() <= len(member_rows)
