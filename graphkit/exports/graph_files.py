"""Graph files for other tools: GEXF (Gephi), GraphML, node-link JSON (D3), CSV and Parquet node
and edge tables.

Every format is written as the graph is read, a chunk of nodes or edges at a time, so writing
needs the memory of one chunk beside the graph, whatever its size (GEXF and GraphML through
:mod:`~graphkit.exports.gexf_stream` and :mod:`~graphkit.exports.graphml_stream`, the tables
through :mod:`~graphkit.exports.table_files`; networkx's writers build the whole document
first). graphkit makes the attributes fit those formats (no empty values, dates as ISO text,
lists as JSON text) and writes every file atomically. For Gephi's timeline, see
:mod:`graphkit.exports.gephi`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.exports import table_files

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
    if fmt in ("csv", "parquet"):
        stem = path.with_suffix("") if path.suffix.lower() == f".{fmt}" else path
        nodes_path, edges_path = Path(f"{stem}.nodes.{fmt}"), Path(f"{stem}.edges.{fmt}")
        write_table = table_files.write_csv if fmt == "csv" else table_files.write_parquet
        node_rows = lambda: ({"id": node, **data} for node, data in node_items(graph))  # noqa: E731
        edge_rows = lambda: ({"source": u, "target": v, **data} for u, v, _, data in edge_items(graph))  # noqa: E731
        atomic_write(nodes_path, lambda target: write_table(target, node_rows, first=("id",)))
        atomic_write(edges_path, lambda target: write_table(target, edge_rows, first=("source", "target")))
        return [nodes_path, edges_path]
    if fmt == "gexf":
        atomic_write(path, lambda target: write_graph_gexf(graph, target))
    elif fmt == "graphml":
        atomic_write(path, lambda target: write_graph_graphml(graph, target))
    else:
        atomic_write(path, lambda target: write_node_link(graph, target))
    return [path]


def node_items(graph: nx.Graph, keep: tuple[str, ...] = ()) -> Iterator[tuple[object, dict[str, Any]]]:
    """Each node and its attributes made plain (:func:`plain_data`), one at a time.

    >>> g = nx.Graph()
    >>> g.add_node("a", tags=["x"], gone=None)
    >>> list(node_items(g))
    [('a', {'tags': '["x"]'})]
    """
    for node, data in graph.nodes(data=True):
        yield node, plain_data(data, keep)


def edge_items(
    graph: nx.Graph, keep: tuple[str, ...] = ()
) -> Iterator[tuple[object, object, object, dict[str, Any]]]:
    """Each edge as ``(u, v, key, plain attributes)``, one at a time; ``key`` is ``None`` but in a
    multigraph.

    >>> list(edge_items(nx.MultiGraph([("a", "b"), ("a", "b")])))
    [('a', 'b', 0, {}), ('a', 'b', 1, {})]
    """
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            yield u, v, key, plain_data(data, keep)
    else:
        for u, v, data in graph.edges(data=True):
            yield u, v, None, plain_data(data, keep)


def gexf_label(node: object, data: dict[str, Any]) -> str:
    """The GEXF label of a node: its ``label``, else its name, else its id (Gephi shows the label,
    and an id such as ``organisation:beuc`` is no name).

    >>> gexf_label("organisation:beuc", {"name": "BEUC"}), gexf_label("mep:x", {"name": " "})
    ('BEUC', 'mep:x')
    """
    label, name = data.get("label"), data.get("name")
    if label not in (None, ""):
        return str(label)
    if isinstance(name, str) and name.strip():
        return name
    return str(node)


def write_graph_gexf(graph: nx.Graph, target: Path, keep: tuple[str, ...] = ()) -> None:
    """Write ``graph`` as GEXF 1.3 (:func:`graphkit.exports.gexf_stream.write_gexf_stream`), a chunk
    of nodes or edges at a time, each node labelled :func:`gexf_label`; ``keep`` names the
    attributes that stay as they are (``viz`` and ``spells`` for Gephi), the others are made plain.

    >>> import tempfile
    >>> g = nx.Graph([("mep:a", "organisation:b", {"weight": 2})])
    >>> g.nodes["mep:a"]["name"] = "Anna"
    >>> path = Path(tempfile.mkdtemp()) / "g.gexf"
    >>> write_graph_gexf(g, path)
    >>> back = nx.read_gexf(path)
    >>> back.nodes["mep:a"]["label"], back.edges["mep:a", "organisation:b"]["weight"]
    ('Anna', 2.0)
    """
    from graphkit.exports.gexf_stream import GexfEdge, GexfNode, write_gexf_stream
    from graphkit.exports.xml_stream import chunks, declared_types

    special = ("label", "viz", "spells")
    multigraph = graph.is_multigraph()

    def node_row(node: object, data: dict[str, Any]) -> GexfNode:
        attributes = {k: v for k, v in data.items() if k not in special}
        return GexfNode(
            str(node), gexf_label(node, data), attributes, data.get("spells") or (), data.get("viz")
        )

    def edge_rows() -> Iterator[GexfEdge]:
        for number, (u, v, key, data) in enumerate(edge_items(graph, keep)):
            weight, spells = data.pop("weight", None), data.pop("spells", None) or ()
            if multigraph:
                data["networkx_key"] = key
            yield GexfEdge(str(data.pop("id", number)), str(u), str(v), data, spells, weight)

    node_types = declared_types(
        row.attributes for row in (node_row(*item) for item in node_items(graph, keep))
    )
    edge_types = declared_types(row.attributes for row in edge_rows())
    dynamic = any("spells" in data for _, data in graph.nodes(data=True)) or any(
        "spells" in data for *_, data in graph.edges(data=True)
    )
    with open(target, "wb") as handle:
        write_gexf_stream(
            handle,
            chunks(node_row(*item) for item in node_items(graph, keep)),
            chunks(edge_rows()),
            node_types=node_types,
            edge_types=edge_types,
            directed=graph.is_directed(),
            dynamic=dynamic,
        )


def write_graph_graphml(graph: nx.Graph, target: Path) -> None:
    """Write ``graph`` as GraphML (:func:`graphkit.exports.graphml_stream.write_graphml_stream`),
    a chunk of nodes or edges at a time, its attributes made plain.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graph_graphml(nx.Graph([(1, 2, {"when": dt.date(2025, 1, 2)})]), path)
    >>> nx.read_graphml(path).edges["1", "2"]
    {'when': '2025-01-02'}
    """
    from graphkit.exports.graphml_stream import graphml_keys, write_graphml_stream
    from graphkit.exports.xml_stream import chunks

    graph_data = plain_data(graph.graph)
    keys = graphml_keys("graph", [graph_data])
    graphml_keys("node", (data for _, data in node_items(graph)), keys)
    graphml_keys("edge", (data for *_, data in edge_items(graph)), keys)
    with open(target, "wb") as handle:
        write_graphml_stream(
            handle,
            chunks((str(node), data) for node, data in node_items(graph)),
            chunks(
                (str(u), str(v), None if key is None else str(key), data)
                for u, v, key, data in edge_items(graph)
            ),
            keys=keys,
            directed=graph.is_directed(),
            graph_data=graph_data,
        )


def write_node_link(graph: nx.Graph, target: Path) -> None:
    """Write ``graph`` as node-link JSON (what ``networkx.node_link_graph(..., edges="links")``
    and D3 read), one node or link a line, as it reads them.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "g.json"
    >>> write_node_link(nx.Graph([("a", "b", {"weight": 2})]), path)
    >>> back = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    >>> back.edges["a", "b"]
    {'weight': 2}
    """
    from graphkit.exports.xml_stream import chunks

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    multigraph = graph.is_multigraph()
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(f'{{"directed": {dump(graph.is_directed())}, "multigraph": {dump(multigraph)}, ')
        handle.write(f'"graph": {dump(plain_data(graph.graph))},\n"nodes": [')
        first = True
        for chunk in chunks(node_items(graph)):
            text = ",".join(f"\n{dump({**data, 'id': node})}" for node, data in chunk)
            handle.write(text if first else "," + text)
            first = False
        handle.write('\n],\n"links": [')
        first = True
        for chunk in chunks(edge_items(graph)):
            links = (
                {**data, "source": u, "target": v, **({"key": key} if multigraph else {})}
                for u, v, key, data in chunk
            )
            text = ",".join(f"\n{dump(link)}" for link in links)
            handle.write(text if first else "," + text)
            first = False
        handle.write("\n]}\n")


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

    clean = graph.__class__()
    clean.graph.update(plain_data(graph.graph, keep))
    clean.add_nodes_from(node_items(graph, keep))
    for u, v, key, data in edge_items(graph, keep):
        clean.add_edge(u, v, *(() if key is None else (key,)), **data)
    return clean


def plain_data(data: Mapping[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """``data`` with each value :func:`plain_value` (but those named in ``keep``), missing ones left out.

    >>> plain_data({"a": [1], "b": None, "viz": {"size": 2}}, keep=("viz",))
    {'a': '[1]', 'viz': {'size': 2}}
    """
    pairs = ((key, value if key in keep else plain_value(value)) for key, value in data.items())
    return {key: value for key, value in pairs if value is not None}


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
