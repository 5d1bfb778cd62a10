"""What changed between two datasets (two workspaces, or two snapshots of one): new actors, new
meetings, new organisation–MEP/official ties, new co-attendance pairs, new entrants to a
legislative file's network, and meeting counts that moved by more than chance.

Ties are those of the graph model: an organisation attending a meeting that an MEP or official
hosts (``MET``, the ``org-counterpart`` projection), and two organisations attending one meeting
(``CO_ATTENDED``, ``org-org``). A file's network is everyone taking part in the meetings whose
procedure names the file's reference (:func:`~graphkit.model.procedures.meeting_references`).

Noise
-----
An actor's meetings in a window are counted, not measured: if nothing about the actor changed,
the count in the new dataset would still vary like a Poisson count of mean ``n`` (the old count),
whose standard deviation is ``sqrt(n)``. A change is reported only when ``|after − before| >
2·sqrt(max(before, 1))`` (about the 95 % band of that variation; ``max(…, 1)`` so an actor with
no meeting before needs three to count). Smaller moves of rank are what a month of ordinary
diaries does, and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.graph.filters import GraphFilter, select
from graphkit.model.procedures import meeting_references
from graphkit.model.schema import ATTENDEE, HOST, MEP, OFFICIAL, ORGANISATION
from graphkit.model.tables import Dataset

NOISE_SIGMAS = 2.0
# The sections of a diff, in the order they are shown, with what each row of them is.
SECTIONS = {
    "actors": "new actors",
    "meetings": "new meetings",
    "ties": "new organisation–MEP/official ties",
    "co_attendance": "new co-attendance pairs",
    "file_entrants": "new entrants to a legislative file's network",
    "ranks": "meeting counts that moved by more than the noise",
}
COUNTERPART_KINDS = (MEP, OFFICIAL)


@dataclass
class Diff:
    """What ``new`` holds that ``old`` did not (:func:`diff`); one DataFrame per section.

    Attributes
    ----------
    actors
        ``id, name, kind, meetings, new_meetings``: actors whose id is new, most meetings first.
    meetings
        ``id, date, title, institution, procedure``: meetings whose id is new, by date.
    ties
        ``organisation_id, organisation, counterpart_id, counterpart, counterpart_kind,
        meetings, new_meetings, first``: organisation–MEP/official pairs that never met in
        ``old``.
    co_attendance
        ``organisation_id, organisation, other_id, other, meetings, new_meetings, first``:
        organisation pairs (each once, ids in order) never at one meeting in ``old``.
    file_entrants
        ``reference, id, name, kind, meetings, new_meetings, first, file_meetings_before``: actors in a file's
        meetings in ``new`` and in none of them in ``old`` (``file_meetings_before`` 0: a file
        new to the data); the files with most entrants first.
    ranks
        ``id, name, kind, meetings_before, meetings_after, change, noise, rank_before,
        rank_after``: actors whose meeting count moved by more than ``noise`` (module notes).

    ``new_meetings`` counts the row's meetings that ``old`` does not hold: a row where it is 0 is
    new only because resolution decided differently (a merge, a split, a kind), not because
    anyone met again.
    """

    actors: pd.DataFrame
    meetings: pd.DataFrame
    ties: pd.DataFrame
    co_attendance: pd.DataFrame
    file_entrants: pd.DataFrame
    ranks: pd.DataFrame

    def sections(self) -> dict[str, pd.DataFrame]:
        """The sections by name (:data:`SECTIONS`), in order."""
        return {name: getattr(self, name) for name in SECTIONS}

    def counts(self) -> dict[str, int]:
        """Rows per section."""
        return {name: len(frame) for name, frame in self.sections().items()}

    def is_empty(self) -> bool:
        """True when nothing changed."""
        return not any(self.counts().values())

    def table(self) -> pd.DataFrame:
        """Every section in one long table, one row per change: ``change`` (the section) then
        the union of the sections' columns (empty where a section has none), for CSV or JSON."""
        frames = [frame.assign(change=name) for name, frame in self.sections().items() if len(frame)]
        if not frames:
            columns = ["change"] + list(dict.fromkeys(c for f in self.sections().values() for c in f.columns))
            return pd.DataFrame(columns=columns)
        combined = pd.concat(frames, ignore_index=True)
        return combined[["change", *[c for c in combined.columns if c != "change"]]]


def diff(
    old: Dataset,
    new: Dataset,
    *,
    filters: GraphFilter | None = None,
    rank_kinds: tuple[str, ...] | None = (ORGANISATION,),
    sigmas: float = NOISE_SIGMAS,
) -> Diff:
    """What changed from ``old`` to ``new``: new actors, meetings, ties, co-attendance pairs,
    file entrants, and meeting counts that moved by more than the noise.

    Parameters
    ----------
    old, new
        The two datasets (e.g. two workspaces' ``load()``).
    filters
        The same :class:`~graphkit.graph.GraphFilter` applied to both (a date window, an
        institution…): the changes within it.
    rank_kinds
        The kinds of actor whose meeting counts are compared and ranked (None: all).
    sigmas
        How many Poisson standard deviations a change in meetings must exceed.

    Returns
    -------
    Diff
        One DataFrame per section; all empty when ``new`` holds what ``old`` does.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=30, meetings=80, seed=2)
    >>> diff(ds, ds).is_empty()
    True
    >>> import dataclasses
    >>> earlier = dataclasses.replace(ds, meetings=ds.meetings.iloc[:40])
    >>> diff(earlier, ds).counts()["meetings"]
    40
    """
    before, after = _View(old, filters), _View(new, filters)
    return Diff(
        actors=_new_actors(before, after),
        meetings=_new_meetings(before, after),
        ties=_new_pairs(before, after, ("organisation_id", "counterpart_id"), before.ties(), after.ties()),
        co_attendance=_new_pairs(
            before, after, ("organisation_id", "other_id"), before.co_attendance(), after.co_attendance()
        ),
        file_entrants=_file_entrants(before, after),
        ranks=_rank_changes(before, after, rank_kinds, sigmas),
    )


class _View:
    """One dataset's meetings and participants in the filter, with each participant's kind."""

    def __init__(self, dataset: Dataset, filters: GraphFilter | None):
        meetings, participants = select(dataset, filters)
        participants = participants[participants["meeting_id"].isin(meetings["id"])]
        kinds = dataset.actors.set_index("id")["kind"]
        # An id no actor row names (a partial dataset) takes its kind from its prefix, as graphs do.
        kind = participants["actor_id"].map(kinds).fillna(participants["actor_id"].str.split(":").str[0])
        self.dataset = dataset
        self.meetings = meetings
        self.participants = participants.assign(kind=kind.to_numpy())
        self.dates = meetings.set_index("id")["date"]

    def names(self) -> pd.Series:
        return self.dataset.actors.drop_duplicates("id").set_index("id")["name"]

    def organisations(self) -> pd.DataFrame:
        p = self.participants
        return p.loc[
            (p["role"] == ATTENDEE) & (p["kind"] == ORGANISATION), ["meeting_id", "actor_id"]
        ].drop_duplicates()

    def ties(self) -> pd.DataFrame:
        """One row per (meeting, organisation, MEP/official host)."""
        p = self.participants
        hosts = p.loc[
            (p["role"] == HOST) & p["kind"].isin(COUNTERPART_KINDS), ["meeting_id", "actor_id", "kind"]
        ]
        hosts = hosts.drop_duplicates(["meeting_id", "actor_id"])
        met = self.organisations().merge(
            hosts.rename(columns={"actor_id": "counterpart_id", "kind": "counterpart_kind"}), on="meeting_id"
        )
        return met.rename(columns={"actor_id": "organisation_id"})

    def co_attendance(self) -> pd.DataFrame:
        """One row per (meeting, organisation, other organisation), ids in order."""
        orgs = self.organisations()
        pairs = orgs.merge(orgs.rename(columns={"actor_id": "other_id"}), on="meeting_id")
        pairs = pairs[pairs["actor_id"] < pairs["other_id"]]
        return pairs.rename(columns={"actor_id": "organisation_id"})

    def meetings_per_actor(
        self, kinds: tuple[str, ...] | None, exclude: pd.Series | None = None
    ) -> pd.Series:
        """Meetings per actor (of ``kinds``; None: all), leaving out the meetings ``exclude`` lists."""
        p = self.participants
        if exclude is not None:
            p = p[~p["meeting_id"].isin(exclude)]
        if kinds is not None:
            p = p[p["kind"].isin(kinds)]
        return p.drop_duplicates(["meeting_id", "actor_id"])["actor_id"].value_counts()


def _new_actors(before: _View, after: _View) -> pd.DataFrame:
    actors = after.dataset.actors
    new = actors[~actors["id"].isin(before.dataset.actors["id"])][["id", "name", "kind"]]
    meetings = after.meetings_per_actor(None)
    fresh = after.meetings_per_actor(None, exclude=before.meetings["id"])
    new = new.assign(
        meetings=meetings.reindex(new["id"]).fillna(0).astype("int64").to_numpy(),
        new_meetings=fresh.reindex(new["id"]).fillna(0).astype("int64").to_numpy(),
    )
    return new.sort_values(
        ["meetings", "name", "id"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def _new_meetings(before: _View, after: _View) -> pd.DataFrame:
    m = after.meetings
    new = m[~m["id"].isin(before.meetings["id"])][["id", "date", "title", "institution", "procedure"]]
    return new.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def _new_pairs(
    before: _View, after: _View, key: tuple[str, str], old: pd.DataFrame, rows: pd.DataFrame
) -> pd.DataFrame:
    """Pairs in ``rows`` (one row per meeting) that ``old`` never has: meetings, those of them
    absent from ``before``, and first date."""
    left, right = key
    seen = pd.MultiIndex.from_frame(old[[left, right]].drop_duplicates())
    fresh = rows[~pd.MultiIndex.from_frame(rows[[left, right]]).isin(seen)]
    extra = [c for c in fresh.columns if c not in (left, right, "meeting_id")]
    fresh = _dated(fresh, before, after)
    grouped = fresh.groupby([left, right, *extra], sort=False, dropna=False).agg(
        meetings=("meeting_id", "nunique"), new_meetings=("is_new", "sum"), first=("date", "min")
    )
    table = grouped.reset_index()
    names = after.names()
    left_name, right_name = left.removesuffix("_id"), right.removesuffix("_id")
    table.insert(1, left_name, names.reindex(table[left]).to_numpy())
    table.insert(3, right_name, names.reindex(table[right]).to_numpy())
    table[["meetings", "new_meetings"]] = table[["meetings", "new_meetings"]].astype("int64")
    return table.sort_values(
        ["meetings", left_name, right_name, left, right],
        ascending=[False, True, True, True, True],
        kind="stable",
    ).reset_index(drop=True)


def _dated(rows: pd.DataFrame, before: _View, after: _View) -> pd.DataFrame:
    """``rows`` (with ``meeting_id``) with the meeting's ``date`` and ``is_new``: the meeting is
    not in ``before`` (a row without one is new only by resolution: a merge, a split, a kind)."""
    return rows.assign(
        date=after.dates.reindex(rows["meeting_id"]).to_numpy(),
        is_new=~rows["meeting_id"].isin(before.meetings["id"]).to_numpy(),
    )


def _on_files(view: _View) -> pd.DataFrame:
    """One row per (reference, meeting, actor) of the meetings whose procedure names a file."""
    meetings = view.meetings.reset_index(drop=True)
    found = meeting_references(meetings["procedure"])
    found = pd.DataFrame(
        {"reference": found["reference"], "meeting_id": meetings["id"].to_numpy()[found["row"]]}
    )
    people = view.participants[["meeting_id", "actor_id", "kind"]].drop_duplicates(["meeting_id", "actor_id"])
    return found.merge(people, on="meeting_id")


def _file_entrants(before: _View, after: _View) -> pd.DataFrame:
    old, new = _on_files(before), _on_files(after)
    seen = pd.MultiIndex.from_frame(old[["reference", "actor_id"]].drop_duplicates())
    fresh = new[~pd.MultiIndex.from_frame(new[["reference", "actor_id"]]).isin(seen)]
    fresh = _dated(fresh, before, after)
    table = (
        fresh.groupby(["reference", "actor_id", "kind"], sort=False)
        .agg(meetings=("meeting_id", "nunique"), new_meetings=("is_new", "sum"), first=("date", "min"))
        .reset_index()
        .rename(columns={"actor_id": "id"})
    )
    table.insert(2, "name", after.names().reindex(table["id"]).to_numpy())
    file_before = old.groupby("reference")["meeting_id"].nunique()
    table[["meetings", "new_meetings"]] = table[["meetings", "new_meetings"]].astype("int64")
    table["file_meetings_before"] = (
        file_before.reindex(table["reference"]).fillna(0).astype("int64").to_numpy()
    )
    # The files with most entrants first (where a network grew), each file's busiest entrants first.
    entrants = table.groupby("reference")["id"].transform("size")
    return (
        table.assign(entrants=entrants)
        .sort_values(
            ["entrants", "reference", "meetings", "name", "id"],
            ascending=[False, True, False, True, True],
            kind="stable",
        )
        .drop(columns="entrants")
        .reset_index(drop=True)
    )


def noise(before: pd.Series | np.ndarray | float, sigmas: float = NOISE_SIGMAS) -> np.ndarray:
    """The change in a meeting count that chance alone would rarely exceed: ``sigmas`` Poisson
    standard deviations of the count ``before`` (at least 1, so a new actor needs 3 meetings).

    >>> noise([0, 1, 4, 100]).tolist()
    [2.0, 2.0, 4.0, 20.0]
    """
    return sigmas * np.sqrt(np.maximum(np.asarray(before, dtype=float), 1.0))


def _rank_changes(before: _View, after: _View, kinds: tuple[str, ...] | None, sigmas: float) -> pd.DataFrame:
    old, new = before.meetings_per_actor(kinds), after.meetings_per_actor(kinds)
    ids = old.index.union(new.index)
    counts = pd.DataFrame(
        {"meetings_before": old.reindex(ids).fillna(0), "meetings_after": new.reindex(ids).fillna(0)}
    ).astype("int64")
    # Ranks among the actors with a meeting in each dataset (1 = most meetings; ties share a rank).
    rank_before = old.rank(method="min", ascending=False).astype("int64")
    rank_after = new.rank(method="min", ascending=False).astype("int64")
    counts["change"] = counts["meetings_after"] - counts["meetings_before"]
    counts["noise"] = noise(counts["meetings_before"], sigmas).round(2)
    counts["rank_before"] = rank_before.reindex(ids).astype("Int64")
    counts["rank_after"] = rank_after.reindex(ids).astype("Int64")
    moved = counts[counts["change"].abs() > counts["noise"]].rename_axis("id").reset_index()
    actors = after.dataset.actors.drop_duplicates("id").set_index("id")
    others = before.dataset.actors.drop_duplicates("id").set_index("id")
    name = actors["name"].reindex(moved["id"]).fillna(others["name"].reindex(moved["id"]))
    kind = actors["kind"].reindex(moved["id"]).fillna(others["kind"].reindex(moved["id"]))
    moved.insert(1, "name", name.to_numpy())
    moved.insert(2, "kind", kind.to_numpy())
    moved["strength"] = moved["change"].abs() / moved["noise"]
    moved = moved.sort_values(["strength", "name", "id"], ascending=[False, True, True], kind="stable")
    return moved.drop(columns="strength").reset_index(drop=True)
