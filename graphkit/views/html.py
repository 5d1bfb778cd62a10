"""Interactive HTML network views: one self-contained file that opens offline and is safe to share.

graphkit's own template renders it with sigma.js (WebGL) over graphology, both vendored into the
package at pinned versions (``graphkit/views/vendor``) and written inline. The page makes no
network request, draws at once from positions computed in Python (:mod:`graphkit.views.layout`),
and puts every text from the data on the page as text. For notebooks,
:func:`graphkit.views.to_pyvis` gives the same view as a pyvis network.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import numpy as np
import pandas as pd

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.views.credits import source_names
from graphkit.views.labels import label_priority
from graphkit.views.layout import structured_layout
from graphkit.views.script_json import script_json
from graphkit.views.selection import ego_view, resolve_node, top_nodes

# Colours (Tableau 10): kinds keep the same colour in every view.
KIND_COLOURS = {
    "organisation": "#4e79a7",
    "mep": "#e15759",
    "official": "#f28e2b",
    "person": "#76b7b2",
    "topic": "#59a14f",
    "consultation": "#b07aa1",
    "institution": "#9c755f",
    "government": "#edc948",
    "unknown": "#bab0ac",
}
KIND_LABELS = {
    "organisation": "Organisation",
    "mep": "MEP",
    "official": "Commission official",
    "person": "Person",
    "topic": "Topic",
    "consultation": "Consultation",
    "institution": "EU institution or body",
    "government": "Government",
    "unknown": "Unknown",
}
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
OTHER_COLOUR = "#bab0ac"
UNKNOWN_KIND = "other"
LABEL_LENGTH = 42
# Communities named in the legend (the rest share one entry), and members named per community.
LEGEND_COMMUNITIES = 9
NAMED_MEMBERS = 3
# In a community view, components of at most this many nodes, beside a larger main component,
# share one legend entry and are hidden at first, with the smaller communities: on the shared
# data's co-attendance graph, 12,186 organisations in 10,695 such groups (9,793 alone) would
# fill three quarters of the first picture with rows of dots, next to the 6,270 of the main
# component; the page opens on its nine largest communities, named on the canvas.
APART_NODES = 20
APART_KEY = "__apart__"


def to_html(
    graph: nx.Graph,
    path: str | Path | None = None,
    *,
    size_by: pd.DataFrame | pd.Series | Mapping[object, float] | str | None = None,
    colour_by: str = "kind",
    communities: pd.DataFrame | pd.Series | Mapping[object, object] | list | None = None,
    meetings: pd.DataFrame | None = None,
    top: int | None = None,
    focus: object = None,
    depth: int = 2,
    title: str = "graphkit network",
    sources: list[str] | None = None,
    filters_note: str = "",
) -> str:
    """Render ``graph`` as one self-contained, interactive HTML page.

    The page opens offline (sigma.js, graphology and every style inline, no request of any
    kind), draws at once with WebGL (positions computed here) and shows every name as text.
    It opens fitted to the largest component, labels what fits without overlap (the most
    central of each kind first, taking turns: :func:`graphkit.views.labels.label_priority`), and has a search box (name or acronym), filters by kind, community, minimum
    meetings and links, a date range with a month slider and playback, tooltips on nodes and
    links, a side panel with the clicked node's meetings (date, title, counterparts, source) or
    the clicked link's meetings, PNG and SVG export, and its state in the URL hash.

    Parameters
    ----------
    graph
        Any networkx graph. Node attributes used when present: ``kind``, ``name``,
        ``acronym``, ``category``, ``country``, ``group``; edge attributes ``meetings`` (or
        ``weight``) set the edge width. Nodes without a name show their id.
    path
        Write the page here too (UTF-8), replacing the file atomically.
    size_by
        Node size: a centrality table (``id`` column plus the measure and optionally ``rank``, as
        :func:`graphkit.analysis.centrality` returns), a Series or dict node → value, or the name
        of a node attribute. Degree when ``None``. With ``focus``, nodes are sized by their
        meetings with the focus (:func:`focus_ties`) and ``size_by`` orders the rest's labels.
    colour_by
        ``"kind"`` or ``"community"``.
    communities
        Node → community: a DataFrame with ``id`` and ``community`` columns, a Series or dict,
        or a list of node sets (as networkx returns). Required for ``colour_by="community"``.
    meetings
        ``node, meeting_id, date, title`` rows (:func:`graphkit.views.node_meetings`): the latest
        meetings in tooltips, and what the date-range control filters. Edges then count the
        meetings both ends attended.
    top
        Keep only the ``top`` most central nodes (by ``size_by``, else degree); the page says
        how many were left out.
    focus
        A node id, name or acronym: draw only its neighbourhood up to ``depth`` steps, selected,
        the focus labelled first and then its strongest ties.
    depth
        Steps around ``focus``.
    title
        Page title and heading.
    sources
        Who published the data, named under a PNG or SVG export (default: the ``source``
        column of ``meetings``, its part before " · ").
    filters_note
        The filters that chose the graph, in words (:func:`graphkit.views.credits.filters_text`),
        printed under an export with the dates.

    Returns
    -------
    str
        The HTML.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("organisation:a", kind="organisation", name="</script><b>A</b>")
    >>> g.add_node("mep:b", kind="mep", name="B")
    >>> g.add_edge("organisation:a", "mep:b", meetings=3)
    >>> page = to_html(g, title="Example")
    >>> "</script><b>" in page, "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003eA" in page
    (False, True)
    >>> "https://" in page.split('id="graphkit-data"')[0]
    False
    """
    if colour_by not in ("kind", "community"):
        raise GraphkitError(f"colour_by must be 'kind' or 'community', not {colour_by!r}")
    if graph.is_multigraph():
        graph, from_edges = simple_graph(graph)
        meetings = from_edges if meetings is None else meetings
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    scores, ranks, measure = _scores(graph, size_by)
    focus_node = resolve_node(graph, focus) if focus is not None else None
    # Which nodes get a label first: within each kind by the global measure (so the top
    # organisations are named beside the top MEPs), before any view-specific sizing.
    importance = scores if scores is not None else dict(graph.degree())
    shown = graph
    notes = []
    if focus_node is not None:
        shown = ego_view(shown, focus_node, depth)
        notes.append(f"the {_plural(depth, 'step')} around {_name(graph, focus_node)}")
    if top is not None and shown.number_of_nodes() > top:
        before = shown.number_of_nodes()
        shown = top_nodes(shown, scores, top, keep=focus_node)
        notes.append(f"the {top:,} most central" + (f" by {measure}" if measure else " by links"))
        left_out = before - shown.number_of_nodes()
    else:
        left_out = 0
    community_of = _communities(communities, shown) if colour_by == "community" else None
    if colour_by == "community" and community_of is None:
        raise GraphkitError("colour_by='community' needs communities (e.g. from graphkit.analysis.communities)")
    ties = None
    if focus_node is not None:
        # Around one actor, what matters is how much each node met it, not its global rank.
        ties = focus_ties(shown, focus_node, meetings)
        scores, ranks, measure = _ranked(ties, f"meetings with {_short_name(graph, focus_node)}")
    priority = label_priority(shown, importance, focus_node, ties)

    payload = _payload(shown, scores, ranks, measure, community_of, meetings, focus_node, priority)
    payload["title"] = title
    if sources is None and meetings is not None and "source" in meetings.columns:
        sources = source_names(meetings["source"].astype("string").str.split(" · ").str[0].dropna().tolist())
    payload["sources"] = list(sources or [])
    payload["filters"] = filters_note
    payload["version"] = __version__

    subtitle = (
        f"{shown.number_of_nodes():,} nodes and {shown.number_of_edges():,} links"
        + (
            f" of {total_nodes:,} nodes and {total_edges:,} links"
            if (shown.number_of_nodes(), shown.number_of_edges()) != (total_nodes, total_edges)
            else ""
        )
        + (f" · {' · '.join(notes)}" if notes else "")
        + (f" · size: {measure}" if measure else " · size: links")
        + (" · colour: community" if colour_by == "community" else " · colour: kind")
    )
    payload["subtitle"] = subtitle
    left_out_note = (
        f"{left_out:,} less central {'node was' if left_out == 1 else 'nodes were'} left out "
        f"(showing the top {shown.number_of_nodes():,})."
        if left_out
        else ""
    )
    html = _render(
        title=title,
        subtitle=subtitle,
        left_out_note=left_out_note,
        data=script_json(payload),
        help="Scroll to zoom, drag to pan. Click a node to highlight its neighbours, a link to "
        "see its meetings; click the background to clear. Link width: meetings. "
        "The address bar keeps the view: copy it to share what you see.",
    )
    if path is not None:
        _write(Path(path), html)
    return html


# ---- building the page data ---------------------------------------------------------------


def _payload(
    graph: nx.Graph,
    scores: Mapping[object, float] | None,
    ranks: Mapping[object, int] | None,
    measure: str | None,
    community_of: Mapping[object, object] | None,
    meetings: pd.DataFrame | None,
    focus_node: object,
    priority: Mapping[object, int],
) -> dict[str, Any]:
    node_ids = list(graph.nodes)
    index = {node: i for i, node in enumerate(node_ids)}
    layout = structured_layout(graph, communities=community_of)
    positions = layout.positions
    frame = pd.DataFrame.from_records(
        [data for _, data in graph.nodes(data=True)],
        columns=["kind", "name", "acronym", "category", "country", "group"],
        index=range(len(node_ids)),
    )
    frame = frame.astype(object).where(frame.notna(), None)
    frame["key"] = [str(node) for node in node_ids]
    frame["kind"] = [str(kind) if kind else UNKNOWN_KIND for kind in frame["kind"]]
    frame["name"] = [str(name) if name not in (None, "") else key for name, key in zip(frame["name"], frame["key"], strict=True)]
    degree = dict(graph.degree())
    raw = [scores.get(node) if scores is not None else degree[node] for node in node_ids]
    values = _sizes(raw)

    communities_legend = None
    community_names: dict[object, str] = {}
    apart = _apart_nodes(graph) if community_of is not None else set()
    if community_of is not None:
        labels = [community_of.get(node) for node in node_ids]
        counts = pd.Series(
            [label for node, label in zip(node_ids, labels, strict=True) if label is not None and node not in apart],
            dtype=object,
        ).value_counts(sort=True)
        order = sorted(counts.index, key=lambda label: (-counts[label], str(label)))
        colour_of = {
            label: PALETTE[i] if i < len(PALETTE) and i < LEGEND_COMMUNITIES else OTHER_COLOUR
            for i, label in enumerate(order)
        }
        colours = [
            OTHER_COLOUR if node in apart else colour_of.get(label, OTHER_COLOUR)
            for node, label in zip(node_ids, labels, strict=True)
        ]
        short_names = [acronym or name for acronym, name in zip(frame["acronym"], frame["name"], strict=True)]
        community_names = _community_names(labels, short_names, raw)
        communities_legend = [
            {"key": str(label), "label": community_names[label], "color": colour_of[label], "count": int(counts[label])}
            for label in order[:LEGEND_COMMUNITIES]
        ]
        if len(order) > LEGEND_COMMUNITIES:
            rest = int(sum(counts[label] for label in order[LEGEND_COMMUNITIES:]))
            communities_legend.append(
                {
                    "key": None,
                    "label": f"{len(order) - LEGEND_COMMUNITIES:,} smaller communities",
                    "color": OTHER_COLOUR,
                    "count": rest,
                    # Beside small groups apart, the first picture shows the named communities.
                    "hidden": bool(apart),
                }
            )
        if apart:
            groups = nx.number_connected_components(graph.subgraph(apart).to_undirected(as_view=True))
            communities_legend.append(
                {
                    "key": APART_KEY,
                    "label": f"{groups:,} small group{'' if groups == 1 else 's'} apart from the rest (up to {APART_NODES} nodes each)",
                    "color": OTHER_COLOUR,
                    "count": len(apart),
                    "hidden": True,
                }
            )
    else:
        labels = [None] * len(node_ids)
        colours = [KIND_COLOURS.get(kind, OTHER_COLOUR) for kind in frame["kind"]]

    # One pass over the edges: their ends as node positions and their data, in graph.edges order.
    edge_from, edge_to, edge_data = [], [], []
    for u, v, data in graph.edges(data=True):
        edge_from.append(index[u])
        edge_to.append(index[v])
        edge_data.append(data)
    node_meeting_lists, edge_meeting_lists, meeting_rows, date_range = _meeting_indexes(
        graph, meetings, edge_from, edge_to
    )

    records = []
    for i, row in enumerate(frame.itertuples(index=False)):
        node = node_ids[i]
        x, y = positions[node]
        record = {
            "id": i,
            "key": row.key,
            "label": _label(row.name),
            "x": x,
            "y": y,
            "value": values[i],
            "color": colours[i],
            "kind": row.kind,
            "kindLabel": KIND_LABELS.get(row.kind, row.kind.capitalize()),
            "name": row.name,
            "acronym": row.acronym,
            "category": row.category,
            "country": row.country,
            "group": row.group,
            "score": _finite(raw[i]) if scores is not None else None,
            "rank": ranks.get(node) if ranks is not None else None,
            "community": None if labels[i] is None else str(labels[i]),
            "communityName": community_names.get(labels[i]) if labels[i] is not None else None,
            "apart": 1 if node in apart else None,
            "p": priority[node],
        }
        if node_meeting_lists is not None:
            record["m"] = node_meeting_lists.get(i, [])
        # Empty fields are left out: the page treats a missing field as empty, and a
        # 5,000-node page is a fifth smaller without them.
        records.append({key: value for key, value in record.items() if value is not None})

    edge_records = []
    max_meetings = 1
    for position, (source, target, data) in enumerate(zip(edge_from, edge_to, edge_data, strict=True)):
        count = _edge_count(data)
        record = {"from": source, "to": target, "w": count}
        if edge_meeting_lists is not None:
            found = edge_meeting_lists.get(position)
            if found:
                record["m"] = found
                count = len(found)
        max_meetings = max(max_meetings, count)
        edge_records.append(record)

    kinds = frame["kind"].value_counts()
    kind_order = [kind for kind in KIND_COLOURS if kind in kinds.index] + sorted(
        kind for kind in kinds.index if kind not in KIND_COLOURS
    )
    return {
        "nodes": records,
        "edges": edge_records,
        "meetings": meeting_rows,
        "dateRange": date_range,
        "maxMeetings": max_meetings,
        "kinds": [
            {
                "key": kind,
                "label": KIND_LABELS.get(kind, kind.capitalize()),
                "color": KIND_COLOURS.get(kind, OTHER_COLOUR),
                "count": int(kinds[kind]),
            }
            for kind in kind_order
        ],
        "colourBy": "community" if community_of is not None else "kind",
        "legend": communities_legend or [],
        "legendTitle": "Communities",
        "communities": community_of is not None,
        "measure": measure,
        "focus": index[focus_node] if focus_node is not None else None,
        "directed": graph.is_directed(),
        "mainBox": list(layout.main_box),
    }


def _meeting_indexes(
    graph: nx.Graph, meetings: pd.DataFrame | None, edge_from: list[int], edge_to: list[int]
) -> tuple[dict | None, dict | None, list, list | None]:
    """Per-node and per-edge lists of indexes into one shared, newest-first meeting table.

    ``edge_from, edge_to``: each edge's ends as positions in ``graph.nodes``, in ``graph.edges`` order.
    """
    if meetings is None:
        return None, None, [], None
    missing = {"node", "meeting_id", "date"} - set(meetings.columns)
    if missing:
        raise GraphkitError(f"meetings needs the columns node, meeting_id, date (missing: {', '.join(sorted(missing))})")
    node_ids = list(graph.nodes)
    node_codes = pd.Series(range(len(node_ids)), index=pd.Index(node_ids, dtype=object))
    frame = meetings[meetings["node"].isin(node_codes.index)].copy()
    frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    frame = frame.dropna(subset=["date"])
    for column in ("title", "source"):
        if column not in frame.columns:
            frame[column] = None
    if frame.empty:
        return {}, {}, [], None
    table = (
        frame.drop_duplicates("meeting_id")[["meeting_id", "date", "title", "source"]]
        .sort_values(["date", "meeting_id"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    # Work on integer codes: node position in the graph, meeting position in the table.
    links = pd.DataFrame(
        {
            "node": frame["node"].map(node_codes).to_numpy(),
            "meeting_id": frame["meeting_id"].map(pd.Series(range(len(table)), index=table["meeting_id"])).to_numpy(),
        }
    ).drop_duplicates()
    # Keyed by position: node i of graph.nodes, edge j of graph.edges.
    node_lists = _grouped_lists(links["node"], links["meeting_id"])
    position, shared = _shared_meetings(
        links["node"].to_numpy(dtype="int64"),
        links["meeting_id"].to_numpy(dtype="int64"),
        np.asarray(edge_from, dtype="int64"),
        np.asarray(edge_to, dtype="int64"),
    )
    edge_lists = _grouped_lists(pd.Series(position), pd.Series(shared))
    # Plain lists first: iterating Arrow-backed strings goes through Python per item.
    titles = table["title"].astype(object).tolist()
    sources = table["source"].astype(object).tolist()
    dates = table["date"].dt.strftime("%Y-%m-%d").tolist()
    rows = [[date, _text(title), _text(source)] for date, title, source in zip(dates, titles, sources, strict=True)]
    return node_lists, edge_lists, rows, [rows[-1][0], rows[0][0]]


def _shared_meetings(
    nodes: np.ndarray, meetings: np.ndarray, sources: np.ndarray, targets: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(edge position, meeting) for every meeting both ends of an edge attended, on integer codes.

    What :func:`graphkit.views.meetings.edge_meetings` finds with two merges, in numpy: each
    edge's meetings are read from its end with fewer of them and kept when the other end's
    (node, meeting) pair exists (a sorted search). ``nodes, meetings`` are unique pairs.

    >>> _shared_meetings(np.array([0, 1, 0, 2]), np.array([7, 7, 8, 8]), np.array([0, 1]), np.array([1, 2]))
    (array([0]), array([7]))
    """
    if len(nodes) == 0 or len(sources) == 0:
        return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    span = int(meetings.max()) + 1
    order = np.argsort(nodes, kind="stable")
    nodes_sorted, meetings_sorted = nodes[order], meetings[order]
    known = np.sort(nodes.astype("int64") * span + meetings)
    size = int(max(nodes.max(), sources.max(), targets.max())) + 1
    starts = np.searchsorted(nodes_sorted, np.arange(size), side="left")
    counts = np.searchsorted(nodes_sorted, np.arange(size), side="right") - starts
    swap = counts[sources] > counts[targets]
    near, far = np.where(swap, targets, sources), np.where(swap, sources, targets)
    per_edge = counts[near]
    edge = np.repeat(np.arange(len(sources)), per_edge)
    within = np.arange(int(per_edge.sum())) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    candidate = meetings_sorted[np.repeat(starts[near], per_edge) + within]
    probe = far[edge].astype("int64") * span + candidate
    at = np.minimum(np.searchsorted(known, probe), len(known) - 1)
    found = known[at] == probe
    return edge[found], candidate[found]


def _grouped_lists(keys: pd.Series, values: pd.Series) -> dict[int, list[int]]:
    """key → sorted list of its values, for integer keys and values, without a Python groupby."""
    keys_array = keys.to_numpy(dtype="int64")
    values_array = values.to_numpy(dtype="int64")
    order = np.lexsort((values_array, keys_array))
    keys_sorted, values_sorted = keys_array[order], values_array[order]
    if len(keys_sorted) == 0:
        return {}
    starts = np.flatnonzero(np.r_[True, keys_sorted[1:] != keys_sorted[:-1]]).tolist()
    ends = [*starts[1:], len(keys_sorted)]
    flat = values_sorted.tolist()
    return {key: flat[start:end] for key, start, end in zip(keys_sorted[starts].tolist(), starts, ends, strict=True)}


# ---- rendering ------------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def _assets() -> dict[str, str]:
    """The vendored sigma.js + graphology bundle, and graphkit's own script and styles."""
    vendor = resources.files("graphkit.views") / "vendor" / "dist"
    manifest = json.loads(vendor.joinpath("manifest.json").read_text(encoding="utf-8"))
    views = resources.files("graphkit.views") / "templates"
    return {
        "renderer_js": _inline_safe(vendor.joinpath(manifest["file"]).read_text(encoding="utf-8"), "script"),
        "view_js": _inline_safe(views.joinpath("view.js").read_text(encoding="utf-8"), "script"),
        "view_css": _inline_safe(views.joinpath("view.css").read_text(encoding="utf-8"), "style"),
        "sigma_version": manifest["packages"]["sigma"]["version"],
        "graphology_version": manifest["packages"]["graphology"]["version"],
    }


def _inline_safe(text: str, element: str) -> str:
    # A library file that contained its own closing tag would end the element early.
    return text.replace(f"</{element}", f"<\\/{element}")


def _render(**context: str) -> str:
    return _environment().get_template("view.html.j2").render(version=__version__, **_assets(), **context)


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)


# ---- small helpers --------------------------------------------------------------------------


def simple_graph(graph: nx.MultiGraph) -> tuple[nx.Graph, pd.DataFrame | None]:
    """One edge per pair, counting its meetings; and the meetings the edges carry, if they do.

    The meeting graph (:func:`graphkit.graph.build_graph` with ``"meetings"``) has one edge per
    meeting with ``meeting_id``, ``date`` and ``title``: those become the view's meeting list
    (``node, meeting_id, date, title`` rows, or ``None`` when the edges carry no meetings).

    Examples
    --------
    >>> g = nx.MultiGraph([("a", "b"), ("a", "b"), ("b", "c")])
    >>> simple, meetings = simple_graph(g)
    >>> simple.edges["a", "b"]["meetings"], meetings is None
    (2, True)
    """
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.graph.update(graph.graph)
    simple.add_nodes_from(graph.nodes(data=True))
    counts: dict[tuple[object, object], float] = {}
    rows = []
    for u, v, data in graph.edges(data=True):
        counts[(u, v)] = counts.get((u, v), 0) + _edge_count({"meetings": data.get("meetings", 1)})
        if data.get("meeting_id") is not None and data.get("date") is not None:
            source = data.get("source")
            rows.append((u, data["meeting_id"], data["date"], data.get("title"), source))
            rows.append((v, data["meeting_id"], data["date"], data.get("title"), source))
    simple.add_edges_from((u, v, {"meetings": count, "weight": count}) for (u, v), count in counts.items())
    if not rows:
        return simple, None
    columns = ["node", "meeting_id", "date", "title", "source"]
    return simple, pd.DataFrame(rows, columns=columns).drop_duplicates(["node", "meeting_id"])


def focus_ties(graph: nx.Graph, focus: object, meetings: pd.DataFrame | None = None) -> dict[object, float]:
    """Node → meetings with ``focus`` (0 for nodes not linked to it); ``focus`` → all its meetings.

    What sizes the nodes of a view around ``focus``. A link counts its ``meetings`` (else
    ``weight``, else 1). The focus's own total is its distinct meetings in ``meetings``
    (``node, meeting_id`` rows) when given, else the sum of its links' counts.

    Examples
    --------
    >>> g = nx.Graph([("o", "a", {"meetings": 3}), ("o", "b", {"meetings": 1}), ("b", "c")])
    >>> focus_ties(g, "o")
    {'o': 4, 'a': 3, 'b': 1, 'c': 0}
    """
    ties: dict[object, float] = dict.fromkeys(graph.nodes, 0)
    linked = [(other, data) for _, other, data in graph.edges(focus, data=True)]
    if graph.is_directed():
        linked += [(other, data) for other, _, data in graph.in_edges(focus, data=True)]
    for other, data in linked:
        if other != focus:
            ties[other] += _edge_count(data)
    if meetings is not None and {"node", "meeting_id"} <= set(meetings.columns):
        ties[focus] = int(meetings.loc[meetings["node"] == focus, "meeting_id"].nunique())
    if not ties[focus]:
        ties[focus] = sum(value for node, value in ties.items() if node != focus)
    return ties


def _scores(
    graph: nx.Graph, size_by: Any
) -> tuple[dict[object, float] | None, dict[object, int] | None, str | None]:
    """Node → size value, node → rank, and the measure's name, from whatever ``size_by`` is."""
    if size_by is None:
        return None, None, None
    if isinstance(size_by, str):
        values = nx.get_node_attributes(graph, size_by)
        if not values:
            raise GraphkitError(f"no node has the attribute {size_by!r} to size by")
        return _ranked({node: _finite(value) for node, value in values.items()}, size_by)
    if isinstance(size_by, pd.DataFrame):
        if "id" not in size_by.columns:
            raise GraphkitError("size_by needs an 'id' column (as graphkit.analysis.centrality returns)")
        numeric = [
            column
            for column in size_by.columns
            if column not in ("id", "rank") and pd.api.types.is_numeric_dtype(size_by[column])
        ]
        if not numeric:
            raise GraphkitError("size_by has no numeric column to size nodes by")
        measure = numeric[-1]
        scores = dict(zip(size_by["id"], size_by[measure].astype(float), strict=True))
        if "rank" in size_by.columns:
            ranks = {node: int(rank) for node, rank in zip(size_by["id"], size_by["rank"], strict=True) if rank == rank}
            return scores, ranks, str(measure)
        return _ranked(scores, str(measure))
    if isinstance(size_by, pd.Series):
        return _ranked({node: float(value) for node, value in size_by.items()}, str(size_by.name or "score"))
    if isinstance(size_by, Mapping):
        return _ranked({node: float(value) for node, value in size_by.items()}, "score")
    raise GraphkitError(f"size_by must be a DataFrame, Series, dict or attribute name, not {type(size_by).__name__}")


def _ranked(scores: dict[object, float], measure: str) -> tuple[dict, dict, str]:
    ordered = sorted(
        (node for node, value in scores.items() if value is not None and value == value),
        key=lambda node: -scores[node],
    )
    return scores, {node: i + 1 for i, node in enumerate(ordered)}, measure


def _communities(communities: Any, graph: nx.Graph) -> dict[object, object] | None:
    if communities is None:
        return None
    if isinstance(communities, pd.DataFrame):
        if not {"id", "community"} <= set(communities.columns):
            raise GraphkitError("communities needs 'id' and 'community' columns")
        return dict(zip(communities["id"], communities["community"], strict=True))
    if isinstance(communities, pd.Series):
        return communities.to_dict()
    if isinstance(communities, Mapping):
        return dict(communities)
    return {node: i for i, members in enumerate(communities) for node in members}


def _apart_nodes(graph: nx.Graph) -> set[object]:
    """The nodes of components of at most :data:`APART_NODES` nodes, when a larger component is
    there to show instead (else none: then the small groups are all there is).

    Examples
    --------
    >>> g = nx.disjoint_union(nx.complete_graph(25), nx.path_graph(3))
    >>> sorted(_apart_nodes(g))
    [25, 26, 27]
    >>> _apart_nodes(nx.path_graph(3))
    set()
    """
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = list(nx.connected_components(undirected))
    if not components or max(len(c) for c in components) <= APART_NODES:
        return set()
    return {node for component in components if len(component) <= APART_NODES for node in component}


def _community_names(labels: list[object], names: list[str], scores: list[Any]) -> dict[object, str]:
    """Community → its largest members' names ("BEUC, Eurogroup for Animals, ERT"), by score.

    Examples
    --------
    >>> _community_names([0, 0, 1, 0], ["A", "B", "C", "D"], [1, 5, 2, 3])
    {0: 'B, D, A', 1: 'C'}
    """
    order = sorted(
        range(len(labels)), key=lambda i: (-(_finite(scores[i]) or 0.0), names[i])
    )
    members: dict[object, list[str]] = {}
    for i in order:
        if labels[i] is not None and len(members.setdefault(labels[i], [])) < NAMED_MEMBERS:
            members[labels[i]].append(_label(names[i]))
    return {label: ", ".join(found) for label, found in members.items()}


def _sizes(raw: list[Any]) -> list[float]:
    """Values in [0, 1], by square root, so area follows the measure."""
    clean = [max(0.0, float(v)) if isinstance(v, numbers.Real) and math.isfinite(v) else 0.0 for v in raw]
    top = max(clean, default=0.0)
    if top <= 0:
        return [0.0] * len(clean)
    return [round(math.sqrt(v / top), 4) for v in clean]


def _edge_count(data: Mapping[str, Any]) -> float:
    for key in ("meetings", "weight"):
        value = data.get(key)
        if value is None:
            continue
        if type(value) is int or (type(value) is float and math.isfinite(value)):
            return value  # the common case, without the isinstance checks below
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
            return value.item() if hasattr(value, "item") else value
        if isinstance(value, list | tuple | set):
            return len(value)
    return 1


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "":
        return None
    return str(value)


def _label(name: str) -> str:
    return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1].rstrip() + "…"


def _short_name(graph: nx.Graph, node: object) -> str:
    return _label(str(graph.nodes[node].get("acronym") or _name(graph, node)))


def _name(graph: nx.Graph, node: object) -> str:
    return str(graph.nodes[node].get("name") or node)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
