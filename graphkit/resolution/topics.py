"""Which meeting titles are topics: resolution's decision, written beside each topic.

A source keeps every meeting's title as a topic (``topics``, ``meeting_topics``: records as
written). Most titles are no theme: a generic one says only that a meeting took place
("Exchange of views", "Möte", "Courtesy call"), and a title only one meeting has is that
meeting's own title, not a theme meetings share. :func:`decide_topics` writes why such a topic
is no Topic node into ``topics.title_only``; the graph model
(:func:`graphkit.model.topics.topic_links`) draws nodes and ``DISCUSSED``/``LOBBIED_ON`` edges
only for the topics left without a reason, so the in-memory graph, the embedded store and Neo4j
agree. The meeting keeps its title either way.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from graphkit.model.names import slug
from graphkit.model.tables import Dataset

GENERIC_TITLES_FILE = "generic_titles.txt"
GENERIC = "generic title"
ONE_MEETING = "one meeting"


def generic_title(title: str) -> bool:
    """True when ``title`` says only that a meeting took place, in any EU language: it is, as a
    whole and without case, accents or punctuation, a phrase of ``data/generic_titles.txt``, or
    it has no letter at all ("-", "...").

    >>> generic_title("General exchange of views"), generic_title("MÖTE"), generic_title("Réunion")
    (True, True, True)
    >>> generic_title("Exchange of views on the Data Act"), generic_title("DSA")
    (False, False)
    >>> generic_title(" - ")
    True
    """
    key = slug(title)
    return not any(ch.isalpha() for ch in key) or key in _generic_keys()


@functools.cache
def _generic_keys() -> frozenset[str]:
    text = resources.files("graphkit.resolution").joinpath("data", GENERIC_TITLES_FILE).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(slug(line) for line in lines if line and not line.startswith("#"))


def title_only_reasons(topics: pd.DataFrame, meeting_topics: pd.DataFrame) -> pd.Series:
    """Why each topic (by row of ``topics``) stays its meetings' title and is no Topic node:
    ``"one meeting"`` (used by at most one meeting), ``"generic title"`` (used by several, but
    saying only that a meeting took place), or None for a topic.

    >>> topics = pd.DataFrame({"id": ["topic:a", "topic:b", "topic:c"],
    ...                        "name": ["Exchange of views", "Data Act", "Chips Act"]})
    >>> links = pd.DataFrame({"meeting_id": ["m1", "m2", "m1", "m2", "m3"],
    ...                       "topic_id": ["topic:a", "topic:a", "topic:b", "topic:b", "topic:c"]})
    >>> title_only_reasons(topics, links).tolist()
    ['generic title', None, 'one meeting']
    """
    meetings = meeting_topics.drop_duplicates(["meeting_id", "topic_id"]).groupby("topic_id").size()
    used = topics["id"].map(meetings).fillna(0).to_numpy()
    # A generic title is no topic however many meetings carry it. Only the titles of several
    # meetings are tested (one meeting's is its title either way): a seventh of them, which
    # keeps the ingest as fast as before.
    reasons = np.full(len(topics), None, dtype=object)
    reasons[used <= 1] = ONE_MEETING
    shared = used > 1
    reasons[shared] = np.where(topics["name"][shared].fillna("").map(generic_title).astype(bool), GENERIC, None)
    return pd.Series(reasons, index=topics.index, dtype=object)


def decide_topics(dataset: Dataset) -> Dataset:
    """``dataset`` with ``topics.title_only`` decided afresh over all its meetings (see
    :func:`title_only_reasons`); every other table as it is.

    >>> ds = Dataset.from_records(
    ...     topics=[{"id": "topic:möte", "name": "Möte"}, {"id": "topic:dsa", "name": "DSA"}],
    ...     meeting_topics=[{"meeting_id": "m1", "topic_id": "topic:möte"},
    ...                     {"meeting_id": "m2", "topic_id": "topic:möte"},
    ...                     {"meeting_id": "m1", "topic_id": "topic:dsa"},
    ...                     {"meeting_id": "m2", "topic_id": "topic:dsa"}])
    >>> decide_topics(ds).topics[["name", "title_only"]].values.tolist()
    [['DSA', None], ['Möte', 'generic title']]
    """
    topics = dataset.topics.assign(title_only=title_only_reasons(dataset.topics, dataset.meeting_topics))
    return Dataset(
        actors=dataset.actors,
        meetings=dataset.meetings,
        participants=dataset.participants,
        topics=topics,
        meeting_topics=dataset.meeting_topics,
        responses=dataset.responses,
        merges=dataset.merges,
    )
