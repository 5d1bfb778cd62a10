"""Ctrl-C on a runaway ``graphkit query``, on both stores: the CLI runs as its own process (as a
user runs it), SIGINT is sent while the query runs, and the query stops with one clear line, no
traceback and exit status 130; on Neo4j the server no longer runs it afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
import query_expected as qe
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.ingest import ingest
from graphkit.stores.neo4j.store import Neo4jStore
from graphkit.workspace import Workspace

# Never ends on the seed page's graph within the test's patience (paths of up to 12 hops).
RUNAWAY = "MATCH p = (a)-[*..12]-(b) RETURN count(p)"
RUNS_FOR = 4.0  # seconds the query runs before Ctrl-C: past start-up, well inside the query


def graphkit_process(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds the process and its running children (the embedded store
    runs a query in a child) have used (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def interrupt(process: subprocess.Popen, after: float = RUNS_FOR, *, cpu: bool = True) -> tuple[int, str, str, float]:
    """Ctrl-C once the process has worked ``after`` seconds (CPU, not wall-clock: on a busy
    machine start-up alone can take longer than that in wall time): exit status, stdout, stderr
    and seconds to stop. ``cpu=False``: after ``after`` seconds of wall-clock time."""
    if not cpu:  # a client waiting on a server uses little CPU of its own
        time.sleep(after)
    deadline = time.monotonic() + 20 * after
    while cpu and _cpu_seconds(process.pid) < after and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()  # the query was still running
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"Ctrl-C did not stop the query within 30 s: {err}")
    return process.returncode, out, err, time.monotonic() - sent


def assert_stopped_cleanly(code: int, out: str, err: str) -> None:
    assert code == 130, (code, err)
    assert err.strip() == "Error: stopped by Ctrl-C: the query was cancelled", err
    assert "Traceback" not in err and out == ""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interrupt") / "ws"
    ingest([qe.SEED_PAGE], Workspace(path))
    return path


@pytest.mark.slow  # ~6 s: two CLI processes and the seconds the query runs
def test_ctrl_c_stops_an_embedded_query(workspace: Path) -> None:
    # The embedded graph built first, so the runaway query is what Ctrl-C meets.
    warm = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", "--workspace", str(workspace), "RETURN 1 AS one"],
        capture_output=True,
        text=True,
    )
    assert warm.returncode == 0, warm.stderr
    process = graphkit_process(["query", "--workspace", str(workspace), "--timeout", "0", RUNAWAY])
    code, out, err, took = interrupt(process)
    assert_stopped_cleanly(code, out, err)
    assert took < 10


@pytest.fixture(scope="module")
def loaded(neo4j_server: Neo4jServer, workspace: Path) -> Iterator[dict[str, str]]:
    """The seed page in the test Neo4j; the environment naming that server."""
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()
    empty_database(neo4j_server)
    with Neo4jStore(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    ) as store:
        store.load(Workspace(workspace).load())
    yield {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }


def running_queries(server: Neo4jServer) -> list[str]:
    """The queries of the server's other transactions now running."""
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery, status RETURN currentQuery, status",
            database_=server.database,
        )
    return [r["currentQuery"] for r in records if "SHOW TRANSACTIONS" not in (r["currentQuery"] or "")]


def test_ctrl_c_stops_a_neo4j_query_on_the_server_too(
    loaded: dict[str, str], neo4j_server: Neo4jServer, workspace: Path
) -> None:
    process = graphkit_process(
        ["query", "--workspace", str(workspace), "--store", "neo4j", "--timeout", "0", RUNAWAY], env=loaded
    )
    deadline = time.monotonic() + 30  # start-up, connecting, the read-only check
    while not any("[*..12]" in q for q in running_queries(neo4j_server)):  # the server runs it
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.2)
    code, out, err, took = interrupt(process, after=1.0, cpu=False)
    assert_stopped_cleanly(code, out, err)
    assert neo4j_server.password not in err
    assert took < 10
    deadline = time.monotonic() + 10
    while any("[*..12]" in q for q in running_queries(neo4j_server)):
        assert time.monotonic() < deadline, "the server still runs the cancelled query"
        time.sleep(0.5)
