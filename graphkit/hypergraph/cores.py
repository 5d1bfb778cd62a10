"""(k, m)-hyper-cores and hypercoreness (Mancastroppa, Iacopini, Petri & Barrat, "Hyper-cores
promote localization and efficient seeding in higher-order processes", Nature Communications
14, 6223, 2023).

The (k, m)-hyper-core is the largest sub-hypergraph in which every node belongs to at least k
hyperedges of at least m nodes: hyperedges smaller than m are dropped, nodes in fewer than k
are removed, the hyperedges they leave shrink (and go when smaller than m), until nothing
changes. C_m(i) is the largest k whose (k, m)-core holds i. Hypercoreness sums the shells over
sizes: R(i) = sum_m C_m(i) / k_max(m), m = 2 .. the largest hyperedge, k_max(m) the deepest
non-empty (·, m)-core; the frequency-weighted variant weighs size m by the share of hyperedges
of that size.

Written by hand (peeling compiled with numba) because no maintained hypergraph library offers
hyper-cores: XGI and HyperNetX have k-cores of the clique expansion only.
"""

from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp


@numba.njit(cache=True)
def _shells(e_ptr, e_nodes, n_ptr, n_edges, n_nodes, m):  # pragma: no cover - compiled
    """C_m of every node: peel nodes of degree < k for k = 1, 2, … (one pass per level)."""
    n_e = e_ptr.size - 1
    size = np.empty(n_e, np.int64)
    alive_edge = np.empty(n_e, np.bool_)
    for e in range(n_e):
        size[e] = e_ptr[e + 1] - e_ptr[e]
        alive_edge[e] = size[e] >= m
    degree = np.zeros(n_nodes, np.int64)
    for i in range(n_nodes):
        for p in range(n_ptr[i], n_ptr[i + 1]):
            if alive_edge[n_edges[p]]:
                degree[i] += 1
    core = np.zeros(n_nodes, np.int64)
    removed = np.zeros(n_nodes, np.bool_)
    queued = np.zeros(n_nodes, np.bool_)
    stack = np.empty(n_nodes, np.int64)
    left = 0
    for i in range(n_nodes):
        if degree[i] == 0:
            removed[i] = True
        else:
            left += 1
    k = 0
    while left > 0:
        k += 1
        top = 0
        for i in range(n_nodes):
            if not removed[i] and degree[i] < k:
                stack[top] = i
                top += 1
                queued[i] = True
        while top > 0:
            top -= 1
            i = stack[top]
            removed[i] = True
            left -= 1
            core[i] = k - 1
            for p in range(n_ptr[i], n_ptr[i + 1]):
                e = n_edges[p]
                if not alive_edge[e]:
                    continue
                size[e] -= 1
                if size[e] < m:
                    alive_edge[e] = False
                    for q in range(e_ptr[e], e_ptr[e + 1]):
                        j = e_nodes[q]
                        if not removed[j]:
                            degree[j] -= 1
                            if degree[j] < k and not queued[j]:
                                queued[j] = True
                                stack[top] = j
                                top += 1
    return core


def shell_indices(edges: sp.csr_array, m: int) -> np.ndarray:
    """C_m(i) for every node: the deepest (k, m)-hyper-core holding it (0 when in none).

    ``edges`` is hyperedges × nodes, 0/1.

    >>> edges = sp.csr_array(np.array([[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1]]))
    >>> shell_indices(edges, 2).tolist(), shell_indices(edges, 3).tolist()
    ([3, 2, 3, 3], [2, 2, 2, 2])
    """
    edges = sp.csr_array(edges)
    by_node = edges.T.tocsr()
    return _shells(
        edges.indptr.astype(np.int64), edges.indices.astype(np.int64),
        by_node.indptr.astype(np.int64), by_node.indices.astype(np.int64), edges.shape[1], m,
    )  # fmt: skip


def hypercoreness(edges: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Hypercoreness R(i) and its frequency-weighted variant R_w(i) of every node.

    >>> edges = sp.csr_array(np.array([[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1]]))
    >>> plain, weighted = hypercoreness(edges)
    >>> plain.round(4).tolist()
    [2.0, 1.6667, 2.0, 2.0]
    """
    edges = sp.csr_array(edges)
    n = edges.shape[1]
    sizes = np.diff(edges.indptr)
    plain, weighted = np.zeros(n), np.zeros(n)
    largest = int(sizes.max()) if sizes.size else 0
    share = np.bincount(sizes, minlength=largest + 1) / max(int((sizes >= 2).sum()), 1)
    for m in range(2, largest + 1):
        # Only hyperedges of m or more, and their nodes, reach the (k, m)-cores: as m grows
        # the peeling runs on an ever smaller hypergraph.
        big = edges[sizes >= m]
        nodes, columns = np.unique(big.indices, return_inverse=True)
        compact = sp.csr_array((big.data, columns.ravel(), big.indptr), shape=(big.shape[0], nodes.size))
        shells = shell_indices(compact, m)
        deepest = shells.max()
        if deepest == 0:
            continue
        plain[nodes] += shells / deepest
        weighted[nodes] += share[m] * shells / deepest
    return plain, weighted


__all__ = ["hypercoreness", "shell_indices"]
