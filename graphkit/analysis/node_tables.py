"""The node table of a graph's matrix, and ranked tables built from it.

Every measure's table is the node table (``id, name, kind, category, country``) with the
measure's columns, sorted from the highest value. On a fast engine building that table is most
of the public call's cost, so it is built straight in its final order: one sort of the values
(:func:`rank_order`), then one take per column (:func:`nodes_in_order`), never a pandas sort
or rank of the whole frame.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa

from graphkit.analysis import engines
from graphkit.graph.matrix import GraphMatrix

NODE_COLUMNS = ("id", "name", "kind", "category", "country")

_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str``
# Rows; below this a second thread costs more than it saves.
_TAKE_ON_TWO_THREADS = 50_000
# Measures whose values span fewer integers than this (meetings), or take fewer distinct values
# (degree), sort by a 16-bit key with NumPy's radix sort: a fifth of a stable sort of floats.
_RADIX_LIMIT = 2**16 - 1


def node_table(graph: nx.Graph, matrix: GraphMatrix) -> pd.DataFrame:
    """``id, name, kind, category, country`` of every node in matrix order (``None`` where
    unknown), kept on the matrix for the next measure.

    >>> from graphkit.graph.matrix import graph_matrix
    >>> g = nx.Graph([("a", "b")])
    >>> node_table(g, graph_matrix(g))["id"].tolist()
    ['a', 'b']
    """
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
    gives the names when the matrix has no node table yet).

    >>> from graphkit.graph.matrix import graph_matrix
    >>> g = nx.Graph([("b", "a")])
    >>> tiebreak(graph_matrix(g), g).tolist()  # matrix order b, a; "a" comes first
    [1, 0]
    """
    if graph is not None:
        _table(graph, matrix)

    def compute() -> np.ndarray:
        names = matrix.table["name"].fillna("").astype(str).to_numpy()
        ids = matrix.table["id"].astype(str).to_numpy()
        positions = np.empty(len(ids), dtype=np.int64)
        positions[np.lexsort((ids, names))] = np.arange(len(ids))
        return positions

    return matrix.remembered("tiebreak", compute)


def by_tiebreak(matrix: GraphMatrix, graph: nx.Graph | None = None) -> np.ndarray:
    """The nodes in tie order (the inverse permutation of :func:`tiebreak`), kept on the matrix.

    >>> from graphkit.graph.matrix import graph_matrix
    >>> g = nx.Graph([("b", "a")])
    >>> by_tiebreak(graph_matrix(g), g).tolist()  # "a" (matrix index 1) first
    [1, 0]
    """
    return matrix.remembered("by_tiebreak", lambda: np.argsort(tiebreak(matrix, graph)))


def ranked_nodes(
    graph: nx.Graph, matrix: GraphMatrix, columns: dict[str, np.ndarray], measure: str
) -> pd.DataFrame:
    """The node table with ``columns`` (arrays in matrix order) and ``rank`` (1 = highest
    ``measure``, ties share the best rank, listed by name then id), sorted by rank.

    >>> from graphkit.graph.matrix import graph_matrix
    >>> g = nx.path_graph(3)
    >>> frame = ranked_nodes(g, graph_matrix(g), {"degree": np.array([1.0, 2.0, 1.0])}, "degree")
    >>> frame[["id", "degree", "rank"]].values.tolist()
    [[1, 2.0, 1], [0, 1.0, 2], [2, 1.0, 2]]
    """
    order, rank = rank_order(columns[measure], tiebreak(matrix, graph), by_order=by_tiebreak(matrix, graph))
    return nodes_in_order(graph, matrix, order, {**columns, "rank": None}, rank=rank)


def nodes_in_order(
    graph: nx.Graph,
    matrix: GraphMatrix,
    order: np.ndarray,
    columns: dict[str, np.ndarray | None],
    *,
    rank: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`node_table` and ``columns`` (arrays in matrix order) taken in ``order``: one take
    per column, no copy of the table. A column given as None is ``rank`` (already in order).

    Large tables are taken on two threads, each taking half of the rows of every text column
    (Arrow's take releases the GIL): the halves become the two chunks of each column, so
    nothing is joined afterwards.

    >>> from graphkit.graph.matrix import graph_matrix
    >>> g = nx.Graph([("a", "b")])
    >>> nodes_in_order(g, graph_matrix(g), np.array([1, 0]), {"x": np.array([5, 6])})[["id", "x"]].values.tolist()
    [['b', 6], ['a', 5]]
    """
    _table(graph, matrix)
    arrays = _table_arrays(matrix)
    text = [name for name, array in arrays.items() if isinstance(array, pa.Array)]
    pool = engines.second_thread() if len(order) >= _TAKE_ON_TWO_THREADS else None
    if pool is None:
        whole = pa.array(order)
        chunks = [[_take(arrays[name], whole)] for name in text]
    else:
        half = len(order) // 2
        first, second = pa.array(order[:half]), pa.array(order[half:])
        pending = pool.submit(lambda: [_take(arrays[name], second) for name in text])
        firsts = [_take(arrays[name], first) for name in text]
        chunks = [[head, tail] for head, tail in zip(firsts, pending.result(), strict=True)]
    taken = {name: pd.array(pa.chunked_array(parts), dtype=_TEXT) for name, parts in zip(text, chunks, strict=True)}
    data = {name: pd.Series(taken[name] if name in taken else array[order], copy=False) for name, array in arrays.items()}
    data.update({name: rank if array is None else array[order] for name, array in columns.items()})
    return pd.DataFrame(data, copy=False)


def _take(array: pa.Array, indices: pa.Array) -> pa.Array:
    """The rows ``indices`` of ``array``, as plain strings also where ``array`` is
    dictionary-encoded (then the codes are taken and looked up in the small dictionary)."""
    if isinstance(array, pa.DictionaryArray):
        return array.dictionary.take(array.indices.take(indices))
    return array.take(indices)


def _table_arrays(matrix: GraphMatrix) -> dict[str, pa.Array | np.ndarray]:
    """The node table's columns in the form that is quickest to take rows from, kept on the
    matrix: text as one Arrow array each (the result is pandas' Arrow-backed ``str``; a take of
    Python objects touches every string's reference count: most of a fast measure's time), ids
    that are not all text (networkx's integers) as they are.

    Text with few distinct values (kind, category, country) is kept dictionary-encoded and
    decoded in the new order: a take from the whole column reads it at random, one cache miss
    per row once the column outgrows the cache, where the codes and the dictionary stay in it
    (about 7 ms instead of 11 for a table of 100,000 nodes). The result is still plain text:
    not categoricals, though they would be quicker still, since a categorical refuses
    ``fillna`` or ``combine_first`` with a value it has not seen."""

    def arrays() -> dict[str, pa.Array | np.ndarray]:
        return {column: _quick_to_take(matrix.table[column]) for column in matrix.table.columns}

    return matrix.remembered("table_arrays", arrays)


def _quick_to_take(column: pd.Series) -> pa.Array | np.ndarray:
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return values
    text = pa.array(values, type=pa.large_string(), from_pandas=True)  # None and NaN: missing
    encoded = text.dictionary_encode()
    return encoded if len(encoded.dictionary) <= _FEW_DISTINCT * len(text) else text


_FEW_DISTINCT = 0.01  # text with at most this share of distinct values is kept dictionary-encoded


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
        positions = by_order[stable_descending(values[by_order])]
    ordered = values[positions]
    n = len(ordered)
    if n == 0:
        return positions, np.zeros(0, dtype=np.int64)
    missing = np.isnan(ordered)
    same = (ordered[1:] == ordered[:-1]) | (missing[1:] & missing[:-1])
    starts = np.flatnonzero(np.r_[True, ~same])
    rank = np.repeat(starts + 1, np.diff(np.r_[starts, n])).astype(np.int64)
    return positions, rank


def stable_descending(values: np.ndarray) -> np.ndarray:
    """The positions sorting ``values`` from highest, ties in their order, NaN last: what
    ``np.argsort(-values, kind="stable")`` gives. Values that are integers spanning fewer than
    65,535 (meeting counts) sort by ``max - value`` as 16-bit keys; other values taking few
    distinct values (degree shares) by their dense rank (a hash of the values); both with
    NumPy's radix sort.

    >>> stable_descending(np.array([1.0, 3.0, np.nan, 3.0, -0.0, 0.0]))
    array([1, 3, 0, 4, 5, 2])
    >>> stable_descending(np.array([2.0, 7.0, 2.0, -1.0]))
    array([1, 0, 2, 3])
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.intp)
    low, high = values.min(), values.max()  # NaN if any value is NaN
    if high - low < _RADIX_LIMIT and np.array_equal(values, np.floor(values)):
        return np.argsort((high - values).astype(np.uint16), kind="stable")
    sample = values[:: max(1, len(values) // 1024)]
    if len(np.unique(sample)) > len(sample) // 2:  # mostly distinct (PageRank): hashing them is wasted
        return np.argsort(-values, kind="stable")
    codes, distinct = pd.factorize(values + 0.0)  # + 0.0: -0.0 ties with 0.0, as it compares
    if len(distinct) >= _RADIX_LIMIT:
        return np.argsort(-values, kind="stable")
    dense = np.empty(len(distinct) + 1, dtype=np.uint16)
    dense[np.argsort(-distinct, kind="stable")] = np.arange(len(distinct), dtype=np.uint16)
    dense[-1] = len(distinct)  # code -1: NaN, last
    return np.argsort(dense[codes], kind="stable")


def stable_ascending(labels: np.ndarray) -> np.ndarray:
    """The positions sorting the integers ``labels`` (0 or more) from lowest, ties in their
    order: ``np.argsort(labels, kind="stable")``, by NumPy's radix sort on 16 bits when the
    labels fit.

    >>> stable_ascending(np.array([2, 0, 1, 0, 2])).tolist()
    [1, 3, 2, 0, 4]
    """
    if len(labels) and 0 <= labels.min() and labels.max() < _RADIX_LIMIT:
        return np.argsort(labels.astype(np.uint16), kind="stable")
    return np.argsort(labels, kind="stable")


def ranked(frame: pd.DataFrame, column: str, order: np.ndarray | None = None) -> pd.DataFrame:
    """``frame`` with ``rank`` (1 = highest ``column``, ties share the best rank), sorted by rank
    then ``order`` (default: name, then id).

    >>> frame = pd.DataFrame({"id": ["x", "y", "z"], "name": ["X", "Y", "Z"], "n": [1, 3, 1]})
    >>> ranked(frame, "n")[["id", "rank"]].values.tolist()
    [['y', 1], ['x', 2], ['z', 2]]
    """
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
