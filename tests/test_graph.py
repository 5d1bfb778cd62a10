"""Projections against networkx's bipartite projection and against counts made with pandas;
filters; node and edge attributes."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter, build_graph, forget_incidences, incidence, project
from graphkit.synthetic import generate
from graphkit.workspace import Dataset


@pytest.fixture(scope="module")
def dataset():
    return generate(organisations=300, meetings=900, seed=5)


def tiny() -> Dataset:
    """Two EP meetings, one EC meeting, hand-made: m1 (MEP a; x, y, z), m2 (MEP a, MEP b; x, y),
    m3 (official c; x)."""
    rows = [
        ("m1", "mep:a", "host"), ("m1", "organisation:x", "attendee"), ("m1", "organisation:y", "attendee"),
        ("m1", "organisation:z", "attendee"), ("m2", "mep:a", "host"), ("m2", "mep:b", "host"),
        ("m2", "organisation:x", "attendee"), ("m2", "organisation:y", "attendee"),
        ("m3", "official:c", "host"), ("m3", "organisation:x", "attendee"),
    ]  # fmt: skip
    return Dataset.from_records(
        actors=[
            {"id": "mep:a", "kind": "mep", "name": "A", "country": "Belgium", "group": "EPP"},
            {"id": "mep:b", "kind": "mep", "name": "B"},
            {"id": "official:c", "kind": "official", "name": "C"},
            {"id": "organisation:x", "kind": "organisation", "name": "X", "category": "NGO", "acronym": "XX"},
            {"id": "organisation:y", "kind": "organisation", "name": "Y", "category": "Company"},
            {"id": "organisation:z", "kind": "organisation", "name": "Z", "category": "NGO"},
        ],
        meetings=[
            {"id": "m1", "date": "2020-01-10", "institution": "EP", "title": "one"},
            {"id": "m2", "date": "2023-05-01", "institution": "EP", "title": "two"},
            {"id": "m3", "date": "2024-09-01", "institution": "EC", "title": "three"},
        ],
        participants=[{"meeting_id": m, "actor_id": a, "role": r} for m, a, r in rows],
        topics=[{"id": "topic:t", "name": "T"}],
        meeting_topics=[{"meeting_id": "m1", "topic_id": "topic:t"}, {"meeting_id": "m3", "topic_id": "topic:t"}],
    )


def edges(graph: nx.Graph, attribute: str = "weight") -> dict:
    return {frozenset((u, v)): d[attribute] for u, v, d in graph.edges(data=True)}


def test_hand_made_projections():
    ds = tiny()
    org_mep = build_graph(ds, "org-mep")
    assert edges(org_mep) == {
        frozenset(("organisation:x", "mep:a")): 2, frozenset(("organisation:y", "mep:a")): 2,
        frozenset(("organisation:z", "mep:a")): 1, frozenset(("organisation:x", "mep:b")): 1,
        frozenset(("organisation:y", "mep:b")): 1,
    }  # fmt: skip
    assert org_mep.nodes["mep:a"] == {
        "kind": "mep", "name": "A", "acronym": None, "category": None, "country": "Belgium",
        "group": "EPP", "bipartite": 1,
    }  # fmt: skip
    assert org_mep.nodes["organisation:x"]["acronym"] == "XX"
    org_org = build_graph(ds, "org-org")
    assert edges(org_org) == {
        frozenset(("organisation:x", "organisation:y")): 2,
        frozenset(("organisation:x", "organisation:z")): 1,
        frozenset(("organisation:y", "organisation:z")): 1,
    }
    # Newman: m1 has 3 organisations (1/2 per pair), m2 has 2 (1 per pair).
    assert edges(org_org, "newman_weight") == pytest.approx(
        {
            frozenset(("organisation:x", "organisation:y")): 1.5,
            frozenset(("organisation:x", "organisation:z")): 0.5,
            frozenset(("organisation:y", "organisation:z")): 0.5,
        }
    )
    mep_mep = build_graph(ds, "mep-mep")
    assert edges(mep_mep) == {frozenset(("mep:a", "mep:b")): 2}  # x and y met both
    assert edges(mep_mep, "meetings") == {frozenset(("mep:a", "mep:b")): 6}  # x: 2+1, y: 2+1
    org_topic = build_graph(ds, "org-topic")
    assert edges(org_topic) == {
        frozenset(("organisation:x", "topic:t")): 2, frozenset(("organisation:y", "topic:t")): 1,
        frozenset(("organisation:z", "topic:t")): 1,
    }  # fmt: skip
    assert org_topic.nodes["topic:t"]["kind"] == "topic"
    assert set(build_graph(ds, "org-official")) == {"organisation:x", "official:c"}
    assert build_graph(ds, "org-counterpart").number_of_edges() == 6


def test_filters_on_the_hand_made_dataset():
    ds = tiny()
    assert set(build_graph(ds, "org-mep", filters=GraphFilter(date_to="2021-01-01"))) == {
        "mep:a", "organisation:x", "organisation:y", "organisation:z",
    }  # fmt: skip
    assert set(build_graph(ds, "org-counterpart", filters=GraphFilter(term="2024-2029"))) == {
        "official:c", "organisation:x",
    }  # fmt: skip
    assert set(build_graph(ds, "org-counterpart", filters=GraphFilter(institution="ec"))) == {
        "official:c", "organisation:x",
    }  # fmt: skip
    ngo = build_graph(ds, "org-mep", filters=GraphFilter(category="ngo"))
    assert {n for n, d in ngo.nodes(data=True) if d["kind"] == "organisation"} == {"organisation:x", "organisation:z"}
    busy = build_graph(ds, "org-counterpart", filters=GraphFilter(min_meetings=2))
    assert set(busy) == {"organisation:x", "organisation:y", "mep:a"}


def test_org_mep_weights_equal_networkx_bipartite_projection_of_the_meeting_graph(dataset):
    """organisation–MEP weight = meetings together: project the organisation/meeting/MEP
    tripartite graph with networkx and compare."""
    participants = dataset.participants
    ep = set(dataset.meetings.loc[dataset.meetings["institution"] == "EP", "id"])
    org_mep = build_graph(dataset, "org-mep")
    expected = {}
    for _, group in participants[participants["meeting_id"].isin(ep)].groupby("meeting_id"):
        orgs = group.loc[group["actor_id"].str.startswith("organisation:"), "actor_id"]
        meps = group.loc[group["actor_id"].str.startswith("mep:"), "actor_id"]
        for pair in itertools.product(orgs, meps):
            expected[frozenset(pair)] = expected.get(frozenset(pair), 0) + 1
    assert edges(org_mep) == expected
    assert edges(org_mep, "meetings") == expected


def test_org_org_equals_networkx_weighted_and_collaboration_projection(dataset):
    bipartite = nx.Graph()
    attendees = dataset.participants[dataset.participants["role"] == "attendee"]
    bipartite.add_nodes_from(attendees["actor_id"].unique(), bipartite=0)
    bipartite.add_nodes_from(attendees["meeting_id"].unique(), bipartite=1)
    bipartite.add_edges_from(zip(attendees["actor_id"], attendees["meeting_id"], strict=True))
    orgs = set(attendees["actor_id"])
    counts = nx.bipartite.weighted_projected_graph(bipartite, orgs)
    newman = nx.bipartite.collaboration_weighted_projected_graph(bipartite, orgs)
    ours = build_graph(dataset, "org-org")
    assert set(ours) == orgs
    assert edges(ours) == edges(counts)
    assert edges(ours, "newman_weight") == pytest.approx(edges(newman))


def test_every_projection_has_the_contracted_attributes(dataset):
    for projection in ("org-counterpart", "org-mep", "org-official", "org-org", "mep-mep",
                       "official-official", "org-topic"):  # fmt: skip
        graph = build_graph(dataset, projection)
        assert graph.number_of_edges() > 0, projection
        for _, data in graph.nodes(data=True):
            assert {"kind", "name", "acronym", "category", "country", "group"} <= data.keys()
        for _, _, data in graph.edges(data=True):
            assert data["weight"] >= 1 and data["meetings"] >= 1
        two_mode = projection in ("org-counterpart", "org-mep", "org-official", "org-topic")
        assert all(("bipartite" in d) == two_mode for _, d in graph.nodes(data=True))


def test_meeting_graph_has_one_edge_per_meeting_and_relation():
    graph = build_graph(tiny(), "meetings")
    assert isinstance(graph, nx.MultiDiGraph)
    relations = pd.Series([d["relation"] for _, _, d in graph.edges(data=True)]).value_counts().to_dict()
    assert relations == {"MET": 8, "CO_ATTENDED": 4, "LOBBIED_ON": 4, "DISCUSSED": 2}
    met = [d for u, v, d in graph.edges(data=True) if u == "organisation:z"]
    assert met[0]["meeting_id"] == "m1" and met[0]["title"] == "one"


def test_unknown_projection_and_bad_filters_are_clear_errors():
    with pytest.raises(GraphkitError, match="unknown projection"):
        build_graph(tiny(), "org-cat")
    with pytest.raises(GraphkitError, match="unknown EP term"):
        GraphFilter(term="2014-2019")
    with pytest.raises(GraphkitError, match="not a date"):
        GraphFilter(date_from="soon")
    with pytest.raises(GraphkitError, match="unknown institution"):
        GraphFilter(institution="UN")


def test_project_is_the_matrix_behind_build_graph(dataset):
    projection = project(dataset, "org-mep")
    graph = build_graph(dataset, "org-mep")
    assert projection.node_ids == list(graph)
    assert projection.weight.sum() == 2 * sum(w for _, _, w in graph.edges(data="weight"))


def test_kept_incidence_is_reused_and_follows_a_replaced_table():
    data = tiny()
    first = incidence(data)
    assert incidence(data) is first
    assert incidence(data, GraphFilter(institution="EC")) is not first
    assert incidence(data, GraphFilter()) is first  # an empty filter keeps everything
    before = edges(build_graph(data, "org-org"))
    data.participants = data.participants[data.participants["actor_id"] != "organisation:z"].reset_index(drop=True)
    assert incidence(data) is not first
    after = edges(build_graph(data, "org-org"))
    assert frozenset({"organisation:x", "organisation:z"}) in before
    assert frozenset({"organisation:x", "organisation:z"}) not in after
    data.participants.loc[0, "actor_id"] = "mep:b"  # edited in place: forget by hand
    forget_incidences()
    assert incidence(data).matrix[0, incidence(data).actors["id"].tolist().index("mep:b")] == 1


def _reference_two_mode(dataset, left_kinds, right_kinds):
    """The org–counterpart weights the straightforward way: a dense count per pair, with
    pandas, over the actors that have at least one edge."""
    people = dataset.participants.drop_duplicates(["meeting_id", "actor_id"])
    kind = people["actor_id"].str.split(":").str[0]
    left = people[kind.isin(left_kinds)]
    right = people[kind.isin(right_kinds)]
    pairs = left.merge(right, on="meeting_id").groupby(["actor_id_x", "actor_id_y"]).size()
    return {(a, b): int(n) for (a, b), n in pairs.items()}


@pytest.mark.parametrize(
    "projection, left, right",
    [("org-mep", ("organisation",), ("mep",)), ("org-counterpart", ("organisation",), ("mep", "official"))],
)
def test_two_mode_matrix_is_symmetric_sorted_and_counts_meetings(dataset, projection, left, right):
    result = project(dataset, projection)
    weight = result.weight
    assert weight.has_sorted_indices and weight.indices.dtype == weight.indptr.dtype
    check = weight.copy()
    check.sort_indices()  # really sorted, not only flagged
    assert (check.indices == weight.indices).all()
    assert (weight != weight.T).nnz == 0 and weight.diagonal().sum() == 0
    ids = result.node_ids
    sides = result.nodes["bipartite"].to_numpy()
    upper = weight.tocoo()
    got = {(ids[r], ids[c]): int(v) for r, c, v in zip(upper.row, upper.col, upper.data, strict=True) if sides[r] == 0}
    assert got == _reference_two_mode(dataset, left, right)
    assert (sides[:-1] <= sides[1:]).all()  # organisations first
    degrees = np.diff(weight.indptr)
    assert (degrees > 0).all()  # every node has an edge


def test_repeated_projections_give_equal_independent_node_tables(dataset):
    first = project(dataset, "org-mep")
    first.nodes.loc[0, "name"] = "changed by the caller"
    first.nodes["extra"] = 1
    second = project(dataset, "org-mep")
    assert second.nodes.loc[0, "name"] != "changed by the caller" and "extra" not in second.nodes
    forget_incidences()
    fresh = project(dataset, "org-mep")
    pd.testing.assert_frame_equal(second.nodes, fresh.nodes)
    assert (second.weight != fresh.weight).nnz == 0
    narrower = project(dataset, "org-mep", filters=GraphFilter(term="2019-2024"))
    assert len(narrower.nodes) < len(fresh.nodes)
    org_org = project(dataset, "org-org")
    org_org.nodes.loc[0, "id"] = "changed"
    assert project(dataset, "org-org").nodes.loc[0, "id"] != "changed"


def test_a_projection_with_no_pairs_is_an_empty_graph(dataset):
    ep_only = GraphFilter(institution="EP")
    for projection in ("official-official", "org-official"):
        result = project(dataset, projection, filters=ep_only)
        assert result.weight.shape == (len(result.nodes), len(result.nodes)) and result.weight.nnz == 0
        assert build_graph(dataset, projection, filters=ep_only).number_of_nodes() == 0


def test_row_order_of_the_tables_does_not_change_any_projection(dataset):
    """Participants usually come grouped by meeting in the meetings' order (ids are then
    mapped run by run, or not at all); shuffled tables, a participant of an unknown meeting
    and an actor missing from the actors table must give the same graphs."""
    shuffled = Dataset.from_frames({
        **vars(dataset),
        "meetings": dataset.meetings.sample(frac=1, random_state=1).reset_index(drop=True),
        "participants": pd.concat([
            dataset.participants.sample(frac=1, random_state=2),
            pd.DataFrame([{"meeting_id": "meeting:nowhere", "actor_id": "organisation:ghost", "role": "attendee"}]),
        ], ignore_index=True),
        "meeting_topics": dataset.meeting_topics.sample(frac=1, random_state=3).reset_index(drop=True),
    })
    for projection in ("org-mep", "org-org", "org-topic", "mep-mep"):
        for attribute in ("weight", "meetings"):
            assert edges(build_graph(shuffled, projection), attribute) == edges(build_graph(dataset, projection), attribute)
    people = dataset.participants
    with_mep = people.loc[people["actor_id"].str.startswith("mep:"), "meeting_id"]
    row = people.index[people["meeting_id"].isin(with_mep) & people["actor_id"].str.startswith("organisation:")][0]
    unknown_actor = people.copy()
    unknown_actor.loc[row, "actor_id"] = "organisation:not-in-actors"
    graph = build_graph(Dataset.from_frames({**vars(dataset), "participants": unknown_actor}), "org-mep")
    assert graph.nodes["organisation:not-in-actors"]["kind"] == "organisation"
