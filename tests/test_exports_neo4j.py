"""The Cypher script of ``graphkit export``, run on the real test Neo4j, builds the same graph as
``graphkit neo4j load``: same nodes, relationships and properties, hostile names included."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pandas as pd
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.cli import main
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset
from graphkit.stores.cypher_files import split_statements
from graphkit.stores.rows import NODE_LABELS
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

HOSTILE = [
    "x'}) DETACH DELETE n //",
    "a\\'b\\\\'; MATCH (n) DETACH DELETE n; //",
    'quote " and `backtick` and \\u0027 written out',
    "line\nbreak\r\ttab /* comment */ $rows {x: 1}",
    "emoji 😀 and Ünïcødé and \u2028 separator",
]


def hostile_dataset() -> Dataset:
    ds = generate(organisations=50, meetings=160, seed=8)
    actors, meetings, topics = ds.actors.copy(), ds.meetings.copy(), ds.topics.copy()
    for kind in ("organisation", "mep", "official"):
        rows = actors.index[actors["kind"] == kind][: len(HOSTILE)]
        actors.loc[rows, "name"] = HOSTILE[: len(rows)]
    meetings.loc[meetings.index[: len(HOSTILE)], "title"] = HOSTILE
    topics.loc[topics.index[:1], "name"] = HOSTILE[0]
    organisations = actors.loc[actors["kind"] == "organisation", "id"].head(3).tolist()
    responses = pd.DataFrame(
        {
            "id": [f"response:{i}" for i in range(3)],
            "actor_id": organisations,
            "consultation_id": ["consultation:a", "consultation:a", "consultation:b"],
            "consultation_title": [HOSTILE[1], HOSTILE[1], HOSTILE[3]],
            "date": ["2024-01-02", "2024-01-02", "2024-02-03"],
        }
    )
    frames = {t.name: ds.table(t.name) for t in TABLES}
    return Dataset.from_frames(
        {**frames, "actors": actors, "meetings": meetings, "topics": topics, "responses": responses}
    )


def graph_dump(server: Neo4jServer) -> tuple[list, list]:
    """Every node of the model's labels and every relationship, with properties, sorted."""
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        nodes = driver.execute_query(
            "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN labels(n) AS labels, properties(n) AS p",
            labels=list(NODE_LABELS),
            database_=server.database,
        )[0]
        rels = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p",
            database_=server.database,
        )[0]
    node_rows = sorted((sorted(r["labels"]), sorted(r["p"].items())) for r in nodes)
    rel_rows = sorted((r["t"], r["a"], r["b"], sorted(r["p"].items())) for r in rels)
    return node_rows, rel_rows


def run_script(server: Neo4jServer, path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    statements = split_statements(text)
    # A tool that cuts at every ';' at a line's end and drops '//' lines (no string parsing) gets
    # the same statements: no literal can hold a quote, a semicolon, a newline or a slash.
    naive = [
        "\n".join(line for line in chunk.splitlines() if not line.startswith("//")).strip()
        for chunk in text.split(";\n")
    ]
    assert [s for s in naive if s] == statements
    with (
        neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver,
        driver.session(database=server.database) as session,
    ):
        for statement in statements:
            session.run(statement).consume()
    return len(statements)


def test_cypher_script_builds_what_neo4j_load_builds(neo4j_empty: Neo4jServer, tmp_path: Path) -> None:
    dataset = hostile_dataset()
    workspace = Workspace(tmp_path / "ws")
    workspace.save(dataset)
    script = tmp_path / "graph.cypher"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--workspace", str(workspace.path), "-o", str(script)])
    assert result.exit_code == 0, result.output
    assert run_script(neo4j_empty, script) > 10
    from_script = graph_dump(neo4j_empty)
    run_script(neo4j_empty, script)  # a second run changes nothing
    assert graph_dump(neo4j_empty) == from_script

    empty_database(neo4j_empty)
    env = {
        "NEO4J_URI": neo4j_empty.uri,
        "NEO4J_USERNAME": neo4j_empty.user,
        "NEO4J_PASSWORD": neo4j_empty.password,
        "NEO4J_DATABASE": neo4j_empty.database,
    }
    loaded = runner.invoke(main, ["neo4j", "load", "--workspace", str(workspace.path), "--quiet"], env=env)
    assert loaded.exit_code == 0, loaded.output
    from_load = graph_dump(neo4j_empty)
    assert from_script == from_load
    nodes, rels = from_load
    names = {dict(props).get("name") for _, props in nodes} | {dict(props).get("title") for _, props in nodes}
    assert set(HOSTILE) <= names
    assert {t for t, *_ in rels} == {"MET", "CO_ATTENDED", "LOBBIED_ON", "DISCUSSED", "RESPONDED"}
    assert any(dict(p).get("title") == HOSTILE[3] for *_, p in rels)
