"""Ingest of all of ../shared/data, against plain pandas reading the same files, in one run.

Prints a table: each stage of ``graphkit ingest`` (parse every file with its source, resolve
entities, save the records and the Parquet snapshot) and the whole ``ingest()`` call, with its time and its ratio to the baseline (``pandas.read_csv`` / ``read_json`` of the
same files, nothing else). The target: the whole ingest of ../shared/data within 10 s.
The embedded query graph is not part of ingest (the first ``graphkit query`` builds it); its
build time is shown on a line of its own for reference.

Run: ``.venv/bin/python benchmarks/bench_ingest.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from graphkit.ingest import _with_all_sources, concat, ingest, read_files
from graphkit.resolution.resolve import resolve
from graphkit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BUDGET_SECONDS = 10.0


CPU: dict[str, float] = {}


def timed(func, label: str | None = None):
    """Wall-clock seconds and the value; the CPU seconds go to ``CPU[label]`` (on a busy
    machine the CPU time says more about graphkit than the wall clock)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = func()
    if label:
        CPU[label] = time.process_time() - cpu
    return time.perf_counter() - started, value


def baseline() -> float:
    """Plain pandas reading every data file (no parsing of cells, no ids, nothing saved)."""

    def read_all():
        for path in sorted(DATA.rglob("*")):
            if path.suffix == ".csv":
                pd.read_csv(path)
            elif path.suffix == ".jsonl":
                pd.read_json(path, lines=True)
            elif path.suffix == ".txt":
                path.read_text(encoding="utf-8")

    return min(timed(read_all, "baseline")[0] for _ in range(3))


GRAPH_STEP = "for reference: first query builds the embedded graph (not in ingest)"


def stages() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws")
        parse, results = timed(lambda: read_files([DATA]), "parse every file (sources)")
        parts = [dataset for _, _, dataset in sorted(results, key=lambda r: r[1])]
        combine, combined = timed(lambda: _with_all_sources(concat(parts), parts), "combine files")
        settle, merged = timed(lambda: resolve(combined), "entity resolution")

        def keep():
            for _, digest, dataset in results:
                workspace.save_records(digest, "bench", dataset)
            workspace.save(merged)

        save, _ = timed(keep, "save records and Parquet snapshot")
        from graphkit.stores.embedded import build_workspace_graph

        graph, _ = timed(lambda: build_workspace_graph(workspace, merged), GRAPH_STEP)
    with tempfile.TemporaryDirectory() as tmp:
        whole, report = timed(lambda: ingest([DATA], Workspace(Path(tmp) / "ws")), "ingest() end to end")
        again, _ = timed(lambda: ingest([DATA], Workspace(Path(tmp) / "ws")), "ingest() again (nothing new)")
    print(
        f"{report.after['meetings']} meetings, {report.after['actors']} actors, "
        f"{report.merges['organisations_before']} -> {report.merges['organisations_after']} organisations, "
        f"{report.merges['meetings_merged']} meetings merged"
    )
    return [
        ("parse every file (sources, one process a file)", parse),
        ("combine files", combine),
        ("entity resolution", settle),
        ("save records and Parquet snapshot", save),
        ("ingest() end to end", whole),
        ("ingest() again (nothing new)", again),
        (GRAPH_STEP, graph),
    ]


def main() -> None:
    base = baseline()
    cpu_base = CPU.get("baseline", base)
    table = Table(title=f"Ingest of {DATA} (baseline: plain pandas read of the same files)")
    for column in ("step", "seconds", "x baseline", "CPU seconds", "within 10 s"):
        table.add_column(column, justify="left" if column == "step" else "right")
    table.add_row("pandas read_csv/read_json (baseline)", f"{base:.2f}", "1.0", f"{cpu_base:.2f}", "")
    for name, seconds in stages():
        within = "yes" if seconds <= BUDGET_SECONDS else "NO"
        cpu = CPU.get(name)
        table.add_row(
            name,
            f"{seconds:.2f}",
            f"{seconds / base:.1f}",
            f"{cpu:.2f}" if cpu is not None else "",
            within if name == "ingest() end to end" else "",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
