"""Measures on graphs: centrality, communities, similarity, change over time. Functions take a
graph (or the dataset) and return pandas DataFrames.

>>> from graphkit.analysis import centrality
"""

from graphkit.analysis.centrality import MEASURES, centrality

__all__ = ["MEASURES", "centrality"]
