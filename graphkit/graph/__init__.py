"""Graphs from the dataset: the meeting graph and its projections, filtered.

>>> from graphkit.graph import build_graph, GraphFilter
>>> from graphkit.synthetic import generate
>>> g = build_graph(generate(organisations=50, meetings=120, seed=0), "org-org",
...                 filters=GraphFilter(institution="EC"))
>>> g.graph["projection"]
'org-org'
"""

from graphkit.graph.build import MEETINGS, build_graph, meeting_graph, to_networkx
from graphkit.graph.filters import TERMS, GraphFilter, select
from graphkit.graph.matrix import GraphMatrix, forget_matrix, graph_matrix
from graphkit.graph.projections import PROJECTIONS, Projection, forget_incidences, incidence, project

ALL_PROJECTIONS = (MEETINGS, *PROJECTIONS)

__all__ = [
    "ALL_PROJECTIONS",
    "MEETINGS",
    "PROJECTIONS",
    "TERMS",
    "GraphFilter",
    "GraphMatrix",
    "Projection",
    "build_graph",
    "forget_incidences",
    "forget_matrix",
    "graph_matrix",
    "incidence",
    "meeting_graph",
    "project",
    "select",
    "to_networkx",
]
