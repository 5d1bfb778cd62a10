"""The meetings behind a view's nodes and edges: tooltips, side panel and the date-range control."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_links

MEETING_COLUMNS = ["node", "meeting_id", "date", "title", "source"]


def node_meetings(dataset: Dataset, nodes: Iterable[object] | None = None) -> pd.DataFrame:
    """One row per (node, meeting): the meetings each actor or topic took part in.

    Actors are matched through ``participants``; topic nodes (ids in ``topics``) through
    ``meeting_topics``. The result feeds :func:`graphkit.views.to_html`'s ``meetings``.

    Parameters
    ----------
    dataset
        The canonical tables.
    nodes
        Keep only these node ids (all actors and topics when ``None``).

    Returns
    -------
    DataFrame
        Columns ``node, meeting_id, date, title, source``, newest meeting first within each
        node; ``source`` names where the meeting was read (the source, and its reference there).

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2025-02-12", "title": "Mercosur"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:a", "role": "host"}],
    ...     meeting_topics=[{"meeting_id": "m1", "topic_id": "topic:trade"}])
    >>> node_meetings(ds)[["node", "title"]].values.tolist()
    [['mep:a', 'Mercosur'], ['topic:trade', 'Mercosur']]
    """
    links = pd.concat(
        [
            dataset.participants[["meeting_id", "actor_id"]].rename(columns={"actor_id": "node"}),
            topic_links(dataset)[["meeting_id", "topic_id"]].rename(columns={"topic_id": "node"}),
        ],
        ignore_index=True,
    )
    if nodes is not None:
        links = links[links["node"].isin(pd.Index(list(nodes)))]
    meetings = dataset.meetings[["id", "date", "title"]].rename(columns={"id": "meeting_id"})
    meetings["source"] = _source_text(dataset.meetings)
    out = links.drop_duplicates().merge(meetings, on="meeting_id", how="inner")
    out = out.sort_values(["node", "date", "meeting_id"], ascending=[True, False, True], kind="stable")
    return out[MEETING_COLUMNS].reset_index(drop=True)


def _source_text(meetings: pd.DataFrame) -> pd.Series:
    """``"ec_meetings · Ares(2024)123"``: the source and its reference, whichever are known."""
    parts = [meetings[column].astype("string").str.strip() for column in ("source", "source_ref") if column in meetings]
    if not parts:
        return pd.Series([None] * len(meetings), index=meetings.index, dtype=object)
    text = parts[0].fillna("")
    for part in parts[1:]:
        text = text.str.cat(part.fillna(""), sep=" · ")
    text = text.str.strip(" ·")
    text = text.astype(object)
    return text.where(text.notna() & (text != ""), None)


def edge_meetings(meetings: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The meetings both ends of each edge took part in.

    Parameters
    ----------
    meetings
        ``node, meeting_id`` rows (as from :func:`node_meetings`).
    edges
        ``source, target`` rows (the graph's edges).

    Returns
    -------
    DataFrame
        Columns ``source, target, meeting_id``.

    Examples
    --------
    >>> m = pd.DataFrame({"node": ["a", "b", "a", "c"], "meeting_id": ["m1", "m1", "m2", "m2"]})
    >>> edge_meetings(m, pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})).values.tolist()
    [['a', 'b', 'm1']]
    """
    pairs = meetings[["node", "meeting_id"]].drop_duplicates()
    wanted = edges[["source", "target"]].drop_duplicates()
    # Join each edge to its source's meetings, then keep those the target also attended.
    left = wanted.merge(pairs.rename(columns={"node": "source"}), on="source")
    both = left.merge(pairs.rename(columns={"node": "target"}), on=["target", "meeting_id"])
    return both[["source", "target", "meeting_id"]].reset_index(drop=True)
