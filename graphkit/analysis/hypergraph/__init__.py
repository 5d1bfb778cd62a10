"""Meetings as hyperedges: hypergraph degree, hypercoreness, eigenvector centrality, null models."""

from graphkit.analysis.hypergraph.build import (
    HOST_KINDS,
    PARTICIPANT_KINDS,
    Hypergraph,
    build_hypergraph,
    from_incidence,
)
from graphkit.analysis.hypergraph.measures import (
    HYPERGRAPH_MEASURES,
    MEANINGS,
    degree,
    eigenvector,
    hypercoreness,
    hypergraph_centrality,
    normalised_degree,
    s_line_graph,
    strength,
)
from graphkit.analysis.hypergraph.null import WITHIN, pair_significance, reshuffles, significance

__all__ = [
    "HOST_KINDS", "HYPERGRAPH_MEASURES", "MEANINGS", "PARTICIPANT_KINDS", "Hypergraph", "build_hypergraph",
    "degree", "eigenvector", "from_incidence", "hypercoreness", "hypergraph_centrality", "normalised_degree",
    "pair_significance", "reshuffles", "s_line_graph", "significance", "strength", "WITHIN",
]  # fmt: skip
