"""Graph values a Cypher query returns (nodes, relationships, paths), the same for every store.

Each store turns its engine's values into these, so that printing, ``--html`` and the
conformance suite never depend on which engine answered. ``key`` is the engine's own node or
relationship handle (kglite's index, Neo4j's element id): stable within one result, not across
stores; the graph's ids are in ``properties["id"]``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd


@dataclass(frozen=True)
class Node:
    """A node: engine handle, labels and properties.

    >>> str(Node("1", ("MEP",), {"id": "mep:a", "name": "Anna"}))
    "(:MEP {id: 'mep:a', name: 'Anna'})"
    """

    key: str
    labels: tuple[str, ...]
    properties: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"({''.join(':' + label for label in self.labels)} {_map_text(self.properties)})"


@dataclass(frozen=True)
class Relationship:
    """A relationship: engine handle, type, the handles of its start and end nodes, properties.

    >>> str(Relationship("7", "MET", "1", "2", {"meeting_id": "meeting:x"}))
    "[:MET {meeting_id: 'meeting:x'}]"
    """

    key: str
    type: str
    start: str
    end: str
    properties: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[:{self.type} {_map_text(self.properties)}]"


@dataclass(frozen=True)
class Path:
    """A path: its nodes in order and the relationships between them."""

    nodes: tuple[Node, ...]
    relationships: tuple[Relationship, ...]

    def __str__(self) -> str:
        parts = [str(self.nodes[0])] if self.nodes else []
        for relationship, node in zip(self.relationships, self.nodes[1:], strict=False):
            parts.append(f"-{relationship}-{node}")
        return "".join(parts)


GraphValue = Node | Relationship | Path


def plain(value: Any) -> Any:
    """A JSON-ready form of a query value: nodes and relationships as maps, dates as ISO text.

    >>> plain([Node("1", ("Topic",), {"id": "topic:x"}), dt.date(2024, 5, 2), float("nan")])
    [{'labels': ['Topic'], 'properties': {'id': 'topic:x'}}, '2024-05-02', None]
    """
    if isinstance(value, Node):
        return {"labels": list(value.labels), "properties": plain(dict(value.properties))}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": plain(dict(value.properties))}
    if isinstance(value, Path):
        return {"nodes": plain(list(value.nodes)), "relationships": plain(list(value.relationships))}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def from_neo4j(value: Any) -> Any:
    """Turn the neo4j driver's values (graph types, temporal types) into graphkit's."""
    import neo4j.graph
    import neo4j.time

    if isinstance(value, neo4j.graph.Node):
        return Node(value.element_id, tuple(sorted(value.labels)), from_neo4j(dict(value)))
    if isinstance(value, neo4j.graph.Relationship):
        start = value.start_node.element_id if value.start_node is not None else ""
        end = value.end_node.element_id if value.end_node is not None else ""
        return Relationship(value.element_id, value.type, start, end, from_neo4j(dict(value)))
    if isinstance(value, neo4j.graph.Path):
        return Path(
            tuple(from_neo4j(node) for node in value.nodes),
            tuple(from_neo4j(rel) for rel in value.relationships),
        )
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, Mapping):
        return {key: from_neo4j(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [from_neo4j(item) for item in value]
    return value


def graph_values(value: Any) -> list[GraphValue]:
    """Every node, relationship and path inside ``value`` (lists and maps searched too).

    >>> len(graph_values({"a": [Node("1", ("MEP",), {})], "b": 3}))
    1
    """
    if isinstance(value, Node | Relationship | Path):
        return [value]
    if isinstance(value, Mapping):
        return [found for item in value.values() for found in graph_values(item)]
    if isinstance(value, list | tuple):
        return [found for item in value for found in graph_values(item)]
    return []


def to_networkx(frame: pd.DataFrame) -> nx.MultiDiGraph:
    """The nodes, relationships and paths a query returned, as a networkx multigraph.

    Nodes are keyed by their ``id`` property (the graph's ids), with ``kind`` (the label in lower
    case, as :func:`graphkit.views.to_html` colours it), ``name`` and their other properties; a
    relationship whose end node was not returned gets a placeholder node. Relationships keep
    their type and properties (``meeting_id``, ``date``, ``title``…).

    >>> a = Node("1", ("Organisation",), {"id": "organisation:a", "name": "A"})
    >>> b = Node("2", ("MEP",), {"id": "mep:b", "name": "B"})
    >>> met = Relationship("9", "MET", "1", "2", {"meeting_id": "meeting:1"})
    >>> g = to_networkx(pd.DataFrame({"p": [Path((a, b), (met,))]}))
    >>> list(g.edges(data="type")), g.nodes["mep:b"]["kind"]
    ([('organisation:a', 'mep:b', 'MET')], 'mep')
    """
    graph = nx.MultiDiGraph()
    found = [value for column in frame.columns for cell in frame[column] for value in graph_values(cell)]
    nodes: dict[str, Node] = {}
    relationships: dict[str, Relationship] = {}
    for value in found:
        parts = (
            (list(value.nodes), list(value.relationships))
            if isinstance(value, Path)
            else ([value], [])
            if isinstance(value, Node)
            else ([], [value])
        )
        nodes.update((node.key, node) for node in parts[0])
        relationships.update((rel.key, rel) for rel in parts[1])
    ids = {key: _node_id(node) for key, node in nodes.items()}
    for key, node in nodes.items():
        attributes = {name: plain(item) for name, item in node.properties.items()}
        label = node.labels[0] if node.labels else ""
        attributes["kind"] = label.lower() or "other"
        attributes["name"] = node.properties.get("name") or node.properties.get("title") or ids[key]
        attributes.pop("id", None)
        graph.add_node(ids[key], **attributes)
    for rel in relationships.values():
        ends = []
        for end in (rel.start, rel.end):
            if end not in ids:
                ids[end] = f"node {end}"
                graph.add_node(ids[end], kind="other", name=f"node {end} (not returned)")
            ends.append(ids[end])
        attributes = dict(rel.properties)
        graph.add_edge(ends[0], ends[1], key=rel.key, type=rel.type, **attributes)
    return graph


def _node_id(node: Node) -> str:
    identifier = node.properties.get("id")
    return str(identifier) if identifier is not None else f"node {node.key}"


def _map_text(properties: Mapping[str, Any]) -> str:
    shown = ", ".join(f"{key}: {_literal(item)}" for key, item in properties.items())
    return "{" + shown + "}"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    return repr(plain(value))
