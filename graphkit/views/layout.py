"""Node positions computed in Python, so the browser draws at once with physics off."""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np


def layout_positions(
    graph: nx.Graph, *, seed: int = 7, spacing: float = 120.0
) -> dict[object, tuple[float, float]]:
    """Fruchterman–Reingold positions (igraph), scaled to canvas pixels.

    The layout is deterministic for a given graph and ``seed``. The drawing spans about
    ``spacing * sqrt(n)`` pixels, so nodes keep roughly ``spacing`` pixels apart at any size.
    Stronger ties (edge ``weight``, or ``meetings``) pull their ends closer.

    Parameters
    ----------
    graph
        Any networkx graph.
    seed
        Seed of the random start positions.
    spacing
        Typical distance between neighbouring nodes, in pixels.

    Returns
    -------
    dict
        Node → ``(x, y)``.

    Notes
    -----
    igraph's grid variant of Fruchterman–Reingold is O(n + m) per iteration; 5,000 nodes and
    25,000 edges take well under a second here. Browser-side physics on the same graph does not
    settle in minutes, which is why positions are computed before rendering.

    Examples
    --------
    >>> positions = layout_positions(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and all(len(xy) == 2 for xy in positions.values())
    True
    >>> layout_positions(nx.path_graph(3)) == positions
    True
    """
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in graph.edges() if u != v]
    weights = [_strength(data) for u, v, data in graph.edges(data=True) if u != v]
    rng = np.random.default_rng(seed)
    # igraph starts from a box of about sqrt(n) / 2; a wider start makes its grid variant slow.
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * math.sqrt(n) / 2.0
    iterations = 500 if n <= 1000 else 300 if n <= 3000 else 200
    igraph = ig.Graph(n=n, edges=edges)
    coords = np.asarray(
        igraph.layout_fruchterman_reingold(
            weights=weights or None, niter=iterations, seed=start.tolist(), grid="auto"
        ).coords,
        dtype=float,
    )
    coords -= coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    coords *= spacing * math.sqrt(n) / 2.0 / extent
    return {
        node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords, strict=True)
    }


def _strength(data: dict) -> float:
    value = data.get("weight", data.get("meetings", 1))
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 1.0
    return 1.0 + math.log1p(value) if math.isfinite(value) and value > 0 else 1.0
