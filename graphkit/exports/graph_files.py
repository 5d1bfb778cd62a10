"""Graph files for other tools: GEXF (Gephi), GraphML, node-link JSON (D3), CSV and Parquet node
and edge tables.

networkx writes GEXF, GraphML and node-link data, pandas and pyarrow the tables; graphkit only
makes the attributes fit those formats (no empty values, dates as ISO text, lists as JSON text)
and writes every file atomically. For Gephi's timeline, see :mod:`graphkit.exports.gephi`.
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

FORMATS = ("gexf", "graphml", "json", "csv", "parquet")
GEXF_VERSION = "1.3"


def export_graph(graph: nx.Graph, path: str | Path, fmt: str | None = None) -> list[Path]:
    """Write ``graph`` as GEXF 1.3, GraphML, node-link JSON, CSV or Parquet.

    Parameters
    ----------
    graph
        Any networkx graph (multigraphs too: GEXF and GraphML keep parallel edges).
    path
        The file to write. For ``csv`` two files are written: ``NAME.nodes.csv`` and
        ``NAME.edges.csv`` beside ``path`` (its ``.csv`` suffix dropped), with text a
        spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) quoted
        (:func:`graphkit.spreadsheet.formula_safe`). ``parquet`` writes ``NAME.nodes.parquet``
        and ``NAME.edges.parquet`` the same way (values as they are).
    fmt
        ``gexf``, ``graphml``, ``json``, ``csv`` or ``parquet``; by default from the file's suffix.

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
    clean = plain_attributes(graph)
    if fmt in ("csv", "parquet"):
        stem = path.with_suffix("") if path.suffix.lower() == f".{fmt}" else path
        nodes_path, edges_path = Path(f"{stem}.nodes.{fmt}"), Path(f"{stem}.edges.{fmt}")
        nodes, edges = graph_frames(clean)
        if fmt == "csv":
            nodes, edges = formula_safe_frame(nodes), formula_safe_frame(edges)
            atomic_write(nodes_path, lambda target: nodes.to_csv(target, index=False))
            atomic_write(edges_path, lambda target: edges.to_csv(target, index=False))
        else:
            atomic_write(nodes_path, lambda target: _text_columns(nodes).to_parquet(target, index=False))
            atomic_write(edges_path, lambda target: _text_columns(edges).to_parquet(target, index=False))
        return [nodes_path, edges_path]
    if fmt == "gexf":
        atomic_write(path, lambda target: nx.write_gexf(gexf_ready(clean), target, version=GEXF_VERSION))
    elif fmt == "graphml":
        atomic_write(path, lambda target: nx.write_graphml(_text_ids(clean), target))
    else:
        data = nx.node_link_data(clean, edges="links")
        text = json.dumps(data, ensure_ascii=False, indent=1)
        atomic_write(path, lambda target: target.write_text(text, "utf-8"))
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


def plain_attributes(graph: nx.Graph, keep: tuple[str, ...] = ()) -> nx.Graph:
    """A copy whose attributes the file formats accept: no None/NaN, dates as ISO text, lists and
    dicts as JSON text (but the attributes named in ``keep``, e.g. GEXF's ``viz`` and ``spells``,
    stay as they are).

    >>> g = nx.Graph()
    >>> g.add_node(1, tags=["a", "b"], gone=None, viz={"size": 2})
    >>> plain_attributes(g, keep=("viz",)).nodes[1]
    {'tags': '["a", "b"]', 'viz': {'size': 2}}
    """

    def _plain(value: Any, key: str = "") -> Any:
        return value if key in keep else plain_value(value)

    clean = graph.__class__()

    def _attributes(data: dict[str, Any]) -> dict[str, Any]:
        pairs = ((key, _plain(value, key)) for key, value in data.items())
        return {key: value for key, value in pairs if value is not None}

    clean.graph.update(_attributes(graph.graph))
    clean.add_nodes_from((node, _attributes(data)) for node, data in graph.nodes(data=True))
    edge_view = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for edge in edge_view:
        *ends, data = edge
        clean.add_edge(*ends, **_attributes(data))
    return clean


def plain_value(value: Any) -> Any:
    """``value`` as a file format takes it: ``None`` for a missing value, dates as ISO text,
    NumPy scalars as Python ones, lists, sets and dicts as JSON text.

    >>> plain_value(float("nan")), plain_value(dt.date(2025, 1, 2)), plain_value([1, "a"])
    (None, '2025-01-02', '[1, "a"]')
    """
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


def gexf_ready(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` to write as GEXF: ids as text, each node's ``label`` its name.

    Gephi shows a node's GEXF label, so a label that is the id (``organisation:beuc``) would
    show ids; the id stays the GEXF id. A node without a name keeps its id as label.

    Examples
    --------
    >>> g = nx.Graph([("organisation:beuc", "mep:x")])
    >>> g.nodes["organisation:beuc"]["name"] = "BEUC"
    >>> dict(gexf_ready(g).nodes(data="label"))
    {'organisation:beuc': 'BEUC', 'mep:x': 'mep:x'}
    """
    out = _text_ids(graph)
    for node, data in out.nodes(data=True):
        name = data.get("name")
        if data.get("label") in (None, "") and isinstance(name, str) and name.strip():
            data["label"] = name
        elif data.get("label") in (None, ""):
            data["label"] = node
    return out


def _text_ids(graph: nx.Graph) -> nx.Graph:
    # GEXF and GraphML store ids as text; say so rather than let readers guess.
    return nx.relabel_nodes(graph, {node: str(node) for node in graph}, copy=True)


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    # A column mixing numbers and text (ids of different graphs) would not fit one Parquet type.
    mixed = [c for c in frame.columns if frame[c].dtype == object and frame[c].map(type).nunique() > 1]
    return frame.astype({c: "string" for c in mixed}) if mixed else frame


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a hidden file beside ``path``, then put it in place: a reader never sees
    half a file, and a failed write leaves nothing behind.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "sub" / "a.txt"
    >>> atomic_write(target, lambda p: p.write_text("x"))
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('x', ['a.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
