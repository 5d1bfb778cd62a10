"""A Neo4j server that dies in the middle of ``graphkit neo4j load``, run as a user runs it (its
own process): the interrupted load says so in one line without a traceback, and after the server
restarts the same command completes the load, to a graph equal to a clean load of the same data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.synthetic import generate
from graphkit.workspace import Workspace


def graph_dump(server: Neo4jServer) -> dict[str, list[str]]:
    """Every node (labels, properties) and relationship (type, end ids, properties) of the
    database, as sorted JSON lines: two equal dumps are the same graph."""
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        nodes = driver.execute_query(
            "MATCH (n) WHERE NOT n:GraphkitLock RETURN labels(n) AS labels, properties(n) AS props",
            database_=server.database,
        )[0]
        rels = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props",
            database_=server.database,
        )[0]
        locks = driver.execute_query(
            "MATCH (l:GraphkitLock) RETURN count(l) AS n", database_=server.database
        )[0]

    def line(value: dict) -> str:
        return json.dumps(value, sort_keys=True, default=str)

    return {
        "nodes": sorted(line({"labels": sorted(r["labels"]), **r["props"]}) for r in nodes),
        "relationships": sorted(
            line({"type": r["type"], "start": r["start"], "end": r["end"], **r["props"]}) for r in rels
        ),
        "locks": [str(locks[0]["n"])],
    }


def relationship_count(server: Neo4jServer) -> int:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        return driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=server.database)[0][0][
            "n"
        ]


def load_command(server: Neo4jServer, workspace: Path) -> tuple[list[str], dict[str, str]]:
    args = [sys.executable, "-m", "graphkit", "neo4j", "load", "--workspace", str(workspace), "--quiet"]
    args += ["--batch-size", "50"]  # many small transactions: a load that lasts, to be cut
    env = {
        **os.environ,
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": server.user,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
    }
    return args, env


def test_server_killed_during_the_cli_load_then_the_same_command_completes_it(
    neo4j_empty: Neo4jServer, tmp_path: Path
) -> None:
    if not neo4j_empty.managed:
        pytest.skip("needs the test's own server to kill (NEO4J_URI points at yours)")
    workspace = Workspace(tmp_path / "ws")
    workspace.save(generate(organisations=300, meetings=3000, seed=13))
    args, env = load_command(neo4j_empty, workspace.path)

    load = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while relationship_count(neo4j_empty) == 0:  # the nodes are in; relationships are going in
        assert load.poll() is None, load.communicate()
        assert time.monotonic() < deadline, "the load wrote no relationship in 120 s"
        time.sleep(0.1)
    neo4j_empty.kill()  # SIGKILL: no clean shutdown, as a crash or a pulled cable
    out, err = load.communicate(timeout=120)
    lines = [line for line in err.splitlines() if line.strip()]
    assert load.returncode == 1, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("Error: ") and "run the load again to complete it" in lines[0], err
    assert "lost the connection to Neo4j" in lines[0] or "cannot connect to Neo4j" in lines[0], err
    assert neo4j_empty.password not in out + err

    neo4j_empty.start()  # recovery of the killed store, same data directory
    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    after_rerun = graph_dump(neo4j_empty)

    empty_database(neo4j_empty)
    clean = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    clean_load = graph_dump(neo4j_empty)
    assert after_rerun["locks"] == clean_load["locks"] == ["0"]  # the killed load's lock is gone too
    assert len(after_rerun["relationships"]) == len(clean_load["relationships"]) > 0
    assert after_rerun == clean_load
