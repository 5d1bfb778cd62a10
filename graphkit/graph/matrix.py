"""The sparse matrix behind a networkx graph, kept beside graphs that graphkit built.

Analysis runs on CSR matrices (and engines built from them). Converting a networkx graph of a
million edges to CSR takes longer than PageRank on it, so :func:`graphkit.graph.build_graph`
remembers the matrix it built the graph from, keyed by the graph object. Such graphs are
:class:`RememberedGraph` objects (plain ``nx.Graph`` otherwise) that forget the matrix when a
node or edge is added or removed; a weight changed in place (``G[u][v]["weight"] = 3``) cannot
be seen, so call :func:`forget_matrix` after doing that (or rebuild the graph).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.errors import GraphkitError


@dataclass
class GraphMatrix:
    """A graph's nodes in matrix order and its symmetric weighted adjacency matrix."""

    nodes: list
    weight: sp.csr_array
    edges: int
    bipartite: np.ndarray | None = None  # 0/1 per node for two-mode graphs
    table: pd.DataFrame | None = None  # id, name, kind, category, country in matrix order
    # What analysis derives from the matrix once and reuses (engine graphs, components, tie
    # order), by name; the matrix never changes, so neither do they.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def remembered(self, name: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` the first time ``name`` is asked for, the same object after.

        >>> m = GraphMatrix(nodes=[0], weight=sp.csr_array((1, 1)), edges=0)
        >>> m.remembered("answer", lambda: 42), m.remembered("answer", lambda: 0)
        (42, 42)
        """
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]

    def unweighted(self) -> sp.csr_array:
        """The 0/1 adjacency matrix."""
        binary = self.weight.copy()
        binary.data = np.ones_like(binary.data, dtype=np.float64)
        return binary


class RememberedGraph(nx.Graph):
    """An ``nx.Graph`` whose sparse matrix graphkit remembers until its nodes or edges change."""


def _forgetting(name: str):
    method = getattr(nx.Graph, name)

    def wrapper(self, *args, **kwargs):
        _REMEMBERED.pop(self, None)
        return method(self, *args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name in (
    "add_node", "add_nodes_from", "remove_node", "remove_nodes_from", "add_edge", "add_edges_from",
    "add_weighted_edges_from", "remove_edge", "remove_edges_from", "update", "clear", "clear_edges",
):  # fmt: skip
    setattr(RememberedGraph, _name, _forgetting(_name))


_REMEMBERED: weakref.WeakKeyDictionary[nx.Graph, GraphMatrix] = weakref.WeakKeyDictionary()


def remember_matrix(graph: nx.Graph, matrix: GraphMatrix) -> None:
    """Keep ``matrix`` as the matrix of ``graph`` (for as long as the graph lives)."""
    _REMEMBERED[graph] = matrix


def forget_matrix(graph: nx.Graph) -> None:
    """Drop the remembered matrix of ``graph`` (after changing its edges or weights in place)."""
    _REMEMBERED.pop(graph, None)


def graph_matrix(graph: nx.Graph, weight: str = "weight") -> GraphMatrix:
    """The CSR form of an undirected simple ``graph``, remembered or built from the graph.

    Missing weights count as 1.

    >>> g = nx.path_graph(3)
    >>> graph_matrix(g).weight.toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    if graph.is_directed() or graph.is_multigraph():
        raise GraphkitError(
            "this measure needs an undirected simple graph (a projection such as org-mep), "
            "not the multi-edge meetings graph"
        )
    remembered = _REMEMBERED.get(graph) if weight == "weight" else None
    if remembered is not None and len(remembered.nodes) == len(graph):
        return remembered
    nodes = list(graph)
    if not nodes:  # networkx refuses to convert a graph without nodes
        return GraphMatrix(nodes, sp.csr_array((0, 0), dtype=np.float64), 0, None)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, dtype=np.float64, format="csr")
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    sides = [graph.nodes[node].get("bipartite") for node in nodes]
    bipartite = np.array(sides, dtype=np.int8) if nodes and all(s in (0, 1) for s in sides) else None
    return GraphMatrix(nodes, matrix, graph.number_of_edges(), bipartite)
