"""The relationships of the graph model, drawn from the canonical tables as DataFrames.

One function, :func:`relationship_frames`, reads the declaration of
:mod:`graphkit.model.graph_model` and joins the tables into one frame per relationship type; the
in-memory meeting graph and the rows both stores load are built from its frames, so the two
cannot disagree on which relationships exist or what they carry. The joins are pandas merges
over whole tables.
"""

from __future__ import annotations

import pandas as pd

from graphkit.model.graph_model import RELATIONSHIPS, RelationshipType, kinds_of
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_links

SIDES = ("start", "end")


def relationship_frames(
    dataset: Dataset,
    meetings: pd.DataFrame | None = None,
    participants: pd.DataFrame | None = None,
    *,
    meeting_only: bool = False,
) -> dict[str, pd.DataFrame]:
    """One frame per declared relationship type, by load file name.

    Parameters
    ----------
    dataset
        The canonical tables.
    meetings, participants
        The meetings and participants in scope (``graphkit.graph.filters.select``); the
        dataset's own when not given.
    meeting_only
        Leave out the relationships not drawn from meetings (RESPONDED).

    Returns
    -------
    dict of str to pandas.DataFrame
        By ``load_file``: the start and end ids (named by the type's ``columns``), then its
        properties (key first), one row per relationship, sorted by endpoints and key.

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "mep:a", "kind": "mep", "name": "A"},
    ...             {"id": "person:p", "kind": "person", "name": "P"}],
    ...     meetings=[{"id": "meeting:1", "date": "2024-05-02", "title": "Trade"}],
    ...     participants=[{"meeting_id": "meeting:1", "actor_id": "mep:a", "role": "host",
    ...                    "capacity": "Rapporteur"},
    ...                   {"meeting_id": "meeting:1", "actor_id": "person:p", "role": "attendee"}])
    >>> met = relationship_frames(ds)["met"]
    >>> met[["attendee_id", "host_id", "role", "capacity"]].values.tolist()
    [['person:p', 'mep:a', 'attendee', 'Rapporteur']]
    """
    meetings = dataset.meetings if meetings is None else meetings
    participants = dataset.participants if participants is None else participants
    kinds = dataset.actors[["id", "kind"]].rename(columns={"id": "actor_id"})
    people = participants.merge(kinds, on="actor_id")
    info = meetings[["id", "date", "title"]].rename(columns={"id": "meeting_id"})
    frames: dict[str, pd.DataFrame] = {}
    for rel in RELATIONSHIPS:
        if rel.meeting:
            frames[rel.load_file] = _meeting_edges(rel, people, topic_links(dataset), info)
        elif not meeting_only:
            frames[rel.load_file] = _response_edges(rel, dataset)
    return frames


def _side(rel: RelationshipType, side: str, people: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    endpoint = rel.start if side == "start" else rel.end
    if endpoint.role is None:  # the meeting's topics
        return topics[["meeting_id", "topic_id"]].rename(columns={"topic_id": f"{side}_id"})
    chosen = people[(people["role"] == endpoint.role) & people["kind"].isin(kinds_of(endpoint.labels))]
    # Only the participant columns a property is read from travel through the joins.
    columns = {"actor_id": f"{side}_id"}
    columns.update({name: f"{side}_{name}" for name, sides in rel.fallbacks if side in sides})
    return chosen[["meeting_id", *columns]].rename(columns=columns)


def _meeting_edges(
    rel: RelationshipType, people: pd.DataFrame, topics: pd.DataFrame, info: pd.DataFrame
) -> pd.DataFrame:
    start, end = (_side(rel, side, people, topics) for side in SIDES)
    edges = start.merge(end, on="meeting_id")
    if rel.pairs:  # one relationship per unordered pair, from the smaller id to the larger
        edges = edges[edges["start_id"] < edges["end_id"]]
    for name, sides in rel.fallbacks:
        value = edges[f"{sides[0]}_{name}"]
        for side in sides[1:]:
            value = value.where(value.notna(), edges[f"{side}_{name}"])
        edges = edges.assign(**{name: value})
    edges = edges.merge(info, on="meeting_id")
    return _tidy(edges, rel)


def _response_edges(rel: RelationshipType, dataset: Dataset) -> pd.DataFrame:
    edges = organisation_responses(dataset).rename(
        columns={"actor_id": "start_id", "consultation_id": "end_id", "id": rel.key}
    )
    return _tidy(edges, rel)


def organisation_responses(dataset: Dataset) -> pd.DataFrame:
    """The responses the model draws: by an organisation, to a consultation with an id.

    >>> organisation_responses(Dataset.empty()).columns.tolist()[:3]
    ['id', 'actor_id', 'consultation_id']
    """
    organisations = dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "id"]
    responses = dataset.responses
    return responses[responses["actor_id"].isin(organisations) & responses["consultation_id"].notna()]


def _tidy(edges: pd.DataFrame, rel: RelationshipType) -> pd.DataFrame:
    key = ["start_id", "end_id", rel.key]
    columns = key + [name for name in rel.properties if name != rel.key]
    out = edges.loc[:, columns].drop_duplicates(key).sort_values(key, kind="stable")
    return out.rename(columns=dict(zip(("start_id", "end_id"), rel.columns, strict=True))).reset_index(
        drop=True
    )
