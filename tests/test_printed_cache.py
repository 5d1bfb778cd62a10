"""The same command again on unchanged data (graphkit/cache/printed.py): it prints, byte for byte,
what the first run printed and writes the same files, from what the first run kept, without
importing pandas; an ingest that changes the data is never answered from older output.
benchmarks/bench_repeat.py measures the time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cache.printed import PREFIX
from graphkit.cli import main
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

ORGANISATION = "organisation:org-000005"
COMMANDS = {
    "report": ["report", ORGANISATION],
    "hypergraph": ["hypergraph", "--measure", "degree"],
    "communities": ["communities"],
    "centrality": ["centrality", "--csv"],
    "similar": ["similar", ORGANISATION],
    "view": ["view", "--top", "50", "-o", "page.html"],
}


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    monkeypatch.chdir(tmp_path)  # view's page.html is written here
    workspace = Workspace(tmp_path / "workspace")
    workspace.save(generate(organisations=80, meetings=200, seed=3))
    return workspace


def run(workspace: Workspace, argv: list[str]) -> tuple[str, str, bytes]:
    """What ``graphkit ARGV`` printed (stdout, stderr) and the page it wrote, if any."""
    page = Path("page.html")
    page.unlink(missing_ok=True)
    result = CliRunner().invoke(main, [*argv, "--workspace", str(workspace.path)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr, page.read_bytes() if page.exists() else b""


def kept(workspace: Workspace) -> list[Path]:
    return sorted((workspace.path / "cache").glob(f"{PREFIX}*"))


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_the_second_run_prints_the_kept_output(workspace, monkeypatch, argv):
    first = run(workspace, argv)
    assert first[0] and len(kept(workspace)) == 1

    def no_load(self, *args, **kwargs):
        raise AssertionError("the dataset was read: the kept output was not used")

    monkeypatch.setattr(Workspace, "load", no_load)
    assert run(workspace, argv) == first  # stdout, stderr and the page, byte for byte


def test_what_the_command_wrote_is_written_back(workspace):
    first = run(workspace, COMMANDS["view"])
    assert first[2].startswith(b"<!DOCTYPE html>")
    assert run(workspace, COMMANDS["view"])[2] == first[2]


def test_a_new_ingest_is_never_answered_from_old_output(workspace):
    before = run(workspace, ["centrality", "--csv", "--top", "0"])
    old = kept(workspace)
    workspace.save(generate(organisations=60, meetings=150, seed=4))
    after = run(workspace, ["centrality", "--csv", "--top", "0"])
    assert after != before
    assert kept(workspace) and not set(kept(workspace)) & set(old)  # the old output went


def test_runs_that_vary_or_fail_are_not_kept(workspace):
    run(workspace, ["communities", "--parallel"])
    result = CliRunner().invoke(main, ["report", "no such actor at all", "--workspace", str(workspace.path)])
    assert result.exit_code != 0
    assert kept(workspace) == []


def test_an_unreadable_file_is_a_miss(workspace):
    first = run(workspace, ["centrality", "--csv"])
    (file,) = kept(workspace)
    file.write_bytes(b"{}\nnot what was kept")
    assert run(workspace, ["centrality", "--csv"]) == first


def test_another_terminal_width_is_another_output(workspace):
    narrow = CliRunner().invoke(main, ["centrality", "--workspace", str(workspace.path)], env={"COLUMNS": "60"})
    wide = CliRunner().invoke(main, ["centrality", "--workspace", str(workspace.path)], env={"COLUMNS": "160"})
    assert narrow.stdout != wide.stdout
    assert len(kept(workspace)) == 2


@pytest.mark.slow  # ~3 s: two CLI processes
def test_a_second_run_imports_no_pandas(workspace):
    """The cached path pays start-up and reading one file: no pandas, numpy or pyarrow."""
    probe = (
        "import json, sys\nfrom graphkit.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "print(json.dumps([name for name in ('pandas', 'numpy', 'pyarrow') if name in sys.modules]), file=sys.stderr)\n"
    )
    argv = ["hypergraph", "--measure", "degree", "--workspace", str(workspace.path)]
    env = {**os.environ, "COLUMNS": "100"}
    runs = [subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=True)
            for _ in range(2)]  # fmt: skip
    assert json.loads(runs[0].stderr.splitlines()[-1]) != []  # the first run computed
    assert json.loads(runs[1].stderr.splitlines()[-1]) == []
    assert runs[1].stdout == runs[0].stdout


@pytest.mark.slow  # ~4 s: two CLI processes
def test_view_writes_the_same_page_in_every_process(workspace, tmp_path):
    """A page computed afresh (another file name: no kept output) equals the first, whatever
    the process's string hashing: its nodes follow the graph's order, not a set's."""
    pages = []
    for seed in ("1", "2"):
        page = tmp_path / f"page-{seed}.html"
        argv = ["view", "--top", "50", "-o", str(page), "--workspace", str(workspace.path)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "graphkit", *argv], capture_output=True, env=env, check=True)
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]
