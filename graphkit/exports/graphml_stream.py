"""GraphML written chunk by chunk, as :mod:`graphkit.exports.gexf_stream` writes GEXF.

networkx streams GraphML only when lxml is installed; without it (graphkit does not need lxml)
``write_graphml`` builds the whole ElementTree first. This writer declares the keys, then writes
each chunk of nodes and edges as it is read, in the elements networkx writes (a ``key`` per
attribute name, scope and type; multigraph edges with their key as ``id``), so
``networkx.read_graphml`` reads back the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

from graphkit.exports.xml_stream import attribute, content, value_text, xml_type

NS_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS_GRAPHML} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
# (node id, attributes) and (source, target, edge id or None, attributes)
NodeRow = tuple[str, Mapping[str, object]]
EdgeRow = tuple[str, str, "str | None", Mapping[str, object]]


def graphml_keys(scope: str, rows: Iterable[Mapping[str, object]], keys: dict | None = None) -> dict:
    """Add to ``keys`` (``{(scope, name, type): key id}``) every attribute of ``rows``: one key per
    name and value type, as networkx declares them.

    >>> graphml_keys("node", [{"kind": "mep"}, {"kind": "org", "n": 2}])
    {('node', 'kind', 'string'): 'd0', ('node', 'n', 'long'): 'd1'}
    """
    keys = {} if keys is None else keys
    for row in rows:
        for name, value in row.items():
            keys.setdefault((scope, name, xml_type(value)), f"d{len(keys)}")
    return keys


def write_graphml_stream(
    handle: BinaryIO,
    nodes: Iterable[Sequence[NodeRow]],
    edges: Iterable[Sequence[EdgeRow]],
    *,
    keys: Mapping[tuple[str, str, str], str],
    directed: bool = False,
    graph_data: Mapping[str, object] | None = None,
) -> None:
    """Write GraphML to ``handle``, one chunk of ``nodes`` or ``edges`` at a time.

    Parameters
    ----------
    handle
        A binary file open for writing; each chunk is written (UTF-8) before the next is read.
    nodes, edges
        Iterables of chunks of ``(id, attributes)`` and ``(source, target, id, attributes)``.
    keys
        :func:`graphml_keys` of the graph, node and edge attributes (declared before the graph).
    directed
        The graph's ``edgedefault``.
    graph_data
        The graph's own attributes.

    Examples
    --------
    >>> import io, networkx as nx
    >>> out = io.BytesIO()
    >>> nodes = [[("a", {"name": "R&D <1>"}), ("b", {})]]
    >>> edges = [[("a", "b", None, {"weight": 2})]]
    >>> keys = graphml_keys("edge", [{"weight": 2}], graphml_keys("node", [{"name": "x"}]))
    >>> write_graphml_stream(out, nodes, edges, keys=keys)
    >>> back = nx.read_graphml(io.BytesIO(out.getvalue()))
    >>> back.nodes["a"], back.edges["a", "b"]
    ({'name': 'R&D <1>'}, {'weight': 2})
    """
    graph_data = graph_data or {}
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<graphml xmlns="{NS_GRAPHML}" xmlns:xsi="{NS_XSI}" xsi:schemaLocation="{SCHEMA_LOCATION}">\n',
    ]
    head.extend(
        f'  <key id="{key}" for="{scope}" attr.name="{attribute(name)}" attr.type="{kind}" />\n'
        for (scope, name, kind), key in keys.items()
    )
    head.append(f'  <graph edgedefault="{"directed" if directed else "undirected"}">\n')
    head.append(_data("graph", graph_data, keys, "    "))
    handle.write("".join(head).encode("utf-8"))
    for chunk in nodes:
        text = "".join(
            f'    <node id="{attribute(node)}">\n{_data("node", data, keys)}    </node>\n'
            for node, data in chunk
        )
        handle.write(text.encode("utf-8"))
    for chunk in edges:
        text = "".join(
            f'    <edge source="{attribute(u)}" target="{attribute(v)}"'
            f"{'' if key is None else f' id={chr(34)}{attribute(key)}{chr(34)}'}>\n"
            f"{_data('edge', data, keys)}    </edge>\n"
            for u, v, key, data in chunk
        )
        handle.write(text.encode("utf-8"))
    handle.write(b"  </graph>\n</graphml>\n")


def _data(scope: str, values: Mapping[str, object], keys: Mapping, indent: str = "      ") -> str:
    return "".join(
        f'{indent}<data key="{keys[scope, name, xml_type(value)]}">{content(value_text(value))}</data>\n'
        for name, value in values.items()
    )
