"""The tests' Neo4j server itself: Bolt with auth, the GDS procedures, a clean restart."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from neo4j_fixture import Neo4jServer


def test_bolt_answers_with_the_test_credentials(neo4j_server: Neo4jServer) -> None:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        records, _, _ = driver.execute_query("RETURN 40 + 2 AS answer", database_=neo4j_server.database)
        info = driver.get_server_info()
    assert records[0]["answer"] == 42
    assert info.agent.startswith("Neo4j/5.")


def test_wrong_password_is_refused(neo4j_server: Neo4jServer) -> None:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def test_gds_procedures_run_in_the_test_server(neo4j_empty: Neo4jServer) -> None:
    if not neo4j_empty.managed:
        pytest.skip("NEO4J_URI's server: GDS is optional there (graphkit falls back to Cypher or --pull)")
    assert neo4j_empty.gds
    with neo4j.GraphDatabase.driver(neo4j_empty.uri, auth=neo4j_empty.auth) as driver:
        db = neo4j_empty.database
        driver.execute_query("CREATE (:N {id: 1})-[:R]->(:N {id: 2})-[:R]->(:N {id: 3})", database_=db)
        driver.execute_query("CALL gds.graph.project('smoke', 'N', 'R')", database_=db)
        records, _, _ = driver.execute_query(
            "CALL gds.degree.stream('smoke', {orientation: 'UNDIRECTED'}) YIELD nodeId, score "
            "RETURN gds.util.asNode(nodeId).id AS id, score ORDER BY id",
            database_=db,
        )
        driver.execute_query("CALL gds.graph.drop('smoke')", database_=db)
    assert [(r["id"], r["score"]) for r in records] == [(1, 1.0), (2, 2.0), (3, 1.0)]


def test_the_password_is_in_neither_the_command_line_nor_the_servers_logs(neo4j_server: Neo4jServer) -> None:
    """The launcher takes the password from its environment (issue 28): ps and debug.log,
    which any local user or a bug report may show, never hold it."""
    if neo4j_server.process is None:
        pytest.skip("NEO4J_URI names a server these tests did not start")
    command_line = Path(f"/proc/{neo4j_server.process.pid}/cmdline").read_bytes().decode(errors="replace")
    assert "java" in command_line and neo4j_server.password not in command_line
    logs = [p for p in neo4j_server.home.rglob("*.log")] + [neo4j_server.home / "launcher.out"]
    assert any(p.name == "debug.log" for p in logs)
    for log in logs:
        assert neo4j_server.password not in log.read_text(errors="replace"), log
