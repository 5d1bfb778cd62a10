"""Graphs from the dataset: the meeting graph and its projections, filtered.

>>> from graphkit.graph import build_graph, GraphFilter
>>> from graphkit.synthetic import generate
>>> g = build_graph(generate(organisations=50, meetings=120, seed=0), "org-org",
...                 filters=GraphFilter(institution="EC"))
>>> g.graph["projection"]
'org-org'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.graph.names import ALL_PROJECTIONS, MEETINGS, PROJECTIONS

if TYPE_CHECKING:
    from graphkit.graph.build import build_graph, meeting_graph, to_networkx
    from graphkit.graph.filters import TERMS, GraphFilter, select
    from graphkit.graph.matrix import GraphMatrix, forget_matrix, graph_matrix
    from graphkit.graph.projections import Projection, forget_incidences, incidence, project

# Each name from its module when first asked for, so that the names of the graphs (and
# graphkit.graph.filters, graphkit.graph.names) come without networkx and scipy.
_MODULES = {
    "build_graph": "build",
    "meeting_graph": "build",
    "to_networkx": "build",
    "TERMS": "filters",
    "GraphFilter": "filters",
    "select": "filters",
    "GraphMatrix": "matrix",
    "forget_matrix": "matrix",
    "graph_matrix": "matrix",
    "Projection": "projections",
    "forget_incidences": "projections",
    "incidence": "projections",
    "project": "projections",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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
