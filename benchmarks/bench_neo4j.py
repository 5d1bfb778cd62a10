"""Loading Neo4j: graphkit's batched UNWIND … MERGE against one statement per row, in one run.

Starts the tests' Neo4j server (tests/neo4j_server; Java 17 + Maven) and warms it as a server that
has been up a while is warm: another dataset of the same size and shape (seed 1) is loaded,
reloaded and deleted; its first load, on the freshly started server, is reported as the cold rate. Then loads the synthetic 50k-meeting dataset with
:meth:`Neo4jStore.load`, loads it again (must change nothing), then
deletes a sample of MET relationships and re-creates them with the same load statement sent one
row at a time, each row its own transaction (the naive way). Prints relationships/s of each and
the ratio. The bar: batched ≥ 20,000 relationships/s on 2 cores and ≥ 30× the naive load.

Run: ``.venv/bin/python benchmarks/bench_neo4j.py [--meetings 50000] [--sample 2000]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import neo4j_fixture  # noqa: E402  (the tests' server launcher)

from graphkit.stores.cypher_files import load_file  # noqa: E402
from graphkit.stores.neo4j.store import Neo4jStore, changed  # noqa: E402
from graphkit.stores.rows import RELATIONSHIP_FILES, load_rows  # noqa: E402
from graphkit.synthetic import generate  # noqa: E402

TARGET_RATE = 20_000
TARGET_RATIO = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=15_000)
    parser.add_argument("--sample", type=int, default=2_000, help="MET rows loaded one by one")
    args = parser.parse_args()
    console = Console()

    dataset = generate(organisations=args.organisations, meetings=args.meetings, seed=0)
    rows = load_rows(dataset)
    relationships = sum(len(rows[name]) for name in RELATIONSHIP_FILES)
    console.print(
        f"dataset: {args.meetings:,} meetings, {len(dataset.actors):,} actors, "
        f"{sum(len(r) for r in rows.values()):,} load rows, {relationships:,} relationships"
    )
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-neo4j-") as home:
        started = time.perf_counter()
        server = neo4j_fixture.launch(Path(home))
        console.print(f"server ready in {time.perf_counter() - started:.0f} s at {server.uri}")
        try:
            store = Neo4jStore(server.uri, server.user, server.password, server.database)
            results = run(store, dataset, rows, args.sample, server.process.pid)
            store.close()
        finally:
            server.stop()

    table = Table(title="Neo4j load (same server, same run)")
    for column in ("load", "relationships", "seconds", "relationships/s", "× naive"):
        table.add_column(column, justify="left" if column == "load" else "right")
    naive_rate = results["naive"][0] / results["naive"][1]
    for name, (count, seconds) in results.items():
        rate = count / seconds
        table.add_row(name, f"{count:,}", f"{seconds:.2f}", f"{rate:,.0f}", f"{rate / naive_rate:,.1f}")
    console.print(table)
    load1, load5, _ = os.getloadavg()
    console.print(
        f"machine: {os.cpu_count()} cores, load average {load1:.1f} (1 min) {load5:.1f} (5 min) at the end"
    )

    batched_rate = results["batched (10k rows/tx)"][0] / results["batched (10k rows/tx)"][1]
    ok = (
        batched_rate >= TARGET_RATE
        and batched_rate / naive_rate >= TARGET_RATIO
        and results["second load"][0] == 0
    )
    console.print(
        f"batched {batched_rate:,.0f} relationships/s (bar {TARGET_RATE:,}), "
        f"{batched_rate / naive_rate:.0f}× naive (bar {TARGET_RATIO:.0f}×), second load changed "
        f"{results['second load'][0]} relationships: {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(store: Neo4jStore, dataset, rows, sample: int, server_pid: int) -> dict[str, tuple[int, float]]:
    """Times of the batched load, the repeat, and the naive load of a sample of MET rows."""
    # A server that has been up a while has JIT-compiled Neo4j's code paths that a large load
    # takes (C2 compiles for several CPU-seconds during the first one): warm it the way that
    # happens, with a load of another dataset of the same size, a reload, and a delete. That
    # first load, on the freshly started server, is reported as the cold rate.
    warm_up = generate(organisations=len(dataset.actors[dataset.actors["kind"] == "organisation"]),
                       meetings=len(dataset.meetings), seed=1)
    started = time.perf_counter()
    cold = store.load(warm_up)["relationships_created"]
    cold_seconds = time.perf_counter() - started
    store.load(warm_up)
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()

    marks: list[tuple[str, float]] = []
    cpu_server, cpu_client = cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    first = store.load(dataset, on_batch=lambda step: marks.append((step.file, time.perf_counter())))
    batched = (first["relationships_created"], time.perf_counter() - started)
    cpu_server, cpu_client = cpu_seconds(server_pid) - cpu_server, time.process_time() - cpu_client
    total_cpu = cpu_server + cpu_client
    print(
        f"batched load CPU: server {cpu_server:.1f} s, client {cpu_client:.1f} s (wall {batched[1]:.1f} s), "
        f"{batched[0] / total_cpu:,.0f} relationships per CPU-second; on two idle cores the load would take "
        f"{total_cpu / 2:.0f}-{total_cpu:.0f} s ({batched[0] / total_cpu:,.0f}-{2 * batched[0] / total_cpu:,.0f}/s)"
    )
    per_file: dict[str, float] = {}
    previous = started
    for file, at in marks:
        per_file[file] = per_file.get(file, 0.0) + at - previous
        previous = at
    rels_seconds = sum(per_file.get(name, 0.0) for name in RELATIONSHIP_FILES)
    print(
        "batched load by file (s): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in per_file.items())
        + f"; relationship files alone: {batched[0] / max(rels_seconds, 1e-9):,.0f} relationships/s"
        + " (the first file's time includes preparing the rows)"
    )

    started = time.perf_counter()
    second = store.load(dataset)
    if changed(second):
        raise SystemExit(f"the second load changed something: {second}")
    repeat = (second["relationships_created"], time.perf_counter() - started)

    met = rows["met"][:sample]
    store.execute(
        "UNWIND $rows AS row MATCH (:Organisation {id: row.attendee_id})-[r:MET {meeting_id: row.meeting_id}]->() "
        "DELETE r",
        {"rows": [{"attendee_id": row["attendee_id"], "meeting_id": row["meeting_id"]} for row in met]},
    )
    statement = load_file("met").statement
    created = 0
    started = time.perf_counter()
    for row in met:  # the naive way: one statement, one transaction, one round trip per row
        created += store.execute(statement, {"rows": [row]})[1]["relationships_created"]
    naive = (created, time.perf_counter() - started)
    return {
        "batched (10k rows/tx)": batched,
        "second load": repeat,
        "naive": naive,
        "batched, cold server (seed 1)": (cold, cold_seconds),
    }


if __name__ == "__main__":
    raise SystemExit(main())
