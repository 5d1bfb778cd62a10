"""One load into a Neo4j database at a time, from any machine: the lock node in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest
from neo4j_fixture import Neo4jServer
from test_neo4j_load import expected_counts, graph_counts, store_of

from graphkit.model.tables import Dataset
from graphkit.stores.neo4j.lock import Neo4jBusy
from graphkit.stores.neo4j.store import changed
from graphkit.synthetic import generate
from graphkit.workspace.lock import hold
from graphkit.workspace.storage import Workspace

ROOT = Path(__file__).resolve().parents[1]
BUSY = "is being loaded by another graphkit (pid"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return generate(organisations=200, meetings=2000, seed=11)


def workspace_with(path: Path, dataset: Dataset) -> Path:
    Workspace(path).save(dataset)
    return path


def load(server: Neo4jServer, workspace: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": server.user,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", "neo4j", "load", "--quiet", "--workspace", str(workspace), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def lock_nodes(server: Neo4jServer) -> list[dict]:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records = driver.execute_query("MATCH (l:GraphkitLock) RETURN l", database_=server.database)[0]
    return [dict(record["l"]) for record in records]


def test_concurrent_loads_from_two_machines_never_double_a_relationship(
    neo4j_empty: Neo4jServer, dataset: Dataset, tmp_path: Path
) -> None:
    # Two workspaces holding the same data stand for two machines: only the database lock is shared.
    first, second = (workspace_with(tmp_path / name, dataset) for name in ("a", "b"))
    expected = expected_counts(dataset)
    outcomes = {"both loaded": 0, "one refused": 0}
    for _ in range(3):
        runs = [load(neo4j_empty, first), load(neo4j_empty, second)]
        results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
        for code, _, err in results:
            assert code == 0 or (
                BUSY in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
            ), err
        outcomes["both loaded" if all(code == 0 for code, _, _ in results) else "one refused"] += 1
        assert graph_counts(neo4j_empty) == expected
        assert lock_nodes(neo4j_empty) == []
    # With --wait both go through, one after the other; still nothing doubled.
    runs = [load(neo4j_empty, first, "--wait"), load(neo4j_empty, second, "--wait")]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.communicate()[1]
    assert graph_counts(neo4j_empty) == expected
    print(outcomes)


def test_a_second_load_refuses_at_once_naming_the_first(
    neo4j_empty: Neo4jServer, dataset: Dataset, tmp_path: Path
) -> None:
    first = load(neo4j_empty, workspace_with(tmp_path / "a", dataset))
    deadline = time.monotonic() + 120
    while not lock_nodes(neo4j_empty):
        assert time.monotonic() < deadline and first.poll() is None, first.communicate()
        time.sleep(0.05)
    with store_of(neo4j_empty) as store, pytest.raises(Neo4jBusy) as caught:
        store.load(dataset)
    message = str(caught.value)
    assert f"{BUSY} {first.pid} on {os.uname().nodename}, graphkit neo4j load, since" in message
    assert "give --wait to wait for it" in message and "\n" not in message
    assert first.wait(timeout=300) == 0
    assert graph_counts(neo4j_empty) == expected_counts(dataset)
    # The same workspace: its own lock refuses first, naming the holder (held here, so that the
    # check does not race a load that may already have finished on a busy machine).
    with hold(tmp_path / "a" / ".lock", "a test holding the workspace"):
        same = load(neo4j_empty, tmp_path / "a")
        _, err = same.communicate(timeout=120)
    assert same.returncode == 1 and f"is in use by another writer (pid {os.getpid()}" in err, err


def test_a_lock_left_by_a_killed_load_is_reported_then_taken_over(
    neo4j_empty: Neo4jServer, dataset: Dataset, tmp_path: Path
) -> None:
    killed = load(neo4j_empty, workspace_with(tmp_path / "a", dataset))
    deadline = time.monotonic() + 120
    while not lock_nodes(neo4j_empty):
        assert time.monotonic() < deadline and killed.poll() is None, killed.communicate()
        time.sleep(0.05)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    (left,) = lock_nodes(neo4j_empty)
    assert left["pid"] == killed.pid
    notices: list[str] = []

    # On this machine the holder's process is gone: the next load takes its lock over at once.
    with store_of(neo4j_empty) as store:
        store.load(dataset, on_notice=notices.append)
    assert len(notices) == 1 and "taking over the load lock" in notices[0]
    assert f"pid {killed.pid}" in notices[0] and "no longer runs on this machine" in notices[0]
    assert graph_counts(neo4j_empty) == expected_counts(dataset)
    assert lock_nodes(neo4j_empty) == []

    # A lock left by a load on another machine is reported, and taken over once it is stale.
    with neo4j.GraphDatabase.driver(neo4j_empty.uri, auth=neo4j_empty.auth) as driver:
        driver.execute_query(
            "CREATE (:GraphkitLock {name: 'load', token: 'elsewhere', holder: 'pid 4242 on elsewhere, "
            "graphkit neo4j load', host: 'elsewhere', pid: 4242, started: datetime(), seen: datetime()})",
            database_=neo4j_empty.database,
        )
    with store_of(neo4j_empty) as store:
        with pytest.raises(
            Neo4jBusy, match=r"pid 4242 on elsewhere, graphkit neo4j load, since .*after 120 s"
        ):
            store.load(dataset)
        time.sleep(1.5)
        notices.clear()
        assert not changed(store.load(dataset, lock_timeout=1, on_notice=notices.append))
    assert (
        len(notices) == 1
        and "gave no sign of life for" in notices[0]
        and "pid 4242 on elsewhere" in notices[0]
    )
    assert lock_nodes(neo4j_empty) == []
    assert graph_counts(neo4j_empty) == expected_counts(dataset)


def test_a_long_load_keeps_its_lock_alive(neo4j_empty: Neo4jServer, dataset: Dataset) -> None:
    """The holder says it is alive while it runs, so a short timeout does not let a second load in."""
    seen: list[object] = []

    def look(step) -> None:
        nodes = lock_nodes(neo4j_empty)
        if nodes and step.rows_done > step.rows_total / 2 and not seen:
            # Outlive the timeout (with room for a loaded machine): only the heartbeat keeps
            # the lock fresh now.
            time.sleep(3.0)
            seen.append(lock_nodes(neo4j_empty)[0]["seen"])
            with store_of(neo4j_empty) as other, pytest.raises(Neo4jBusy):
                other.load(dataset, lock_timeout=2.0)

    with store_of(neo4j_empty, batch_size=200) as store:
        store.load(dataset, lock_timeout=2.0, on_batch=look)
    assert seen
    assert graph_counts(neo4j_empty) == expected_counts(dataset)
