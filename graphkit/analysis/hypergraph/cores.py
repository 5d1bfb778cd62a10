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
def _shells(e_ptr, e_nodes, n_ptr, n_edges, n_nodes, m, count):  # pragma: no cover - compiled
    """C_m of every node: peel nodes of degree < k for k = 1, 2, … (one pass per level).

    Hyperedges are sorted largest first, so those of m or more are the first ``count``; each
    node's hyperedges are listed in ascending order, so its among them come first too.
    """
    size = np.empty(count, np.int64)
    alive = np.ones(count, np.bool_)
    degree = np.zeros(n_nodes, np.int64)
    removed = np.ones(n_nodes, np.bool_)
    involved = np.empty(n_nodes, np.int64)
    n_involved = 0
    for e in range(count):
        size[e] = e_ptr[e + 1] - e_ptr[e]
        for q in range(e_ptr[e], e_ptr[e + 1]):
            j = e_nodes[q]
            if degree[j] == 0:
                involved[n_involved] = j
                n_involved += 1
                removed[j] = False
            degree[j] += 1
    core = np.zeros(n_nodes, np.int64)
    queued = np.zeros(n_nodes, np.bool_)
    stack = np.empty(max(n_involved, 1), np.int64)
    left = n_involved
    k = 0
    while left > 0:
        k += 1
        top = 0
        for t in range(n_involved):
            i = involved[t]
            if not removed[i] and not queued[i] and degree[i] < k:
                queued[i] = True
                stack[top] = i
                top += 1
        while top > 0:
            top -= 1
            i = stack[top]
            removed[i] = True
            left -= 1
            core[i] = k - 1
            for p in range(n_ptr[i], n_ptr[i + 1]):
                e = n_edges[p]
                if e >= count:
                    break
                if not alive[e]:
                    continue
                size[e] -= 1
                if size[e] < m:
                    alive[e] = False
                    for q in range(e_ptr[e], e_ptr[e + 1]):
                        j = e_nodes[q]
                        if not removed[j]:
                            degree[j] -= 1
                            if degree[j] < k and not queued[j]:
                                queued[j] = True
                                stack[top] = j
                                top += 1
    return core


class _Peeler:
    """Hyperedges sorted largest first, in the arrays :func:`_shells` reads, built once for
    every m."""

    def __init__(self, edges: sp.csr_array) -> None:
        edges = sp.csr_array(edges)
        self.n_nodes = edges.shape[1]
        sizes = np.diff(edges.indptr)
        order = np.argsort(-sizes, kind="stable")
        self.sizes = sizes[order]
        ordered = edges[order]
        by_node = ordered.T.tocsr()
        by_node.sort_indices()
        self.arrays = (
            ordered.indptr.astype(np.int64), ordered.indices.astype(np.int64),
            by_node.indptr.astype(np.int64), by_node.indices.astype(np.int64),
        )  # fmt: skip

    def shells(self, m: int) -> np.ndarray:
        count = int(np.searchsorted(-self.sizes, -m, side="right"))  # hyperedges of m or more
        return _shells(*self.arrays, self.n_nodes, m, count)


def shell_indices(edges: sp.csr_array, m: int) -> np.ndarray:
    """C_m(i) for every node: the deepest (k, m)-hyper-core holding it (0 when in none).

    ``edges`` is hyperedges × nodes, 0/1.

    >>> edges = sp.csr_array(np.array([[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1]]))
    >>> shell_indices(edges, 2).tolist(), shell_indices(edges, 3).tolist()
    ([3, 2, 3, 3], [2, 2, 2, 2])
    """
    return _Peeler(edges).shells(m)


def hypercoreness(edges: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Hypercoreness R(i) and its frequency-weighted variant R_w(i) of every node.

    >>> edges = sp.csr_array(np.array([[1, 1, 1, 0], [1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 1]]))
    >>> plain, weighted = hypercoreness(edges)
    >>> plain.round(4).tolist()
    [2.0, 1.6667, 2.0, 2.0]
    """
    peeler = _Peeler(edges)
    n = peeler.n_nodes
    sizes = peeler.sizes
    plain, weighted = np.zeros(n), np.zeros(n)
    largest = int(sizes[0]) if sizes.size else 0
    share = np.bincount(sizes, minlength=largest + 1) / max(int((sizes >= 2).sum()), 1)
    for m in range(2, largest + 1):
        shells = peeler.shells(m)
        deepest = shells.max() if shells.size else 0
        if deepest == 0:
            continue
        plain += shells / deepest
        weighted += share[m] * shells / deepest
    return plain, weighted


__all__ = ["hypercoreness", "shell_indices"]
