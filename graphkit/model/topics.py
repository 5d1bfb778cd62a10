"""Which topics the graph model draws: the one place every surface (the in-memory graph, its
sparse projections, the embedded store and Neo4j) takes its Topic nodes and meeting ↔ topic links
from, so they agree topic for topic.

The workspace keeps every title a source wrote as a topic; resolution
(``graphkit.resolution.topics``) writes into ``topics.title_only`` why a generic or one-meeting
title is no theme. Those stay their meetings' titles (every meeting edge carries it) and become
no node.
"""

from __future__ import annotations

import pandas as pd

from graphkit.model.tables import Dataset


def topic_nodes(dataset: Dataset) -> pd.DataFrame:
    """The rows of ``dataset.topics`` that are Topic nodes (no ``title_only`` reason).

    >>> ds = Dataset.from_records(topics=[{"id": "topic:dsa", "name": "DSA"},
    ...                                   {"id": "topic:mote", "name": "Möte", "title_only": "generic title"}])
    >>> topic_nodes(ds)["name"].tolist()
    ['DSA']
    """
    topics = dataset.topics
    return topics[topics["title_only"].isna()]


def topic_links(dataset: Dataset) -> pd.DataFrame:
    """The rows of ``dataset.meeting_topics`` whose topic is a Topic node: all but those of a topic
    resolution gave a ``title_only`` reason (a link to a topic the table lacks stays, as before).

    >>> ds = Dataset.from_records(
    ...     topics=[{"id": "topic:dsa", "name": "DSA"},
    ...             {"id": "topic:mote", "name": "Möte", "title_only": "generic title"}],
    ...     meeting_topics=[{"meeting_id": "m1", "topic_id": "topic:dsa"},
    ...                     {"meeting_id": "m2", "topic_id": "topic:mote"}])
    >>> topic_links(ds)["meeting_id"].tolist()
    ['m1']
    """
    links, topics = dataset.meeting_topics, dataset.topics
    return links[~links["topic_id"].isin(topics.loc[topics["title_only"].notna(), "id"])]
