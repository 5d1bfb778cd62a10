"""One writer per workspace: concurrent ingests, leftovers of killed runs, shared permissions."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.stores.embedded import EmbeddedStore, build_workspace_graph
from graphkit.workspace import Workspace
from graphkit.workspace.lock import WorkspaceBusy

ROOT = Path(__file__).resolve().parents[1]
EC_FILE = "ec-meetings/ec-cabinet-meetings-2019-2023.jsonl"  # a few seconds to ingest


def graphkit(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def wait_for_holder(workspace: Path, pid: int, timeout: float = 60.0) -> None:
    """Until process ``pid`` holds the workspace lock (it signs the lock file once it has it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lock = workspace / ".lock"
        if lock.exists() and f"pid {pid} " in lock.read_text():
            return
        time.sleep(0.02)
    raise AssertionError(f"pid {pid} never took the workspace lock")


def sources_of(workspace: Path) -> set[str]:
    return set(Workspace(workspace).files()["name"])


def no_leftovers(workspace: Path) -> None:
    hidden = [
        p.relative_to(workspace)
        for p in [
            *workspace.iterdir(),
            *(workspace / "snapshots").iterdir(),
            *(workspace / "records").iterdir(),
        ]
        if p.name.startswith((".staging-", ".tables-", ".graph-"))
    ]
    assert hidden == []
    assert len([p for p in (workspace / "snapshots").iterdir()]) == 1


def test_a_second_ingest_refuses_with_one_line_then_waits_and_keeps_both(
    tmp_path: Path, shared_data: Path, seed_page: Path
) -> None:
    ws = tmp_path / "ws"
    first = graphkit("ingest", shared_data / EC_FILE, "--workspace", ws)
    wait_for_holder(ws, first.pid)
    refused = graphkit("ingest", seed_page, "--workspace", ws)
    waiting = graphkit("ingest", seed_page, "--workspace", ws, "--wait")
    out, err = refused.communicate(timeout=120)
    assert refused.returncode == 1, (out, err)
    lines = err.strip().splitlines()
    assert lines == [
        f"Error: workspace {ws} is in use by another writer (pid {first.pid} on {os.uname().nodename}, "
        f"graphkit ingest, since {lines[0].split('since ')[1].split(')')[0]}): run again when it is done, "
        "or give --wait to wait for it"
    ]
    assert "Traceback" not in err
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert f"waiting: workspace {ws} is in use by another writer (pid {first.pid}" in err
    assert first.wait(timeout=300) == 0
    assert sources_of(ws) == {Path(EC_FILE).name, seed_page.name}
    no_leftovers(ws)


def test_concurrent_ingests_never_lose_a_dataset(tmp_path: Path, shared_data: Path, seed_page: Path) -> None:
    """Two ingests started together, again and again: each either lands or refuses with the line,
    and what landed is all in the workspace (before the lock, the second silently won)."""
    outcomes = {"both": 0, "one refused": 0}
    for attempt in range(3):
        ws = tmp_path / f"ws{attempt}"
        runs = {
            Path(EC_FILE).name: graphkit("ingest", shared_data / EC_FILE, "--workspace", ws),
            seed_page.name: graphkit("ingest", seed_page, "--workspace", ws),
        }
        landed = set()
        for name, run in runs.items():
            _, err = run.communicate(timeout=300)
            if run.returncode == 0:
                landed.add(name)
            else:
                assert "is in use by another writer (pid" in err and "Traceback" not in err, err
        assert landed and sources_of(ws) == landed
        outcomes["both" if len(landed) == 2 else "one refused"] += 1
        no_leftovers(ws)
    print(outcomes)


def test_ingest_in_python_refuses_while_the_workspace_is_held(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    before = workspace.load()
    held = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from graphkit.workspace import Workspace\n"
            "with Workspace(sys.argv[1]).writing('a test'):\n    print('held', flush=True); time.sleep(60)",
            str(workspace.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert held.stdout.readline().strip() == "held"
        with pytest.raises(WorkspaceBusy, match=rf"pid {held.pid} .*a test"):
            ingest([seed_page], workspace)
        with pytest.raises(WorkspaceBusy):
            build_workspace_graph(workspace)
        # Readers keep reading, and a query builds the graph it needs in memory, saving nothing.
        assert workspace.load().equals(before)
        with EmbeddedStore.for_workspace(workspace) as store:
            assert store.path is None
            assert store.run("MATCH (o:Organisation) RETURN count(o) AS n")["n"][0] > 0
        assert not (workspace.path / "graph.kgl").exists()
        result = CliRunner().invoke(
            main, ["query", "--write", "CREATE (:Topic {id: 'topic:x'})", "--workspace", str(workspace.path)]
        )
        assert result.exit_code == 1 and "is in use by another writer" in result.output
    finally:
        held.kill()
        held.wait()
    # The kernel let go of the killed holder's lock: the next writer goes on.
    ingest([seed_page], workspace)


@pytest.mark.slow  # ~5-9 s: two writer processes, one after the other holds the lock (make test runs it)
def test_concurrent_embedded_writes_both_land(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    build_workspace_graph(workspace)
    runs = [
        graphkit(
            "query",
            "--write",
            "--wait",
            f"CREATE (:Topic {{id: 'topic:w{i}'}})",
            "--workspace",
            workspace.path,
        )
        for i in range(4)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    with EmbeddedStore.for_workspace(workspace) as store:
        found = store.run("MATCH (t:Topic) WHERE t.id STARTS WITH 'topic:w' RETURN t.id AS id")["id"]
    assert sorted(found) == [f"topic:w{i}" for i in range(4)]


def test_the_next_writer_cleans_what_killed_runs_left(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    ws = workspace.path
    leftovers = [
        ws / "snapshots" / ".staging-abc123",
        ws / "records" / ".staging-def456",
        ws / "snapshots" / "0123456789abcdef",  # renamed into place, never linked: killed before the swap
    ]
    for folder in leftovers:
        folder.mkdir()
        (folder / "actors.parquet").write_bytes(b"partial")
    (ws / ".tables-99999").symlink_to("snapshots/0123456789abcdef")
    (ws / ".graph-x1y2.kgl").write_bytes(b"\0" * 1024)
    leftovers += [ws / ".tables-99999", ws / ".graph-x1y2.kgl"]
    old = time.time() - 60
    for path in leftovers:
        os.utime(path, (old, old), follow_symlinks=False)
    # What a run still going (newer than this one's start) writes is left alone.
    current = ws / "snapshots" / ".staging-current"
    current.mkdir()
    os.utime(current, (time.time() + 60, time.time() + 60))
    current_link = ws / ".tables-12345"
    current_link.symlink_to("snapshots/nowhere")
    os.utime(current_link, (time.time() + 60, time.time() + 60), follow_symlinks=False)

    result = CliRunner().invoke(main, ["ingest", str(seed_page), "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    assert [p for p in leftovers if p.exists() or p.is_symlink()] == []
    assert current.is_dir() and current_link.is_symlink()
    assert workspace.load().counts()["meetings"] == 18


def test_leftovers_are_cleaned_only_while_holding_the_lock(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    staging = workspace.path / "snapshots" / ".staging-old"
    staging.mkdir()
    os.utime(staging, (time.time() - 60, time.time() - 60))
    workspace.load()  # a reader cleans nothing
    assert staging.exists()
    with workspace.writing("a test") as removed:
        assert removed == [staging]


@pytest.mark.parametrize("mode", [0o750, 0o770, 0o2770])
def test_workspace_files_keep_the_workspace_directory_permissions(
    tmp_path: Path, seed_page: Path, mode: int
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    ws.chmod(mode)
    previous = os.umask(0o077)  # the strictest a user may have: new files would be 0600
    try:
        result = CliRunner().invoke(main, ["ingest", str(seed_page), "--workspace", str(ws)])
        assert result.exit_code == 0, result.output
        build_workspace_graph(Workspace(ws))
        CliRunner().invoke(main, ["ingest", str(seed_page), "--workspace", str(ws)])
    finally:
        os.umask(previous)
    folders = [p for p in ws.rglob("*") if p.is_dir() and not p.is_symlink()]
    files = [p for p in ws.rglob("*") if p.is_file() and not p.is_symlink()]
    assert {p.name for p in files} >= {"actors.parquet", "graph.kgl", "graph.kgl.json", ".lock"}
    assert {p.relative_to(ws).parts[0] for p in folders} == {"snapshots", "records"}
    assert {oct(p.stat().st_mode & 0o7777) for p in folders} == {oct(mode)}
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(mode & 0o666)}
    group_readable = [p for p in files if p.stat().st_mode & 0o040]
    assert group_readable == files
