"""Graph files for other tools: GEXF (Gephi), GraphML, node-link JSON (D3), CSV node and edge lists.

networkx writes GEXF, GraphML and node-link data; graphkit only makes the attributes fit those
formats (no empty values, dates as ISO text) and writes every file atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.spreadsheet import formula_safe_frame

FORMATS = ("gexf", "graphml", "json", "csv")


def export_graph(graph: nx.Graph, path: str | Path, fmt: str | None = None) -> list[Path]:
    """Write ``graph`` as GEXF, GraphML, node-link JSON or CSV.

    Parameters
    ----------
    graph
        Any networkx graph (multigraphs too: GEXF and GraphML keep parallel edges).
    path
        The file to write. For ``csv`` two files are written: ``NAME.nodes.csv`` and
        ``NAME.edges.csv`` beside ``path`` (its ``.csv`` suffix dropped), with text a
        spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) quoted
        (:func:`graphkit.spreadsheet.formula_safe`).
    fmt
        ``gexf``, ``graphml``, ``json`` or ``csv``; by default from the file's suffix.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.Graph()
    >>> g.add_node("mep:a", kind="mep", name="Anna", acronym=None)
    >>> g.add_edge("mep:a", "organisation:b", meetings=2, date=dt.date(2025, 1, 2))
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in export_graph(g, folder / "g.csv")]
    ['g.nodes.csv', 'g.edges.csv']
    >>> print((folder / "g.edges.csv").read_text().strip())
    source,target,meetings,date
    mep:a,organisation:b,2,2025-01-02
    >>> nx.read_gexf(export_graph(g, folder / "g.gexf")[0]).nodes["mep:a"]["name"]
    'Anna'
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise GraphkitError(f"unknown export format {fmt!r} for {path} (use one of: {', '.join(FORMATS)})")
    clean = _plain_attributes(graph)
    if fmt == "csv":
        stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
        nodes_path, edges_path = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
        nodes, edges = (formula_safe_frame(frame) for frame in graph_frames(clean))
        _atomic(nodes_path, lambda target: nodes.to_csv(target, index=False))
        _atomic(edges_path, lambda target: edges.to_csv(target, index=False))
        return [nodes_path, edges_path]
    if fmt == "gexf":
        _atomic(path, lambda target: nx.write_gexf(_text_ids(clean), target))
    elif fmt == "graphml":
        _atomic(path, lambda target: nx.write_graphml(_text_ids(clean), target))
    else:
        data = nx.node_link_data(clean, edges="links")
        _atomic(
            path, lambda target: target.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        )
    return [path]


def graph_frames(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The node list (``id`` + attributes) and edge list (``source, target`` + attributes).

    Examples
    --------
    >>> nodes, edges = graph_frames(nx.path_graph(3))
    >>> nodes["id"].tolist(), edges[["source", "target"]].values.tolist()
    ([0, 1, 2], [[0, 1], [1, 2]])
    """
    nodes = pd.DataFrame([{"id": node, **data} for node, data in graph.nodes(data=True)])
    if nodes.empty:
        nodes = pd.DataFrame(columns=["id"])
    edges = pd.DataFrame([{"source": u, "target": v, **data} for u, v, data in graph.edges(data=True)])
    if edges.empty:
        edges = pd.DataFrame(columns=["source", "target"])
    return nodes, edges


def _plain_attributes(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes the file formats accept: no None/NaN, dates as ISO text."""
    clean = graph.__class__()
    clean.graph.update(
        {key: _plain(value) for key, value in graph.graph.items() if _plain(value) is not None}
    )
    clean.add_nodes_from(
        (node, {key: _plain(value) for key, value in data.items() if _plain(value) is not None})
        for node, data in graph.nodes(data=True)
    )
    edge_view = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for edge in edge_view:
        *ends, data = edge
        clean.add_edge(
            *ends, **{key: _plain(value) for key, value in data.items() if _plain(value) is not None}
        )
    return clean


def _plain(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # NumPy's str_ too
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    if isinstance(value, list | tuple | set | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _text_ids(graph: nx.Graph) -> nx.Graph:
    # GEXF and GraphML store ids as text; say so rather than let readers guess.
    return nx.relabel_nodes(graph, {node: str(node) for node in graph}, copy=True)


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
