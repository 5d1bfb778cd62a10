"""Which nodes a view names first: the order its label grid offers labels in.

The page labels what fits without overlap, in this order. By a global measure alone, the
bipartite views name only MEPs and officials (they out-rank every organisation), so the order
takes turns between the two sides of a meeting: the first organisation, the first of the people
it met (MEPs and officials taking turns in their side), then the second organisation, and so on
(other kinds take their own turns).
In a view around one actor, the actor comes first and then its strongest ties.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

# Kinds that share one turn, taking turns within it: the people organisations meet.
SIDES = {"mep": "people met", "official": "people met", "person": "people met"}


def label_priority(
    graph: nx.Graph,
    importance: Mapping[object, float],
    focus: object = None,
    ties: Mapping[object, float] | None = None,
) -> dict[object, int]:
    """Node → its place in the labelling order (0 first).

    Parameters
    ----------
    graph
        The graph drawn; nodes carry ``kind``.
    importance
        Node → global measure (centrality or degree): the order within each kind.
    focus
        The node the view is centred on, labelled first.
    ties
        Node → meetings with ``focus``: its neighbours come next, strongest first (taking turns
        between kinds too), then the rest.

    Returns
    -------
    dict
        A permutation of ``range(len(graph))``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from(["m1", "m2"], kind="mep")
    >>> g.add_node("c1", kind="official")
    >>> g.add_nodes_from(["o1", "o2"], kind="organisation")
    >>> importance = {"m1": 9, "m2": 8, "c1": 7, "o1": 2, "o2": 1}
    >>> order = label_priority(g, importance)
    >>> sorted(order, key=order.get)
    ['m1', 'o1', 'c1', 'o2', 'm2']
    >>> g.add_edges_from([("o2", "c1"), ("o2", "m2")])
    >>> order = label_priority(g, importance, "o2", {"c1": 5, "m2": 1})
    >>> sorted(order, key=order.get)
    ['o2', 'c1', 'm2', 'm1', 'o1']
    """
    position = {node: i for i, node in enumerate(graph.nodes)}
    first = [focus] if focus is not None and focus in graph else []
    tied = [node for node in graph.nodes if ties and node != focus and ties.get(node, 0) > 0]
    if tied:
        tied = _taking_turns(graph, tied, lambda node: (-_number(ties[node]), -_number(importance.get(node)), position[node]))
    chosen = set(first) | set(tied)
    rest = _taking_turns(
        graph, [node for node in graph.nodes if node not in chosen], lambda node: (-_number(importance.get(node)), position[node])
    )
    return {node: i for i, node in enumerate([*first, *tied, *rest])}


def _taking_turns(graph: nx.Graph, nodes: list, key) -> list:
    """``nodes`` ordered by ``key`` within each kind; the kinds of one side (:data:`SIDES`) take
    turns within it, and the sides take turns (the one whose best node comes first, first)."""
    by_kind: dict[object, list] = {}
    for node in sorted(nodes, key=key):
        by_kind.setdefault(graph.nodes[node].get("kind"), []).append(node)
    by_side: dict[object, list[list]] = {}
    for kind, queue in by_kind.items():  # in order of each kind's best node
        by_side.setdefault(SIDES.get(kind, kind), []).append(queue)
    return _turns([_turns(queues) for queues in by_side.values()])


def _turns(queues: list[list]) -> list:
    """The first of each queue, then the second of each, and so on."""
    order = []
    for turn in range(max((len(queue) for queue in queues), default=0)):
        order.extend(queue[turn] for queue in queues if turn < len(queue))
    return order


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("-inf")
    return number if number == number else float("-inf")  # NaN last
