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
from graphkit.analysis.node_tables import ranked_nodes
from graphkit.errors import GraphkitError
from graphkit.graph.matrix import GraphMatrix, graph_matrix
from graphkit.graph.names import MEASURES
from graphkit.model import vocabulary

ENGINES = ("auto", "networkx")

# What each measure means for lobbying (CLI help and docs): the one vocabulary's.
MEANINGS = vocabulary.MEANINGS


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
    frame = ranked_nodes(graph, matrix, columns, measure)
    if by_category:
        return rank_within_groups(frame, measure)
    return frame


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
