"""Moved to :mod:`graphkit.exports` (one module per format); kept so old imports still work."""

from graphkit.exports.graph_files import FORMATS, export_graph, graph_frames

__all__ = ["FORMATS", "export_graph", "graph_frames"]
