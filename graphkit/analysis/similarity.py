"""Similarity: organisations whose access most resembles a given one, MEPs lobbied by the most
similar sets of organisations."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis.node_tables import node_table, ranked
from graphkit.errors import GraphkitError
from graphkit.graph.matrix import graph_matrix
from graphkit.graph.names import SIMILARITIES


def similar(graph: nx.Graph, node: object, *, measure: str = "jaccard", top: int | None = 20) -> pd.DataFrame:
    """The nodes whose neighbours most resemble ``node``'s.

    On an organisation ↔ MEP graph, the neighbours of an organisation are the MEPs it met, so
    this finds organisations with the same access; for an MEP it finds MEPs lobbied by the same
    organisations. Only nodes sharing at least one neighbour are listed.

    Parameters
    ----------
    measure
        ``"jaccard"``: shared / either (``networkx.jaccard_coefficient``); ``"overlap"``:
        shared / the smaller neighbourhood (1.0 when one's counterparts are a subset of the
        other's).
    top
        How many rows (``None``: all).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, shared, jaccard, overlap, rank`` sorted by the
        chosen measure (then by shared neighbours).

    Examples
    --------
    >>> g = nx.Graph([("a", "m1"), ("a", "m2"), ("b", "m1"), ("b", "m2"), ("c", "m2"), ("c", "m3")])
    >>> similar(g, "a")[["id", "shared", "jaccard"]].to_dict("records")
    [{'id': 'b', 'shared': 2, 'jaccard': 1.0}, {'id': 'c', 'shared': 1, 'jaccard': 0.3333333333333333}]
    """
    if measure not in SIMILARITIES:
        raise GraphkitError(f"unknown similarity {measure!r} (known: {', '.join(SIMILARITIES)})")
    matrix = graph_matrix(graph)
    index = {name: i for i, name in enumerate(matrix.nodes)}
    if node not in index:
        raise GraphkitError(f"{node!r} is not in this graph (no meetings after the filters?)")
    adjacency = matrix.unweighted()
    i = index[node]
    shared = np.asarray(adjacency @ adjacency[[i]].T.toarray()).ravel()
    shared[i] = 0
    candidates = np.flatnonzero(shared > 0)
    degree = np.diff(adjacency.indptr).astype(np.float64)
    both = shared[candidates]
    frame = node_table(graph, matrix).iloc[candidates].reset_index(drop=True)
    frame["shared"] = both.astype(np.int64)
    frame["jaccard"] = both / (degree[candidates] + degree[i] - both)
    frame["overlap"] = both / np.minimum(degree[candidates], degree[i])
    frame = ranked(frame.sort_values("shared", ascending=False, kind="stable"), measure)
    frame = frame.sort_values(["rank", "shared"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )
    return frame if top is None else frame.head(top)
