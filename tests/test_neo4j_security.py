"""Against the real test Neo4j: read mode refuses what would read the server's files, abort other
clients, or fill the server's memory and disk; ad-hoc queries run in a READ transaction and stop
at their timeout; and no failing command prints the password, nor a traceback unless --debug."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import query_expected as qe
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, empty_database, free_port

from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.stores.neo4j.store import Neo4jStore
from graphkit.workspace import Workspace


@pytest.fixture(scope="module")
def loaded(
    neo4j_server: Neo4jServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict]]:
    """The seed page in a workspace and in the test Neo4j; the environment naming that server."""
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()
    empty_database(neo4j_server)
    path = tmp_path_factory.mktemp("neo4j-security") / "ws"
    dataset = ingest([qe.SEED_PAGE], Workspace(path)).dataset
    with Neo4jStore(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    ) as store:
        store.load(dataset)
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }
    yield path, env


def graphkit(env: dict, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def graph_names(server: Neo4jServer) -> set[str]:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query("CALL gds.graph.list() YIELD graphName RETURN graphName")
    return {r["graphName"] for r in records}


# -- read mode ---------------------------------------------------------------------------------

REFUSED = [
    ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "load-csv"),
    ("TERMINATE TRANSACTION 'neo4j-transaction-1'", "terminate"),
    ("SHOW TRANSACTIONS", "commands"),
    ("CALL gds.graph.generate('huge', 50000000, 100)", "gds-write"),
    ("CALL gds.graph.export('g', {dbName: 'x'})", "gds-write"),
    ("CALL gds.graph.project('g', '*', '*')", "gds-write"),
    ("MATCH (a)-[:MET]->(b) WITH gds.graph.project('g2', a, b) AS g RETURN g.nodeCount", "gds-write"),
    ("CALL db.stats.collect('QUERIES')", "procedures"),
    ("CALL dbms.listConfig()", "procedures"),
]


@pytest.mark.parametrize(("cypher", "rule"), REFUSED)
def test_read_mode_refuses_and_says_which_rule(
    loaded: tuple[Path, dict], neo4j_server: Neo4jServer, cypher: str, rule: str
) -> None:
    path, env = loaded
    code, out, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", "--json", cypher)
    assert code == 1
    assert f"refused by the {rule} rule" in err and "--write" in err
    assert "root:" not in out and "Traceback" not in err
    if neo4j_server.gds:
        assert not graph_names(neo4j_server) & {"huge", "g", "g2"}  # nothing ran


def test_reads_and_listed_procedures_run(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    for cypher, expected in [
        ("MATCH (o:Organisation)-[:MET]->(m:MEP) RETURN count(DISTINCT m) AS meps", '"meps"'),
        ("CALL db.labels() YIELD label RETURN label", "Organisation"),
        ("CALL dbms.components() YIELD name RETURN name", "Neo4j Kernel"),
        ("SHOW INDEXES YIELD name RETURN count(*) AS indexes", '"indexes"'),
    ]:
        code, out, err = graphkit(
            env, "query", "--workspace", str(path), "--store", "neo4j", "--json", cypher
        )
        assert code == 0, err
        assert expected in out


def test_read_queries_run_in_a_read_transaction_the_server_enforces(
    loaded: tuple[Path, dict], neo4j_server: Neo4jServer
) -> None:
    path, env = loaded
    # Past graphkit's checks (a listed procedure, query type "s"), the server itself refuses the write.
    code, _, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j",
        "CALL dbms.components() YIELD name CREATE (:Leak {name: name}) RETURN name",
    )  # fmt: skip
    assert code == 1 and "refused by the read-access-mode rule" in err
    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as store:
        with pytest.raises(GraphkitError, match="read-access-mode"):
            store.read("CREATE (:Leak)")
        assert store.run("MATCH (n:Leak) RETURN count(n) AS n")["n"].iloc[0] == 0


def test_write_lifts_the_read_policy(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    code, out, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--write", "--json",
        "CALL db.stats.collect('QUERIES') YIELD section RETURN section",
    )  # fmt: skip
    assert code == 0, err
    assert "QUERIES" in out
    code, _, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--allow-files", str(path), "RETURN 1"
    )
    assert code == 1 and "--allow-files is for the embedded store" in err


def test_a_runaway_query_stops_at_the_timeout(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    started = time.monotonic()
    code, _, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--timeout", "1",
        "MATCH p = (a)-[*..12]-(b) RETURN count(p)",
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert code == 1
    assert "the query ran past the 1 s limit and Neo4j stopped it" in err and "Traceback" not in err
    assert elapsed < 15


def test_two_statements_are_refused_as_on_the_embedded_store(
    loaded: tuple[Path, dict], neo4j_server: Neo4jServer
) -> None:
    path, env = loaded
    for extra in ([], ["--write"]):
        code, out, err = graphkit(
            env, "query", "--workspace", str(path), "--store", "neo4j", *extra,
            "MERGE (:Leak {n: 1}) RETURN 1 AS a; MERGE (:Leak {n: 2}) RETURN 2 AS b",
        )  # fmt: skip
        assert code == 1 and out == ""
        assert "the query holds 2 statements separated by ';'" in err and "Traceback" not in err
    code, out, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--json", "RETURN 1 AS a;"
    )
    assert code == 0, err
    assert '"a": 1' in out
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        assert driver.execute_query("MATCH (n:Leak) RETURN count(n) AS n")[0][0]["n"] == 0


# -- credentials and faults --------------------------------------------------------------------


def faults(server: Neo4jServer) -> dict[str, tuple[dict[str, str], str | tuple[str, ...]]]:
    """Each way to point graphkit at a Neo4j that will fail, with what the one line must say."""
    host_port = server.uri.split("://", 1)[1]
    password = server.password
    return {
        "password in the URI": (
            {"NEO4J_URI": f"bolt://{server.user}:{password}@{host_port}", "NEO4J_PASSWORD": password},
            "holds a user name or password",
        ),
        "password in the URI, another password set": (
            {"NEO4J_URI": f"neo4j://{server.user}:{password}@{host_port}", "NEO4J_PASSWORD": "other-one"},
            "holds a user name or password",
        ),
        "HTTP URI": ({"NEO4J_URI": f"http://{host_port}", "NEO4J_PASSWORD": password}, "is an HTTP address"),
        "nothing on the port": (
            {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": password},
            "connection refused",
        ),
        "unknown host": (
            {"NEO4J_URI": "bolt://graphkit-no-such-host.invalid:7687", "NEO4J_PASSWORD": password},
            "cannot connect to Neo4j",
        ),
        "no such database": (
            {"NEO4J_URI": server.uri, "NEO4J_PASSWORD": password, "NEO4J_DATABASE": "nosuchdb"},
            "has no database",
        ),
        # Last: after three tries the server locks the user out for a few seconds.
        "wrong password": (
            {"NEO4J_URI": server.uri, "NEO4J_PASSWORD": password + "-wrong"},
            ("refused the credentials", "out after too many failed logins"),
        ),
    }


def test_no_failing_command_prints_the_password(loaded: tuple[Path, dict], neo4j_server: Neo4jServer) -> None:
    path, _ = loaded
    commands = {
        "neo4j load": ["neo4j", "load", "--quiet", "--workspace", str(path)],
        "neo4j centrality": ["neo4j", "centrality", "--measure", "degree"],
        "query": ["query", "--workspace", str(path), "--store", "neo4j", "MATCH (n) RETURN count(n)"],
    }
    runs = 0
    for fault, (env, expected) in faults(neo4j_server).items():
        env = {"NEO4J_USERNAME": neo4j_server.user, "NEO4J_DATABASE": neo4j_server.database, **env}
        for name, args in commands.items():
            for debug in (False, True):
                argv = [*args[:2], "--debug", *args[2:]] if debug and args[0] == "neo4j" else [*args]
                if debug and args[0] == "query":
                    argv.insert(1, "--debug")
                code, out, err = graphkit(env, *argv)
                runs += 1
                what = f"{fault}, {name}{' --debug' if debug else ''}"
                assert code == 1, what
                assert neo4j_server.password not in out + err, what
                lines = [line for line in err.splitlines() if line.strip()]
                said = (expected,) if isinstance(expected, str) else expected
                assert lines[-1].startswith("Error: ") and any(s in lines[-1] for s in said), (what, err)
                if debug:
                    assert "Traceback" in err, what
                else:
                    assert len(lines) == 1 and "Traceback" not in err, (what, err)
    assert runs == 7 * 3 * 2
    wait_until_the_lock_out_ends(neo4j_server)


def wait_until_the_lock_out_ends(server: Neo4jServer, seconds: float = 30.0) -> None:
    """The wrong passwords above lock the test user out for a few seconds: wait that out, so the
    tests after these log in."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
                driver.verify_connectivity()
            return
        except neo4j.exceptions.Neo4jError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
