"""Start-up of the ``graphkit`` command against ``python -c pass``, measured in the same run.

Times ``graphkit --help``, ``graphkit --version`` and ``graphkit info`` (on a workspace made by
ingesting ``examples/openlobby/11-11-11.txt``) as subprocesses, best of ``--repeats``, each
beside the interpreter's own start (``python -c pass``), in rounds that run every command once,
so that the baseline shares the machine's load. The target is 0.3 s.

Twice: with the environment as it is, then without ``PYTHONDONTWRITEBYTECODE``. That variable
only stops Python writing byte-code: a module without a cached ``.pyc`` (one just edited, or
never imported with writing allowed) is compiled on every start. The first pass runs before the
second writes any cache, so it shows what this environment pays; the second, what a normal
install pays.

Then, on a workspace of all ``../shared/data``, the analysis commands a journalist repeats:
``graphkit centrality --measure pagerank --top 10``, ``graphkit communities`` and ``graphkit
similar BEUC``, each run first with ``WORKSPACE/cache/`` emptied (the baseline: read the dataset,
project it and measure, as every run did before graphkit.cache.graphs) and then a second time
(the table the first run kept, graphkit.cache.results, read back: no dataset, no graph, no
analysis library), best of ``--analysis-repeats`` rounds. The target for the second run is
1.5 s.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--repeats 5] [--analysis-repeats 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "openlobby" / "11-11-11.txt"
TARGET_S = 0.3
BASELINE = "python -c pass"
SHARED_DATA = ROOT.parent / "shared" / "data"
ANALYSIS_TARGET_S = 1.5
ANALYSIS_COMMANDS = (
    ["centrality", "--measure", "pagerank", "--top", "10"],
    ["communities"],
    ["similar", "BEUC"],
)


def graphkit_command() -> list[str]:
    """The installed ``graphkit`` script beside this interpreter (what a user runs), else
    ``python -m graphkit``."""
    script = Path(sys.executable).with_name("graphkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "graphkit"]


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def best_times(commands: dict[str, list[str]], env: dict[str, str], repeats: int) -> dict[str, float]:
    """Best wall time of each command over ``repeats`` rounds (each round runs them all once)."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(repeats):
        for name, argv in commands.items():
            best[name] = min(best[name], run(argv, env))
    return best


def uncached_modules() -> int:
    """graphkit modules with no up-to-date byte-code in ``__pycache__`` (compiled at every start
    while PYTHONDONTWRITEBYTECODE is set)."""
    import importlib.util

    missing = 0
    for source in (ROOT / "graphkit").rglob("*.py"):
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
            missing += 1
    return missing


def analysis_times(graphkit: list[str], workspace: Path, repeats: int) -> dict[str, tuple[float, float]]:
    """Best (first, second) wall time of each analysis command over ``repeats`` rounds: first
    with the workspace's graph cache emptied, then again with what the first run kept."""
    best = {" ".join(argv): (float("inf"), float("inf")) for argv in ANALYSIS_COMMANDS}
    env = dict(os.environ)
    for _ in range(repeats):
        for argv in ANALYSIS_COMMANDS:
            shutil.rmtree(workspace / "cache", ignore_errors=True)
            command = [*graphkit, *argv, "--workspace", str(workspace)]
            first, second = run(command, env), run(command, env)
            name = " ".join(argv)
            best[name] = (min(best[name][0], first), min(best[name][1], second))
    return best


def print_analysis(graphkit: list[str], repeats: int, console: Console) -> None:
    if not SHARED_DATA.is_dir():
        console.print(f"{SHARED_DATA} is missing: no analysis timings.")
        return
    with tempfile.TemporaryDirectory() as scratch:
        workspace = Path(scratch) / "workspace"
        subprocess.run(
            [*graphkit, "ingest", "--workspace", str(workspace), str(SHARED_DATA)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        baseline = best_times({BASELINE: [sys.executable, "-c", "pass"]}, dict(os.environ), repeats)[BASELINE]
        best = analysis_times(graphkit, workspace, repeats)
    table = Table(
        title=f"Analysis on all of ../shared/data, best of {repeats} (target ≤ {ANALYSIS_TARGET_S} s, second run)",
        caption=f"first: WORKSPACE/cache emptied (reads and projects the dataset); second: the same command again; "
        f"{BASELINE}: {baseline:.3f} s",
    )
    for column, justify in [("command", "left"), ("first s", "right"), ("second s", "right"),
                            ("first/second", "right"), (f"≤ {ANALYSIS_TARGET_S} s", "left")]:  # fmt: skip
        table.add_column(column, justify=justify)
    for name, (first, second) in best.items():
        table.add_row(
            f"graphkit {name}",
            f"{first:.2f}",
            f"{second:.2f}",
            f"{first / second:.1f}×",
            "yes" if second <= ANALYSIS_TARGET_S else "no",
        )
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--analysis-repeats", type=int, default=3, help="0: no analysis timings")
    args = parser.parse_args()

    graphkit = graphkit_command()
    with tempfile.TemporaryDirectory() as scratch:
        workspace = str(Path(scratch) / "workspace")
        subprocess.run(
            [*graphkit, "ingest", "--workspace", workspace, str(EXAMPLE)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        commands = {
            BASELINE: [sys.executable, "-c", "pass"],
            "graphkit --help": [*graphkit, "--help"],
            "graphkit --version": [*graphkit, "--version"],
            "graphkit info": [*graphkit, "info", "--workspace", workspace],
        }
        as_is = dict(os.environ)
        cached = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        modes = {"as is": as_is, "cached": cached}
        missing = uncached_modules()
        results = {}
        for mode, env in modes.items():
            if env is cached:
                for argv in commands.values():  # write the byte-code cache once
                    run(argv, env)
            results[mode] = best_times(commands, env, args.repeats)

    table = Table(
        title=f"graphkit start-up, best of {args.repeats} (target ≤ {TARGET_S} s)",
        caption=(
            f"as is: PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}; "
            "cached: PYTHONDONTWRITEBYTECODE unset, byte-code written by a first run"
        ),
    )
    for column, justify in [("environment", "left"), ("command", "left"), ("seconds", "right"),
                            (BASELINE, "right"), ("ratio", "right"), (f"≤ {TARGET_S} s", "left")]:  # fmt: skip
        table.add_column(column, justify=justify)
    for mode, best in results.items():
        baseline = best[BASELINE]
        for name, seconds in best.items():
            if name == BASELINE:
                continue
            table.add_row(
                mode,
                name,
                f"{seconds:.3f}",
                f"{baseline:.3f}",
                f"{seconds / baseline:.1f}×",
                "yes" if seconds <= TARGET_S else "no",
            )
        table.add_section()
    console = Console()
    console.print(table)
    console.print(
        f"{missing} graphkit module(s) had no up-to-date byte-code before the first pass "
        "(compiled at every start while PYTHONDONTWRITEBYTECODE is set)."
    )
    if args.analysis_repeats:
        print_analysis(graphkit, args.analysis_repeats, console)


if __name__ == "__main__":
    main()
