"""The names of graphkit's graphs and of the measures on them, in the standard library alone:
what ``--projection``, ``--measure``, ``--method`` offer without importing networkx or scipy
(graphkit.analysis imports them all, so its names live here).

>>> ALL_PROJECTIONS[:3]
('meetings', 'org-counterpart', 'org-mep')
"""

from __future__ import annotations

from graphkit.model import graph_model, vocabulary
from graphkit.model.graph_model import TOPIC as TOPIC  # the kind of topic nodes

MEETINGS = "meetings"

# projection name -> (kinds on side 0, kinds on side 1); side 1 is None for one-mode projections.
# Declared with the graph model (graphkit.model.graph_model.PROJECTIONS).
PROJECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    p.name: (p.left, p.right) for p in graph_model.PROJECTIONS
}
ALL_PROJECTIONS = (MEETINGS, *PROJECTIONS)

# graphkit.analysis: centrality measures, community methods, similarities, trend windows (the
# one vocabulary, graphkit.model.vocabulary).
MEASURES, METHODS = vocabulary.MEASURES, vocabulary.METHODS
SIMILARITIES, PERIODS = vocabulary.SIMILARITIES, vocabulary.PERIODS
# The tables community_summary reads (the actors for a category or country filter).
SUMMARY_TABLES = ("actors", "meetings", "participants", "meeting_topics", "topics")
