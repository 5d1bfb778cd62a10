"""Which nodes a view shows: the N most central, or one actor's neighbourhood."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.model.names import normalise_name


def resolve_node(graph: nx.Graph, text: object) -> object:
    """The node of ``graph`` that ``text`` names: a node id, or a node's name or acronym.

    Names compare with :func:`graphkit.model.names.normalise_name` (case, accents,
    punctuation and legal form ignored); a name that several nodes share is an error listing them.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("organisation:beuc", name="BEUC AISBL", acronym="BEUC")
    >>> resolve_node(g, "beuc")
    'organisation:beuc'
    >>> resolve_node(g, "organisation:beuc")
    'organisation:beuc'
    """
    if text in graph:
        return text
    key = normalise_name(str(text))
    found = [
        node
        for node, data in graph.nodes(data=True)
        if key
        and key
        in (normalise_name(str(data.get("name") or "")), normalise_name(str(data.get("acronym") or "")))
    ]
    if not found:
        raise GraphkitError(f"no node of the graph matches {text!r} (try an id, name or acronym)")
    if len(found) > 1:
        shown = ", ".join(f"{graph.nodes[node].get('name')} ({node})" for node in found[:10])
        raise GraphkitError(f"{text!r} is ambiguous in this graph: {shown}")
    return found[0]


def ego_view(graph: nx.Graph, centre: object, depth: int = 2) -> nx.Graph:
    """The nodes within ``depth`` steps of ``centre`` and the edges among them.

    Examples
    --------
    >>> sorted(ego_view(nx.path_graph(6), 0, depth=2))
    [0, 1, 2]
    """
    if depth < 0:
        raise GraphkitError(f"depth must be 0 or more, not {depth}")
    return in_graph_order(graph, nx.ego_graph(graph, centre, radius=depth))


def top_nodes(
    graph: nx.Graph, scores: Mapping[object, float] | None, top: int, keep: object = None
) -> nx.Graph:
    """The subgraph of the ``top`` highest-scoring nodes (degree when there are no scores).

    Ties are broken by node order, so the choice is deterministic. ``keep`` (a node) stays in
    whatever its score.

    Examples
    --------
    >>> g = nx.star_graph(4)
    >>> sorted(top_nodes(g, None, 2))
    [0, 1]
    >>> sorted(top_nodes(g, {0: 0.1, 1: 0.2, 2: 0.9}, 2))
    [1, 2]
    """
    if top < 1:
        raise GraphkitError(f"--top must be 1 or more, not {top}")
    if graph.number_of_nodes() <= top:
        return graph
    order = {node: i for i, node in enumerate(graph.nodes)}
    if scores is None:
        score = dict(graph.degree(weight=None))
    else:
        score = {node: float(scores.get(node, float("-inf"))) for node in graph.nodes}
    ranked = sorted(graph.nodes, key=lambda node: (-_number(score[node]), order[node]))
    chosen = ranked[:top]
    if keep is not None and keep in graph and keep not in chosen:
        chosen = [*chosen[:-1], keep]
    return in_graph_order(graph, graph.subgraph(chosen))


def in_graph_order(graph: nx.Graph, part: nx.Graph) -> nx.Graph:
    """A copy of ``part`` (a subgraph of ``graph``) whose nodes and edges come in ``graph``'s order.

    networkx's subgraphs list their nodes in the order of a set, which changes from one Python
    process to the next (string hashing is salted): a page drawn from one would differ, byte for
    byte, between two runs on the same data.

    Examples
    --------
    >>> g = nx.Graph([("c", "a"), ("a", "b"), ("b", "d")])
    >>> list(in_graph_order(g, g.subgraph(["b", "a", "c"])))
    ['c', 'a', 'b']
    """
    keep = set(part)
    ordered = graph.__class__()
    ordered.graph.update(part.graph)
    ordered.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
    else:
        edges = graph.edges(data=True)
    ordered.add_edges_from(edge for edge in edges if edge[0] in keep and edge[1] in keep)
    return ordered


def _number(value: float) -> float:
    return value if value == value else float("-inf")  # NaN ranks last
