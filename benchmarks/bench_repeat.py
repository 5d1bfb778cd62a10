"""The second run of the commands a journalist repeats, against ``graphkit --version``, in CPU time.

A second run of ``report BEUC``, ``hypergraph --measure degree``, ``communities``,
``centrality``, ``similar BEUC`` and ``view --top 500`` on an unchanged workspace should pay
start-up, reading the kept result and printing: nothing more. The bar is 5× ``graphkit
--version``.

Each command runs once with ``WORKSPACE/cache/`` emptied (the first run, which fills it), then
``--rounds`` times, each second run followed by ``graphkit --version`` in the same round, so that
both share the machine's load. Times are the children's CPU seconds (user + system, from
``resource.getrusage``): on a loaded machine they hold where wall time does not. Every run's
output (stdout, stderr, and the file ``view`` writes) must equal the first run's, byte for byte,
before any ratio is printed.

Run: ``.venv/bin/python benchmarks/bench_repeat.py [--workspace WS] [--rounds 3]`` (without
``--workspace``, all of ``../shared/data`` is ingested into a scratch workspace first).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
TARGET_RATIO = 5.0
VIEW_FILE = "view.html"  # under the scratch folder; its bytes are part of view's output
COMMANDS = {
    "report BEUC": ["report", "BEUC"],
    "hypergraph --measure degree": ["hypergraph", "--measure", "degree"],
    "communities": ["communities"],
    "centrality": ["centrality"],
    "similar BEUC": ["similar", "BEUC"],
    "view --top 500": ["view", "--top", "500", "-o", VIEW_FILE],
}


def graphkit_command() -> list[str]:
    """The ``graphkit`` script beside this interpreter (what a user runs), else ``python -m graphkit``."""
    script = Path(sys.executable).with_name("graphkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "graphkit"]


def run(argv: list[str], cwd: Path) -> tuple[float, bytes]:
    """The CPU seconds (user + system) of one run of ``argv`` and what it printed (and wrote to
    :data:`VIEW_FILE`)."""
    (cwd / VIEW_FILE).unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    written = (cwd / VIEW_FILE).read_bytes() if (cwd / VIEW_FILE).exists() else b""
    return cpu, done.stdout + b"\0" + done.stderr + b"\0" + written


def measure(graphkit: list[str], workspace: Path, rounds: int, scratch: Path) -> dict[str, tuple[float, float, float]]:
    """For each command: (first run, best second run, best ``--version`` of the same rounds), CPU s."""
    results = {}
    for name, argv in COMMANDS.items():
        command = [*graphkit, *argv, "--workspace", str(workspace)]
        shutil.rmtree(workspace / "cache", ignore_errors=True)
        first, expected = run(command, scratch)
        seconds, versions = [], []
        for _ in range(rounds):
            cpu, output = run(command, scratch)
            if output != expected:
                raise SystemExit(f"graphkit {name}: a second run printed other output than the first")
            seconds.append(cpu)
            versions.append(run([*graphkit, "--version"], scratch)[0])
        results[name] = (first, min(seconds), min(versions))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, help="A workspace of ../shared/data (default: ingest one).")
    parser.add_argument("--rounds", type=int, default=3, help="Second runs per command (best is kept).")
    args = parser.parse_args()
    graphkit = graphkit_command()
    with tempfile.TemporaryDirectory(prefix="bench-repeat-") as folder:
        scratch = Path(folder)
        workspace = args.workspace
        if workspace is None:
            workspace = scratch / "workspace"
            subprocess.run([*graphkit, "ingest", str(SHARED_DATA), "--workspace", str(workspace)],
                           capture_output=True, check=True)  # fmt: skip
        workspace = workspace.resolve()
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        results = measure(graphkit, workspace, args.rounds, scratch)
    print(f"load average before: {load}; after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"outputs of every second run equal the first run's ({args.rounds} rounds); CPU seconds, best:")
    print(f"{'command':<30} {'first':>7} {'second':>7} {'--version':>9} {'ratio':>6}  ≤ {TARGET_RATIO:g}×")
    for name, (first, second, version) in results.items():
        ratio = second / version
        print(f"{name:<30} {first:7.2f} {second:7.2f} {version:9.3f} {ratio:5.1f}×  "
              f"{'yes' if ratio <= TARGET_RATIO else 'no'}")  # fmt: skip


if __name__ == "__main__":
    main()
