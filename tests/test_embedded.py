"""The embedded store (kglite): load from the cypher/ files, idempotence, parallel edges, the
workspace graph kept current, read-only refusal that strings and comments cannot fool, writes,
errors with positions, and graph values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import query_expected as qe

from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.stores.embedded import (
    GRAPH_FILE,
    EmbeddedStore,
    blank_block_comments,
    build_workspace_graph,
    is_current,
)
from graphkit.stores.rows import load_frames
from graphkit.stores.values import Node, Path, Relationship
from graphkit.workspace import Dataset, Workspace

COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"


def count(store: EmbeddedStore, cypher: str) -> int:
    return int(store.run(cypher)["n"].iloc[0])


@pytest.fixture(scope="module")
def handmade_store() -> EmbeddedStore:
    loaded = EmbeddedStore()
    loaded.load(qe.handmade())
    return loaded


@pytest.fixture()
def store(handmade_store: EmbeddedStore) -> EmbeddedStore:
    return handmade_store.copy()


def test_load_builds_the_model_and_a_second_load_creates_nothing() -> None:
    dataset = qe.known_dataset()
    store = EmbeddedStore()
    first = store.load(dataset)
    frames = load_frames(dataset)
    nodes = sum(
        len(frames[name]) for name in ("organisation", "mep", "official", "person", "topic", "consultation")
    )
    relationships = sum(
        len(frames[name]) for name in ("met", "co_attended", "lobbied_on", "discussed", "responded")
    )
    assert first["nodes_created"] == nodes == count(store, COUNT_NODES)
    assert first["relationships_created"] == relationships == count(store, COUNT_RELATIONSHIPS)
    second = store.load(dataset)
    assert second.get("nodes_created", 0) == 0
    assert second.get("relationships_created", 0) == 0
    assert count(store, COUNT_NODES) == nodes and count(store, COUNT_RELATIONSHIPS) == relationships
    # Relationships are not even rewritten (properties already equal); nodes are, see
    # KGLITE_DIFFERENCES["title mirrors name"].
    by_type = store.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    assert dict(zip(by_type["type"], by_type["n"], strict=True)) == {
        "CO_ATTENDED": len(frames["co_attended"]),
        "DISCUSSED": len(frames["discussed"]),
        "LOBBIED_ON": len(frames["lobbied_on"]),
        "MET": len(frames["met"]),
        "RESPONDED": len(frames["responded"]),
    }


def test_parallel_meetings_stay_distinct_relationships(store: EmbeddedStore) -> None:
    met = store.run(
        "MATCH (:Organisation {id: $a})-[r:MET]->(:MEP {id: $m}) RETURN r.meeting_id AS id, r.date AS date "
        "ORDER BY date",
        {"a": qe.A, "m": qe.M2},
    )
    assert met["id"].tolist() == ["meeting:h6", "meeting:h3"]
    assert met["date"].tolist() == [dt.date(2022, 12, 12), dt.date(2024, 2, 1)]
    # A two-host meeting gives one MET per host, each with its host's capacity.
    joint = store.run(
        "MATCH (:Organisation {id: $c})-[r:MET {meeting_id: 'meeting:h5'}]->(h) "
        "RETURN h.id AS host, r.capacity AS capacity ORDER BY host",
        {"c": qe.C},
    )
    assert qe.rows(joint) == [(qe.M1, "Rapporteur"), (qe.M2, None)]


def test_load_picks_up_new_data_and_changed_properties(store: EmbeddedStore) -> None:
    before = count(store, COUNT_RELATIONSHIPS)
    changed = qe.handmade()
    changed.actors.loc[changed.actors["id"] == qe.B, "name"] = "Beta Organisation"
    # A key no Organisation had before (kglite refuses that in CREATE; the load files SET it).
    changed.actors.loc[changed.actors["id"] == qe.B, "register_id"] = "123-45"
    extra = Dataset.from_records(
        meetings=[{"id": "meeting:h7", "date": "2025-01-01", "title": "New", "institution": "EP"}],
        participants=[
            {"meeting_id": "meeting:h7", "actor_id": qe.M1, "role": "host"},
            {"meeting_id": "meeting:h7", "actor_id": qe.D, "role": "attendee"},
        ],
    )
    counters = store.load(Dataset.concat([changed, extra]))
    assert counters["relationships_created"] == 1 and counters.get("nodes_created", 0) == 0
    assert count(store, COUNT_RELATIONSHIPS) == before + 1
    beta = store.run("MATCH (o:Organisation {id: $b}) RETURN o.name AS name, o.register_id AS r", {"b": qe.B})
    assert qe.rows(beta) == [("Beta Organisation", "123-45")]


def test_the_first_query_after_an_ingest_builds_the_graph_and_sees_the_current_dataset(tmp_path, seed_page) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    assert not is_current(workspace)  # ingest stays fast: the graph is built when first queried
    with EmbeddedStore.for_workspace(workspace) as store:
        assert (workspace.path / GRAPH_FILE).exists() and is_current(workspace)
        assert count(store, "MATCH (:Organisation)-[r:MET]->() RETURN count(r) AS n") == 24
    # A dataset saved behind the store's back (no ingest) is noticed and the graph rebuilt.
    workspace.save(Dataset.concat([workspace.load(), qe.handmade()]))
    assert not is_current(workspace)
    with EmbeddedStore.for_workspace(workspace) as store:
        assert (
            count(store, "MATCH (o:Organisation {id: $a}) RETURN count(o) AS n".replace("$a", repr(qe.A)))
            == 1
        )
    assert is_current(workspace)


def test_workspace_graph_is_replaced_whole(tmp_path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.save(qe.handmade())
    build_workspace_graph(workspace)
    build_workspace_graph(workspace)
    leftovers = [p.name for p in workspace.path.iterdir() if p.name.startswith(".graph-")]
    assert leftovers == []


WRITES = [
    "CREATE (n:Organisation {id: 'organisation:new'})",
    "MERGE (n:Organisation {id: 'organisation:new'})",
    "MATCH (o:Organisation) SET o.name = 'x'",
    "MATCH (o:Organisation) SET o += {name: 'x'}",
    "MATCH (o:Organisation) REMOVE o.name",
    "MATCH (o:Organisation) DETACH DELETE o",
    "MATCH ()-[r:MET]->() DELETE r",
    "MATCH (o:Organisation) FOREACH (x IN [1] | SET o.flag = x)",
    "MATCH (o:Organisation) SET o:Flagged",
    "UNWIND [1, 2] AS i CREATE (:Topic {id: 'topic:' + toString(i)})",
    "CREATE INDEX FOR (n:Organisation) ON (n.name)",
    "CREATE CONSTRAINT extra IF NOT EXISTS FOR (n:Topic) REQUIRE n.name IS UNIQUE",
    "EXPLAIN MATCH (o:Organisation) SET o.name = 'x'",
    "MATCH (o:Organisation) WITH o LIMIT 1 RETURN o.name AS name UNION MATCH (t:Topic) SET t.x = 1 RETURN t.name AS name",
    "// RETURN 1\nCREATE (:Topic {id: 'topic:c'})",
    "/* RETURN 1 */ CREATE (:Topic {id: 'topic:c'})",
    "MATCH (o:Organisation) SET o.`RETURN` = 'RETURN'",
]
READS = [
    (
        "MATCH (o:Organisation) RETURN 'CREATE (x) SET y DELETE z' AS text LIMIT 1",
        "CREATE (x) SET y DELETE z",
    ),
    ("MATCH (o:Organisation) // DETACH DELETE o\nRETURN count(o) AS text", 4),
    ("MATCH (o:Organisation) /* SET o.name = 'x' */ RETURN count(o) AS text", 4),
    ("MATCH (o:`Organisation`) RETURN count(*) AS `text`", 4),
    ("MATCH (o:Organisation {name: 'Alpha Org'}) RETURN o.name + ' MERGE' AS text", "Alpha Org MERGE"),
    ('RETURN "it\'s a \\"SET\\" word" AS text', 'it\'s a "SET" word'),
    ("EXPLAIN MATCH (o:Organisation) RETURN o.name", None),
]


@pytest.mark.parametrize("cypher", WRITES)
def test_writes_are_refused_without_write_and_change_nothing(store: EmbeddedStore, cypher: str) -> None:
    nodes, relationships = count(store, COUNT_NODES), count(store, COUNT_RELATIONSHIPS)
    with pytest.raises(GraphkitError, match="writes to the graph; run it with --write"):
        store.run(cypher)
    assert (count(store, COUNT_NODES), count(store, COUNT_RELATIONSHIPS)) == (nodes, relationships)
    assert store.run("MATCH (o:Organisation {id: $a}) RETURN o.name AS n", {"a": qe.A})["n"][0] == "Alpha Org"


@pytest.mark.parametrize(("cypher", "answer"), READS)
def test_reads_that_mention_write_words_run(store: EmbeddedStore, cypher: str, answer: object) -> None:
    frame = store.run(cypher)
    if answer is not None:
        assert frame["text"].tolist() == [answer]
    else:
        assert not frame.empty  # the plan


def test_write_reports_counters_and_is_saved(tmp_path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.save(qe.handmade())
    with EmbeddedStore.for_workspace(workspace) as store:
        store.run("MATCH (o:Organisation {id: $a}) SET o.flag = $flag", {"a": qe.A, "flag": True}, write=True)
        assert store.last_counters["properties_set"] == 1
        store.run("CREATE (:Topic {id: 'topic:new', name: 'New'})", write=True)
        assert store.last_counters["nodes_created"] == 1
    with EmbeddedStore.for_workspace(workspace) as reopened:
        flags = reopened.run("MATCH (o:Organisation) WHERE o.flag RETURN o.id AS id")
        assert flags["id"].tolist() == [qe.A]
        assert count(reopened, "MATCH (t:Topic {id: 'topic:new'}) RETURN count(t) AS n") == 1


def test_syntax_error_names_line_and_column(store: EmbeddedStore) -> None:
    with pytest.raises(GraphkitError) as caught:
        store.run("MATCH (o:Organisation)\nRETURN o.name AS\n")
    message = str(caught.value)
    assert "syntax error at line" in message and "col" in message
    with pytest.raises(GraphkitError, match="line 2, col"):
        store.run("MATCH (o:Organisation)\nWHERE o.name = = 'x' RETURN o")


def test_block_comments_are_blanked_without_moving_positions() -> None:
    text = "MATCH (n) /* a\ncomment */ RETURN '/* kept */' AS s // trailing /* not a block"
    blanked = blank_block_comments(text)
    assert len(blanked) == len(text) and blanked.count("\n") == 1
    assert "comment" not in blanked and "'/* kept */'" in blanked and "// trailing /* not a block" in blanked


def test_parameters_are_typed(store: EmbeddedStore) -> None:
    frame = store.run(
        "MATCH (o:Organisation)-[r:MET]->(m) WHERE r.date >= $since AND m.id IN $hosts "
        "RETURN count(r) AS n, $limit + 1 AS next, $since AS since",
        {"since": dt.date(2024, 1, 1), "hosts": [qe.M2], "limit": 4},
    )
    assert qe.rows(frame) == [(4, 5, "2024-01-01")]  # h3 with A, B, C and h5 with C
    timestamps = store.run("RETURN $t AS t", {"t": pd.Timestamp("2024-05-02")})
    assert timestamps["t"][0] == dt.datetime(2024, 5, 2)


def test_graph_values_come_back_as_graphkit_values(store: EmbeddedStore) -> None:
    frame = store.run(
        "MATCH p = (o:Organisation {id: $a})-[r:MET {meeting_id: 'meeting:h1'}]->(m:MEP) RETURN o, r, p",
        {"a": qe.A},
    )
    node, relationship, path = frame.iloc[0]
    assert isinstance(node, Node) and node.labels == ("Organisation",)
    assert dict(node.properties) == {
        "id": qe.A,
        "name": "Alpha Org",
        "acronym": "ALPHA",
        "country": "Belgium",
    }
    assert isinstance(relationship, Relationship) and relationship.type == "MET"
    assert relationship.properties["capacity"] == "Rapporteur" and relationship.start == node.key
    assert isinstance(path, Path) and [n.properties["id"] for n in path.nodes] == [qe.A, qe.M1]
    # properties(n) and keys(n) carry what was stored (no virtual `type`), as in Neo4j.
    keys = store.run("MATCH (c:Consultation {id: 'consultation:x'}) RETURN keys(c) AS k, properties(c) AS p")
    assert sorted(keys["k"][0]) == ["id", "title"] and keys["p"][0] == {"id": "consultation:x", "title": "X"}


def test_closed_store_says_so() -> None:
    store = EmbeddedStore()
    store.close()
    with pytest.raises(GraphkitError, match="closed"):
        store.run("RETURN 1 AS x")
