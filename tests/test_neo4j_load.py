"""Loading the canonical dataset into a real Neo4j: idempotent, incremental, and clear when it fails."""

from __future__ import annotations

import neo4j
import pytest
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, free_port

from graphkit.cli import main
from graphkit.model.tables import Dataset
from graphkit.stores.neo4j.store import Neo4jError, Neo4jStore, changed
from graphkit.stores.rows import LABELS, NODE_FILES, RELATIONSHIP_FILES, load_rows
from graphkit.synthetic import generate
from graphkit.workspace.storage import Workspace

RELATIONSHIP_TYPES = {
    "met": "MET",
    "co_attended": "CO_ATTENDED",
    "lobbied_on": "LOBBIED_ON",
    "discussed": "DISCUSSED",
    "responded": "RESPONDED",
}
NODE_LABELS = {
    **{label.lower(): label for label in LABELS.values()},
    "topic": "Topic",
    "consultation": "Consultation",
}


def store_of(server: Neo4jServer, **kwargs: object) -> Neo4jStore:
    return Neo4jStore(server.uri, server.user, server.password, server.database, **kwargs)


def graph_counts(server: Neo4jServer) -> dict[str, int]:
    """Nodes per label and relationships per type, counted by the server."""
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        nodes = driver.execute_query(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", database_=server.database
        )[0]
        rels = driver.execute_query(
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=server.database
        )[0]
    return {**{r["label"]: r["n"] for r in nodes}, **{r["type"]: r["n"] for r in rels}}


def expected_counts(dataset: Dataset) -> dict[str, int]:
    rows = load_rows(dataset)
    out = {NODE_LABELS[name]: len(rows[name]) for name in NODE_FILES}
    out.update({RELATIONSHIP_TYPES[name]: len(rows[name]) for name in RELATIONSHIP_FILES})
    return {key: value for key, value in out.items() if value}


@pytest.fixture(scope="module")
def small() -> Dataset:
    return generate(organisations=80, meetings=300, seed=3)


def test_load_creates_the_graph_and_a_second_load_changes_nothing(
    neo4j_empty: Neo4jServer, small: Dataset
) -> None:
    with store_of(neo4j_empty, batch_size=500) as store:
        first = store.load(small)
        assert graph_counts(neo4j_empty) == expected_counts(small)
        assert first["nodes_created"] == sum(len(load_rows(small)[name]) for name in NODE_FILES)
        assert first["constraints_added"] == 6
        second = store.load(small)
    assert not changed(second), second
    with neo4j.GraphDatabase.driver(neo4j_empty.uri, auth=neo4j_empty.auth) as driver:
        constraints = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")[0]
    assert {(tuple(c["labelsOrTypes"]), tuple(c["properties"])) for c in constraints} >= {
        (("Organisation",), ("id",)),
        (("MEP",), ("id",)),
        (("Topic",), ("id",)),
    }


def test_new_data_adds_only_what_is_new(neo4j_empty: Neo4jServer) -> None:
    everything = generate(organisations=60, meetings=240, seed=5)
    early = Dataset.from_frames(
        {
            "actors": everything.actors,
            "topics": everything.topics,
            "meetings": everything.meetings.iloc[:120],
            "participants": everything.participants[
                everything.participants["meeting_id"].isin(everything.meetings["id"].iloc[:120])
            ],
            "meeting_topics": everything.meeting_topics[
                everything.meeting_topics["meeting_id"].isin(everything.meetings["id"].iloc[:120])
            ],
        }
    )
    rows_early, rows_all = load_rows(early), load_rows(everything)
    with store_of(neo4j_empty) as store:
        store.load(early)
        added = store.load(everything)
    new_relationships = sum(len(rows_all[n]) - len(rows_early[n]) for n in RELATIONSHIP_FILES)
    assert new_relationships > 0
    assert added["relationships_created"] == new_relationships
    assert added["nodes_created"] == sum(len(rows_all[n]) - len(rows_early[n]) for n in NODE_FILES)
    assert graph_counts(neo4j_empty) == expected_counts(everything)


def test_wrong_password_is_one_clear_line_without_the_password(neo4j_server: Neo4jServer, tmp_path) -> None:
    secret = "wrong-Secret-7731"
    with pytest.raises(Neo4jError) as caught:
        Neo4jStore(neo4j_server.uri, neo4j_server.user, secret).load(Dataset.empty())
    assert "refused the credentials" in str(caught.value)
    assert secret not in str(caught.value)

    workspace = Workspace(tmp_path / "ws")
    workspace.save(generate(organisations=10, meetings=30, seed=1))
    result = CliRunner().invoke(
        main,
        ["neo4j", "load", "--workspace", str(workspace.path), "--quiet"],
        env={"NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": secret},
    )
    assert result.exit_code == 1
    assert "refused the credentials of user 'neo4j'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert secret not in result.output


def test_connection_refused_is_one_clear_line(tmp_path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    workspace = Workspace(tmp_path / "ws")
    workspace.save(generate(organisations=10, meetings=30, seed=1))
    result = CliRunner().invoke(
        main, ["neo4j", "load", "--workspace", str(workspace.path), "--uri", uri, "--password", "x"]
    )
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: cannot connect to Neo4j at {uri}: connection refused (is the server running?)"
    )


def test_missing_uri_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(Neo4jError, match="set NEO4J_URI"):
        Neo4jStore()


def test_cli_load_prints_counters_and_reload_changes_nothing(neo4j_empty: Neo4jServer, tmp_path) -> None:
    dataset = generate(organisations=30, meetings=90, seed=2)
    workspace = Workspace(tmp_path / "ws")
    workspace.save(dataset)
    env = {
        "NEO4J_URI": neo4j_empty.uri,
        "NEO4J_USER": neo4j_empty.user,
        "NEO4J_PASSWORD": neo4j_empty.password,
        "NEO4J_DATABASE": neo4j_empty.database,
    }
    args = ["neo4j", "load", "--workspace", str(workspace.path), "--json"]
    first = CliRunner().invoke(main, args, env=env)
    assert first.exit_code == 0, first.output
    assert '"counter": "relationships_created"' in first.output
    assert neo4j_empty.password not in first.output
    second = CliRunner().invoke(main, args, env=env)
    assert second.exit_code == 0, second.output
    assert "nothing changed (already loaded)" in second.output
    assert graph_counts(neo4j_empty) == expected_counts(workspace.load())


def test_server_killed_mid_load_then_rerun_completes(neo4j_empty: Neo4jServer) -> None:
    if not neo4j_empty.managed:
        pytest.skip("needs the test's own server to kill (NEO4J_URI points at yours)")
    dataset = generate(organisations=60, meetings=250, seed=9)
    batches: list[str] = []

    def kill_after_a_few(step) -> None:
        batches.append(step.file)
        if step.file == "met" and step.file_rows_done >= 200:
            neo4j_empty.kill()  # SIGKILL: no clean shutdown, as a crash or a pulled cable

    store = store_of(neo4j_empty, batch_size=100, retry_seconds=1.0)
    with pytest.raises(Neo4jError) as caught:
        store.load(dataset, on_batch=kill_after_a_few)
    store.close()
    message = str(caught.value)
    assert "lost the connection to Neo4j" in message or "cannot connect" in message, message
    assert "run the load again to complete it" in message
    assert "\n" not in message

    neo4j_empty.start()  # recovery of the killed store, same data directory
    with store_of(neo4j_empty, batch_size=100) as store:
        rerun = store.load(dataset)
        assert rerun["relationships_created"] > 0
        assert graph_counts(neo4j_empty) == expected_counts(dataset)
        assert not changed(store.load(dataset))


def test_a_reload_rewrites_only_relationships_whose_properties_changed(
    neo4j_empty: Neo4jServer, small: Dataset
) -> None:
    with store_of(neo4j_empty, batch_size=200) as store:
        store.load(small)
        meeting_ids = store.run("MATCH ()-[r:MET]->() RETURN r.meeting_id AS m ORDER BY m LIMIT 3")["m"].tolist()
        # Three kinds of drift: a changed value, a removed property, a property the model lacks.
        store.run(
            "MATCH ()-[r:MET {meeting_id: $a}]->() SET r.title = 'edited by hand' "
            "WITH count(*) AS done MATCH ()-[r:MET {meeting_id: $b}]->() REMOVE r.date "
            "WITH count(*) AS done MATCH ()-[r:MET {meeting_id: $c}]->() SET r.note = 'x'",
            {"a": meeting_ids[0], "b": meeting_ids[1], "c": meeting_ids[2]},
            write=True,
        )
        expected = load_rows(small)["met"]
        drifted = sum(1 for row in expected if row["meeting_id"] in meeting_ids)
        repaired = store.load(small)
        assert repaired["relationships_created"] == 0
        assert repaired["properties_set"] > 0
        back = store.run(
            "MATCH (a)-[r:MET]->(b) WHERE r.meeting_id IN $ids "
            "RETURN a.id AS attendee_id, b.id AS host_id, properties(r) AS props",
            {"ids": meeting_ids},
        )
        assert len(back) == drifted
        want = {(row["attendee_id"], row["host_id"], row["meeting_id"]): row["props"] for row in expected}
        for attendee, host, props in back.itertuples(index=False):
            assert props == want[(attendee, host, props["meeting_id"])]
        assert not changed(store.load(small))


def test_loaded_relationships_carry_the_rows_properties(neo4j_empty: Neo4jServer, small: Dataset) -> None:
    with store_of(neo4j_empty, batch_size=150) as store:
        store.load(small)
        for name, relationship_type in RELATIONSHIP_TYPES.items():
            rows = load_rows(small)[name]
            if not rows:
                continue
            first, second, key = list(rows[0])[:3]
            got = store.run(
                f"MATCH (a)-[r:{relationship_type}]->(b) RETURN a.id AS a, b.id AS b, properties(r) AS props"
            )
            loaded = {(a, b, props[key]): props for a, b, props in got.itertuples(index=False)}
            assert loaded == {(row[first], row[second], row[key]): row["props"] for row in rows}, name


def test_bulk_create_refuses_an_element_id_that_now_names_another_node(neo4j_empty: Neo4jServer) -> None:
    """Element ids are reused after deletes: an endpoint whose element id no longer carries the
    expected graphkit id (and label) is not linked; the row waits for the next load."""
    from graphkit.stores.neo4j.bulk import create_statement

    with store_of(neo4j_empty) as store:
        store.run(
            "CREATE (:Organisation {id: 'organisation:a'}), (:Organisation {id: 'organisation:b'}), "
            "(:MEP {id: 'mep:m'})",
            write=True,
        )
        ids = dict(store.run("MATCH (n) RETURN n.id AS id, elementId(n) AS e").itertuples(index=False))
        statement = create_statement("MET", "Organisation", "MEP", ["meeting_id", "date"])

        def create(start_node: str, end_node: str) -> int:
            params = {"start_id": ["organisation:a"], "end_id": ["mep:m"], "start_node": [start_node],
                      "end_node": [end_node], "meeting_id": ["meeting:1"], "date": [0],
                      "date_values": ["2024-05-02"]}
            return store.execute(statement, params)[1]["relationships_created"]

        assert create(ids["organisation:b"], ids["mep:m"]) == 0  # another organisation's element id
        assert create(ids["mep:m"], ids["mep:m"]) == 0  # a node of another label
        assert create(ids["organisation:a"], ids["mep:m"]) == 1
        got = store.run("MATCH (a)-[r:MET]->(b) RETURN a.id AS a, b.id AS b, r.date AS d")
        assert got[["a", "b"]].values.tolist() == [["organisation:a", "mep:m"]]
        assert str(got["d"].iloc[0]) == "2024-05-02"
