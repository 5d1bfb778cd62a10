"""Hypergraph measures: who is in the most meetings, the most distinct groups, the densest core.

Each measure is a column sum or a product of the sparse incidence matrices (hyperedges ×
actors), so a million meetings take well under a second; XGI (the reference the tests compare
with) builds Python sets per node and edge, which is fine for a thousand meetings and slow for
a million (benchmarks/bench_hypergraph.py).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from graphkit.analysis.hypergraph.build import Hypergraph
from graphkit.analysis.hypergraph.cores import hypercoreness as _hypercoreness
from graphkit.errors import GraphkitError
from graphkit.model import vocabulary

HYPERGRAPH_MEASURES = vocabulary.HYPERGRAPH_MEASURES
NODE_COLUMNS = ("id", "name", "kind", "category", "country")

# What each measure means for lobbying (CLI help and docs): the one vocabulary's.
MEANINGS = vocabulary.HYPERGRAPH_MEANINGS


def degree(hg: Hypergraph) -> np.ndarray:
    """Distinct hyperedges each actor is in (XGI's ``H.nodes.degree`` on the distinct edges).

    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abc")})
    >>> degree(from_incidence(nodes, sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]])))).tolist()
    [1, 2, 1]
    """
    # Counting column indices: a tenth of the time of a CSC conversion at a million meetings.
    return np.bincount(hg.edges.indices, minlength=hg.edges.shape[1]).astype(np.int64)


def strength(hg: Hypergraph) -> np.ndarray:
    """Meetings each actor attended.

    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abc")})
    >>> strength(from_incidence(nodes, sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]])))).tolist()
    [2, 3, 1]
    """
    return np.bincount(hg.meetings.indices, minlength=hg.meetings.shape[1]).astype(np.int64)


def normalised_degree(hg: Hypergraph) -> np.ndarray:
    """Sum over an actor's distinct hyperedges of 1 / (size − 1) (a meeting alone counts 0):
    Newman's collaboration weight, the degree a crowded meeting dilutes.

    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abcd")})
    >>> m = sp.csr_array(np.array([[1, 1, 1, 0], [0, 0, 1, 1]]))
    >>> normalised_degree(from_incidence(nodes, m)).tolist()
    [0.5, 0.5, 1.5, 1.0]
    """
    sizes = hg.sizes.astype(np.float64)
    share = np.divide(1.0, sizes - 1.0, out=np.zeros_like(sizes), where=sizes > 1)
    return hg.edges.T @ share


def hypercoreness(hg: Hypergraph) -> tuple[np.ndarray, np.ndarray]:
    """Hypercoreness and its frequency-weighted variant (see :mod:`graphkit.analysis.hypergraph.cores`)
    on the distinct hyperedges."""
    return _hypercoreness(hg.edges)


def clique_matrix(hg: Hypergraph, weighted: bool = False) -> sp.csr_array:
    """Actors × actors: distinct hyperedges (or with ``weighted`` meetings) each pair shares,
    no diagonal (XGI's ``clique_motif_matrix``)."""
    edges = hg.edges.astype(np.float64)
    if weighted:
        edges = sp.csr_array(sp.diags_array(hg.weight.astype(np.float64)) @ edges)
    product = sp.csr_array(edges.T @ hg.edges.astype(np.float64))
    product.setdiag(0)
    product.eliminate_zeros()
    return product


def eigenvector(hg: Hypergraph, weighted: bool = False, tol: float = 1e-10) -> np.ndarray:
    """Clique-expansion eigenvector centrality (Benson 2019; XGI's
    ``clique_eigenvector_centrality``): the leading eigenvector of :func:`clique_matrix`,
    scaled so the largest is 1. With several components the leading one's (others near 0).

    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abcd")})
    >>> m = sp.csr_array(np.array([[1, 1, 1, 0], [0, 0, 1, 1]]))
    >>> eigenvector(from_incidence(nodes, m)).round(4).tolist()
    [0.8546, 0.8546, 1.0, 0.4608]
    """
    matrix = clique_matrix(hg, weighted)
    n = matrix.shape[0]
    if n == 0:
        return np.zeros(0)
    if n < 3 or matrix.nnz == 0:
        dense = matrix.toarray()
        values, vectors = np.linalg.eigh(dense) if n else (np.zeros(0), np.zeros((0, 0)))
        vector = np.abs(vectors[:, -1])
    else:
        start = np.ones(n) / np.sqrt(n)
        try:
            _, vectors = eigsh(matrix, k=1, which="LA", v0=start, tol=tol, maxiter=100 * n)
        except ArpackNoConvergence as err:  # pragma: no cover - ARPACK on a pathological matrix
            raise GraphkitError(f"eigenvector centrality did not converge: {err}") from err
        vector = np.abs(vectors[:, 0])
    top = vector.max()
    return vector / top if top > 0 else vector


def s_line_graph(hg: Hypergraph, s: int = 1) -> nx.Graph:
    """The s-line graph: one node per distinct hyperedge, joined when two share ``s`` or more
    participants (Aksoy et al. 2020; XGI's ``to_line_graph(H, s)``).

    Nodes are hyperedge rows with ``size``, ``meetings`` and ``members`` (actor ids); edges
    carry ``weight`` = participants shared.

    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abcd")})
    >>> hg = from_incidence(nodes, sp.csr_array(np.array([[1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 0, 1]])))
    >>> sorted(s_line_graph(hg, 2).edges(data="weight"))
    [(0, 1, 2)]
    """
    if s < 1:
        raise GraphkitError("s must be at least 1")
    edges = hg.edges.astype(np.int64)
    shared = sp.triu(edges @ edges.T, k=1).tocoo()
    keep = shared.data >= s
    graph = nx.Graph(s=s)
    ids = hg.nodes["id"].to_numpy(dtype=object)
    sizes, weights = hg.sizes, hg.weight
    graph.add_nodes_from(
        (row, {"size": int(sizes[row]), "meetings": int(weights[row]),
               "members": ids[edges.indices[edges.indptr[row]:edges.indptr[row + 1]]].tolist()})
        for row in range(edges.shape[0])
    )  # fmt: skip
    graph.add_weighted_edges_from(
        zip(shared.row[keep].tolist(), shared.col[keep].tolist(), shared.data[keep].tolist(), strict=True)
    )
    return graph


def measure_values(hg: Hypergraph, measure: str) -> np.ndarray:
    """The raw values of one of :data:`HYPERGRAPH_MEASURES`, in node order."""
    if measure not in HYPERGRAPH_MEASURES:
        raise GraphkitError(f"unknown measure {measure!r} (known: {', '.join(HYPERGRAPH_MEASURES)})")
    if measure == "hypercoreness":
        return hypercoreness(hg)[0]
    return np.asarray(globals()[measure](hg), dtype=np.float64)


def hypergraph_centrality(hg: Hypergraph, measure: str = "degree", *, kinds: tuple[str, ...] | None = None
                          ) -> pd.DataFrame:
    """One hypergraph measure for every actor, ranked.

    Parameters
    ----------
    hg
        A :class:`~graphkit.analysis.hypergraph.Hypergraph` (:func:`~graphkit.analysis.hypergraph.build_hypergraph`).
    measure
        ``degree`` (distinct hyperedges, the Azaiez & Mandel count), ``strength`` (meetings),
        ``normalised_degree``, ``hypercoreness`` or ``eigenvector`` (see :data:`MEANINGS`).
    kinds
        Rank only actors of these kinds (the measure is still computed on the whole hypergraph).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, <measure>, rank, meetings, hyperedges`` (rank 1 =
        highest; ties share the best rank), sorted by rank then name. ``hypercoreness`` adds
        ``hypercoreness_weighted``.

    Examples
    --------
    >>> from graphkit.analysis.hypergraph.build import from_incidence
    >>> nodes = pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "organisation"})
    >>> hg = from_incidence(nodes, sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]])))
    >>> hypergraph_centrality(hg, "degree")[["name", "degree", "rank"]].to_dict("records")
    [{'name': 'B', 'degree': 2, 'rank': 1}, {'name': 'A', 'degree': 1, 'rank': 2}, {'name': 'C', 'degree': 1, 'rank': 2}]
    """
    from graphkit.analysis.node_tables import ranked

    frame = node_frame(hg)
    if measure == "hypercoreness":
        plain, weighted = hypercoreness(hg)
        frame[measure] = plain
        frame["hypercoreness_weighted"] = weighted
    else:
        values = measure_values(hg, measure)
        frame[measure] = values.astype(np.int64) if measure in ("degree", "strength") else values
    frame["meetings"] = strength(hg)
    frame["hyperedges"] = degree(hg)
    if measure in ("degree", "strength"):
        frame = frame.drop(columns="hyperedges" if measure == "degree" else "meetings")
    if kinds is not None:
        frame = frame[frame["kind"].isin(kinds)]
    return ranked(frame, measure)


def node_frame(hg: Hypergraph) -> pd.DataFrame:
    """``id, name, kind, category, country`` of every actor, in matrix order."""
    return hg.nodes[list(NODE_COLUMNS)].astype(object).reset_index(drop=True)


__all__ = [
    "HYPERGRAPH_MEASURES", "MEANINGS", "clique_matrix", "degree", "eigenvector", "hypergraph_centrality",
    "hypercoreness", "measure_values", "node_frame", "normalised_degree", "s_line_graph", "strength",
]  # fmt: skip
