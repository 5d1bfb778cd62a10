"""Ingest of all of ../shared/data, against plain pandas reading the same files, in one run.

Prints a table: each stage of ``graphkit ingest`` (parse every file with its source, resolve
entities, save the Parquet snapshot, build the embedded query graph) and the whole ``ingest()``
call, with its time and its ratio to the baseline (``pandas.read_csv`` / ``read_json`` of the
same files, nothing else). The target: the whole ingest of ../shared/data within 10 s.

Run: ``.venv/bin/python benchmarks/bench_ingest.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from graphkit import sources
from graphkit.dataset import Workspace, ingest
from graphkit.dataset.ingest import _with_all_sources, concat, read_files
from graphkit.dataset.resolve import known_organisations, register_names, resolve

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BUDGET_SECONDS = 10.0


def timed(func):
    started = time.perf_counter()
    value = func()
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

    return min(timed(read_all)[0] for _ in range(3))


def stages() -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws")
        existing = workspace.load()
        context = sources.IngestContext(
            known_organisations=known_organisations(existing), register_names=register_names(existing)
        )
        parse, results = timed(lambda: read_files([DATA], context))
        parts = [existing, *(dataset for _, dataset in results)]
        combine, combined = timed(lambda: _with_all_sources(concat(parts), parts))
        settle, merged = timed(lambda: resolve(combined))
        save, _ = timed(lambda: workspace.save(merged))
        from graphkit.stores.embedded import build_workspace_graph

        graph, _ = timed(lambda: build_workspace_graph(workspace, merged))
    with tempfile.TemporaryDirectory() as tmp:
        whole, report = timed(lambda: ingest([DATA], Workspace(Path(tmp) / "ws")))
    print(
        f"{report.after['meetings']} meetings, {report.after['actors']} actors, "
        f"{report.merges['organisations_before']} -> {report.merges['organisations_after']} organisations, "
        f"{report.merges['meetings_merged']} meetings merged"
    )
    return [
        ("parse every file (sources)", parse),
        ("combine files", combine),
        ("entity resolution", settle),
        ("save Parquet snapshot", save),
        ("build embedded query graph (stores)", graph),
        ("ingest() end to end", whole),
        ("ingest() without the query graph", parse + combine + settle + save),
    ]


def main() -> None:
    base = baseline()
    table = Table(title=f"Ingest of {DATA} (baseline: plain pandas read of the same files)")
    for column in ("step", "seconds", "x baseline", "within 10 s"):
        table.add_column(column, justify="left" if column == "step" else "right")
    table.add_row("pandas read_csv/read_json (baseline)", f"{base:.2f}", "1.0", "")
    for name, seconds in stages():
        within = "yes" if seconds <= BUDGET_SECONDS else "NO"
        table.add_row(name, f"{seconds:.2f}", f"{seconds / base:.1f}", within if "ingest" in name else "")
    Console().print(table)


if __name__ == "__main__":
    main()
