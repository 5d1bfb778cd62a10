"""graphkit.analysis.hypergraph's public calls against baselines measured in the same run.

Part 1, on all of ``../shared/data`` (ingested into a temporary workspace, or ``--workspace``):
each call of graphkit.analysis.hypergraph against XGI's own (the same hypergraph handed to XGI as edge
lists; building XGI's hypergraph is timed apart) and, for degree and strength, a plain pandas
groupby on the participants table. Null models: 100 reshuffles (the bar: ≤ 30 s).

Part 2, at 1M synthetic meetings: hypergraph degree and strength (graphkit's whole call:
``build_hypergraph`` from the dataset's kept incidence, distinct hyperedges, both measures)
against scipy on the same prebuilt incidence matrix: the same answer (distinct rows told apart
by a random projection and ``np.unique``, then column counts; the bar: ≤ 1.5×), the bare column
sums (a lower bound: no distinct-hyperedge step), and pandas.

Every time is the best of repeated runs until 0.2 s are spent.

Run: ``python benchmarks/bench_hypergraph.py [--workspace DIR] [--meetings 1000000] [--samples 100]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def timed(function: Callable[[], object], repeat: int = 1, min_seconds: float = 0.2) -> float:
    """Best time after one untimed warm-up run (numba compiles, or loads its cache, on the first)."""
    function()
    best, spent, runs = float("inf"), 0.0, 0
    while runs < repeat or spent < min_seconds:
        start = time.perf_counter()
        function()
        seconds = time.perf_counter() - start
        best, spent, runs = min(best, seconds), spent + seconds, runs + 1
    return best


def pandas_degree(dataset, kinds=("organisation", "mep", "official")):
    """Distinct participant sets per actor, with pandas: group, freeze, drop duplicates, count."""
    participants = dataset.participants
    participants = participants[participants["actor_id"].str.split(":").str[0].isin(kinds)]
    groups = participants.groupby("meeting_id")["actor_id"].agg(frozenset).drop_duplicates()
    return groups.explode().value_counts()


def pandas_strength(dataset, kinds=("organisation", "mep", "official")):
    participants = dataset.participants
    participants = participants[participants["actor_id"].str.split(":").str[0].isin(kinds)]
    return participants.drop_duplicates(["meeting_id", "actor_id"])["actor_id"].value_counts()


def xgi_of(hg):
    import xgi

    ids = hg.nodes["id"].to_numpy(dtype=object)
    indptr, indices = hg.edges.indptr, hg.edges.indices
    return xgi.Hypergraph([ids[indices[indptr[r]:indptr[r + 1]]].tolist() for r in range(hg.edges.shape[0])])


def show(rows: list[dict]) -> None:
    print(f"{'call':58} {'graphkit s':>11} {'baseline':>18} {'baseline s':>11} {'ratio':>7}")
    for row in rows:
        ratio = row["graphkit"] / row["baseline_s"] if row.get("baseline_s") else float("nan")
        base = f"{row['baseline_s']:11.4f}" if row.get("baseline_s") else f"{'-':>11}"
        print(f"{row['call']:58} {row['graphkit']:11.4f} {row.get('baseline', '-'):>18} {base} {ratio:7.2f}")
    sys.stdout.flush()


def shared_part(workspace: Path, samples: int) -> None:
    import xgi

    from graphkit.analysis.hypergraph import (
        build_hypergraph,
        degree,
        eigenvector,
        hypercoreness,
        pair_significance,
        s_line_graph,
        significance,
        strength,
    )
    from graphkit.workspace import Workspace

    dataset = Workspace(workspace).load()
    hg = build_hypergraph(dataset)
    significance(hg, "hypercoreness", samples=1)  # numba compiles (or loads its cache) once
    print(f"\n## shared data: {hg}", flush=True)
    rows = []
    rows.append({"call": "build_hypergraph (distinct hyperedges)", "graphkit": timed(lambda: build_hypergraph(dataset)),
                 "baseline": "pandas frozensets", "baseline_s": timed(lambda: pandas_degree(dataset))})
    rows.append({"call": "degree (build + distinct hyperedges per actor)",
                 "graphkit": timed(lambda: degree(build_hypergraph(dataset))),
                 "baseline": "pandas groupby", "baseline_s": timed(lambda: pandas_degree(dataset))})
    rows.append({"call": "strength (build + meetings per actor)",
                 "graphkit": timed(lambda: strength(build_hypergraph(dataset))),
                 "baseline": "pandas groupby", "baseline_s": timed(lambda: pandas_strength(dataset))})
    start = time.perf_counter()
    reference = xgi_of(hg)
    built = time.perf_counter() - start
    rows.append({"call": "degree on a built hypergraph", "graphkit": timed(lambda: degree(hg)),
                 "baseline": "xgi nodes.degree", "baseline_s": timed(lambda: reference.nodes.degree.asdict())})
    rows.append({"call": "hypergraph from edge lists", "graphkit": timed(lambda: build_hypergraph(dataset)),
                 "baseline": "xgi.Hypergraph(...)", "baseline_s": built})
    component = max(xgi.connected_components(reference), key=len)
    sub = xgi.subhypergraph(reference, nodes=component)
    rows.append({"call": f"eigenvector (xgi: largest component, {len(component)} nodes)",
                 "graphkit": timed(lambda: eigenvector(hg)),
                 "baseline": "xgi clique_eigen", "baseline_s": timed(lambda: xgi.clique_eigenvector_centrality(sub))})
    rows.append({"call": "s-line graph, s=2 (networkx graph)", "graphkit": timed(lambda: s_line_graph(hg, 2)),
                 "baseline": "xgi.to_line_graph", "baseline_s": timed(lambda: xgi.to_line_graph(reference, s=2))})
    rows.append({"call": "hypercoreness (no library has hyper-cores)", "graphkit": timed(lambda: hypercoreness(hg))})
    show(rows)
    rows = []
    for measure in ("degree", "hypercoreness", "eigenvector"):
        start = time.perf_counter()
        significance(hg, measure, samples=samples, seed=0)
        rows.append({"call": f"significance {measure}, {samples} reshuffles (bar 30 s)",
                     "graphkit": time.perf_counter() - start})
    start = time.perf_counter()
    pair_significance(hg, samples=samples, seed=0)
    rows.append({"call": f"pair_significance, {samples} reshuffles (bar 30 s)", "graphkit": time.perf_counter() - start})
    start = time.perf_counter()
    significance(hg, "degree", samples=samples, seed=0, within=("institution", "year"))
    rows.append({"call": f"significance degree within institution+year, {samples}",
                 "graphkit": time.perf_counter() - start})
    show(rows)


def synthetic_part(meetings: int) -> None:
    from graphkit.analysis.hypergraph import build_hypergraph, degree, strength
    from graphkit.graph import incidence
    from graphkit.synthetic import generate

    start = time.perf_counter()
    dataset = generate(organisations=max(1000, meetings // 10), meetings=meetings, seed=0)
    print(f"\n## synthetic: {meetings:,} meetings (generated in {time.perf_counter() - start:.1f} s)", flush=True)
    inc = incidence(dataset)  # kept per dataset, as every graph command reuses it
    cols = inc.columns(("organisation", "mep", "official"))
    prebuilt = inc.matrix[:, cols].tocsc()

    def graphkit_both():
        hg = build_hypergraph(dataset)
        return degree(hg), strength(hg)

    def scipy_both():
        counts = np.diff(prebuilt.indptr)  # meetings per actor: column sums of the 0/1 incidence
        return counts, np.asarray(prebuilt.sum(axis=0)).ravel()

    prebuilt_rows = prebuilt.tocsr()
    projection = np.random.default_rng(0).random(prebuilt_rows.shape[1])

    def scipy_distinct():
        # The same answer with scipy alone: rows told apart by a random projection, unique
        # rows kept, then column counts of the distinct rows and of all rows.
        _, first = np.unique(prebuilt_rows @ projection, return_index=True)
        distinct = prebuilt_rows[np.sort(first)].tocsc()
        return np.diff(distinct.indptr), np.diff(prebuilt.indptr)

    rows = [
        {"call": "degree + strength (build from dataset, distinct edges)", "graphkit": timed(graphkit_both, 3),
         "baseline": "scipy distinct rows", "baseline_s": timed(scipy_distinct, 3)},
        {"call": "degree + strength (build from dataset, distinct edges)", "graphkit": timed(graphkit_both, 3),
         "baseline": "scipy column sums", "baseline_s": timed(scipy_both, 3)},
        {"call": "degree + strength", "graphkit": timed(graphkit_both, 3),
         "baseline": "pandas groupby",
         "baseline_s": timed(lambda: (pandas_degree(dataset), pandas_strength(dataset)))},
    ]
    show(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="A workspace holding ../shared/data (else ingested now).")
    parser.add_argument("--meetings", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = args.workspace
        if workspace is None:
            from graphkit.ingest import ingest
            from graphkit.workspace import Workspace

            workspace = Path(folder) / "ws"
            start = time.perf_counter()
            ingest([SHARED], Workspace(workspace))
            print(f"ingested {SHARED} in {time.perf_counter() - start:.1f} s")
        shared_part(workspace, args.samples)
    synthetic_part(args.meetings)


if __name__ == "__main__":
    main()
