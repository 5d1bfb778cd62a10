"""Node positions computed in Python, so the browser draws at once, with no physics.

The layout shows structure: each connected component is laid out on its own, with links inside
a community pulled tighter than links between communities (so communities stand apart), and the
components are packed beside the largest one, biggest first, single nodes last in a grid. The
page opens fitted to the largest component, not to the whole sheet.

Why not ForceAtlas2: the ``fa2`` package (LinLog, Barnes–Hut, Cython) took 4.8 s for 100
iterations at 5,000 nodes and 64 s at 25,000 here, against 0.2 s and 0.8 s for 200 iterations
of igraph's grid Fruchterman–Reingold. FR with community-weighted links gives the
pulled-apart communities LinLog is chosen for, at a cost the 10-second write budget allows.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np

# Links inside a community pull this much harder than links between communities.
INSIDE_PULL = 4.0
BETWEEN_PULL = 0.25
# Components below this size (pairs) are drawn side by side, not laid out by force.
SMALL_COMPONENT = 3
# Components up to this size are laid out by Kamada-Kawai: even spacing by link distance, so a
# star (one actor's view) spreads round its centre with room for every name.
EVEN_COMPONENT = 40


@dataclass(frozen=True)
class Layout:
    """Where each node sits, and the box the first view should show.

    Attributes
    ----------
    positions
        Node → ``(x, y)``, in canvas pixels (y grows downwards).
    main_box
        ``(min_x, min_y, max_x, max_y)`` of the largest component.
    """

    positions: dict[object, tuple[float, float]]
    main_box: tuple[float, float, float, float]


def layout_positions(graph: nx.Graph, *, seed: int = 7, spacing: float = 120.0) -> dict[object, tuple[float, float]]:
    """Node positions for ``graph``: :func:`structured_layout`'s ``positions``.

    Examples
    --------
    >>> positions = layout_positions(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and all(len(xy) == 2 for xy in positions.values())
    True
    >>> layout_positions(nx.path_graph(3)) == positions
    True
    """
    return structured_layout(graph, seed=seed, spacing=spacing).positions


def structured_layout(
    graph: nx.Graph,
    *,
    communities: Mapping[object, object] | None = None,
    seed: int = 7,
    spacing: float = 120.0,
) -> Layout:
    """Positions that show communities apart and components packed, largest component first.

    Parameters
    ----------
    graph
        Any networkx graph. Edge ``weight`` (or ``meetings``) pulls the ends closer.
    communities
        Node → community. Found by Louvain (networkit's PLM, one thread, seeded) when ``None``.
    seed
        Seed of the random start positions and of Louvain; the layout is deterministic.
    spacing
        Typical distance between neighbours, in pixels.

    Returns
    -------
    Layout
        Positions and the box of the largest component.

    Notes
    -----
    igraph's grid Fruchterman–Reingold is O(n + m) per iteration: 25,000 nodes and 50,000 links
    take about a second. Components are packed in shelves (rows) of a width about the square
    root of their total area, so the sheet stays roughly square.

    Examples
    --------
    >>> g = nx.disjoint_union(nx.complete_graph(6), nx.empty_graph(40))
    >>> layout = structured_layout(g)
    >>> x0, y0, x1, y1 = layout.main_box
    >>> all(x0 <= layout.positions[n][0] <= x1 for n in range(6))
    True
    >>> sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in layout.positions.values()) < 20
    True
    """
    with _seeded_igraph(seed):
        return _structured_layout(graph, communities, seed, spacing)


def _structured_layout(graph: nx.Graph, communities: Mapping[object, object] | None, seed: int, spacing: float) -> Layout:
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return Layout({}, (0.0, 0.0, 0.0, 0.0))
    index = {node: i for i, node in enumerate(nodes)}
    # Links as flat NumPy arrays read from a generator: lists of a million (u, v, w) tuples cost
    # more memory than the layout itself (0.5 GB at 1M meetings).
    triples = ((index[u], index[v], _strength(data)) for u, v, data in graph.edges(data=True) if u != v)
    flat = np.fromiter(itertools.chain.from_iterable(triples), dtype=float)
    ends = flat.reshape(-1, 3)[:, :2].astype(np.int64)
    weights = flat[2::3].copy()
    del flat
    whole = ig.Graph(n=n, edges=ends)
    if communities is None:
        labels = _louvain(n, ends, weights, seed)
    else:
        codes: dict[object, int] = {}
        labels = np.array([codes.setdefault(communities.get(node, ("none", node)), len(codes)) for node in nodes])
    if weights.size:
        weights = weights * np.where(labels[ends[:, 0]] == labels[ends[:, 1]], INSIDE_PULL, BETWEEN_PULL)
    # Each component's subgraph carries its links' weights along (no list of edge ids to map back).
    whole.es["weight"] = weights.tolist()
    del ends
    rng = np.random.default_rng(seed)
    coords = np.zeros((n, 2))
    pieces = []  # (members, width, height)
    singles = []
    for members in sorted(whole.connected_components(), key=lambda c: (-len(c), c[0])):
        if len(members) == 1:
            singles.append(members[0])
            continue
        local = _component_coords(whole, members, rng, spacing)
        local -= local.min(axis=0)
        coords[members] = local
        extent = local.max(axis=0)
        pieces.append((members, float(extent[0]), float(extent[1])))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        grid = np.array([(i % side, i // side) for i in range(len(singles))], dtype=float) * spacing * 0.6
        coords[singles] = grid
        pieces.append((singles, float(grid[:, 0].max()), float(grid[:, 1].max())))
    main_box = _pack(coords, pieces, spacing)
    positions = {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords, strict=True)}
    return Layout(positions, tuple(round(value, 1) for value in main_box))


@contextmanager
def _seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random numbers (Louvain's node order, FR's jitter) from ``seed``, then the global ones."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _louvain(n: int, ends: np.ndarray, weights: np.ndarray, seed: int) -> np.ndarray:
    """Louvain communities of ``n`` nodes linked by ``ends`` (networkit's PLM: 1 s at 50,000
    nodes where igraph's takes 4-8 s)."""
    from graphkit.native import import_networkit

    nk = import_networkit()

    if len(ends) == 0:
        return np.arange(n)
    ends = ends.astype(np.uint64)
    network = nk.GraphFromCoo((weights.astype(float), (ends[:, 0], ends[:, 1])), n=n, weighted=True)
    threads = nk.getMaxNumberOfThreads()
    nk.engineering.setSeed(seed, False)
    nk.setNumberOfThreads(1)  # one thread: the same communities on every run
    try:
        plm = nk.community.PLM(network, refine=False)
        plm.run()
    finally:
        nk.setNumberOfThreads(threads)
    return np.asarray(plm.getPartition().getVector())


def _component_coords(whole: ig.Graph, members: list[int], rng: np.random.Generator, spacing: float) -> np.ndarray:
    count = len(members)
    if count < SMALL_COMPONENT:
        angles = np.linspace(0.0, 2.0 * math.pi, count, endpoint=False)
        radius = spacing * 0.5 * max(1.0, count / 3.0)
        return np.column_stack([np.cos(angles), np.sin(angles)]) * radius
    sub = whole.induced_subgraph(members, implementation="create_from_scratch")
    start = rng.uniform(-1.0, 1.0, size=(count, 2)) * math.sqrt(count) / 2.0
    if count <= EVEN_COMPONENT:
        local = np.asarray(sub.layout_kamada_kawai(seed=start.tolist(), maxiter=50 * count).coords, dtype=float)
        local -= local.mean(axis=0)
        extent = float(np.abs(local).max()) or 1.0
        return local * (spacing * math.sqrt(count) / 2.0 / extent)
    iterations = 500 if count <= 1000 else 300 if count <= 3000 else 200 if count <= 20_000 else 150
    local = np.asarray(
        sub.layout_fruchterman_reingold(
            weights=sub.es["weight"] or None, niter=iterations, seed=start.tolist(), grid="auto"
        ).coords,
        dtype=float,
    )
    local -= local.mean(axis=0)
    extent = float(np.abs(local).max()) or 1.0
    return local * (spacing * math.sqrt(count) / 2.0 / extent)


def _pack(coords: np.ndarray, pieces: list[tuple[list[int], float, float]], spacing: float) -> tuple[float, ...]:
    """Shelf-pack the pieces (each already at the origin), biggest first; the first one's box."""
    gap = spacing
    area = sum((w + gap) * (h + gap) for _, w, h in pieces)
    shelf_width = max(pieces[0][1], math.sqrt(area) * 1.2)
    x = y = shelf_height = 0.0
    main_box = None
    for members, width, height in pieces:
        if x > 0 and x + width > shelf_width:
            x, y, shelf_height = 0.0, y + shelf_height + gap, 0.0
        coords[members] += (x, y)
        if main_box is None:
            main_box = (x, y, x + width, y + height)
        x += width + gap
        shelf_height = max(shelf_height, height)
    return main_box or (0.0, 0.0, 0.0, 0.0)


def _strength(data: dict) -> float:
    value = data.get("weight", data.get("meetings", 1))
    if type(value) is int and value > 0:
        return 1.0 + math.log1p(value)  # the common case, without float() and its try
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 1.0
    return 1.0 + math.log1p(value) if math.isfinite(value) and value > 0 else 1.0
