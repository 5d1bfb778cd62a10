"""Exact and sampled hop betweenness, with the leaves of the graph folded into their neighbour.

Lobbying graphs are mostly leaves: an organisation that met one MEP hangs off that MEP. A leaf
is never between two others, and every shortest path from a leaf runs through its one
neighbour, so Brandes' algorithm (2001) only needs to start from the core (the graph without
its leaves), with each core node standing for itself and its leaves (Baglioni et al. 2012, the
degree-1 reduction). On the EP export's organisation ↔ MEP graph that removes most of the work.
Written by hand (compiled with numba, parallel over sources) because no graph library offers
this reduction together with networkx's sampling.
"""

from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


@numba.njit(parallel=True, cache=True)
def _accumulate(indptr, indices, sources, source_weight, mass, gateway, chunks):  # pragma: no cover
    n = indptr.size - 1
    out = np.zeros((chunks, n))
    for chunk in numba.prange(chunks):
        sigma = np.zeros(n)
        dist = np.full(n, -1, np.int64)
        delta = np.zeros(n)
        order = np.empty(n, np.int64)
        for i in range(chunk, sources.size, chunks):
            s = sources[i]
            sigma[s] = 1.0
            dist[s] = 0
            order[0] = s
            head, tail = 0, 1
            while head < tail:
                v = order[head]
                head += 1
                for j in range(indptr[v], indptr[v + 1]):
                    w = indices[j]
                    if dist[w] < 0:
                        dist[w] = dist[v] + 1
                        order[tail] = w
                        tail += 1
                    if dist[w] == dist[v] + 1:
                        sigma[w] += sigma[v]
            for position in range(tail - 1, 0, -1):
                w = order[position]
                coefficient = (mass[w] + delta[w]) / sigma[w]
                for j in range(indptr[w], indptr[w + 1]):
                    v = indices[j]
                    if dist[v] == dist[w] - 1:
                        delta[v] += sigma[v] * coefficient
                out[chunk, w] += source_weight[i] * (delta[w] + gateway[w])
            for position in range(tail):
                w = order[position]
                sigma[w] = 0.0
                dist[w] = -1
                delta[w] = 0.0
    return out.sum(axis=0)


def ordered_betweenness(adjacency: sp.csr_array, sources: np.ndarray | None = None) -> np.ndarray:
    """Sum over sources s (all nodes, or ``sources``) and targets t ≠ s of the share of
    shortest s–t paths through each node: networkx's raw betweenness before scaling.

    >>> import networkx as nx
    >>> star = nx.to_scipy_sparse_array(nx.star_graph(3), format="csr")
    >>> ordered_betweenness(star).tolist()  # the hub is between 3 × 2 ordered pairs
    [6.0, 0.0, 0.0, 0.0]
    """
    n = adjacency.shape[0]
    if n == 0:
        return np.zeros(0)
    degree = np.diff(adjacency.indptr)
    neighbour = np.where(
        degree == 1, adjacency.indices[np.minimum(adjacency.indptr[:-1], adjacency.nnz - 1)], -1
    )
    leaf = degree == 1
    leaf &= degree[np.maximum(neighbour, 0)] > 1  # a lone edge keeps both ends in the core
    core = np.flatnonzero(~leaf)
    position = np.full(n, -1, dtype=np.int64)
    position[core] = np.arange(core.size)
    leaves_of = np.bincount(neighbour[leaf], minlength=n).astype(np.float64)
    _, labels = connected_components(adjacency, directed=False)
    component = np.bincount(labels)[labels].astype(np.float64)

    # A leaf source behaves as its neighbour, plus the neighbour lies on all its paths.
    if sources is None:
        representative = core
        weight = 1.0 + leaves_of[core]
        parent_credit = leaves_of * np.maximum(component - 2, 0)
    else:
        sources = np.asarray(sources, dtype=np.int64)
        is_leaf = leaf[sources]
        representative = np.where(is_leaf, neighbour[sources], sources)
        representative, weight = np.unique(representative, return_counts=True)
        weight = weight.astype(np.float64)
        parent_credit = np.zeros(n)
        np.add.at(parent_credit, neighbour[sources[is_leaf]], component[sources[is_leaf]] - 2)
    inner = sp.csr_array(adjacency[core][:, core])
    inner.sort_indices()
    chunks = max(1, min(numba.get_num_threads() * 4, representative.size))
    values = _accumulate(
        inner.indptr.astype(np.int64),
        inner.indices.astype(np.int64),
        position[representative],
        weight,
        1.0 + leaves_of[core],
        leaves_of[core],
        chunks,
    )
    out = parent_credit.copy()
    out[core] += values
    return out
