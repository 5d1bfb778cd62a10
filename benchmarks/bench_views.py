"""HTML network views: graphkit's page against stock pyvis, on the same graphs, in the same run.

For 500, 2,000 and 5,000 nodes (org-counterpart graphs of ``graphkit.synthetic`` data) it
measures, in headless Debian Chromium:

- write: seconds to turn the networkx graph into an HTML file (graphkit: layout + render,
  with the meetings for tooltips and the date range; stock: ``Network().from_nx(g)`` +
  ``write_html`` with default physics, in a subprocess capped at ``STOCK_WRITE_CAP`` s);
- size: the file's size;
- interactive: seconds from opening the file until the network is drawn and answers input
  (graphkit: first frame drawn with its handlers attached, and in brackets the renderer's CPU
  seconds; stock: physics stabilisation done, when pyvis hides its loading bar; capped at
  ``STOCK_OPEN_CAP`` s);
- respond (graphkit only): a search, then a click on the most linked node that highlights its
  neighbourhood, each until the next frame is drawn.

Every request is refused (stock pyvis asks for Bootstrap from a CDN even "in_line"; those
requests are counted). When stock ``from_nx`` hits its cap, its page is produced by filling
the same pyvis lists in bulk (what ``from_nx`` would have written), so its opening can still
be timed; the table says so.

Run: ``.venv/bin/python benchmarks/bench_views.py`` (about 8 minutes, most of it stock pyvis).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, open_page  # noqa: E402

from graphkit.graph import build_graph  # noqa: E402
from graphkit.synthetic import generate  # noqa: E402
from graphkit.views import node_meetings, to_html  # noqa: E402
from graphkit.views.selection import top_nodes  # noqa: E402

SIZES = (500, 2_000, 5_000)
STOCK_WRITE_CAP = 180.0
STOCK_OPEN_CAP = 60.0
OURS_OPEN_CAP = 60.0

STOCK_WRITER = textwrap.dedent(
    """
    import pickle, sys, time
    from pyvis.network import Network
    graph = pickle.load(open(sys.argv[1], "rb"))
    bulk = sys.argv[3] == "bulk"
    start = time.perf_counter()
    net = Network(cdn_resources="in_line")
    if bulk:
        # What from_nx writes (size 10 per node, edge weight as width), without its
        # quadratic add_edge scan.
        for node, data in graph.nodes(data=True):
            net.add_node(node, **{"size": 10, **data})
        for u, v, data in graph.edges(data=True):
            attrs = {k: val for k, val in data.items() if k != "weight"}
            net.edges.append({"from": u, "to": v, "width": data.get("weight", 1), **attrs})
    else:
        net.from_nx(graph)
    net.write_html(sys.argv[2])
    print(time.perf_counter() - start)
    """
)


def lobbying_graph(nodes: int, seed: int = 1) -> tuple[nx.Graph, object]:
    """An org-counterpart graph of about ``nodes`` nodes from synthetic data, and its dataset."""
    dataset = generate(
        organisations=int(nodes * 0.8),
        meetings=int(nodes * 3.2),
        seed=seed,
        meps=max(20, int(nodes * 0.14)),
        officials=max(10, int(nodes * 0.06)),
    )
    graph = build_graph(dataset, "org-counterpart")
    if graph.number_of_nodes() > nodes:
        graph = nx.Graph(top_nodes(graph, None, nodes))
    return graph, dataset


def stock_pyvis_plain(graph: nx.Graph) -> nx.Graph:
    """The graph with plain attribute values, as pyvis's from_nx needs (no None)."""
    plain = nx.Graph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **{k: v for k, v in data.items() if v is not None and k in ("name", "kind")})
        plain.nodes[node]["title"] = str(data.get("name"))
        plain.nodes[node]["label"] = str(data.get("name"))
    plain.add_edges_from((u, v, {"weight": int(d["weight"])}) for u, v, d in graph.edges(data=True))
    return plain


def write_stock(graph: nx.Graph, folder: Path) -> tuple[float | None, Path]:
    """Stock pyvis write time (None when capped) and the page to open."""
    import pickle

    pickled = folder / "graph.pickle"
    pickled.write_bytes(pickle.dumps(stock_pyvis_plain(graph)))
    page = folder / "stock.html"
    command = [sys.executable, "-c", STOCK_WRITER, str(pickled), str(page)]
    try:
        done = subprocess.run(
            [*command, "from_nx"], cwd=folder, capture_output=True, text=True, timeout=STOCK_WRITE_CAP, check=True
        )
        return float(done.stdout.strip().splitlines()[-1]), page
    except subprocess.TimeoutExpired:
        subprocess.run([*command, "bulk"], cwd=folder, capture_output=True, text=True, check=True)
        return None, page


def open_ours(browser, path: Path) -> tuple[float, float, float, list[str]]:
    with open_page(browser, path) as (page, log):
        # The renderer's CPU time: what opening costs on an idle machine (this one is shared).
        cdp = browser.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = _process_time(cdp)
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function("window.graphkitView && window.graphkitView.ready", timeout=OURS_OPEN_CAP * 1000)
        interactive = time.perf_counter() - start
        cpu = _process_time(cdp) - before
        # A search (Enter: no typing delay) and a click on the most linked node, each until
        # the next frame is drawn, timed inside the page.
        respond = page.evaluate(
            """async () => {
              const view = window.graphkitView, net = view.network;
              const drawn = () => new Promise(resolve => net.once('afterDrawing', resolve));
              const start = performance.now();
              let frame = drawn();
              const box = document.getElementById('graphkit-search');
              box.value = 'a';
              box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
              await frame;
              view.select(null);
              const hub = view.nodes.get().reduce((a, b) => (b.value > a.value ? b : a)).id;
              frame = drawn();
              view.select(hub, false);
              await frame;
              return (performance.now() - start) / 1000;
            }"""
        )
        assert not log.errors, log.errors
        return interactive, cpu, respond, log.requests


def _process_time(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["ProcessTime"])


def open_stock(browser, path: Path) -> tuple[float | None, list[str]]:
    stabilised = """() => {
      const bar = document.getElementById('loadingBar');
      return typeof network !== 'undefined' && network !== null && (!bar || bar.style.opacity === '0');
    }"""
    with open_page(browser, path) as (page, log):
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        try:
            page.wait_for_function(stabilised, timeout=STOCK_OPEN_CAP * 1000, polling=100)
            return time.perf_counter() - start, log.requests
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the cap was hit
            return None, log.requests


def _seconds(value: float | None, cap: float) -> str:
    return f"> {cap:.0f} (cap)" if value is None else f"{value:.2f}"


def _ratio(stock: float | None, ours: float, cap: float) -> str:
    value = (cap if stock is None else stock) / ours
    shown = f"{value:.1f}×" if value < 10 else f"{value:.0f}×"
    return f"> {shown}" if stock is None else shown


def main() -> None:
    rows = []
    to_html(nx.path_graph(3))  # imports and templates loaded once, as stock's are before its clock starts
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-views-") as tmp, chromium() as browser:
        for size in SIZES:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            graph, dataset = lobbying_graph(size)
            meetings = node_meetings(dataset, graph.nodes)
            ours = folder / "graphkit.html"
            start, cpu_start = time.perf_counter(), time.process_time()
            to_html(graph, ours, meetings=meetings, title=f"{size} nodes")
            ours_write, ours_write_cpu = time.perf_counter() - start, time.process_time() - cpu_start
            ours_open, ours_open_cpu, ours_respond, ours_requests = open_ours(browser, ours)
            stock_write, stock_page = write_stock(graph, folder)
            stock_open, stock_requests = open_stock(browser, stock_page)
            rows.append(
                (
                    f"{graph.number_of_nodes():,} / {graph.number_of_edges():,}",
                    f"{ours.stat().st_size / 1e6:.1f} / {stock_page.stat().st_size / 1e6:.1f}",
                    f"{ours_write:.2f} ({ours_write_cpu:.2f})",
                    _seconds(stock_write, STOCK_WRITE_CAP),
                    _ratio(stock_write, ours_write, STOCK_WRITE_CAP),
                    f"{ours_open:.2f} ({ours_open_cpu:.2f})",
                    _seconds(stock_open, STOCK_OPEN_CAP),
                    _ratio(stock_open, ours_open, STOCK_OPEN_CAP),
                    f"{ours_respond:.2f}",
                    f"{len(ours_requests)} / {len(stock_requests)}",
                )
            )
            print(f"done {size} nodes", file=sys.stderr, flush=True)
    header = (
        "nodes / edges",
        "MB graphkit / stock",
        "write s graphkit (CPU)",
        "write s stock",
        "write ratio",
        "open s graphkit (CPU)",
        "open s stock",
        "open ratio",
        "respond s graphkit",
        "requests graphkit / stock",
    )
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(
        "\nstock = pyvis 0.3.2 Network(cdn_resources='in_line').from_nx(g) + write_html, default physics;"
        " 'open' for stock = until physics stabilisation ends (pyvis hides its loading bar)."
        f" Caps: write {STOCK_WRITE_CAP:.0f} s (then its page is made by filling pyvis's lists in bulk),"
        f" open {STOCK_OPEN_CAP:.0f} s. Ratios against a cap are lower bounds (>)."
        " (CPU): CPU seconds of the writing process / of Chromium's renderer, which a shared"
        f" machine does not inflate. Load average at the end: {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} CPUs."
    )


if __name__ == "__main__":
    main()
