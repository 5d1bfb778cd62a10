"""Cypher latency, embedded (kglite) against Neo4j, on the 50k-meeting synthetic dataset.

Both stores are loaded with the same dataset from the same ``cypher/`` files; every query in
``cypher/queries/`` then runs on both with the same parameters (picked from the data: the
busiest MEP, organisation, topic…), once to warm up and ``REPEATS`` times measured. The table
gives the median milliseconds, the ratio Neo4j/embedded (above 1: the embedded store is faster)
and whether the two answers are equal. Load times (rows built from the dataset, then the
UNWIND … MERGE batches) are measured the same way.

Neo4j is ``NEO4J_URI`` (with ``NEO4J_PASSWORD``; its database is emptied, so only with
``GRAPHKIT_TESTS_MAY_WIPE_NEO4J=1``) or the tests' launcher, started as the test fixture does.

Run: ``.venv/bin/python benchmarks/bench_query.py [--meetings 50000] [--repeats 5]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import neo4j_fixture  # noqa: E402
import query_expected as qe  # noqa: E402

from graphkit.stores.cypher_files import query_files  # noqa: E402
from graphkit.stores.embedded import EmbeddedStore  # noqa: E402
from graphkit.stores.query import prepare_params  # noqa: E402
from graphkit.stores.rows import load_rows  # noqa: E402
from graphkit.synthetic import generate  # noqa: E402


def pick_params(dataset: Any) -> dict[str, dict[str, Any]]:
    """Parameters for every query, chosen from the data so that each has an answer."""
    met = qe.met_edges(dataset)
    met = met[met["kind"] == "organisation"]
    busiest_mep = met[met["kind_host"] == "mep"]["actor_id_host"].value_counts().index[0]
    busy_orgs = met["actor_id"].value_counts().index
    organisation, other = busy_orgs[0], busy_orgs[1]
    topic = dataset.meeting_topics["topic_id"].value_counts().index[0]
    quiet = busy_orgs[len(busy_orgs) // 2]
    return {
        "top_lobbyists": {"mep": busiest_mep},
        "counterparts_over_time": {"organisation": organisation},
        "co_attendance_partners": {"organisation": organisation},
        "shortest_path": {"from": quiet, "to": busy_orgs[-1]},
        "shared_meps": {"organisation": organisation, "other": other},
        "topics_by_organisation": {"organisation": organisation},
        "degree_centrality": {},
        "most_lobbied": {},
        "rapporteur_access": {},
        "meetings_between": {"organisation": organisation, "from": "2018-01-01", "to": "2019-12-31"},
        "topic_actors": {"topic": topic},
        "consultation_lobbying": {},
    }


def timed(run: Any, repeats: int) -> tuple[float, pd.DataFrame]:
    frame = run()  # warm-up (plans cached, pages in memory)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        frame = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, frame


def same(cypher: str, ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    left, right = qe.rows(ours), qe.rows(theirs)
    return left == right if qe.ordered(cypher) else qe.canonical(left) == qe.canonical(right)


def neo4j_server(home: Path) -> tuple[Any, bool]:
    if os.environ.get("NEO4J_URI"):
        if os.environ.get(neo4j_fixture.WIPE_CONSENT) != "1":
            sys.exit(
                f"NEO4J_URI is set: the benchmark empties its database; set {neo4j_fixture.WIPE_CONSENT}=1"
            )
        return neo4j_fixture._external_server(), False
    return neo4j_fixture.launch(home), True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=15_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    dataset = generate(organisations=args.organisations, meetings=args.meetings, seed=0)
    print(f"dataset: {args.meetings:,} meetings, {dataset.counts()['actors']:,} actors", flush=True)
    start = time.perf_counter()
    rows = load_rows(dataset)
    rows_s = time.perf_counter() - start
    relationships = sum(
        len(rows[name]) for name in ("met", "co_attended", "lobbied_on", "discussed", "responded")
    )

    embedded = EmbeddedStore()
    start = time.perf_counter()
    embedded.load(dataset)
    embedded_load_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as scratch:
        embedded.path = Path(scratch) / "graph.kgl"
        start = time.perf_counter()
        embedded.save()
        save_s = time.perf_counter() - start
        start = time.perf_counter()
        reopened = EmbeddedStore(embedded.path)
        open_s = time.perf_counter() - start
        reopened.close()
        embedded.path = None

        server, started = neo4j_server(Path(scratch) / "neo4j")
        try:
            neo4j_fixture.empty_database(server)
            neo4j = qe.DriverStore(server)
            start = time.perf_counter()
            neo4j.load(dataset)
            neo4j_load_s = time.perf_counter() - start

            print(f"\nLoad ({relationships:,} relationships; rows from the dataset: {rows_s:.1f} s, "
                  "counted in both loads)")  # fmt: skip
            load_table = pd.DataFrame(
                [
                    ("embedded (kglite), in memory", embedded_load_s, relationships / embedded_load_s),
                    ("Neo4j, bolt", neo4j_load_s, relationships / neo4j_load_s),
                ],
                columns=["store", "seconds", "relationships/s"],
            )
            load_table["ratio vs embedded"] = load_table["seconds"] / embedded_load_s
            print(load_table.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
            print(f"embedded graph file: save {save_s:.2f} s, open {open_s:.2f} s")

            params = pick_params(dataset)
            results = []
            for name, file in query_files().items():
                values = prepare_params(params[name], file, dataset)
                statement = file.statement
                ours_ms, ours = timed(lambda s=statement, v=values: embedded.run(s, v), args.repeats)
                theirs_ms, theirs = timed(lambda s=statement, v=values: neo4j.run(s, v), args.repeats)
                results.append(
                    (name, len(ours), ours_ms, theirs_ms, theirs_ms / ours_ms, same(statement, ours, theirs))
                )
                print(f"  {name}: {ours_ms:.1f} ms / {theirs_ms:.1f} ms", flush=True)
            neo4j.close()
        finally:
            if started:
                server.stop()

    table = pd.DataFrame(
        results, columns=["query", "rows", "embedded ms", "neo4j ms", "neo4j/embedded", "same answer"]
    )
    print(f"\nQuery latency, median of {args.repeats} after a warm-up ({args.meetings:,} meetings)")
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    geometric = float(pd.Series(table["neo4j/embedded"]).apply("log").mean())
    print(f"geometric mean neo4j/embedded: {pow(2.718281828459045, geometric):.2f}")
    if not table["same answer"].all():
        sys.exit("the stores disagree on: " + ", ".join(table.loc[~table["same answer"], "query"]))


if __name__ == "__main__":
    main()
