"""The one vocabulary of measures and methods: every list of measure names in graphkit is read
from here (the CLI's choices, the analysis functions' checks, what Neo4j runs, what a GEXF file
and a dossier carry, the headings of a report).

Standard library alone, so the CLI offers the choices without importing networkx or scipy.

>>> MEASURES[:3], HEADLINE_MEASURES, NEO4J_MEASURES
(('degree', 'weighted_degree', 'pagerank'), ('degree', 'pagerank', 'betweenness'), ('degree', 'pagerank', 'betweenness', 'louvain'))
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One measure (or community method) and where it is offered.

    Attributes
    ----------
    name
        The name users type (``--measure``, ``--method``) and the result's column.
    meaning
        What it means for lobbying (CLI help and docs).
    headline
        Carried by every GEXF file and ranked in every dossier without being asked.
    neo4j
        How it runs inside Neo4j: ``"cypher"`` (plain Cypher), ``"gds"`` (Graph Data Science), or
        None (pull the projection into graphkit instead).
    title
        Its heading in a dossier (None: dossiers do not show it).
    dossier_name
        Its name in a dossier's ranks table, where that differs from ``name``.
    """

    name: str
    meaning: str
    headline: bool = False
    neo4j: str | None = None
    title: str | None = None
    dossier_name: str | None = None


# Centrality measures of graphkit.analysis.centrality (networkx is the reference).
CENTRALITY: tuple[Measure, ...] = (
    Measure(
        "degree",
        "distinct counterparts met (share of the other side on two-mode graphs)",
        headline=True,
        neo4j="cypher",
        title="Degree (distinct counterparts)",
    ),
    Measure("weighted_degree", "meetings (sum of edge weights)"),
    Measure(
        "pagerank",
        "access to the well-connected: a random walk along meetings, weighted by meetings",
        headline=True,
        neo4j="gds",
        title="PageRank (access to the well-connected)",
    ),
    Measure(
        "betweenness",
        "brokers: how often an actor lies on the shortest paths between others",
        headline=True,
        neo4j="gds",
        title="Betweenness (brokerage)",
    ),
    Measure("eigenvector", "connected to the connected (weighted by meetings; largest component)"),
    Measure("closeness", "how few steps reach everyone else (Wasserman-Faust for disconnected graphs)"),
    Measure("harmonic", "sum of 1/steps to every other actor"),
)

# Community detection methods of graphkit.analysis.communities.
COMMUNITY_METHODS: tuple[Measure, ...] = (
    Measure("louvain", "modularity communities (Blondel et al. 2008)", neo4j="gds"),
    Measure("leiden", "modularity communities, well connected inside (Traag et al. 2019)"),
)

# Hypergraph measures of graphkit.analysis.hypergraph.measures (each meeting one hyperedge).
HYPERGRAPH: tuple[Measure, ...] = (
    Measure(
        "degree",
        "distinct meeting groups (hyperedges) an actor was part of",
        title="Hypergraph degree (distinct meeting groups)",
        dossier_name="hypergraph degree",
    ),
    Measure("strength", "meetings attended (a group met on several dates counts each time)"),
    Measure("normalised_degree", "distinct groups, each counting 1/(participants − 1): small meetings weigh more"),
    Measure(
        "hypercoreness",
        "depth in the hyper-cores over meeting sizes (Mancastroppa et al. 2023)",
        title="Hypercoreness (depth in the cores of meetings by size)",
        dossier_name="hypercoreness",
    ),
    Measure("eigenvector", "in groups with the well-connected: leading eigenvector of the clique expansion"),
)

SIMILARITIES = ("jaccard", "overlap")  # of graphkit.analysis.similarity
PERIODS = ("year", "term")  # of graphkit.analysis.trends

MEASURES = tuple(m.name for m in CENTRALITY)
MEANINGS = {m.name: m.meaning for m in CENTRALITY}
METHODS = tuple(m.name for m in COMMUNITY_METHODS)
HYPERGRAPH_MEASURES = tuple(m.name for m in HYPERGRAPH)
HYPERGRAPH_MEANINGS = {m.name: m.meaning for m in HYPERGRAPH}
HEADLINE_MEASURES = tuple(m.name for m in CENTRALITY if m.headline)
# What runs inside Neo4j: centrality measures, then community methods.
NEO4J_MEASURES = tuple(m.name for m in (*CENTRALITY, *COMMUNITY_METHODS) if m.neo4j)
GDS_MEASURES = tuple(m.name for m in (*CENTRALITY, *COMMUNITY_METHODS) if m.neo4j == "gds")
# The hypergraph measures a dossier ranks: (name on the page, measure).
HYPERGRAPH_RANKS = tuple((m.dossier_name, m.name) for m in HYPERGRAPH if m.dossier_name)
# A dossier's heading of each measure, by the name its ranks table gives it.
MEASURE_TITLES = {
    **{m.name: m.title for m in CENTRALITY if m.title},
    **{m.dossier_name: m.title for m in HYPERGRAPH if m.dossier_name and m.title},
}
