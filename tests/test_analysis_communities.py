"""Communities: modularity checked with networkx's own ``modularity``; quality at least that of
networkx's Louvain; seeds, resolution and the summary."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import communities, community_sets, community_summary
from graphkit.graph import GraphFilter, build_graph
from graphkit.synthetic import generate


@pytest.fixture(scope="module")
def synthetic():
    return generate(organisations=800, meetings=2500, seed=11)


@pytest.mark.parametrize("method", ["louvain", "leiden"])
@pytest.mark.parametrize("resolution", [0.5, 1.0, 2.0])
def test_modularity_equals_networkx_and_matches_its_louvain(synthetic, method, resolution):
    graph = build_graph(synthetic, "org-counterpart")
    frame = communities(graph, method, resolution=resolution, seed=1)
    parts = community_sets(frame)
    assert set().union(*parts) == set(graph)  # a partition of every node
    assert sum(len(p) for p in parts) == graph.number_of_nodes()
    expected = nx.community.modularity(graph, parts, weight="weight", resolution=resolution)
    assert frame.attrs["modularity"] == pytest.approx(expected, abs=1e-9)
    reference = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=1)
    theirs = nx.community.modularity(graph, reference, weight="weight", resolution=resolution)
    assert frame.attrs["modularity"] >= theirs - 0.01


def test_karate_club_splits_like_the_known_factions():
    graph = nx.karate_club_graph()
    frame = communities(graph, "leiden", seed=0)
    assert frame.attrs["modularity"] > 0.41  # the best known split of the club is about 0.42-0.44
    community = dict(zip(frame["id"], frame["community"], strict=True))
    assert community[0] != community[33]  # the instructor and the administrator part ways


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_same_seed_same_split_and_numbering_by_size(synthetic, method):
    graph = build_graph(synthetic, "org-org")
    first = communities(graph, method, seed=5)
    again = communities(build_graph(synthetic, "org-org"), method, seed=5)  # a fresh engine graph too
    assert first["community"].tolist() == again["community"].tolist()
    sizes = first.groupby("community").size()
    assert sizes.is_monotonic_decreasing and sizes.index[0] == 0


def test_higher_resolution_gives_more_communities(synthetic):
    graph = build_graph(synthetic, "org-counterpart")
    few = communities(graph, "leiden", resolution=0.2, seed=0)["community"].nunique()
    many = communities(graph, "leiden", resolution=5.0, seed=0)["community"].nunique()
    assert many > few


def test_summary_counts_members_topics_and_institutions(synthetic):
    graph = build_graph(synthetic, "org-mep")
    frame = communities(graph, seed=0)
    summary = community_summary(graph, frame, synthetic, top=2)
    assert summary["size"].sum() == graph.number_of_nodes()
    first = summary.iloc[0]
    members = frame[frame["community"] == 0]
    meetings = dict(graph.degree(weight="weight"))
    best = max(members["id"], key=lambda node: (meetings[node], -ord(graph.nodes[node]["name"][0])))
    assert graph.nodes[best]["name"] in first["largest"]
    assert len(first["topics"].split("; ")) == 2
    attended = synthetic.participants[synthetic.participants["actor_id"].isin(members["id"])]
    institutions = synthetic.meetings.set_index("id").loc[attended["meeting_id"].unique(), "institution"]
    counts = institutions.value_counts()
    assert first["institutions"] == ", ".join(f"{name} {n}" for name, n in counts.items())
    only_ep = community_summary(graph, frame, synthetic, filters=GraphFilter(institution="EP"))
    assert only_ep.iloc[0]["institutions"] == f"EP {counts['EP']}"


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_parallel_run_without_seed_is_as_good_and_leaves_the_thread_setting_alone(synthetic, method):
    import networkit as nk

    graph = build_graph(synthetic, "org-counterpart")
    threads = nk.getMaxNumberOfThreads()
    frame = communities(graph, method, seed=None)
    assert nk.getMaxNumberOfThreads() == threads
    parts = community_sets(frame)
    assert sum(len(p) for p in parts) == graph.number_of_nodes() and set().union(*parts) == set(graph)
    assert frame.attrs["modularity"] == pytest.approx(nx.community.modularity(graph, parts, weight="weight"), abs=1e-9)
    seeded = communities(graph, method, seed=1).attrs["modularity"]
    assert frame.attrs["modularity"] >= seeded - 0.02
