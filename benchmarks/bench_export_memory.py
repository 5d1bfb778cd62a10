"""``graphkit export``: peak memory of each graph format on a workspace of generated meetings.

Builds (once, in ``--workdir``) a workspace of ``graphkit.synthetic`` data (``--meetings``, one
organisation for every ten meetings, seed 0), then runs ``graphkit export -o NAME.<format>`` for
each format in a fresh child process and reads that child's own peak resident memory
(``os.wait4``'s ``ru_maxrss``: the same number as ``/usr/bin/time -v``'s "Maximum resident set
size"). ``graphkit info`` is measured the same way as the floor: what loading the workspace and
starting graphkit cost before any export.

Each child runs under an address-space cap (``--cap-gb``, ``RLIMIT_AS``) so a format that does
not fit stops with ``MemoryError``/``bad_alloc`` instead of taking the machine; such a row says
"over cap".

Run: ``.venv/bin/python benchmarks/bench_export_memory.py --meetings 1000000 [--formats csv,gexf]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("csv", "graphml", "gexf")
EXTRA_ARGS: dict[str, list[str]] = {}


def build_workspace(folder: Path, meetings: int) -> Path:
    """A workspace of ``meetings`` generated meetings in ``folder`` (reused when already there)."""
    workspace = folder / f"ws-{meetings}"
    if (workspace / "tables").exists():
        return workspace
    from graphkit.synthetic import generate
    from graphkit.workspace import Workspace

    start = time.perf_counter()
    dataset = generate(organisations=max(1_000, meetings // 10), meetings=meetings, seed=0)
    Workspace(workspace).save(dataset)
    print(f"built {workspace} in {time.perf_counter() - start:.0f} s", flush=True)
    return workspace


def peak_of(command: list[str], cap_bytes: int | None) -> tuple[int, int, float]:
    """Run ``command``; its exit status, its peak RSS in bytes and its seconds."""

    def limit() -> None:
        if cap_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, preexec_fn=limit, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/graphkit-bench-export-memory"))
    parser.add_argument(
        "--cap-gb", type=float, default=12.0, help="address-space cap of each child (0: none)"
    )
    parser.add_argument("--top", type=int, help="pass --top N to every export")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    workspace = build_workspace(args.workdir, args.meetings)
    cap = int(args.cap_gb * 2**30) if args.cap_gb > 0 else None
    graphkit = [sys.executable, "-m", "graphkit"]
    runs = [("info (floor)", [*graphkit, "info", "--workspace", str(workspace)])]
    # Files go to a folder of this run's own, so two runs sharing a workspace never collide.
    outputs = Path(tempfile.mkdtemp(prefix="out-", dir=args.workdir))
    for fmt in args.formats.split(","):
        out = outputs / fmt / f"g.{fmt}"
        out.parent.mkdir()
        command = [*graphkit, "export", "-o", str(out), "--workspace", str(workspace)]
        if args.top:
            command += ["--top", str(args.top)]
        runs.append((f"export {fmt}", command))
    print(f"{args.meetings:,} generated meetings; cap {args.cap_gb:g} GB per child", flush=True)
    print(f"{'what':<16} {'peak RSS GB':>12} {'seconds':>8}  status", flush=True)
    for label, command in runs:
        code, peak, seconds = peak_of(command, cap)
        status = "ok" if code == 0 else f"failed ({code}; over cap?)"
        print(f"{label:<16} {peak / 2**30:>12.2f} {seconds:>8.0f}  {status}", flush=True)
    shutil.rmtree(outputs, ignore_errors=True)


if __name__ == "__main__":
    main()
