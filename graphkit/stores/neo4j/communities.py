"""Communities found inside Neo4j summarised as ``graphkit communities`` summarises its own: one
row per community (size, kinds, its largest members as its name, the distinct meetings its
members attended, topics, institutions), from the meetings the loaded graph records.

The loaded graph has no meeting nodes: a meeting is the ``meeting_id`` its relationships carry
(``cypher/communities/*.cypher``). Those rows are put into the dataset tables that
:func:`graphkit.analysis.communities.community_summary` reads, so both commands count alike.
"""

from __future__ import annotations

import pandas as pd

from graphkit.analysis.communities import community_summary
from graphkit.model.tables import Dataset
from graphkit.stores.cypher_files import CYPHER_DIR, read_cypher_file
from graphkit.stores.neo4j.centrality import KINDS
from graphkit.stores.neo4j.store import Neo4jStore

COMMUNITIES_DIR = CYPHER_DIR / "communities"
# Topics attend no meeting: their meetings are counted through meeting_topics, as in a workspace.
LABELS = {kind: label for label, kind in KINDS.items() if label != "Topic"}


def summary_in_neo4j(store: Neo4jStore, frame: pd.DataFrame, *, top: int = 3) -> pd.DataFrame:
    """One row per community of ``frame`` (a Louvain frame of
    :func:`~graphkit.stores.neo4j.centrality.centrality_in_neo4j`), as
    :func:`~graphkit.analysis.communities.community_summary` gives it for a workspace.

    Parameters
    ----------
    store
        The loaded :class:`~graphkit.stores.neo4j.Neo4jStore` the communities were found in.
    frame
        ``id, name, kind, …, community`` per member.
    top
        Members in ``largest`` and topics in ``topics``.

    Returns
    -------
    pandas.DataFrame
        ``community, size, kinds, largest, meetings_attended, topics, institutions``; the
        frame's ``modularity`` in ``attrs``.

    Examples
    --------
    >>> summary_in_neo4j(None, pd.DataFrame(columns=["id", "name", "kind", "community"])).columns.tolist()
    ['community', 'size', 'kinds', 'largest']
    """
    if frame.empty:
        return community_summary(None, frame, Dataset.empty(), top=top)
    summary = community_summary(None, frame, meetings_dataset(store, frame), top=top)
    summary.attrs.update(frame.attrs)
    return summary


def meetings_dataset(store: Neo4jStore, frame: pd.DataFrame) -> Dataset:
    """The meetings of ``frame``'s members as dataset tables (``meetings`` with their
    institution, ``participants``, ``meeting_topics``, ``topics``), three bulk reads and one per
    label."""
    attended = [
        store.read(_statement("attended").replace("__LABEL__", LABELS[kind]), {"ids": ids["id"].tolist()})
        for kind, ids in frame.groupby("kind")
        if kind in LABELS
    ]
    participants = (
        pd.concat(attended, ignore_index=True)
        if attended
        else pd.DataFrame(columns=["actor_id", "meeting_id"])
    )
    participants = participants.assign(role="attendee")
    meetings = store.read(_statement("institutions")).drop_duplicates("meeting_id")
    meetings = meetings[meetings["meeting_id"].isin(participants["meeting_id"])].rename(
        columns={"meeting_id": "id"}
    )
    tagged = store.read(_statement("topics"))
    return Dataset.from_frames(
        {
            "meetings": meetings,
            "participants": participants,
            "meeting_topics": tagged[["meeting_id", "topic_id"]],
            "topics": tagged[["topic_id", "name"]]
            .drop_duplicates("topic_id")
            .rename(columns={"topic_id": "id"}),
        }
    )


def _statement(name: str) -> str:
    return read_cypher_file(COMMUNITIES_DIR / f"{name}.cypher").statement
