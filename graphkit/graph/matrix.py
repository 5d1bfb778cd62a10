"""The sparse matrix behind a networkx graph, kept beside graphs that graphkit built.

Analysis runs on CSR matrices (and engines built from them). Converting a networkx graph of a
million edges to CSR takes longer than PageRank on it, so :func:`graphkit.graph.build_graph`
remembers the matrix it built the graph from, keyed by the graph object. The memory is checked
against the graph's node and edge counts; a graph whose edges or weights were changed in place
should be passed through :func:`forget_matrix` first (or simply rebuilt).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

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

    def unweighted(self) -> sp.csr_array:
        """The 0/1 adjacency matrix."""
        binary = self.weight.copy()
        binary.data = np.ones_like(binary.data, dtype=np.float64)
        return binary


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
    if remembered is not None:
        if len(remembered.nodes) == graph.number_of_nodes() and remembered.edges == graph.number_of_edges():
            return remembered
        forget_matrix(graph)
    nodes = list(graph)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, dtype=np.float64, format="csr")
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    sides = [graph.nodes[node].get("bipartite") for node in nodes]
    bipartite = np.array(sides, dtype=np.int8) if nodes and all(s in (0, 1) for s in sides) else None
    return GraphMatrix(nodes, matrix, graph.number_of_edges(), bipartite)
