"""Measures on graphs: centrality, communities, similarity, change over time. Functions take a
graph (or the dataset) and return pandas DataFrames.

>>> from graphkit.analysis import centrality, communities, similar, trend, rank_changes
"""

from graphkit.analysis.centrality import MEANINGS, MEASURES, centrality
from graphkit.analysis.communities import (
    METHODS,
    SUMMARY_TABLES,
    communities,
    community_sets,
    community_summary,
)
from graphkit.analysis.diff import Diff, diff
from graphkit.analysis.gaps import gap_counts, gaps
from graphkit.analysis.similarity import SIMILARITIES, similar
from graphkit.analysis.trends import (
    DIRECTIONS,
    PERIODS,
    THIN_WINDOW,
    UNEVEN_WINDOWS,
    UnevenWindowsError,
    rank_changes,
    shifted_sources,
    thin_windows,
    trend,
    uneven_windows,
    window_meetings,
    window_sources,
    windows,
)

__all__ = [
    "DIRECTIONS",
    "Diff",
    "MEANINGS",
    "MEASURES",
    "METHODS",
    "PERIODS",
    "SIMILARITIES",
    "SUMMARY_TABLES",
    "THIN_WINDOW",
    "UNEVEN_WINDOWS",
    "UnevenWindowsError",
    "centrality",
    "communities",
    "community_sets",
    "community_summary",
    "diff",
    "gap_counts",
    "gaps",
    "rank_changes",
    "shifted_sources",
    "similar",
    "thin_windows",
    "trend",
    "uneven_windows",
    "window_meetings",
    "window_sources",
    "windows",
]
