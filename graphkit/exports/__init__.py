"""Results that leave graphkit: files for Gephi, Cytoscape, spreadsheets, Aleph, Datasette and Neo4j.

One module per format: :mod:`~graphkit.exports.graph_files` (GraphML, node-link JSON, CSV and
Parquet tables, plain GEXF), :mod:`~graphkit.exports.gephi` (GEXF 1.3 with the timeline),
written as they are read by :mod:`~graphkit.exports.gexf_stream`,
:mod:`~graphkit.exports.graphml_stream` and :mod:`~graphkit.exports.table_files`,
:mod:`~graphkit.exports.ftm` (FollowTheMoney), :mod:`~graphkit.exports.datapackage` (Frictionless)
and :mod:`~graphkit.exports.cypher_script` (a Cypher script for any Neo4j);
:func:`~graphkit.exports.export.export` picks one by the file's name, as ``graphkit export`` does.

>>> from graphkit.exports import FORMATS, export
>>> FORMATS
('gexf', 'graphml', 'json', 'csv', 'parquet', 'ftm', 'datapackage', 'cypher')
"""

from graphkit.exports.export import DATASET_FORMATS, FORMATS, GRAPH_FORMATS, export, export_format, gexf_graph

__all__ = ["DATASET_FORMATS", "FORMATS", "GRAPH_FORMATS", "export", "export_format", "gexf_graph"]
