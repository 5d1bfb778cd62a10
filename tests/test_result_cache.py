"""The second analysis command on a workspace (graphkit/cache/results.py, the lazy imports of
graphkit/cli/analysis_commands.py): it prints what the first printed, reads neither the dataset
nor the analysis libraries, and an ingest that changes the dataset is never answered from an
older result. benchmarks/bench_cli.py measures the time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cache import results as results_module
from graphkit.cache.graphs import CACHE_DIR
from graphkit.cache.results import KEPT_PER_SNAPSHOT, PREFIX, cached_result
from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

SOURCES = Path(__file__).parent / "fixtures" / "sources"
COMMANDS = (
    ["centrality", "--measure", "pagerank", "--top", "5"],
    ["centrality", "--measure", "degree", "--by", "category", "--top", "2"],
    ["communities", "--top", "3"],
    ["communities", "--members"],
    ["similar", "organisation:org-000005"],
)
# Not needed to print a kept result (pandas and pyarrow read it).
ANALYSIS = ["networkx", "scipy", "igraph", "networkit", "neo4j", "matplotlib", "rapidfuzz", "numba"]


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    workspace = Workspace(tmp_path / "workspace")
    workspace.save(generate(organisations=80, meetings=200, seed=3))
    return workspace


def run(workspace: Workspace, argv: list[str]) -> str:
    result = CliRunner().invoke(main, [*argv, "--workspace", str(workspace.path)])
    assert result.exit_code == 0, result.output
    return result.output


def forget_printed(workspace: Workspace) -> None:
    """Remove what graphkit.cache.printed kept, so that the same command again reads the kept
    result (tests/test_printed_cache.py tests the printed output)."""
    for kept in (workspace.path / CACHE_DIR).glob("printed-*"):
        kept.unlink()


def results(workspace: Workspace) -> list[str]:
    return sorted(path.name for path in (workspace.path / CACHE_DIR).glob(f"{PREFIX}*"))


def loaded_by(*runs: list[str]) -> list[list[str]]:
    """The libraries of :data:`ANALYSIS` loaded after each ``graphkit ARGV`` of ``runs``, run one
    after another in one fresh process."""
    probe = "import json, sys\nfrom graphkit.cli import main\n"
    for argv in runs:
        probe += (
            f"try:\n    main({argv!r})\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
            "print(json.dumps(sorted(sys.modules)))\n"
        )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith('["')]
    return [[name for name in ANALYSIS if name in set(json.loads(line))] for line in lines]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fmt", ["--table", "--csv", "--json"])
def test_the_second_run_prints_what_the_first_printed(workspace, monkeypatch, argv, fmt):
    first = run(workspace, [*argv, fmt])
    assert len(results(workspace)) == 1

    def no_load(self, *args, **kwargs):
        raise AssertionError("the kept result was not used")

    monkeypatch.setattr(Workspace, "load", no_load)
    forget_printed(workspace)
    assert run(workspace, [*argv, fmt]) == first


def test_another_top_is_cut_from_the_kept_table(workspace):
    everything = run(workspace, ["centrality", "--top", "0", "--csv"]).splitlines()
    assert run(workspace, ["centrality", "--top", "7", "--csv"]).splitlines() == everything[:8]
    assert len(results(workspace)) == 1  # the same result, printed otherwise


def test_parameters_are_kept_apart(workspace):
    degree = run(workspace, ["centrality", "--measure", "degree", "--csv"])
    pagerank = run(workspace, ["centrality", "--measure", "pagerank", "--csv"])
    windowed = run(workspace, ["centrality", "--measure", "degree", "--term", "2019-2024", "--csv"])
    assert len({degree, pagerank, windowed}) == 3
    assert len(results(workspace)) == 3
    assert run(workspace, ["centrality", "--measure", "degree", "--csv"]) == degree


def test_a_new_ingest_is_never_answered_from_the_old_result(tmp_path, seed_page):
    workspace = Workspace(tmp_path / "workspace")
    ingest([seed_page], workspace)
    before = run(workspace, ["centrality", "--csv", "--top", "0"])
    old = results(workspace)
    ingest([SOURCES / "ep-export-official.csv", SOURCES / "integritywatch-sample.csv"], workspace)
    after = run(workspace, ["centrality", "--csv", "--top", "0"])
    assert after != before
    assert results(workspace) and not set(results(workspace)) & set(old)  # the old one went
    (workspace.path / CACHE_DIR).joinpath(results(workspace)[0]).unlink()
    forget_printed(workspace)
    assert run(workspace, ["centrality", "--csv", "--top", "0"]) == after  # computed again: the same


def test_parallel_communities_are_computed_each_time(workspace):
    run(workspace, ["communities", "--parallel"])
    assert results(workspace) == []


def test_notes_are_said_again(workspace):
    calls = []

    def compute(note):
        calls.append(1)
        note("one")
        note("two")
        return generate(organisations=5, meetings=5, seed=0).actors, "title"

    first = cached_result(workspace, "test", {"x": 1}, compute)
    again = cached_result(workspace, "test", {"x": 1}, compute)
    assert calls == [1] and again.notes == ("one", "two") == first.notes
    assert again.frame.equals(first.frame.reset_index(drop=True))  # the same values and dtypes
    assert list(again.frame.dtypes) == list(first.frame.dtypes)


def test_an_unreadable_result_is_a_miss(workspace):
    run(workspace, ["centrality", "--csv"])
    (kept,) = (workspace.path / CACHE_DIR).glob(f"{PREFIX}*")
    first = run(workspace, ["centrality", "--csv"])
    kept.write_bytes(b"not parquet")
    forget_printed(workspace)
    assert run(workspace, ["centrality", "--csv"]) == first


def test_results_per_snapshot_are_bounded(workspace, monkeypatch):
    monkeypatch.setattr(results_module, "KEPT_PER_SNAPSHOT", 3)
    for top in range(5):
        cached_result(workspace, "test", {"top": top}, lambda note: (workspace.load().actors.head(1), "t"))
    assert len(results(workspace)) == 3
    assert KEPT_PER_SNAPSHOT > 3  # the real bound, larger


@pytest.mark.slow  # ~3-5 s: four CLI processes, each importing graphkit (make test runs it)
def test_a_second_run_imports_no_analysis_library(workspace):
    commands = (["communities"], ["similar", "organisation:org-000005"], ["centrality", "--measure", "pagerank"])
    for argv in commands:
        run(workspace, argv)  # the first run, here (kept in the workspace)
    forget_printed(workspace)  # the kept results are read, not the printed output
    where = ["--workspace", str(workspace.path)]
    # The second runs (in one process: none may load any), then a first run on the embedded
    # store, which never imports the Neo4j driver.
    *second, first = loaded_by(*([*argv, *where] for argv in commands), ["centrality", "--measure", "degree", *where])
    assert second == [[], [], []]
    assert "neo4j" not in first and "networkx" in first  # (the first run did compute)


@pytest.mark.slow  # ~2 s: a fresh interpreter loads the native engines (make test runs it)
def test_the_native_preload_imports_no_python_package():
    probe = (
        "import sys\nfrom graphkit.native import import_networkit, preload\npreload()\n"
        "assert 'igraph' not in sys.modules, 'igraph'\n"
        "import_networkit()\nassert 'matplotlib' not in sys.modules, 'matplotlib'\n"
        "import igraph\nprint(igraph.Graph.Famous('Zachary').vcount())"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "34"
