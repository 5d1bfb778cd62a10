"""HTML network views: graphkit's sigma.js page against the previous renderer and stock pyvis,
on the same graphs, in the same run.

For 500, 5,000, 25,000 and 50,000 nodes (org-counterpart graphs of ``graphkit.synthetic`` data,
about 5 links per node, with every meeting for tooltips, panel and the date range) it measures, in
headless Debian Chromium at 1400×900 (WebGL drawn in software by SwiftShader: no GPU here):

- write: seconds to turn the networkx graph into an HTML file (layout included);
- size: the file's size;
- first draw: seconds from opening the file until the first frame is drawn with every handler
  attached (graphkit: ``graphkitView.ready``, set once the first frame has been committed, that
  is once SwiftShader has drawn its WebGL; the previous vis-network page: its ``ready``; stock
  pyvis: physics stabilisation done), capped;
- respond (graphkit): a search with Enter (matches highlighted, top match selected), a click on
  the most linked node, a filter (at least 2 meetings) and a date change (end moved back a year),
  each from a settled page until the frame showing it has been committed (drawn); the largest
  of the four is shown, the four in the notes. Past 2.5 million pixels of links on screen the
  page draws progressively: the answering frame shows the last sharp link drawing moved (camera
  changes) or the links at 1/3-1/8 resolution (filters), the sharp lines follow 120 ms after
  nothing moves; the notes give the time until that sharp frame is committed too ("sharp links"),
  and each change starts once the previous one's sharp frame is on screen;
- requests: every request is refused and counted.

Baselines, same graph, same run: the previous renderer (graphkit's vis-network page, from the
commit before the sigma.js one, run from a ``git archive`` of it in a subprocess), stock pyvis
(``Network().from_nx(g)`` + ``write_html``, in a subprocess capped at ``STOCK_WRITE_CAP`` s; past
it, its page is made by filling pyvis's lists in bulk so its opening can still be timed) and a
plain ``json.dumps`` of the node-link data (the floor for writing the data at all).

Run: ``.venv/bin/python benchmarks/bench_views.py`` (about 15 minutes, most of it the baselines;
``BENCH_VIEWS_SIZES=5000,50000`` for some sizes, ``BENCH_VIEWS_BASELINES=0`` without the baselines).
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

SIZES = tuple(int(size) for size in os.environ.get("BENCH_VIEWS_SIZES", "500,5000,25000,50000").split(","))
STOCK_WRITE_CAP = 60.0
STOCK_OPEN_CAP = 30.0
PREVIOUS_OPEN_CAP = 60.0
OURS_OPEN_CAP = 120.0
# BENCH_VIEWS_BASELINES=0 skips the previous renderer, stock pyvis and json (for development: the
# default run measures them, in the same run as graphkit's page).
BASELINES = os.environ.get("BENCH_VIEWS_BASELINES", "1") != "0"
# The last commit whose views drew with vis-network.
PREVIOUS_COMMIT = "bb46b0d"

PREVIOUS_WRITER = textwrap.dedent(
    """
    import pickle, sys, time
    graph, meetings = pickle.load(open(sys.argv[1], "rb"))
    from graphkit.views import to_html
    to_html(__import__("networkx").path_graph(3))
    start = time.perf_counter()
    to_html(graph, sys.argv[2], meetings=meetings)
    print(time.perf_counter() - start)
    """
)

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


def open_ours(browser, path: Path) -> tuple[float | None, float, dict, list[str]]:
    with open_page(browser, path) as (page, log):
        # The renderer's CPU time: what opening costs on an idle machine (this one is shared).
        cdp = browser.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = _process_time(cdp)
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        try:
            page.wait_for_function("window.graphkitView && window.graphkitView.ready", timeout=OURS_OPEN_CAP * 1000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the cap was hit
            return None, _process_time(cdp) - before, {}, log.requests
        interactive = time.perf_counter() - start
        cpu = _process_time(cdp) - before
        # Where the first draw went, inside the page (ms from navigation start).
        phases = page.evaluate("graphkitView.timings")
        respond = page.evaluate(
            """async () => {
              const view = window.graphkitView;
              // A frame is on screen once the task after its animation-frame callbacks runs: the
              // browser commits the frame (and SwiftShader draws its WebGL) between the two. Each
              // change starts from a settled page, so no earlier change's drawing is counted in it.
              const settled = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
              // Past the page's budget of link length on screen, the answering frame draws the links
              // at a third of the resolution and the sharp lines follow once nothing moves
              // (progressive drawing): the time until the sharp frame is committed is kept too.
              const sharp = {};
              const sharpened = async () => { while (view.linkLayer && !view.linkLayer().sharp) await settled(); };
              const timed = async (act, name) => {
                await sharpened(); await settled(); const t = performance.now(); act(); await settled();
                const first = (performance.now() - t) / 1000;
                if (view.linkLayer && !view.linkLayer().sharp) {
                  await sharpened();
                  await settled();
                  sharp[name] = (performance.now() - t) / 1000;
                }
                return first;
              };
              const out = {};
              const box = document.getElementById('graphkit-search');
              box.value = 'a';
              out.search = await timed(() => box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})), 'search');
              box.value = '';
              view.select(null);
              const hub = view.nodes.reduce((a, b) => (b.value > a.value ? b : a)).id;
              out.click = await timed(() => view.select(hub, false), 'click');
              view.select(null);
              const min = document.getElementById('graphkit-min-meetings');
              min.value = '2';
              out.filter = await timed(() => min.dispatchEvent(new Event('input')), 'filter');
              min.value = '0'; min.dispatchEvent(new Event('input'));
              const to = document.getElementById('graphkit-to');
              to.value = String(+to.value.slice(0, 4) - 1) + to.value.slice(4);
              out.date = await timed(() => to.dispatchEvent(new Event('change')), 'date');
              out.sharp = sharp;
              return out;
            }"""
        )
        respond["phases"] = phases
        assert not log.errors, log.errors
        return interactive, cpu, respond, log.requests


def write_previous(graph: nx.Graph, meetings, folder: Path) -> tuple[float, Path]:
    """The previous renderer's write time and page, from a git archive of its commit."""
    import pickle

    source = folder / "previous"
    source.mkdir()
    archive = subprocess.run(["git", "archive", PREVIOUS_COMMIT, "graphkit"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    pickled = folder / "previous.pickle"
    pickled.write_bytes(pickle.dumps((graph, meetings)))
    page = folder / "previous.html"
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", PREVIOUS_WRITER, str(pickled), str(page)],
        cwd=source, env=env, capture_output=True, text=True, check=True,
    )
    return float(done.stdout.strip().splitlines()[-1]), page


def open_previous(browser, path: Path) -> tuple[float | None, list[str]]:
    with open_page(browser, path) as (page, log):
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        try:
            page.wait_for_function("window.graphkitView && window.graphkitView.ready", timeout=PREVIOUS_OPEN_CAP * 1000)
            return time.perf_counter() - start, log.requests
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the cap was hit
            return None, log.requests


def write_json(graph: nx.Graph, folder: Path) -> tuple[float, int]:
    """A plain json.dumps of the node-link data: the floor for writing the data at all."""
    import json

    start = time.perf_counter()
    text = json.dumps(nx.node_link_data(graph, edges="links"), default=str)
    (folder / "plain.json").write_text(text, encoding="utf-8")
    return time.perf_counter() - start, len(text.encode())


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
    rows, notes = [], []
    to_html(nx.path_graph(3))  # imports and templates loaded once, as the baselines' are before their clocks start
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
            ours_open, ours_open_cpu, respond, ours_requests = open_ours(browser, ours)
            if BASELINES:
                previous_write, previous_page = write_previous(graph, meetings, folder)
                previous_open, previous_requests = open_previous(browser, previous_page)
                stock_write, stock_page = write_stock(graph, folder)
                stock_open, stock_requests = open_stock(browser, stock_page)
                json_write, json_size = write_json(graph, folder)
            else:  # development runs: graphkit's page alone, the baselines' columns left empty
                previous_write = previous_open = stock_write = stock_open = None
                previous_page = stock_page = ours
                previous_requests, stock_requests, json_write, json_size = [], [], 0.0, 0
            rows.append(
                (
                    f"{graph.number_of_nodes():,} / {graph.number_of_edges():,}",
                    f"{ours.stat().st_size / 1e6:.1f} / {previous_page.stat().st_size / 1e6:.1f} / "
                    f"{stock_page.stat().st_size / 1e6:.1f} / {json_size / 1e6:.1f}"
                    if BASELINES else f"{ours.stat().st_size / 1e6:.1f} / - / - / -",
                    f"{ours_write:.2f} ({ours_write_cpu:.2f})",
                    f"{previous_write:.2f}" if BASELINES else "-",
                    _seconds(stock_write, STOCK_WRITE_CAP) if BASELINES else "-",
                    f"{json_write:.2f}" if BASELINES else "-",
                    f"{_seconds(ours_open, OURS_OPEN_CAP)} ({ours_open_cpu:.2f})",
                    _seconds(previous_open, PREVIOUS_OPEN_CAP) if BASELINES else "-",
                    _seconds(stock_open, STOCK_OPEN_CAP) if BASELINES else "-",
                    _ratio(previous_open, ours_open, PREVIOUS_OPEN_CAP) if ours_open and BASELINES else "-",
                    f"{max(v for k, v in respond.items() if k not in ('phases', 'sharp')):.3f}" if respond else "-",
                    f"{len(ours_requests)} / {len(previous_requests)} / {len(stock_requests)}",
                )
            )
            phases = respond.pop("phases", {})
            sharp = respond.pop("sharp", {})
            notes.append(
                f"{size:,} nodes, respond s: " + ", ".join(f"{name} {value:.3f}" for name, value in respond.items())
                + ("; sharp links s: " + ", ".join(f"{name} {value:.3f}" for name, value in sharp.items()) if sharp else "")
                + "; page timings ms: " + ", ".join(f"{name} {value:.0f}" for name, value in phases.items())
            )
            print(f"done {size} nodes: {rows[-1]} {notes[-1]}", file=sys.stderr, flush=True)
    header = (
        "nodes / edges",
        "MB graphkit / previous / stock / json",
        "write s graphkit (CPU)",
        "write s previous",
        "write s stock",
        "write s json",
        "first draw s graphkit (CPU)",
        "first draw s previous",
        "first draw s stock",
        "first draw ratio previous/graphkit",
        "respond s graphkit (max)",
        "requests graphkit / previous / stock",
    )
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()
    for note in notes:
        print(note)
    print(
        "\ngraphkit = sigma.js 3 (WebGL, drawn by SwiftShader in software: headless Chromium has no GPU"
        " here; past 2,000 nodes drawn as points, past 2,000 links the links drawn by the page on a 2D"
        " canvas, by Skia in software, progressively past 2.5 million pixels of links on screen: first a"
        " coarse frame (last drawing moved, or links at 1/3-1/8 resolution), then sharp lines; past 10,000"
        " nodes a selection or search of up to 5,000 of them (and an eighth) drawn on a layer of its own"
        " over sigma's faded nodes; past 2,000 nodes filters applied to sigma's nodes in place);"
        f" previous = graphkit's vis-network page at {PREVIOUS_COMMIT}; stock = pyvis 0.3.2"
        " Network(cdn_resources='in_line').from_nx(g) + write_html, default physics, 'first draw' ="
        " until physics stabilisation ends; json = json.dumps(node_link_data(g)), no page."
        f" Caps: stock write {STOCK_WRITE_CAP:.0f} s (then its page is made by filling pyvis's lists in bulk),"
        f" stock open {STOCK_OPEN_CAP:.0f} s, previous open {PREVIOUS_OPEN_CAP:.0f} s. Ratios against a cap"
        " are lower bounds (>). (CPU): CPU seconds of the writing process / of Chromium's renderer, which a"
        f" shared machine does not inflate. Load average at the end: {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} CPUs."
    )


if __name__ == "__main__":
    main()
