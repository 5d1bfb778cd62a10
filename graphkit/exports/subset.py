"""The part of the dataset an export writes: the meetings the graph filters keep, and, with
``--top``, only what the most central actors took part in.

The dataset exports (FollowTheMoney, the data package, the Cypher script) write tables, not a
graph, so the same filters and ``--top`` as the graph exports are applied to the tables here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from graphkit.graph.filters import GraphFilter, select
from graphkit.model.tables import Dataset


def subset(
    dataset: Dataset, filters: GraphFilter | None = None, actors: Iterable[str] | None = None
) -> Dataset:
    """The dataset restricted to what ``filters`` keeps and, if given, to ``actors``.

    Without filters and actors the dataset is returned as it is (every actor, meetings or not).
    Otherwise: the meetings the filters keep (dates, term, institution), their participants
    (category, country and minimum meetings applied as for graphs), cut to ``actors`` when
    given; a meeting with no participant left is dropped; actors are those still taking part
    or responding; responses are those of kept actors inside the date window; topics and
    merges follow.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=40, meetings=100, seed=0)
    >>> ep = subset(ds, GraphFilter(institution="EP"))
    >>> set(ep.meetings["institution"]), subset(ds).counts() == ds.counts()
    ({'EP'}, True)
    """
    wanted = None if actors is None else pd.Index(list(actors))
    if (filters is None or filters.is_empty()) and wanted is None:
        return dataset
    meetings, participants = select(dataset, filters)
    if wanted is not None:
        participants = participants[participants["actor_id"].isin(wanted)]
    meetings = meetings[meetings["id"].isin(participants["meeting_id"])]
    responses = dataset.responses
    first, last = (None, None) if filters is None else filters.window()
    if first is not None:
        responses = responses[responses["date"] >= pd.Timestamp(first)]
    if last is not None:
        responses = responses[responses["date"] <= pd.Timestamp(last)]
    kept = pd.Index(participants["actor_id"].unique())
    responses = responses[responses["actor_id"].isin(wanted if wanted is not None else kept)]
    actor_ids = kept.union(pd.Index(responses["actor_id"].unique()))
    meeting_topics = dataset.meeting_topics[dataset.meeting_topics["meeting_id"].isin(meetings["id"])]
    merges = dataset.merges
    merges = merges[merges["into_id"].isin(actor_ids) | merges["into_id"].isin(meetings["id"])]
    return Dataset.from_frames(
        {
            "actors": dataset.actors[dataset.actors["id"].isin(actor_ids)],
            "meetings": meetings,
            "participants": participants,
            "topics": dataset.topics[dataset.topics["id"].isin(meeting_topics["topic_id"])],
            "meeting_topics": meeting_topics,
            "responses": responses,
            "merges": merges,
        }
    )
