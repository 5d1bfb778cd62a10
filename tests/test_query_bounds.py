"""Every embedded query bounded: ``graphkit query`` runs as its own process (as a user runs it) on
a generated workspace, and a runaway query is stopped at ``--timeout``, on Ctrl-C and at
``--max-memory`` with one line, leaving no process behind, even when the engine never looks at
the clock (a frozen child). Also: one graph build at a time, and a file-size fault while the
graph is saved (RLIMIT_FSIZE, a real EFBIG from the kernel) gives one line."""

from __future__ import annotations

import os
import re
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.stores.bounded import GIB, QueryTimeout, memory_message, run_bounded, timeout_message
from graphkit.stores.embedded import BUILD_LOCK_FILE, GRAPH_FILE, build_workspace_graph
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

# A cartesian product sorted in full: minutes of work and about 100 MB more memory a second on
# the generated workspace below, wherever kglite looks at its clock.
RUNAWAY = "MATCH (a), (b) WITH a, b ORDER BY a.name, b.name RETURN count(*)"
SMALL = "MATCH (o:Organisation) RETURN count(o) AS n"


def generated(path: Path, organisations: int = 500, meetings: int = 1_500) -> Workspace:
    workspace = Workspace(path)
    workspace.save(generate(organisations=organisations, meetings=meetings, seed=0))
    return workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = generated(tmp_path_factory.mktemp("bounds") / "ws")
    build_workspace_graph(ws)  # built first: what the limits meet is the query
    return ws.path


def query(workspace: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", "query", "--workspace", str(workspace), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


def child_of(process: subprocess.Popen, patience: float = 60) -> int:
    """The pid of the process's child (the query), once it has one."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.02)
    pytest.fail("graphkit query started no child process for the query")


def error_lines_until(
    process: subprocess.Popen, wanted: str, patience: float = 60
) -> tuple[list[str], float]:
    """The lines the process writes to stderr up to the first that starts with ``wanted``, and
    when (time.monotonic()) that one came."""
    deadline = time.monotonic() + patience
    buffer = b""
    while not any(line.startswith(wanted) for line in buffer.decode().split("\n")[:-1]):
        ready, _, _ = select.select([process.stderr], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            process.kill()
            pytest.fail(f"no line starting {wanted!r} on stderr within {patience} s: {buffer!r}")
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            pytest.fail(f"stderr ended without a line starting {wanted!r}: {buffer!r}")
        buffer += chunk
    return buffer.decode().split("\n")[:-1], time.monotonic()


def first_error_line(process: subprocess.Popen, patience: float = 60) -> tuple[str, float]:
    """The first line the process writes to stderr and when (time.monotonic()) it came."""
    lines, when = error_lines_until(process, "", patience)
    return lines[0], when


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out.decode(), err.decode()


def gone(pid: int) -> bool:
    """True when ``pid`` no longer runs (reaped, or a zombie waiting to be)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.slow  # ~5 s
def test_a_query_that_never_looks_at_the_clock_is_still_stopped(workspace: Path) -> None:
    # SIGSTOP freezes the query where it is, as native code that checks neither its deadline nor
    # Ctrl-C would: the limit must hold from outside it.
    process = query(workspace, "--timeout", "2", RUNAWAY)
    child = child_of(process)
    started = time.monotonic()
    os.kill(child, signal.SIGSTOP)
    line, stopped = first_error_line(process)
    finish(process)
    assert line == f"Error: {timeout_message(2)}"
    assert stopped - started < 2 + 2
    assert gone(child)


@pytest.mark.slow  # ~5 s
def test_ctrl_c_stops_a_runaway_query_within_two_seconds(workspace: Path) -> None:
    process = query(workspace, "--timeout", "0", RUNAWAY)
    child = child_of(process)
    time.sleep(1.5)  # well inside the query
    os.kill(child, signal.SIGSTOP)  # and deaf to signals, like a native loop
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    line, stopped = first_error_line(process)
    code, out, _ = finish(process)
    assert line == "Error: stopped by Ctrl-C: the query was cancelled"
    assert stopped - sent < 2
    assert code == 130 and out == ""
    assert gone(child)


@pytest.mark.slow  # ~5 s
def test_a_killed_graphkit_query_leaves_no_query_running(workspace: Path) -> None:
    process = query(workspace, "--timeout", "0", RUNAWAY)
    child = child_of(process)
    process.kill()  # SIGKILL: no clean-up of its own runs
    process.wait(timeout=10)
    deadline = time.monotonic() + 2
    while not gone(child):
        assert time.monotonic() < deadline, "the query's process outlived graphkit query"
        time.sleep(0.02)


@pytest.mark.slow  # ~5 s
def test_the_memory_ceiling_refuses_with_one_line(workspace: Path) -> None:
    process = query(workspace, "--timeout", "0", "--max-memory", "0.25", RUNAWAY)
    child = child_of(process)
    code, out, err = finish(process)
    assert err.strip() == f"Error: {memory_message(GIB // 4)}", err
    assert code == 1 and out == ""
    assert gone(child)


def test_native_code_holding_the_interpreter_is_stopped_at_the_deadline() -> None:
    # A catastrophic regular expression runs in C without releasing the GIL or looking at signals.
    backtracking = re.compile(r"(a+)+b")
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        run_bounded(lambda: backtracking.match("a" * 64), timeout=0.5)
    assert time.monotonic() - started < 0.5 + 1.5


@pytest.mark.slow  # ~10 s: two CLI processes and a graph build
def test_two_first_queries_build_the_graph_once(tmp_path: Path) -> None:
    ws = generated(tmp_path / "ws", organisations=300, meetings=900)
    first = query(ws.path, "--csv", SMALL)
    lock = ws.path / BUILD_LOCK_FILE
    deadline = time.monotonic() + 60
    while "the embedded graph build" not in (lock.read_text() if lock.exists() else ""):
        assert first.poll() is None and time.monotonic() < deadline, finish(first)
        time.sleep(0.01)
    os.kill(first.pid, signal.SIGSTOP)  # the first holds the build: keep it there
    try:
        second = query(ws.path, "--csv", SMALL)
        lines, _ = error_lines_until(second, "waiting:")
    finally:
        os.kill(first.pid, signal.SIGCONT)
    results = [finish(first), finish(second)]
    assert [code for code, _, _ in results] == [0, 0], results
    assert [out.split() for _, out, _ in results] == [["n", "300"], ["n", "300"]]
    # The second waited for the first's build and then read it (it never built one of its own:
    # that would have gone on at once, in memory, with no wait).
    assert "the embedded graph build" in lines[-1], lines


def _file_size_limit() -> None:
    # As a full disk does to a write: the kernel refuses it (EFBIG), the process lives on.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))


@pytest.mark.slow  # ~4 s
def test_no_room_for_the_graph_is_one_line(tmp_path: Path) -> None:
    ws = generated(tmp_path / "ws", organisations=100, meetings=300)
    done = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", "--workspace", str(ws.path), SMALL],
        capture_output=True,
        text=True,
        preexec_fn=_file_size_limit,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[-1] == (
        f"Error: {ws.path / GRAPH_FILE}: cannot save the embedded graph (File too large (os error 27)); "
        "free some space and run again"
    )
    assert not (ws.path / GRAPH_FILE).exists()
    assert not list(ws.path.glob(".graph-*.kgl"))  # nothing half-written left behind
