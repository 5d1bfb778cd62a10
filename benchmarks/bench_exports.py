"""``graphkit export``: seconds and size of each format, against a baseline measured in the same run.

On ``graphkit.synthetic`` data (``--size small``: 2,000 organisations and 6,000 meetings;
default: 15,000 and 50,000) it times:

- the baseline: networkx's own ``write_graphml`` of the org-counterpart graph (what any export
  costs at least: one pass over the graph in a well-kept writer);
- graphkit's graph formats of the same graph (GraphML, node-link JSON, CSV, Parquet);
- GEXF for Gephi, with what it adds: spells from the meetings, degree, PageRank, betweenness,
  communities and the layout;
- the dataset formats: FollowTheMoney (every entity built and cleaned by ``followthemoney``),
  the Frictionless data package, the Cypher script.

Each row gives seconds, the ratio to the baseline and the size on disk. graphkit's rows start
from the dataset, so they include building the graph (and, for ``--top`` and GEXF, the
measures); the baseline starts from the built graph.

Run: ``.venv/bin/python benchmarks/bench_exports.py [--size small]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkit.native import preload  # noqa: E402

preload()

import networkx as nx  # noqa: E402

from graphkit.exports import export  # noqa: E402
from graphkit.exports.graph_files import plain_attributes  # noqa: E402
from graphkit.graph import build_graph  # noqa: E402
from graphkit.synthetic import generate  # noqa: E402

SIZES = {"small": (2_000, 6_000), "default": (15_000, 50_000)}
FORMATS = (
    ("graphml", "g.graphml"),
    ("json", "g.json"),
    ("csv", "g.csv"),
    ("parquet", "g.parquet"),
    ("gexf", "g.gexf"),
    ("ftm", "g.ftm.json"),
    ("datapackage", "pkg"),
    ("cypher", "g.cypher"),
)


def size_of(path: Path) -> int:
    """Bytes of ``path`` and of what it wrote beside it (``NAME.nodes.*``, a package folder)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    stem = path.name.split(".")[0]
    return sum(p.stat().st_size for p in path.parent.glob(f"{stem}.*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="default")
    args = parser.parse_args()
    organisations, meetings = SIZES[args.size]
    dataset = generate(organisations=organisations, meetings=meetings, seed=0)
    graph = build_graph(dataset, "org-counterpart")
    print(
        f"{organisations:,} organisations, {meetings:,} meetings: org-counterpart graph of "
        f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"
    )
    with tempfile.TemporaryDirectory() as folder:
        base_path = Path(folder) / "baseline" / "g.graphml"
        base_path.parent.mkdir()
        start = time.perf_counter()
        nx.write_graphml(plain_attributes(graph), base_path)
        baseline = time.perf_counter() - start
        rows = [("networkx write_graphml (baseline)", baseline, base_path.stat().st_size)]
        for fmt, name in FORMATS:
            path = Path(folder) / fmt / name
            path.parent.mkdir()
            start = time.perf_counter()
            export(dataset, path, fmt)
            rows.append((f"graphkit export {fmt}", time.perf_counter() - start, size_of(path)))
    print(f"{'what':<36} {'seconds':>8} {'× baseline':>11} {'MB':>8}")
    for label, seconds, size in rows:
        print(f"{label:<36} {seconds:>8.2f} {seconds / baseline:>11.1f} {size / 1e6:>8.1f}")


if __name__ == "__main__":
    main()
