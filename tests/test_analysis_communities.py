"""Communities: modularity checked with networkx's own ``modularity``; quality at least that of
networkx's Louvain; seeds, resolution and the summary."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import communities, community_sets, community_summary
from graphkit.graph import GraphFilter, build_graph
from graphkit.model.tables import Dataset
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


def coalitions() -> Dataset:
    """Two coalitions of organisations that meet MEPs; one meeting (x1) brings both together.

    Meetings per organisation: BEUC 5 (g1-g4, x1), WWF 4 (g5-g8, mostly alone), EEB 3, ETUC 2;
    Airbus 4 (i1-i3, x1), BusinessEurope 2, Siemens 2.
    """
    rows = [
        ("g1", "BEUC"), ("g1", "EEB"), ("g1", "mep:a"),
        ("g2", "BEUC"), ("g2", "BEUC"), ("g2", "EEB"), ("g2", "ETUC"), ("g2", "mep:a"),  # BEUC listed twice
        ("g3", "BEUC"), ("g3", "ETUC"), ("g3", "mep:b"),
        ("g4", "BEUC"), ("g4", "mep:b"),
        ("g5", "EEB"), ("g5", "WWF"), ("g5", "mep:a"),
        ("g6", "WWF"), ("g6", "mep:b"), ("g7", "WWF"), ("g7", "mep:b"), ("g8", "WWF"), ("g8", "mep:a"),
        ("i1", "Airbus"), ("i1", "Siemens"), ("i1", "mep:a"),
        ("i2", "Airbus"), ("i2", "Siemens"), ("i2", "BusinessEurope"), ("i2", "mep:b"),
        ("i3", "Airbus"), ("i3", "BusinessEurope"),
        ("x1", "BEUC"), ("x1", "Airbus"), ("x1", "mep:a"),
    ]  # fmt: skip
    organisations = sorted({actor for _, actor in rows if ":" not in actor})
    actors = [{"id": f"organisation:{name}", "kind": "organisation", "name": name} for name in organisations]
    return Dataset.from_records(
        actors=actors + [{"id": f"mep:{name}", "kind": "mep", "name": name.upper()} for name in "ab"],
        meetings=[
            {"id": m, "date": "2021-03-01", "institution": "EC" if m == "i3" else "EP", "title": m}
            for m in sorted({m for m, _ in rows})
        ],
        participants=[
            {"meeting_id": m, "actor_id": a if ":" in a else f"organisation:{a}", "role": "attendee"}
            for m, a in rows
        ],
        topics=[{"id": "topic:t", "name": "T"}],
        meeting_topics=[{"meeting_id": "g1", "topic_id": "topic:t"}],
    )


def test_summary_counts_distinct_meetings_and_names_communities_by_their_largest_members():
    dataset = coalitions()
    graph = build_graph(dataset, "org-org")
    frame = communities(graph, seed=0)
    green = {f"organisation:{name}" for name in ("BEUC", "EEB", "ETUC", "WWF")}
    industry = {f"organisation:{name}" for name in ("Airbus", "BusinessEurope", "Siemens")}
    assert sorted(community_sets(frame), key=len, reverse=True) == [green, industry]
    summary = community_summary(graph, frame, dataset)
    assert summary.columns.tolist() == [
        "community", "size", "kinds", "largest", "meetings_attended", "topics", "institutions"
    ]  # fmt: skip
    assert summary["meetings_attended"].dtype == "int64"
    # Counted by hand: g1-g8 and x1 for one, i1-i3 and x1 for the other (x1 in both, g2 once).
    assert summary["meetings_attended"].tolist() == [9, 4]
    # The sum of co-attendance weights this column used to hold is larger than the meetings.
    weights = dict(graph.degree(weight="weight"))
    assert sum(weights[node] for node in green) == 13 > 9
    # Named by most meetings (WWF meets alone, so by weights it would not be second); ties by name.
    assert summary["largest"].tolist() == ["BEUC; WWF; EEB", "Airbus; BusinessEurope; Siemens"]
    assert summary["institutions"].tolist() == ["EP 9", "EP 3, EC 1"]
    assert summary["kinds"].tolist() == ["organisation 4", "organisation 3"]
    only_ep = community_summary(graph, frame, dataset, filters=GraphFilter(institution="EP"), top=1)
    assert only_ep["meetings_attended"].tolist() == [9, 3]
    assert only_ep["largest"].tolist() == ["BEUC", "Airbus"]
    csv = summary.to_csv(index=False).splitlines()
    assert csv[1].startswith("0,4,organisation 4,BEUC; WWF; EEB,9,T,EP 9")  # an integer, not 9.0


def test_summary_without_the_dataset_names_by_weighted_degree_and_counts_no_meetings():
    dataset = coalitions()
    graph = build_graph(dataset, "org-org")
    summary = community_summary(graph, communities(graph, seed=0))
    assert summary.columns.tolist() == ["community", "size", "kinds", "largest"]
    assert summary["largest"].tolist() == ["BEUC; EEB; ETUC", "Airbus; BusinessEurope; Siemens"]

