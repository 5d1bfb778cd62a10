"""Centrality inside Neo4j: degree in plain Cypher; PageRank, betweenness and Louvain through the
Graph Data Science library (GDS) when the server has it; or, with ``pull=True``, the projection
streamed into graphkit's own engines.

The projections are graphkit's (:mod:`graphkit.graph.projections`), read from the loaded graph:

========================  ================================================  ==================
projection                edges                                             weight
========================  ================================================  ==================
``org-mep``               ``(:Organisation)-[:MET]->(:MEP)``                meetings together
``org-official``          ``(:Organisation)-[:MET]->(:Official)``           meetings together
``org-counterpart``       ``(:Organisation)-[:MET]->(:MEP|Official)``       meetings together
``org-topic``             ``(:Organisation)-[:LOBBIED_ON]->(:Topic)``       meetings on it
``org-org``               ``(:Organisation)-[:CO_ATTENDED]-(:Organisation)``  meetings together
========================  ================================================  ==================

Every projection is undirected, one edge per pair. Its nodes are those with at least one edge
in it: an organisation that never met an MEP is not in ``org-mep`` here, while graphkit's
in-memory projection keeps it as an isolated node. On a graph without isolated nodes the
numbers are the same as :func:`graphkit.analysis.centrality.centrality` (tests check that).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis.node_tables import ranked
from graphkit.errors import GraphkitError
from graphkit.model import graph_model, vocabulary
from graphkit.stores.neo4j.store import Neo4jStore

GDS_MEASURES = vocabulary.GDS_MEASURES
# Every GDS call runs with concurrency 1: on several threads GDS sums (and Louvain moves nodes)
# in whatever order the threads finish; on one, the same graph gives the same scores and
# communities on every run.
MEASURES = vocabulary.NEO4J_MEASURES  # degree in plain Cypher, then GDS_MEASURES
# The in-memory kind of each label a projection may hold (Person and Consultation are in none).
KINDS = {
    label: graph_model.KIND_OF_LABEL[label]
    for pattern in graph_model.PROJECTIONS
    for label in graph_model.labels_of((*pattern.left, *(pattern.right or ())))
}
# Rough bytes per node and per edge of a networkx graph with graphkit's attributes, for the
# memory estimate printed before a pull.
NODE_BYTES = 1_200
EDGE_BYTES = 500


@dataclass(frozen=True)
class Pattern:
    """A projection as a Cypher pattern: left label, relationship type, right labels."""

    left: str
    relationship: str
    right: tuple[str, ...]

    @property
    def two_mode(self) -> bool:
        return self.right != (self.left,)

    def match(self) -> str:
        """``MATCH … WHERE …`` binding ``a`` (left), ``r`` and ``b`` (right); labels come from the
        fixed table below, never from user input."""
        right = " OR ".join(f"b:{label}" for label in self.right)
        return f"MATCH (a:{self.left})-[r:{self.relationship}]->(b) WHERE {right}"


# The projections that are one relationship type in the stores, from the graph model.
PATTERNS = {
    p.name: Pattern(
        graph_model.labels_of(p.left)[0], p.relationship, graph_model.labels_of(p.right or p.left)
    )
    for p in graph_model.PROJECTIONS
    if p.relationship is not None
}

_NODE_FIELDS = "{v}.id AS id, {v}.name AS name, head(labels({v})) AS kind, {v}.category AS category, {v}.country AS country"


def pattern_of(projection: str) -> Pattern:
    """The Cypher pattern of ``projection``; an error lists the known ones.

    >>> pattern_of("org-mep").match()
    'MATCH (a:Organisation)-[r:MET]->(b) WHERE b:MEP'
    """
    if projection not in PATTERNS:
        raise GraphkitError(
            f"projection {projection!r} cannot run in Neo4j (known there: {', '.join(PATTERNS)})"
        )
    return PATTERNS[projection]


def has_gds(store: Neo4jStore) -> bool:
    """Whether the server has the Graph Data Science procedures graphkit uses."""
    frame = store.read("SHOW FUNCTIONS YIELD name WHERE name = 'gds.graph.project' RETURN count(*) AS n")
    return bool(frame["n"].iloc[0])


def projection_size(store: Neo4jStore, projection: str) -> tuple[int, int]:
    """(nodes, edges) of ``projection`` in the database."""
    pattern = pattern_of(projection)
    frame = store.read(
        f"{pattern.match()} WITH DISTINCT a, b "
        "WITH collect(a) + collect(b) AS ends, count(*) AS edges "
        "UNWIND ends AS node RETURN count(DISTINCT node) AS nodes, max(edges) AS edges"
    )
    if frame.empty or pd.isna(frame["edges"].iloc[0]):
        return 0, 0
    return int(frame["nodes"].iloc[0]), int(frame["edges"].iloc[0])


def pull_estimate_bytes(nodes: int, edges: int) -> int:
    """About how much memory the pulled projection takes as a networkx graph.

    >>> pull_estimate_bytes(1_000, 10_000)
    6200000
    """
    return nodes * NODE_BYTES + edges * EDGE_BYTES


def centrality_in_neo4j(
    store: Neo4jStore, measure: str = "pagerank", projection: str = "org-mep", *, pull: bool = False
) -> pd.DataFrame:
    """One centrality measure for every node of ``projection``, computed where the graph lives.

    Parameters
    ----------
    store
        A loaded :class:`~graphkit.stores.neo4j.Neo4jStore`.
    measure
        ``degree`` (plain Cypher), ``pagerank``, ``betweenness`` or ``louvain`` (GDS).
    projection
        A key of :data:`PATTERNS`.
    pull
        Stream the projection into graphkit's own engines instead of running GDS (for servers
        without GDS; see :func:`projection_size` and :func:`pull_estimate_bytes` first).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, <measure>, rank`` as
        :func:`graphkit.analysis.centrality.centrality` returns them (``degree`` adds
        ``neighbours``); Louvain gives ``community`` (numbered by size, 0 = largest) and
        ``community_size`` instead, with the partition's ``modularity`` in ``frame.attrs``.

    Examples
    --------
    >>> centrality_in_neo4j(None, "closeness")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: 'closeness' does not run inside Neo4j (there: degree, pagerank, ...
    """
    if pull:  # graphkit's engines: every measure of graphkit.analysis.centrality, and louvain
        return _pulled(store, measure, projection)
    if measure not in MEASURES:
        raise GraphkitError(
            f"{measure!r} does not run inside Neo4j (there: {', '.join(MEASURES)}); add --pull to compute it "
            "with graphkit's engines on the projection streamed from the server"
        )
    pattern = pattern_of(projection)
    if measure == "degree":
        return _degree(store, pattern)
    if not has_gds(store):
        nodes, edges = projection_size(store, projection)
        raise GraphkitError(
            f"this Neo4j server has no Graph Data Science library, so {measure} cannot run inside it; "
            f"add --pull to stream the projection ({nodes:,} nodes, {edges:,} edges, about "
            f"{pull_estimate_bytes(nodes, edges) / 1e6:,.0f} MB) into graphkit's own engines"
        )
    return _with_gds(store, measure, pattern)


def _degree(store: Neo4jStore, pattern: Pattern) -> pd.DataFrame:
    left = store.read(
        f"{pattern.match()} WITH a AS v, count(DISTINCT b) AS neighbours "
        f"RETURN {_NODE_FIELDS.format(v='v')}, neighbours, 0 AS side"
    )
    right = store.read(
        f"{pattern.match()} WITH b AS v, count(DISTINCT a) AS neighbours "
        f"RETURN {_NODE_FIELDS.format(v='v')}, neighbours, 1 AS side"
    )
    frame = pd.concat([left, right], ignore_index=True)
    if not pattern.two_mode:
        # One-mode: an organisation's neighbours on both ends of CO_ATTENDED (stored one way).
        frame = store.read(
            f"{pattern.match()} WITH DISTINCT a, b UNWIND [[a, b], [b, a]] AS pair "
            "WITH pair[0] AS v, count(DISTINCT pair[1]) AS neighbours "
            f"RETURN {_NODE_FIELDS.format(v='v')}, neighbours, 0 AS side"
        )
    frame = _tidy_nodes(frame)
    if frame.empty:
        return _empty("degree")
    if pattern.two_mode:
        sides = frame["side"].to_numpy()
        other = np.where(sides == 0, int((sides == 1).sum()), int((sides == 0).sum())).astype(np.float64)
    else:
        other = np.full(len(frame), max(len(frame) - 1, 1), dtype=np.float64)
    frame["degree"] = frame["neighbours"].to_numpy(np.float64) / other
    frame["neighbours"] = frame["neighbours"].astype(np.int64)
    return ranked(frame.drop(columns="side"), "degree")[
        ["id", "name", "kind", "category", "country", "degree", "neighbours", "rank"]
    ]


def _with_gds(store: Neo4jStore, measure: str, pattern: Pattern) -> pd.DataFrame:
    name = f"graphkit_{uuid.uuid4().hex[:12]}"
    projected = store.read(
        f"{pattern.match()} WITH a, b, count(r) AS weight "
        "WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: toFloat(weight)}}, "
        "{undirectedRelationshipTypes: ['*']}) AS g "
        "RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships",
        {"name": name},
    )
    try:
        if int(projected["nodes"].iloc[0]) == 0:
            return _empty(measure)
        if measure == "pagerank":
            return _gds_pagerank(store, name)
        if measure == "betweenness":
            return _gds_betweenness(store, name, pattern)
        return _gds_louvain(store, name)
    finally:
        store.read("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", {"name": name})


def _gds_pagerank(store: Neo4jStore, name: str) -> pd.DataFrame:
    frame = store.read(
        "CALL gds.pageRank.stream($name, {relationshipWeightProperty: 'weight', dampingFactor: 0.85, "
        "maxIterations: 1000, tolerance: 1e-12, concurrency: 1}) YIELD nodeId, score "
        f"WITH gds.util.asNode(nodeId) AS v, score RETURN {_NODE_FIELDS.format(v='v')}, score",
        {"name": name},
    )
    frame = _tidy_nodes(frame)
    # GDS leaves scores unscaled; networkx (graphkit's reference) scales them to sum to 1.
    score = frame.pop("score").to_numpy(np.float64)
    frame["pagerank"] = score / score.sum()
    return ranked(frame, "pagerank")


def _gds_betweenness(store: Neo4jStore, name: str, pattern: Pattern) -> pd.DataFrame:
    frame = store.read(
        "CALL gds.betweenness.stream($name, {concurrency: 1}) YIELD nodeId, score "
        f"WITH gds.util.asNode(nodeId) AS v, score RETURN {_NODE_FIELDS.format(v='v')}, "
        f"v:{pattern.left} AS left_side, score",
        {"name": name},
    )
    frame = _tidy_nodes(frame)
    # GDS's undirected scores count each shortest path once, like networkx's unnormalised ones.
    raw = frame.pop("score").to_numpy(np.float64)
    n = len(frame)
    if pattern.two_mode:
        top = frame.pop("left_side").to_numpy(bool)
        tops, bottoms = int(top.sum()), int((~top).sum())
        most = np.where(top, _bipartite_most(tops, bottoms), _bipartite_most(bottoms, tops))
        frame["betweenness"] = raw / most
    else:
        frame.pop("left_side")
        frame["betweenness"] = raw * (2.0 / ((n - 1) * (n - 2))) if n > 2 else np.zeros(n)
    return ranked(frame, "betweenness")


def _bipartite_most(a: int, b: int) -> float:
    """The largest betweenness a node on a side of ``a`` nodes can have against ``b`` on the other
    (networkx's bipartite normaliser).

    >>> _bipartite_most(1, 2)  # the centre of a star with two leaves
    1.0
    """
    if b == 0:
        return math.nan
    s, t = divmod(a - 1, b)
    return ((b**2) * ((s + 1) ** 2) + b * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def _gds_louvain(store: Neo4jStore, name: str) -> pd.DataFrame:
    # One run gives both the communities and their modularity (mutate, then read the property
    # back): a stream and a separate stats run would be two runs, free to split differently.
    stats = store.read(
        "CALL gds.louvain.mutate($name, {relationshipWeightProperty: 'weight', mutateProperty: 'graphkitCommunity', "
        "concurrency: 1}) YIELD modularity RETURN modularity",
        {"name": name},
    )
    frame = store.read(
        "CALL gds.graph.nodeProperty.stream($name, 'graphkitCommunity') YIELD nodeId, propertyValue "
        f"WITH gds.util.asNode(nodeId) AS v, propertyValue AS communityId RETURN {_NODE_FIELDS.format(v='v')}, communityId",
        {"name": name},
    )
    frame = _numbered_communities(_tidy_nodes(frame), frame["communityId"].to_numpy())
    frame.attrs["modularity"] = float(stats["modularity"].iloc[0])
    return frame


def _numbered_communities(frame: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """Communities renumbered by size (0 = largest, ties by smallest member id)."""
    frame = frame.drop(columns=[c for c in ("communityId",) if c in frame])
    sizes = pd.Series(labels).map(pd.Series(labels).value_counts()).to_numpy()
    first_id = pd.Series(frame["id"].to_numpy()).groupby(labels).transform("min").to_numpy()
    order = pd.DataFrame({"label": labels, "size": sizes, "first": first_id}).drop_duplicates("label")
    order = order.sort_values(["size", "first"], ascending=[False, True]).reset_index(drop=True)
    number = dict(zip(order["label"], order.index, strict=True))
    frame["community"] = [number[label] for label in labels]
    frame["community_size"] = sizes.astype(np.int64)
    return frame.sort_values(["community", "id"]).reset_index(drop=True)


def pull_projection(store: Neo4jStore, projection: str) -> nx.Graph:
    """The projection as a networkx graph (nodes with graphkit's attributes, edges weighted by
    meetings, ``bipartite`` 0/1 on two-mode projections), streamed from the database."""
    pattern = pattern_of(projection)
    edges = store.read(
        f"{pattern.match()} WITH a, b, count(r) AS weight "
        "RETURN a.id AS source, b.id AS target, weight, "
        "a {.name, .category, .country, kind: head(labels(a))} AS a_attrs, "
        "b {.name, .category, .country, kind: head(labels(b))} AS b_attrs"
    )
    graph = nx.Graph(projection=projection)
    for row in edges.itertuples(index=False):
        for node, attrs, side in ((row.source, row.a_attrs, 0), (row.target, row.b_attrs, 1)):
            if node not in graph:
                data = {**attrs, "kind": KINDS.get(attrs["kind"], attrs["kind"])}
                if pattern.two_mode:
                    data["bipartite"] = side
                graph.add_node(node, **data)
        if graph.has_edge(row.source, row.target):  # org-org pairs are stored one way, once
            graph[row.source][row.target]["weight"] += int(row.weight)
        else:
            graph.add_edge(row.source, row.target, weight=int(row.weight), meetings=int(row.weight))
    return graph


def _pulled(store: Neo4jStore, measure: str, projection: str) -> pd.DataFrame:
    from graphkit.analysis.centrality import centrality

    graph = pull_projection(store, projection)
    if graph.number_of_nodes() == 0:
        return _empty(measure)
    if measure != "louvain":
        return centrality(graph, measure)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=0)
    label = {node: i for i, members in enumerate(communities) for node in members}
    nodes = sorted(graph.nodes)
    frame = pd.DataFrame(
        {
            "id": nodes,
            **{c: [graph.nodes[n].get(c) for n in nodes] for c in ("name", "kind", "category", "country")},
        }
    )
    frame = _numbered_communities(frame, np.array([label[n] for n in nodes]))
    frame.attrs["modularity"] = nx.community.modularity(graph, communities, weight="weight")
    return frame


def _tidy_nodes(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if "kind" in frame:
        frame["kind"] = frame["kind"].map(lambda label: KINDS.get(label, label))
    for column in ("name", "category", "country"):
        if column in frame:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _empty(measure: str) -> pd.DataFrame:
    columns = ["id", "name", "kind", "category", "country"]
    columns += ["community", "community_size"] if measure == "louvain" else [measure, "rank"]
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
