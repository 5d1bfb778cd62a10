"""graphkit: turn EU lobbying records into a graph and ask it questions.

The public API is importable from here, as networkx's is (each name loaded when first used, so
``import graphkit`` stays instant):

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
>>> from graphkit import Workspace, ingest, build_graph, centrality, communities
>>> from graphkit.synthetic import generate
>>> table = centrality(build_graph(generate(organisations=30, meetings=60, seed=1), "org-counterpart"), "degree")
>>> list(table.columns[:3])
['id', 'name', 'kind']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Importing graphkit loads nothing heavy (every command starts from here); the native libraries'
# load order is kept by graphkit.native.preload, called by the commands that need it.

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graphkit.analysis import (
        UnevenWindowsError,
        centrality,
        communities,
        diff,
        gap_counts,
        gaps,
        rank_changes,
        similar,
        trend,
    )
    from graphkit.exports import export
    from graphkit.graph import GraphFilter, build_graph, meeting_graph
    from graphkit.ingest import ingest, resolve_workspace
    from graphkit.model.tables import Dataset
    from graphkit.reports import dossier
    from graphkit.views import to_html, to_pyvis
    from graphkit.workspace import Workspace

# name -> the module that defines it
_PUBLIC = {
    "Workspace": "graphkit.workspace",
    "Dataset": "graphkit.model.tables",
    "ingest": "graphkit.ingest",
    "resolve_workspace": "graphkit.ingest",
    "GraphFilter": "graphkit.graph",
    "build_graph": "graphkit.graph",
    "meeting_graph": "graphkit.graph",
    "centrality": "graphkit.analysis",
    "communities": "graphkit.analysis",
    "similar": "graphkit.analysis",
    "diff": "graphkit.analysis",
    "trend": "graphkit.analysis",
    "rank_changes": "graphkit.analysis",
    "UnevenWindowsError": "graphkit.analysis",
    "gaps": "graphkit.analysis",
    "gap_counts": "graphkit.analysis",
    "dossier": "graphkit.reports",
    "export": "graphkit.exports",
    "to_html": "graphkit.views",
    "to_pyvis": "graphkit.views",
}

__all__ = [
    "__version__",
    "Workspace",
    "Dataset",
    "ingest",
    "resolve_workspace",
    "GraphFilter",
    "build_graph",
    "meeting_graph",
    "centrality",
    "communities",
    "similar",
    "diff",
    "trend",
    "rank_changes",
    "UnevenWindowsError",
    "gaps",
    "gap_counts",
    "dossier",
    "export",
    "to_html",
    "to_pyvis",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
