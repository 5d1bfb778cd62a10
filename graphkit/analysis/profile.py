"""One actor's profile: everything the dataset says about one organisation, MEP or official.

This is the page a journalist starts from: who they met, how often, with whom they showed up,
on which topics, and how that changed year by year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from graphkit.model.schema import ATTENDEE, HOST, ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_links
from graphkit.workspace.lookup import find_actor


@dataclass
class Profile:
    """One actor's profile: the actor's attributes and one DataFrame per section."""

    actor: dict[str, object]
    sections: dict[str, pd.DataFrame] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Plain data (for JSON): the actor and each section as a list of records."""
        return {
            "actor": self.actor,
            **{
                name: frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
                for name, frame in self.sections.items()
            },
        }


def profile(dataset: Dataset, name: str, *, top: int = 20) -> Profile:
    """Profile the actor that ``name`` names (id, Register ID, name or acronym).

    Sections: ``meetings`` (newest first, with counterparts and co-attendees), ``counterparts``
    (for an organisation: the MEPs and officials it met; for an MEP or official: the
    organisations that met them) with meeting counts and first/last dates, ``co_attendees``
    (organisations at the same meetings), ``topics``, ``per_year`` and ``responses``.

    >>> from graphkit.sources import openlobby
    >>> from pathlib import Path
    >>> ds = openlobby.read(Path("examples/openlobby/11-11-11.txt")).dataset
    >>> p = profile(ds, "11.11.11")
    >>> p.sections["counterparts"][["name", "meetings"]].head(2).values.tolist()
    [['Kathleen Van Brempt', 8], ['Wouter Beke', 1]]
    >>> profile(ds, "Kathleen Van Brempt").sections["counterparts"]["name"].tolist()[:2]
    ['11.11.11, Koepel van Internationale Solidariteit', 'Eurogroup for Animals']
    """
    actor = find_actor(dataset, name)
    actor_id = actor["id"]
    participants = dataset.participants
    own = participants[participants["actor_id"] == actor_id]
    meeting_ids = own["meeting_id"].unique()
    at_meetings = participants[participants["meeting_id"].isin(meeting_ids)].merge(
        dataset.actors[["id", "name", "kind"]], left_on="actor_id", right_on="id", how="left"
    )
    meetings = dataset.meetings[dataset.meetings["id"].isin(meeting_ids)]
    others = at_meetings[at_meetings["actor_id"] != actor_id]
    is_org = actor["kind"] == ORGANISATION
    counterpart_role = HOST if is_org else ATTENDEE
    counterparts = others[others["role"] == counterpart_role]
    co_attendees = (
        others[(others["role"] == ATTENDEE) & (others["kind"] == ORGANISATION)]
        if is_org
        else others.iloc[0:0]
    )

    sections = {
        "meetings": _meeting_list(meetings, others),
        "counterparts": _ranked(counterparts, meetings).head(top),
        "co_attendees": _ranked(co_attendees, meetings).head(top),
        "topics": _topics(dataset, meeting_ids).head(top),
        "per_year": _per_year(meetings),
        "responses": dataset.responses[dataset.responses["actor_id"] == actor_id][
            ["date", "consultation_title"]
        ]
        .sort_values("date", ascending=False)
        .reset_index(drop=True),
    }
    attributes = {key: (None if pd.isna(value) else value) for key, value in actor.items()}
    return Profile(actor=attributes, sections=sections)


def _ranked(people: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """Actors by how many of the profiled actor's meetings they were at, with first/last dates."""
    dated = people.merge(
        meetings[["id", "date"]], left_on="meeting_id", right_on="id", how="left", suffixes=("", "_m")
    )
    table = (
        dated.groupby(["actor_id", "name", "kind"], dropna=False)
        .agg(meetings=("meeting_id", "nunique"), first=("date", "min"), last=("date", "max"))
        .reset_index()
        .rename(columns={"actor_id": "id"})
    )
    table = table.sort_values(["meetings", "last", "name"], ascending=[False, False, True])
    table["first"] = table["first"].dt.date
    table["last"] = table["last"].dt.date
    return table[["name", "kind", "meetings", "first", "last", "id"]].reset_index(drop=True)


def _meeting_list(meetings: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    names = (
        others.groupby(["meeting_id", "role"])["name"].agg(lambda s: "; ".join(sorted(s.dropna()))).unstack()
    )
    names = names.reindex(columns=[HOST, ATTENDEE])
    table = meetings[["id", "date", "institution", "title"]].merge(
        names, left_on="id", right_index=True, how="left"
    )
    table = table.rename(columns={HOST: "with", ATTENDEE: "also_present"})
    table = table.sort_values(["date", "id"], ascending=[False, True])
    table["date"] = table["date"].dt.date
    return table[["date", "institution", "with", "also_present", "title", "id"]].reset_index(drop=True)


def _topics(dataset: Dataset, meeting_ids: object) -> pd.DataFrame:
    links = topic_links(dataset)
    links = links[links["meeting_id"].isin(meeting_ids)]
    counts = links.groupby("topic_id").size().rename("meetings").reset_index()
    table = counts.merge(dataset.topics, left_on="topic_id", right_on="id", how="left")
    table = table.sort_values(["meetings", "name"], ascending=[False, True])
    return table[["name", "meetings"]].rename(columns={"name": "topic"}).reset_index(drop=True)


def _per_year(meetings: pd.DataFrame) -> pd.DataFrame:
    years = meetings.assign(year=meetings["date"].dt.year)
    table = years.groupby(["year", "institution"], dropna=False).size().unstack(fill_value=0)
    table.columns = [str(column) for column in table.columns]
    table["total"] = table.sum(axis=1)
    return table.reset_index().astype({"year": "Int64"})
