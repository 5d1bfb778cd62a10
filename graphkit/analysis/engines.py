"""The fast engines behind the measures: numpy/scipy on the CSR matrix, igraph for shortest
paths, networkit for communities. Each function takes a :class:`~graphkit.graph.GraphMatrix` and returns
one value per node in matrix order, defined exactly as networkx defines it."""

from __future__ import annotations

import math
import os
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

from graphkit.analysis.linear_pagerank import linear_pagerank
from graphkit.errors import GraphkitError
from graphkit.graph.matrix import GraphMatrix
from graphkit.native import import_networkit

if TYPE_CHECKING:
    import igraph
    import networkit



def igraph_of(matrix: GraphMatrix) -> igraph.Graph:
    """The igraph graph of ``matrix`` (vertex i = matrix index i, edge attribute ``weight``),
    built once and kept on the matrix."""
    import igraph as ig  # imported when first needed: it slows every command's start

    def build() -> igraph.Graph:
        upper = sp.triu(matrix.weight, k=1).tocoo()
        return ig.Graph(
            n=matrix.weight.shape[0], edges=np.column_stack([upper.row, upper.col]), edge_attrs={"weight": upper.data}
        )

    return matrix.remembered("igraph", build)


def networkit_of(matrix: GraphMatrix) -> networkit.Graph | None:
    """The weighted networkit graph of ``matrix`` (node i = matrix index i), built once and
    kept on the matrix; ``None`` when networkit is not installed."""
    try:
        nk = import_networkit()
    except ImportError:  # pragma: no cover - networkit is a dependency; igraph stands in
        return None

    def build() -> networkit.Graph:
        upper = sp.triu(matrix.weight, k=1).tocoo()
        graph = nk.Graph(matrix.weight.shape[0], weighted=True)
        graph.addEdges((upper.data.astype(np.float64), (upper.row, upper.col)))
        return graph

    return matrix.remembered("networkit", build)


def partition(matrix: GraphMatrix, method: str, resolution: float = 1.0, seed: int | None = 0) -> np.ndarray:
    """Community of each node maximising weighted modularity at ``resolution``.

    ``louvain`` is networkit's PLM (parallel Louvain) and ``leiden`` networkit's ParallelLeiden
    (three iterations). With a ``seed`` they run on one thread, so that the same seed gives the
    same partition (parallel moves race); with ``seed=None`` on every core, about twice as fast
    on two cores, and the partition may differ from run to run. Without networkit, igraph's
    multilevel and Leiden.
    """
    graph = networkit_of(matrix)
    if graph is None:  # pragma: no cover - networkit is a dependency
        return _igraph_partition(matrix, method, resolution, seed)
    nk = import_networkit()

    threads = nk.getMaxNumberOfThreads()
    if seed is not None:
        nk.setNumberOfThreads(1)
    try:
        nk.engineering.setSeed(random.Random(seed).randrange(2**31), False)
        if method == "louvain":
            algorithm = nk.community.PLM(graph, refine=False, gamma=resolution)
        else:
            algorithm = nk.community.ParallelLeiden(graph, gamma=resolution)
        found = algorithm.run().getPartition().getVector()
    finally:
        nk.setNumberOfThreads(threads)
    return np.asarray(found, dtype=np.int64)


def _igraph_partition(matrix: GraphMatrix, method: str, resolution: float, seed: int | None) -> np.ndarray:
    graph = igraph_of(matrix)
    state = random.getstate()  # igraph draws from Python's random module
    try:
        random.seed(seed)
        if method == "louvain":
            found = graph.community_multilevel(weights="weight", resolution=resolution)
        else:
            found = graph.community_leiden(
                objective_function="modularity", weights="weight", resolution=resolution, n_iterations=2
            )
    finally:
        random.setstate(state)
    return np.asarray(found.membership, dtype=np.int64)


def modularity(matrix: GraphMatrix, membership: np.ndarray, resolution: float = 1.0) -> float:
    """Weighted modularity of ``membership`` (as ``networkx.community.modularity``).

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> round(modularity(graph_matrix(nx.barbell_graph(3, 0)), np.array([0, 0, 0, 1, 1, 1])), 4)
    0.3571
    """
    weight = matrix.weight
    total = float(weight.sum())  # 2m: every edge is stored both ways
    if total == 0:
        return float("nan")
    rows = np.repeat(np.arange(weight.shape[0]), np.diff(weight.indptr))
    inside = float(weight.data[membership[rows] == membership[weight.indices]].sum())
    strength = np.bincount(membership, weights=row_sums(weight))
    return inside / total - resolution * float((strength / total) @ (strength / total))


def degree(matrix: GraphMatrix) -> np.ndarray:
    """Distinct neighbours per node (integers: the callers divide, which gives floats).

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> degree(graph_matrix(nx.star_graph(2))).tolist()
    [2, 1, 1]
    """
    return np.diff(matrix.weight.indptr)


def weighted_degree(matrix: GraphMatrix) -> np.ndarray:
    """Sum of edge weights per node (meetings, for graphkit's projections).

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> weighted_degree(graph_matrix(nx.Graph([(0, 1, {"weight": 2}), (1, 2, {"weight": 3})]))).tolist()
    [2.0, 5.0, 3.0]
    """
    return row_sums(matrix.weight)


PARALLEL_NNZ = 250_000  # below this, a second thread costs more than it saves
_POOL: list[ThreadPoolExecutor] = []
_SECOND_THREAD = "graphkit-second"


def second_thread() -> ThreadPoolExecutor | None:
    """The one extra thread graphkit's native kernels share (scipy's and Arrow's release the
    GIL), made when first asked for; None on a machine with one core, and None on that thread
    itself (work it submitted to itself would wait for itself forever).

    >>> pool = second_thread()
    >>> pool is None or pool.submit(second_thread).result() is None
    True
    """
    if (os.cpu_count() or 1) < 2 or threading.current_thread().name.startswith(_SECOND_THREAD):
        return None
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix=_SECOND_THREAD))
    return _POOL[0]


def row_sums(weight: sp.csr_array) -> np.ndarray:
    """Row sums of ``weight``: its product with a vector of ones (each row summed in index
    order, as networkx sums a node's edges; scipy's ``sum(axis=1)`` takes about twice as long
    and rounds differently in the last bit, exact alike for integer weights such as meeting
    counts), on two threads for large matrices (scipy's kernel releases the GIL; each half of
    the rows is summed exactly as on one thread)."""
    ones = np.ones(weight.shape[1])
    pool = second_thread() if weight.nnz >= PARALLEL_NNZ else None
    if pool is None:
        return weight @ ones
    half = int(np.searchsorted(weight.indptr, weight.nnz // 2))
    upper = _row_block(weight, 0, half)
    pending = pool.submit(upper.__matmul__, ones)
    lower = _row_block(weight, half, weight.shape[0]) @ ones
    return np.concatenate([pending.result(), lower])


def _row_block(weight: sp.csr_array, first: int, stop: int) -> sp.csr_array:
    """Rows ``first`` to ``stop`` of ``weight`` sharing its arrays (no copy of the entries)."""
    start, end = weight.indptr[first], weight.indptr[stop]
    return sp.csr_array(
        (weight.data[start:end], weight.indices[start:end], weight.indptr[first : stop + 1] - start),
        shape=(stop - first, weight.shape[1]),
    )


def pagerank(matrix: GraphMatrix, alpha: float = 0.85) -> np.ndarray:
    """Weighted PageRank as ``networkx.pagerank`` defines it (dangling nodes spread their rank
    uniformly), solved as a symmetric linear system by conjugate gradients
    (:func:`~graphkit.analysis.linear_pagerank.linear_pagerank`): the same bits on every run,
    equal to networkx's answer at ``tol=1e-12`` to 1e-10.

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> np.round(pagerank(graph_matrix(nx.path_graph(3))), 4).tolist()
    [0.2568, 0.4865, 0.2568]
    """
    return linear_pagerank(matrix.weight, row_sums(matrix.weight), alpha)


def eigenvector(matrix: GraphMatrix) -> np.ndarray:
    """The principal eigenvector of the weighted adjacency matrix, positive, unit length (as
    ``networkx.eigenvector_centrality_numpy``). On a disconnected graph, where networkx refuses
    (the answer is ambiguous), it is computed on the largest connected component and every other
    node gets 0.

    On a two-mode graph (every edge joins side 0 to side 1) the adjacency matrix is
    ``[[0, B], [Bᵀ, 0]]`` and its principal eigenvector is ``[u; v] / √2`` with ``u``, ``v``
    the top singular vectors of ``B``: ``v`` is found on the Gram matrix ``BᵀB`` over the
    smaller side (a few hundred MEPs against a hundred thousand organisations) and ``u = Bv/σ``.

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> star = nx.star_graph(3)  # the hub gets 1/√2, each leaf 1/√6
    >>> np.round(eigenvector(graph_matrix(star)), 4).tolist()
    [0.7071, 0.4082, 0.4082, 0.4082]
    """
    weight = matrix.weight
    n = weight.shape[0]
    if n == 0:
        return np.zeros(0)
    if weight.nnz == 0:
        raise GraphkitError("eigenvector centrality is undefined on a graph without edges")
    inside = largest_component(matrix)
    vector = None
    if matrix.bipartite is not None and len(inside) >= 3:
        vector = _two_mode_eigenvector(weight, matrix.bipartite, inside)
    if vector is None:
        vector = _one_mode_eigenvector(weight, inside)
    vector = np.abs(vector[inside])
    out = np.zeros(n)
    # Not np.linalg.norm: a BLAS call that can stall for milliseconds when the cores are busy.
    out[inside] = vector / math.sqrt(float((vector * vector).sum()))
    return out


def _one_mode_eigenvector(weight: sp.csr_array, inside: np.ndarray) -> np.ndarray:
    n = weight.shape[0]
    if len(inside) < 3:
        _, vectors = np.linalg.eigh(weight[inside][:, inside].toarray())
        vector = np.zeros(n)
        vector[inside] = vectors[:, -1]
        return vector
    # Zero the other components' rows and columns (cheaper than extracting the submatrix):
    # their eigenvalues become 0, so the top eigenvector is the largest component's.
    if inside.size == n:
        part = weight
    else:
        mask = np.zeros(n)
        mask[inside] = 1.0
        part = sp.csr_array(sp.diags_array(mask) @ weight @ sp.diags_array(mask))
    return _top_eigenvector(part)[1]


def _two_mode_eigenvector(weight: sp.csr_array, side: np.ndarray, inside: np.ndarray) -> np.ndarray | None:
    """Top eigenvector of a two-mode component through its Gram matrix, or ``None`` when some
    edge joins two nodes of the same side (then the graph is not two-mode after all)."""
    n = weight.shape[0]
    in_component = np.ones(n, dtype=bool)
    if inside.size < n:
        in_component[:] = False
        in_component[inside] = True
    ones = in_component & (side == 1)
    zeros = in_component & (side == 0)
    whole = ones if ones.sum() <= zeros.sum() else zeros  # the component's smaller side
    small = np.flatnonzero(whole)
    # Rows of the smaller side: Bᵀ (or B), with columns still in node order. A component is
    # closed, so these rows only reach the component's other side — if the graph is two-mode.
    rows = weight[small]
    if small.size == 0 or bool(whole[rows.indices].any()) or 2 * rows.nnz != _component_nnz(weight, inside):
        return None
    if small.size < 3:
        gram = (rows @ rows.T).toarray()
        values, vectors = np.linalg.eigh(gram)
        value, top = values[-1], vectors[:, -1]
    else:
        across = rows.T.tocsr()
        gram = LinearOperator(
            (small.size, small.size), matvec=lambda x: rows @ (across @ x), dtype=np.float64
        )
        # Few Lanczos vectors: σ₁² stands well apart in BᵀB, and ARPACK's own work grows with them.
        value, top = _top_eigenvector(gram, ncv=min(8, small.size))
    vector = (rows.T @ top if small.size < 3 else across @ top) / math.sqrt(
        value
    )  # u = Bv/σ on the larger side, 0 elsewhere
    vector[small] = top
    return vector


def _component_nnz(weight: sp.csr_array, inside: np.ndarray) -> int:
    if inside.size == weight.shape[0]:
        return weight.nnz
    return int(np.diff(weight.indptr)[inside].sum())


def _top_eigenvector(operator, ncv: int | None = None) -> tuple[float, np.ndarray]:
    """The largest eigenvalue of ``operator`` and its vector. ARPACK starts from a fixed
    vector of ones, not from its own random one (which changes from call to call and from run
    to run, and with it the last bits of every score); it overlaps the positive eigenvector
    sought."""
    try:
        start = np.ones(operator.shape[0])
        values, vectors = eigsh(operator, k=1, which="LA", tol=0, ncv=ncv, v0=start)
    except ArpackNoConvergence as err:  # pragma: no cover - ARPACK converges on these graphs
        raise GraphkitError("eigenvector centrality did not converge") from err
    return float(values[0]), vectors[:, 0]


def largest_component(matrix: GraphMatrix) -> np.ndarray:
    """Matrix indices of the largest connected component (the first one on a tie)."""
    labels = component_labels(matrix)
    return np.flatnonzero(labels == np.argmax(np.bincount(labels)))


def component_labels(matrix: GraphMatrix) -> np.ndarray:
    """Connected component of each node, computed once per matrix."""
    return matrix.remembered("components", lambda: connected_components(matrix.weight, directed=False)[1])


def betweenness(
    matrix: GraphMatrix, k: int | None = None, seed: int | None = None, *, normalized: bool = True
) -> np.ndarray:
    """Shortest-path (hop) betweenness, scaled exactly as ``networkx.betweenness_centrality``.

    With ``k``, the ``k`` source nodes are the ones networkx picks for the same ``seed``
    (``random.Random(seed).sample(list(G), k)``) and the sums are rescaled as networkx rescales
    them (sampled sources themselves get their own factor), so the estimate equals
    networkx's for the same seed and graph.
    """
    n = matrix.weight.shape[0]
    if k is not None and k > n:
        raise GraphkitError(f"k={k} is larger than the graph ({n} nodes)")
    sources = None if k is None else sample_sources(n, k, seed)
    from graphkit.analysis import brandes  # numba: imported when first needed

    ordered = brandes.ordered_betweenness(matrix.weight, None if k is None or k == n else np.array(sources))
    pairs_end = n - 1  # a node is never the endpoint of a path it is counted on
    if pairs_end < 2:
        return ordered * 0.0

    def factor(sources_used: float) -> float:
        if normalized:
            return 1.0 / (sources_used * (pairs_end - 1))
        return pairs_end / (sources_used * 2.0)

    if sources is None:
        return ordered * factor(pairs_end)
    scale = np.full(n, factor(k))
    scale[sources] = factor(k - 1) if k > 1 else math.nan
    return ordered * scale


def sample_sources(n: int, k: int, seed: int | None) -> list[int]:
    """The node positions networkx samples for betweenness with ``k`` and ``seed``."""
    return random.Random(seed).sample(range(n), k)


def closeness(matrix: GraphMatrix) -> np.ndarray:
    """Hop closeness with Wasserman–Faust scaling for disconnected graphs (networkx's default):
    (r − 1)² / (n − 1) / (sum of distances), r the nodes a node reaches (itself included).

    One breadth-first search per node: networkit's generalised closeness (this very formula),
    on all cores (each search stands alone, so the answer does not depend on the threads);
    igraph's when networkit is missing.

    >>> import networkx as nx
    >>> from graphkit.graph import graph_matrix
    >>> np.round(closeness(graph_matrix(nx.path_graph(3))), 4).tolist()
    [0.6667, 1.0, 0.6667]
    """
    n = matrix.weight.shape[0]
    if n <= 1:
        return np.zeros(n)
    graph = _networkit_hops(matrix)
    if graph is None:  # pragma: no cover - networkit is a dependency
        inverse_mean = np.nan_to_num(np.asarray(igraph_of(matrix).closeness(), dtype=np.float64))
        return inverse_mean * (_component_sizes(matrix) - 1) / (n - 1)
    nk = import_networkit()

    found = nk.centrality.Closeness(graph, True, nk.centrality.ClosenessVariant.GENERALIZED).run()
    return np.asarray(found.scores(), dtype=np.float64)


def _networkit_hops(matrix: GraphMatrix) -> networkit.Graph | None:
    """The unweighted networkit graph of ``matrix`` (for hop distances), built once, kept."""
    try:
        nk = import_networkit()
    except ImportError:  # pragma: no cover - networkit is a dependency
        return None

    def build() -> networkit.Graph:
        upper = sp.triu(matrix.weight, k=1).tocoo()
        graph = nk.Graph(matrix.weight.shape[0], weighted=False)
        graph.addEdges((upper.row, upper.col))
        return graph

    return matrix.remembered("networkit_hops", build)


def bipartite_closeness(matrix: GraphMatrix) -> np.ndarray:
    """``networkx.bipartite.closeness_centrality`` (normalised): distances against the best a
    node of each side could have, times the reachable share of the graph."""
    n_all = matrix.weight.shape[0]
    if n_all <= 1:
        return np.zeros(n_all)
    top = matrix.bipartite == 0
    n, m = int(top.sum()), int((~top).sum())
    reach = _component_sizes(matrix)
    with np.errstate(divide="ignore", invalid="ignore"):
        distance_sum = np.where(reach > 1, (reach - 1) ** 2 / (closeness(matrix) * (n_all - 1)), 0.0)
    best = np.where(top, m + 2 * (n - 1), n + 2 * (m - 1))
    out = np.zeros(n_all)
    ok = distance_sum > 0
    out[ok] = best[ok] / distance_sum[ok] * (reach[ok] - 1) / (n_all - 1)
    return out


def harmonic(matrix: GraphMatrix) -> np.ndarray:
    """Sum of 1/distance to every other node (``networkx.harmonic_centrality``)."""
    graph = igraph_of(matrix)
    return np.asarray(graph.harmonic_centrality(normalized=False), dtype=np.float64)


def bipartite_betweenness_max(matrix: GraphMatrix) -> np.ndarray:
    """Per node, the largest unordered-pair betweenness a node of its side can reach (the
    normaliser of ``networkx.bipartite.betweenness_centrality``)."""
    top = matrix.bipartite == 0
    n, m = int(top.sum()), int((~top).sum())

    def most(a: int, b: int) -> float:
        if b == 0:
            return math.nan
        s, t = divmod(a - 1, b)
        return ((b**2) * ((s + 1) ** 2) + b * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0

    return np.where(top, most(n, m), most(m, n))


def _component_sizes(matrix: GraphMatrix) -> np.ndarray:
    labels = component_labels(matrix)
    return np.bincount(labels)[labels].astype(np.float64)
