"""The one filter: which meetings and actors a graph, a view, an export or a table is built from
(date window, EP term, institution, organisation category and country, minimum meetings).
:func:`select` gives the meetings and participants kept; :func:`subset` the whole dataset cut to
them, for the surfaces that write tables (views' meeting lists, dataset exports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.dates import parse_date
from graphkit.errors import GraphkitError
from graphkit.model.schema import ATTENDEE, ORGANISATION
from graphkit.model.tables import Dataset

# European Parliament terms: the constitutive sessions of the 9th and 10th Parliaments.
TERMS: dict[str, tuple[dt.date, dt.date]] = {
    "2019-2024": (dt.date(2019, 7, 2), dt.date(2024, 7, 15)),
    "2024-2029": (dt.date(2024, 7, 16), dt.date(2029, 7, 15)),
}
INSTITUTIONS = ("EP", "EC")


@dataclass(frozen=True)
class GraphFilter:
    """What to keep when building a graph. Every field is optional; ``None`` keeps everything.

    Attributes
    ----------
    date_from, date_to
        Meeting dates, both inclusive (a date, or text such as ``2021-03-01``).
    term
        An EP term, ``"2019-2024"`` or ``"2024-2029"``: meetings inside it (intersected with the
        date window when both are given).
    institution
        ``"EP"`` (MEP meetings) or ``"EC"`` (Commission meetings).
    category, country
        Keep only organisations of this Register category / country (case-insensitive, exact),
        and the meetings at least one of them attended; MEPs and officials are kept.
    min_meetings
        Keep only actors (of any kind) with at least this many meetings after the other filters,
        and the meetings one of the organisations kept attended.

    Examples
    --------
    >>> GraphFilter(term="2019-2024").window()
    (datetime.date(2019, 7, 2), datetime.date(2024, 7, 15))
    >>> GraphFilter(term="1999")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: unknown EP term '1999' (known: 2019-2024, 2024-2029)
    """

    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    term: str | None = None
    institution: str | None = None
    category: str | None = None
    country: str | None = None
    min_meetings: int | None = None

    def __post_init__(self) -> None:
        if self.term is not None and self.term not in TERMS:
            raise GraphkitError(f"unknown EP term {self.term!r} (known: {', '.join(TERMS)})")
        if self.institution is not None and self.institution.upper() not in INSTITUTIONS:
            raise GraphkitError(f"unknown institution {self.institution!r} (known: EP, EC)")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if isinstance(value, str):
                try:
                    object.__setattr__(self, name, parse_date(value))
                except ValueError as err:
                    raise GraphkitError(f"--{name.replace('date_', '')}: {err}") from err
            elif isinstance(value, pd.Timestamp | dt.datetime):
                object.__setattr__(self, name, value.date())

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The date window (first, last day; either may be ``None``) after the term is applied."""
        first, last = self.date_from, self.date_to
        if self.term is not None:
            term_first, term_last = TERMS[self.term]
            first = term_first if first is None else max(first, term_first)
            last = term_last if last is None else min(last, term_last)
        return first, last

    def picks_organisations(self) -> bool:
        """True when the filter picks organisations (category, country, minimum meetings): then a
        meeting is in scope only if one of the picked organisations attended it."""
        return self.category is not None or self.country is not None or bool(self.min_meetings)

    def is_empty(self) -> bool:
        """True when the filter keeps everything."""
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


def select(dataset: Dataset, filters: GraphFilter | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The meetings and participants that ``filters`` keeps.

    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=100, meetings=300, seed=0)
    >>> meetings, participants = select(ds, GraphFilter(institution="EP"))
    >>> set(meetings["institution"])
    {'EP'}

    When the filters pick organisations, every meeting kept has one of them attending:

    >>> meetings, participants = select(ds, GraphFilter(country="Belgium"))
    >>> belgian = ds.actors["id"][ds.actors["country"] == "Belgium"]
    >>> set(meetings["id"]) == set(participants["meeting_id"][participants["actor_id"].isin(belgian)])
    True
    """
    meetings, participants = dataset.meetings, dataset.participants
    if filters is None or filters.is_empty():
        return meetings, participants
    keep = np.ones(len(meetings), dtype=bool)
    first, last = filters.window()
    dates = meetings["date"]
    if first is not None:
        keep &= (dates >= pd.Timestamp(first)).to_numpy()
    if last is not None:
        keep &= (dates <= pd.Timestamp(last)).to_numpy()
    if filters.institution is not None:
        keep &= (meetings["institution"] == filters.institution.upper()).to_numpy()
    if not keep.all():
        meetings = meetings[keep]
        participants = participants[participants["meeting_id"].isin(meetings["id"])]
    if filters.category is not None or filters.country is not None:
        participants = _drop_other_organisations(dataset.actors, participants, filters)
    if filters.picks_organisations():
        participants = _with_organisation(dataset.actors, participants)
    if filters.min_meetings:
        per_actor = participants.drop_duplicates(["meeting_id", "actor_id"])["actor_id"].value_counts()
        busy = per_actor.index[per_actor >= filters.min_meetings]
        participants = _with_organisation(dataset.actors, participants[participants["actor_id"].isin(busy)])
    if filters.picks_organisations():
        meetings = meetings[meetings["id"].isin(participants["meeting_id"])]
    return meetings, participants


def _with_organisation(actors: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The participants of the meetings where an organisation the filters picked still attends.

    Why: when the filters pick organisations, a meeting left with only its MEP or official
    is not a meeting of those organisations; kept, it would count towards the host's minimum
    meetings and show in views and exports while no graph draws it.
    """
    organisations = actors["id"][actors["kind"] == ORGANISATION]
    attended = participants["meeting_id"][
        (participants["role"] == ATTENDEE).to_numpy()
        & participants["actor_id"].isin(organisations).to_numpy()
    ]
    return participants[participants["meeting_id"].isin(attended.unique())]


def _drop_other_organisations(
    actors: pd.DataFrame, participants: pd.DataFrame, filters: GraphFilter
) -> pd.DataFrame:
    organisations = actors[actors["kind"] == ORGANISATION]
    wanted = np.ones(len(organisations), dtype=bool)
    for column in ("category", "country"):
        value = getattr(filters, column)
        if value is not None:
            wanted &= (organisations[column].fillna("").str.casefold() == value.casefold()).to_numpy()
    unwanted = organisations["id"][~wanted]
    drop = (participants["role"] == ATTENDEE) & participants["actor_id"].isin(unwanted)
    return participants[~drop.to_numpy()]


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
