"""Measures on graphs: centrality, communities, similarity, change over time. Functions take a
graph (or the dataset) and return pandas DataFrames.

>>> from graphkit.analysis import centrality, communities, similar, trend, rank_changes
"""

from graphkit.analysis.centrality import MEANINGS, MEASURES, centrality
from graphkit.analysis.communities import METHODS, communities, community_sets, community_summary
from graphkit.analysis.similarity import SIMILARITIES, similar
from graphkit.analysis.trends import PERIODS, rank_changes, trend, windows

__all__ = [
    "MEANINGS",
    "MEASURES",
    "METHODS",
    "PERIODS",
    "SIMILARITIES",
    "centrality",
    "communities",
    "community_sets",
    "community_summary",
    "rank_changes",
    "similar",
    "trend",
    "windows",
]
