"""``graphkit export`` as one Python call: the graph or the tables, filtered and cut to the most
central, in the format the file's name asks for."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import networkx as nx

from graphkit.analysis import centrality, communities
from graphkit.errors import GraphkitError
from graphkit.exports import cypher_script, datapackage, ftm, gephi, graph_files
from graphkit.graph import GraphFilter, build_graph
from graphkit.graph.filters import subset
from graphkit.model.tables import Dataset
from graphkit.model.vocabulary import HEADLINE_MEASURES

GRAPH_FORMATS = graph_files.FORMATS
DATASET_FORMATS = ("ftm", "datapackage", "cypher")
FORMATS = (*GRAPH_FORMATS, *DATASET_FORMATS)
# Attributes of every node in the GEXF file, beside the measure that sizes the nodes.
GEXF_MEASURES = HEADLINE_MEASURES
# Exact betweenness is O(nodes × edges); above this many nodes GEXF gets the estimate from
# BETWEENNESS_SAMPLE sources (as ``graphkit centrality --k``): minutes become seconds.
EXACT_BETWEENNESS_NODES = 5_000
BETWEENNESS_SAMPLE = 500
T = TypeVar("T")


def export_format(path: str | Path, fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt``, or the one its name says.

    ``NAME.ftm.json``/``.ftm.jsonl``/``.ftm``: FollowTheMoney; ``datapackage.json`` or a name
    without a suffix: a data package folder; ``.cypher``/``.cql``: a Cypher script; else the
    suffix (``gexf``, ``graphml``, ``json``, ``csv``, ``parquet``).

    >>> [export_format(p) for p in ("a.gexf", "a.ftm.json", "pkg/datapackage.json", "pkg", "g.cypher")]
    ['gexf', 'ftm', 'datapackage', 'datapackage', 'cypher']
    """
    path = Path(path)
    name = path.name.lower()
    if fmt is None:
        if name.endswith((".ftm.json", ".ftm.jsonl", ".ftm")):
            fmt = "ftm"
        elif name == datapackage.DESCRIPTOR or not path.suffix:
            fmt = "datapackage"
        elif path.suffix.lower() in (".cypher", ".cql"):
            fmt = "cypher"
        else:
            fmt = path.suffix.lstrip(".").lower()
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GraphkitError(f"unknown export format {fmt!r} for {path} (use one of: {', '.join(FORMATS)})")
    return fmt


def export(
    dataset: Dataset,
    path: str | Path,
    fmt: str | None = None,
    *,
    projection: str = "org-counterpart",
    filters: GraphFilter | None = None,
    top: int | None = None,
    measure: str = "pagerank",
    seed: int = 0,
) -> list[Path]:
    """Write ``dataset``'s graph or tables to ``path``; returns the files written.

    Parameters
    ----------
    dataset
        The canonical tables (``Workspace(...).load()``).
    path, fmt
        Where, and in which of :data:`FORMATS` (by default from the name, :func:`export_format`).
        Graph formats (``gexf``, ``graphml``, ``json``, ``csv``, ``parquet``) write the
        ``projection`` graph; GEXF adds meeting dates as spells, kind, category, community,
        degree, PageRank and betweenness with their ranks, and ``viz`` size (by ``measure``),
        colour (by kind) and position. Dataset formats (``ftm``, ``datapackage``, ``cypher``)
        write the tables, cut to the same filters and ``top``.
    projection, filters
        The graph, as for :func:`graphkit.graph.build_graph`.
    top
        Keep only the ``top`` nodes of the graph with the highest ``measure`` (and, for the
        dataset formats, what those actors took part in).
    measure
        The centrality that ranks nodes for ``top`` and sizes them in GEXF.
    seed
        Seed of the communities and the layout (GEXF).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.synthetic import generate
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in export(generate(organisations=30, meetings=60, seed=1), folder / "g.gexf", top=10)]
    ['g.gexf']
    >>> len(nx.read_gexf(folder / "g.gexf"))
    10
    """
    fmt = export_format(path, fmt)
    path = Path(path)
    if fmt == "gexf":
        shown, marks = _gexf_marks(dataset, projection, filters=filters, top=top, measure=measure, seed=seed)
        return [gephi.write_gephi(path, shown, dataset, filters=filters, **marks)]
    graph, shown, _ = _chosen(dataset, projection, filters, top, measure, need_scores=False)
    if fmt in DATASET_FORMATS:
        part = subset(dataset, filters, list(shown.nodes) if top is not None else None)
        if fmt == "ftm":
            return [ftm.write_ftm(part, path)]
        if fmt == "cypher":
            return [cypher_script.write_cypher_script(part, path)]
        return datapackage.write_datapackage(part, path)
    if graph.number_of_nodes() == 0:
        raise GraphkitError(f"the {projection} graph is empty (ingest records first, or loosen the filters)")
    return graph_files.export_graph(shown, path, fmt)


def gexf_graph(
    dataset: Dataset,
    projection: str = "org-counterpart",
    *,
    filters: GraphFilter | None = None,
    top: int | None = None,
    measure: str = "pagerank",
    seed: int = 0,
) -> nx.Graph:
    """The graph :func:`export` writes as GEXF: the ``projection`` graph (its ``top`` nodes by
    ``measure``) with spells, community, degree, PageRank, betweenness (and ``measure``) with
    their ranks, and ``viz`` (:func:`graphkit.exports.gephi.gephi_graph`). Measures and
    communities are those of the whole graph; on a graph of more than 5,000 nodes betweenness is
    estimated from 500 sources (``seed``), unless it is the ``measure`` asked for.

    >>> from graphkit.synthetic import generate
    >>> g = gexf_graph(generate(organisations=30, meetings=60, seed=1), top=5)
    >>> len(g), sorted(k for k in g.nodes[next(iter(g))] if k.startswith("pagerank"))
    (5, ['pagerank', 'pagerank_rank'])
    """
    shown, marks = _gexf_marks(dataset, projection, filters=filters, top=top, measure=measure, seed=seed)
    return gephi.gephi_graph(shown, dataset, filters=filters, **marks)


def _gexf_marks(
    dataset: Dataset,
    projection: str,
    *,
    filters: GraphFilter | None,
    top: int | None,
    measure: str,
    seed: int,
) -> tuple[nx.Graph, dict]:
    """The graph GEXF shows (its ``top`` nodes) and what Gephi reads beside it: the measures,
    communities and positions (:func:`graphkit.exports.gephi.write_gephi`'s keywords)."""
    from graphkit.views.layout import layout_positions

    graph, shown, scores = _chosen(dataset, projection, filters, top, measure, need_scores=True)
    if graph.number_of_nodes() == 0:
        raise GraphkitError(f"the {projection} graph is empty (ingest records first, or loosen the filters)")
    analysed = _simple(graph)
    for name in GEXF_MEASURES:
        if name not in scores:
            sampled = name == "betweenness" and analysed.number_of_nodes() > EXACT_BETWEENNESS_NODES
            options = {"k": BETWEENNESS_SAMPLE, "seed": seed} if sampled else {}
            scores[name] = centrality(analysed, name, **options)
    groups = communities(analysed, seed=seed)
    positions = _seeded(lambda: layout_positions(_simple(shown), seed=seed), seed)
    return shown, {"scores": scores, "size_by": measure, "communities": groups, "positions": positions}


def _chosen(
    dataset: Dataset,
    projection: str,
    filters: GraphFilter | None,
    top: int | None,
    measure: str,
    need_scores: bool,
) -> tuple[nx.Graph, nx.Graph, dict]:
    """The graph, the part of it to write (its ``top`` nodes) and the scores computed for that."""
    graph = build_graph(dataset, projection, filters=filters)
    scores = {}
    if (top is not None or need_scores) and graph.number_of_nodes():
        scores[measure] = centrality(_simple(graph), measure)
    shown = graph
    if top is not None and graph.number_of_nodes():
        from graphkit.views.selection import top_nodes

        ranking = dict(zip(scores[measure]["id"], scores[measure][measure], strict=True))
        shown = top_nodes(graph, ranking, top)
    return graph, shown, scores


def _seeded(call: Callable[[], T], seed: int) -> T:
    """``call()`` with Python's ``random`` seeded (igraph's layouts draw from it), so the same
    data gives the same file; the caller's random state is restored afterwards."""
    state = random.getstate()
    random.seed(seed)
    try:
        return call()
    finally:
        random.setstate(state)


def _simple(graph: nx.Graph) -> nx.Graph:
    """One undirected, weighted edge per pair: what the measures take (the meeting graph has
    one edge per meeting and relation)."""
    if not graph.is_multigraph():
        return graph
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
            simple[u][v]["meetings"] += 1
        else:
            simple.add_edge(u, v, weight=1, meetings=1)
    return simple
