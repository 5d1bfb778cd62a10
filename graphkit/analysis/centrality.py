"""Centrality: who has the most access, who brokers it.

Each measure is defined exactly as networkx defines it (networkx is the reference and the
``engine="networkx"`` path calls it); the default engine computes the same numbers on the
graph's sparse matrix with scipy and igraph.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis import engines
from graphkit.analysis.interest_ranks import rank_within_groups
from graphkit.errors import GraphkitError
from graphkit.graph.matrix import GraphMatrix, graph_matrix
from graphkit.graph.names import MEASURES

ENGINES = ("auto", "networkx")
NODE_COLUMNS = ("id", "name", "kind", "category", "country")

# What each measure means for lobbying (CLI help and docs).
MEANINGS = {
    "degree": "distinct counterparts met (share of the other side on two-mode graphs)",
    "weighted_degree": "meetings (sum of edge weights)",
    "pagerank": "access to the well-connected: a random walk along meetings, weighted by meetings",
    "betweenness": "brokers: how often an actor lies on the shortest paths between others",
    "eigenvector": "connected to the connected (weighted by meetings; largest component)",
    "closeness": "how few steps reach everyone else (Wasserman-Faust for disconnected graphs)",
    "harmonic": "sum of 1/steps to every other actor",
}


def centrality(
    graph: nx.Graph,
    measure: str = "pagerank",
    *,
    k: int | None = None,
    seed: int | None = None,
    engine: str = "auto",
    bipartite: bool | None = None,
    by_category: bool = False,
) -> pd.DataFrame:
    """One centrality measure for every node, ranked.

    Parameters
    ----------
    graph
        An undirected graph, typically from :func:`graphkit.graph.build_graph`. Edge ``weight``
        is used by ``weighted_degree``, ``pagerank`` and ``eigenvector``; betweenness, closeness
        and harmonic count steps (hops).
    measure
        ``degree``, ``weighted_degree``, ``pagerank``, ``betweenness``, ``eigenvector``,
        ``closeness`` or ``harmonic``.
    k, seed
        Betweenness only: sample ``k`` source nodes (chosen as networkx chooses them for
        ``seed``) instead of all; the estimate is scaled up as networkx scales it.
    engine
        ``"auto"`` (scipy/igraph on the sparse matrix) or ``"networkx"`` (the reference).
    bipartite
        Use two-mode normalisation (networkx's ``bipartite`` module) for degree, betweenness
        and closeness. Default: when every node has a ``bipartite`` attribute of 0/1, as
        graphkit's organisation ↔ counterpart/topic projections do. Within one side ranks are
        the same either way; across sides only the two-mode values compare fairly.
    by_category
        Rank organisations within their interest group (the Register category grouped as
        :func:`graphkit.analysis.balance.interest_group` groups it) instead of all nodes
        together: rows of other kinds are left out, each row gets ``interest_group`` and its
        ``rank`` within the group, and rows are sorted by group, then rank
        (:func:`graphkit.analysis.interest_ranks.rank_within_groups`).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, <measure>, rank`` (rank 1 = highest; ties share
        the best rank), sorted by rank then name. ``degree`` adds ``neighbours`` (distinct
        counterparts met).

    Notes
    -----
    Exact betweenness, closeness and harmonic are O(nodes × edges) (Brandes; one BFS per
    node); sampled betweenness is O(k × edges). PageRank iterates to an L1 change below
    1e-12 per node, so it equals networkx's up to networkx's own tolerance.

    Examples
    --------
    >>> g = nx.star_graph(3)  # node 0 in the middle
    >>> centrality(g, "betweenness")[["id", "betweenness", "rank"]].head(2).to_dict("records")
    [{'id': 0, 'betweenness': 1.0, 'rank': 1}, {'id': 1, 'betweenness': 0.0, 'rank': 2}]
    >>> g.add_nodes_from([(0, {"kind": "organisation", "category": "Trade unions"}),
    ...                   (1, {"kind": "organisation", "category": "Companies & groups"})])
    >>> centrality(g, "betweenness", by_category=True)[["id", "interest_group", "rank"]].to_dict("records")
    [{'id': 1, 'interest_group': 'companies', 'rank': 1}, {'id': 0, 'interest_group': 'trade_unions', 'rank': 1}]
    """
    if measure not in MEASURES:
        raise GraphkitError(f"unknown measure {measure!r} (known: {', '.join(MEASURES)})")
    if engine not in ENGINES:
        raise GraphkitError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if k is not None and measure != "betweenness":
        raise GraphkitError("k (sampling) applies to betweenness only")
    if k is not None and k < 1:
        raise GraphkitError("k must be at least 1")
    matrix = graph_matrix(graph)
    two_mode = _is_two_mode(matrix) if bipartite is None else bipartite
    if two_mode and matrix.bipartite is None:
        raise GraphkitError("bipartite normalisation needs a 0/1 'bipartite' attribute on every node")
    if engine == "networkx":
        values = _networkx_values(graph, measure, k, seed, two_mode, matrix)
    else:
        values = _fast_values(matrix, measure, k, seed, two_mode)
    columns = {measure: np.asarray(values, dtype=np.float64)}
    if measure == "degree":
        columns["neighbours"] = engines.degree(matrix).astype(np.int64)
    frame = _ranked_nodes(graph, matrix, columns, measure)
    if by_category:
        return rank_within_groups(frame, measure)
    return frame


def _ranked_nodes(
    graph: nx.Graph, matrix: GraphMatrix, columns: dict[str, np.ndarray], measure: str
) -> pd.DataFrame:
    """The node table with ``columns`` and ``rank``, sorted as :func:`ranked` sorts, built
    straight in the final order (:func:`nodes_in_order`; no pandas rank), which is most of the
    public call's cost on top of a fast engine."""
    order, rank = rank_order(columns[measure], tiebreak(matrix, graph), by_order=_by_tiebreak(matrix))
    return nodes_in_order(graph, matrix, order, {**columns, "rank": None}, rank=rank)


def _by_tiebreak(matrix: GraphMatrix) -> np.ndarray:
    """The nodes in tie order (the inverse of :func:`tiebreak`), kept on the matrix."""
    return matrix.remembered("by_tiebreak", lambda: np.argsort(tiebreak(matrix)))


def nodes_in_order(
    graph: nx.Graph,
    matrix: GraphMatrix,
    order: np.ndarray,
    columns: dict[str, np.ndarray | None],
    *,
    rank: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`node_table` and ``columns`` (arrays in matrix order) taken in ``order``: one take
    per column, no copy of the table. A column given as None is ``rank`` (already in order)."""
    _table(graph, matrix)
    arrays = list(_table_arrays(matrix).items())
    pool = engines.second_thread() if len(order) >= _TAKE_ON_TWO_THREADS else None
    # Large tables: the first two columns (ids and names, a distinct string each: the costliest
    # takes) on the second thread while this one takes the rest (Arrow's take releases the GIL).
    split = 2 if pool is not None else 0
    pending = pool.submit(lambda: [array.take(order) for _, array in arrays[:split]]) if pool else None
    rest = [array.take(order) for _, array in arrays[split:]]
    taken = (pending.result() if pending is not None else []) + rest
    data = {name: pd.Series(values, copy=False) for (name, _), values in zip(arrays, taken, strict=True)}
    data.update({name: rank if array is None else array[order] for name, array in columns.items()})
    return pd.DataFrame(data, copy=False)


_TAKE_ON_TWO_THREADS = 50_000  # rows; below this a second thread costs more than it saves


def _table_arrays(matrix: GraphMatrix) -> dict[str, pd.api.extensions.ExtensionArray | np.ndarray]:
    """The node table's columns in the form that is quickest to take rows from, kept on the
    matrix: text as pandas' Arrow-backed ``str`` (a take of Python objects touches every
    string's reference count: most of a fast measure's time), ids that are not all text
    (networkx's integers) as they are. Not categoricals, though they would be quicker still:
    a categorical refuses ``fillna`` or ``combine_first`` with a value it has not seen."""

    def arrays() -> dict[str, pd.api.extensions.ExtensionArray | np.ndarray]:
        return {column: _quick_to_take(matrix.table[column]) for column in matrix.table.columns}

    return matrix.remembered("table_arrays", arrays)


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str``


def _quick_to_take(column: pd.Series) -> pd.api.extensions.ExtensionArray | np.ndarray:
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return values
    return pd.array(values, dtype=_TEXT)


def rank_order(
    values: np.ndarray, order: np.ndarray, *, by_order: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The positions sorting ``values`` from highest (ties by ``order``, missing values last)
    and, in that order, each one's rank: 1 for the highest, ties sharing the best rank, as
    pandas' ``rank(method="min", ascending=False, na_option="bottom")``.

    ``by_order``, when ``order`` is a permutation: ``np.argsort(order)``, kept by the caller;
    then one stable sort of the values replaces the two-key sort (a third of the time).

    >>> rank_order(np.array([0.5, 2.0, 0.5, np.nan]), np.array([3, 2, 1, 0]))
    (array([1, 2, 0, 3]), array([1, 2, 2, 4]))
    >>> rank_order(np.array([0.5, 2.0, 0.5, np.nan]), np.array([3, 2, 1, 0]), by_order=np.array([3, 2, 1, 0]))
    (array([1, 2, 0, 3]), array([1, 2, 2, 4]))
    """
    values = np.asarray(values, dtype=np.float64)
    if by_order is None:
        positions = np.lexsort((order, -values))  # NaN sorts last
    else:  # the values in tie order, sorted stably: ties keep that order; NaN sorts last
        positions = by_order[_stable_descending(values[by_order])]
    ordered = values[positions]
    n = len(ordered)
    if n == 0:
        return positions, np.zeros(0, dtype=np.int64)
    missing = np.isnan(ordered)
    same = (ordered[1:] == ordered[:-1]) | (missing[1:] & missing[:-1])
    starts = np.flatnonzero(np.r_[True, ~same])
    rank = np.repeat(starts + 1, np.diff(np.r_[starts, n])).astype(np.int64)
    return positions, rank


# Measures with fewer distinct values than this (degree, meetings) sort by their dense rank with
# NumPy's radix sort (16-bit keys), a fifth of the time of a stable sort of the floats.
_RADIX_LIMIT = 2**16 - 1


def _stable_descending(values: np.ndarray) -> np.ndarray:
    """The positions sorting ``values`` from highest, ties in their order, NaN last: what
    ``np.argsort(-values, kind="stable")`` gives, by way of each value's dense rank when the
    values take few distinct values (a hash of the values, then a radix sort).

    >>> _stable_descending(np.array([1.0, 3.0, np.nan, 3.0, -0.0, 0.0]))
    array([1, 3, 0, 4, 5, 2])
    """
    codes, distinct = pd.factorize(values + 0.0)  # + 0.0: -0.0 ties with 0.0, as it compares
    if len(distinct) >= _RADIX_LIMIT:
        return np.argsort(-values, kind="stable")
    dense = np.empty(len(distinct) + 1, dtype=np.uint16)
    dense[np.argsort(-distinct, kind="stable")] = np.arange(len(distinct), dtype=np.uint16)
    dense[-1] = len(distinct)  # code -1: NaN, last
    return np.argsort(dense[codes], kind="stable")


def node_table(graph: nx.Graph, matrix: GraphMatrix) -> pd.DataFrame:
    """``id, name, kind, category, country`` of every node in matrix order (``None`` where
    unknown), kept on the matrix for the next measure."""
    return _table(graph, matrix).copy()


def _table(graph: nx.Graph, matrix: GraphMatrix) -> pd.DataFrame:
    if matrix.table is None:
        attributes = graph.nodes
        nodes = matrix.nodes
        matrix.table = pd.DataFrame(
            {
                "id": pd.Series(nodes, dtype=object),
                **{
                    column: pd.Series([attributes[node].get(column) for node in nodes], dtype=object)
                    for column in NODE_COLUMNS[1:]
                },
            }
        )
    return matrix.table


def tiebreak(matrix: GraphMatrix, graph: nx.Graph | None = None) -> np.ndarray:
    """Each node's position in (name, id) order: how ties in a measure are listed (``graph``
    gives the names when the matrix has no node table yet)."""
    if graph is not None:
        _table(graph, matrix)
    def compute() -> np.ndarray:
        names = matrix.table["name"].fillna("").astype(str).to_numpy()
        ids = matrix.table["id"].astype(str).to_numpy()
        positions = np.empty(len(ids), dtype=np.int64)
        positions[np.lexsort((ids, names))] = np.arange(len(ids))
        return positions

    return matrix.remembered("tiebreak", compute)


def ranked(frame: pd.DataFrame, column: str, order: np.ndarray | None = None) -> pd.DataFrame:
    """``frame`` with ``rank`` (1 = highest ``column``, ties share the best rank), sorted by rank
    then ``order`` (default: name, then id)."""
    values = frame[column].to_numpy(dtype=np.float64)
    if order is None:
        names = frame["name"].fillna("").astype(str).to_numpy()
        by_name = np.lexsort((frame["id"].astype(str).to_numpy(), names))
        order = np.empty(len(by_name), dtype=np.int64)
        order[by_name] = np.arange(len(by_name))
    positions, rank = rank_order(values, order)
    out = frame.iloc[positions].reset_index(drop=True)
    out["rank"] = rank
    return out


def _is_two_mode(matrix: GraphMatrix) -> bool:
    return matrix.bipartite is not None and 0 < int(matrix.bipartite.sum()) < len(matrix.bipartite)


def _fast_values(
    matrix: GraphMatrix, measure: str, k: int | None, seed: int | None, two_mode: bool
) -> np.ndarray:
    if measure == "degree":
        values = engines.degree(matrix)
        n = len(values)
        if two_mode:
            top = matrix.bipartite == 0
            other_side = np.where(top, (~top).sum(), top.sum()).astype(np.float64)
            return values / other_side
        return values / (n - 1) if n > 1 else np.ones(n)
    if measure == "betweenness" and two_mode:
        raw = engines.betweenness(matrix, k, seed, normalized=False)
        return raw / engines.bipartite_betweenness_max(matrix)
    if measure == "closeness" and two_mode:
        return engines.bipartite_closeness(matrix)
    if measure == "betweenness":
        return engines.betweenness(matrix, k, seed)
    function: Callable[[GraphMatrix], np.ndarray] = getattr(engines, measure)
    return function(matrix)


def _networkx_values(
    graph: nx.Graph, measure: str, k: int | None, seed: int | None, two_mode: bool, matrix: GraphMatrix
) -> np.ndarray:
    top = [
        node
        for node, side in zip(matrix.nodes, matrix.bipartite if two_mode else [], strict=False)
        if side == 0
    ]
    if measure == "degree":
        result = nx.bipartite.degree_centrality(graph, top) if two_mode else nx.degree_centrality(graph)
    elif measure == "weighted_degree":
        result = dict(graph.degree(weight="weight"))
    elif measure == "pagerank":
        result = nx.pagerank(graph, weight="weight", tol=1e-12, max_iter=1000)
    elif measure == "betweenness" and two_mode:
        if k is None:
            result = nx.bipartite.betweenness_centrality(graph, top)
        else:
            sampled = nx.betweenness_centrality(graph, k=k, seed=seed, normalized=False)
            most = dict(zip(matrix.nodes, engines.bipartite_betweenness_max(matrix), strict=True))
            result = {node: value / most[node] for node, value in sampled.items()}
    elif measure == "betweenness":
        result = nx.betweenness_centrality(graph, k=k, seed=seed)
    elif measure == "eigenvector":
        component = [matrix.nodes[i] for i in engines.largest_component(matrix)]
        result = dict.fromkeys(graph, 0.0)
        result.update(nx.eigenvector_centrality_numpy(graph.subgraph(component), weight="weight"))
    elif measure == "closeness":
        result = nx.bipartite.closeness_centrality(graph, top) if two_mode else nx.closeness_centrality(graph)
    else:
        result = nx.harmonic_centrality(graph)
    return np.array([result[node] for node in matrix.nodes], dtype=np.float64)
