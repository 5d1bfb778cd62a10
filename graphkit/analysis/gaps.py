"""Gaps between sources: meetings one source reports and another, covering the same MEP (or
official) and the same period, does not.

Two records of one meeting are matched on what resolution settled: the same host, the same day
and at least one organisation in common after entity resolution (or one meeting record that
resolution already made of both). Where the other source has a meeting of that host that day
but none with an organisation in common (or the meeting names no organisation), the meeting is
listed as a gap of its own kind ("another meeting that day"): the two may be one meeting whose
organisations were written so differently that resolution kept them apart, or two meetings; a
reader decides. Nothing is merged here. Matching on host and day alone would call any two
meetings of a busy MEP's day the same; both counts are given, so a reader sees the difference.

A source *covers* a meeting when the meeting's date lies within the source's date span (its
first to its last meeting, whatever the host) and the source names the meeting's host at least
once (anywhere in that span). A profile source (:data:`PROFILE_SOURCES`: one organisation's own
page) covers instead the meetings, within its span, of the organisation it profiles. A meeting no
other source covers is no gap: its absence says nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.schema import ATTENDEE, HOST
from graphkit.model.tables import Dataset

PROFILE_SOURCES = ("openlobby",)
"""Sources that are one organisation's own page (openlobby.eu's profile pages): they list that
organisation's meetings, with any MEP or official, and nobody else's. They cover the meetings of
the organisation at every meeting of a page, not their hosts' other meetings."""

NOT_FOUND = "no meeting that day"
ANOTHER_MEETING = "another meeting that day"
GAP_KINDS = (NOT_FOUND, ANOTHER_MEETING)
COUNT_COLUMNS = {NOT_FOUND: "no_meeting", ANOTHER_MEETING: "another_meeting"}

COLUMNS = [
    "host_id", "host", "month", "date", "meeting_id", "title", "organisations",
    "reported_by", "missing_from", "gap", "other_meetings_that_day",
]  # fmt: skip
SUMMARY_COLUMNS = [
    "reported_by", "missing_from", "reported", "not_covered", "covered", "same_record",
    "same_organisation", ANOTHER_MEETING.replace(" ", "_"), NOT_FOUND.replace(" ", "_"),
]  # fmt: skip


def source_records(dataset: Dataset) -> pd.DataFrame:
    """Each meeting once per source that reported it and per host: ``meeting_id, source, date,
    host_id``. A meeting resolution made of several sources' records counts for each.

    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2021-03-04", "source": "ep_meetings;integritywatch_ep"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:1", "role": "host"}])
    >>> source_records(ds)[["meeting_id", "source", "host_id"]].values.tolist()
    [['m1', 'ep_meetings', 'mep:1'], ['m1', 'integritywatch_ep', 'mep:1']]
    """
    meetings = dataset.meetings[["id", "date", "source"]].dropna(subset=["date"])
    meetings = meetings.assign(source=meetings["source"].fillna("unknown").str.split(";")).explode("source")
    hosts = dataset.participants.loc[dataset.participants["role"] == HOST, ["meeting_id", "actor_id"]]
    records = meetings.rename(columns={"id": "meeting_id"}).merge(
        hosts.rename(columns={"actor_id": "host_id"}), on="meeting_id"
    )
    return (
        records[["meeting_id", "source", "date", "host_id"]]
        .drop_duplicates()
        .sort_values(["source", "date", "meeting_id", "host_id"], kind="stable")
        .reset_index(drop=True)
    )


def meeting_organisations(dataset: Dataset) -> pd.DataFrame:
    """``meeting_id, organisation_id``: the organisations (after resolution) at each meeting."""
    kinds = dataset.actors.set_index("id")["kind"]
    attending = dataset.participants[dataset.participants["role"] == ATTENDEE]
    attending = attending[attending["actor_id"].map(kinds).eq("organisation").to_numpy()]
    return (
        attending[["meeting_id", "actor_id"]]
        .rename(columns={"actor_id": "organisation_id"})
        .drop_duplicates()
        .reset_index(drop=True)
    )


def profiled_organisations(dataset: Dataset, source: str) -> set[str]:
    """The organisations a profile source profiles: for each of its files, those at every
    meeting the file reports (a meeting resolution merged with another source's record is left
    out when it keeps the other record's reference).

    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": f"m{i}", "date": "2024-01-0" + str(i), "source": "openlobby",
    ...                "source_ref": f"page.txt:{i}"} for i in (1, 2)],
    ...     participants=[{"meeting_id": "m1", "actor_id": "organisation:a", "role": "attendee"},
    ...                   {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"},
    ...                   {"meeting_id": "m2", "actor_id": "organisation:a", "role": "attendee"}])
    >>> profiled_organisations(ds, "openlobby")
    {'organisation:a'}
    """
    meetings = dataset.meetings
    own = meetings[(meetings["source"] == source) & meetings["source_ref"].notna()]
    files = own.assign(file=own["source_ref"].str.rsplit(":", n=1).str[0])[["id", "file"]]
    present = files.merge(
        dataset.participants[dataset.participants["role"] == ATTENDEE], left_on="id", right_on="meeting_id"
    )
    per_file = files.groupby("file")["id"].nunique()
    at = present.drop_duplicates(["file", "id", "actor_id"]).groupby(["file", "actor_id"]).size()
    everywhere = at[at.to_numpy() == per_file.reindex(at.index.get_level_values("file")).to_numpy()]
    return set(everywhere.index.get_level_values("actor_id"))


def gaps(
    dataset: Dataset, *, reported_by: str | None = None, missing_from: str | None = None
) -> pd.DataFrame:
    """Meetings one source reports and another source that covers them does not, one row per
    meeting, host and other source.

    Parameters
    ----------
    dataset
        The canonical dataset (resolved: organisations are matched by their resolved ids).
    reported_by, missing_from
        Only meetings this source reports / only gaps in this source (None: every source).

    Returns
    -------
    pandas.DataFrame
        ``host_id, host, month, date, meeting_id, title, organisations, reported_by,
        missing_from, gap, other_meetings_that_day``, sorted by host, date and sources. ``gap``
        is ``"no meeting that day"`` (``missing_from`` has no meeting of that host that day) or
        ``"another meeting that day"`` (it has ``other_meetings_that_day`` meetings of the
        host that day, none with an organisation of this one). ``attrs["summary"]`` holds, per
        pair of sources, the records (meeting, host) one reports, those the other covers, and
        how each covered one was found: :data:`SUMMARY_COLUMNS` (``covered = same_record +
        same_organisation + another_meeting_that_day + no_meeting_that_day``; ``reported =
        covered + not_covered``).

    Examples
    --------
    Two sources report MEP 1's meetings of 4 to 6 March 2021; the second lacks the one of the
    5th:

    >>> meetings = [{"id": f"{s}{d}", "date": f"2021-03-0{d}", "source": s}
    ...             for s, d in (("a", 4), ("a", 5), ("a", 6), ("b", 4), ("b", 6))]
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "organisation:x", "kind": "organisation", "name": "X"},
    ...             {"id": "mep:1", "kind": "mep", "name": "One"}],
    ...     meetings=meetings,
    ...     participants=[p for m in meetings for p in (
    ...         {"meeting_id": m["id"], "actor_id": "mep:1", "role": "host"},
    ...         {"meeting_id": m["id"], "actor_id": "organisation:x", "role": "attendee"})])
    >>> found = gaps(ds)
    >>> found[["host", "month", "meeting_id", "reported_by", "missing_from", "gap"]].values.tolist()
    [['One', '2021-03', 'a5', 'a', 'b', 'no meeting that day']]
    >>> found.attrs["summary"].loc[0, ["reported", "covered", "same_organisation", "no_meeting_that_day"]].tolist()
    [3, 3, 2, 1]

    Notes
    -----
    A meeting with several hosts counts once per host (an EP meeting has one MEP; a Commission
    meeting may have several officials). Coverage is a source's date span and its hosts (or, for
    a profile source, its organisation): a source that lists only some meetings of a host it
    names (the EP export lists those linked to a legislative procedure) shows its omissions as
    gaps, which is what they are.
    """
    records = source_records(dataset)
    orgs = meeting_organisations(dataset)
    sources = sorted(records["source"].unique())
    for name, given in (("reported_by", reported_by), ("missing_from", missing_from)):
        if given is not None and given not in sources:
            raise GraphkitError(f"{name}: no source {given!r} (sources: {', '.join(sources) or 'none'})")
    carried = set(zip(records["meeting_id"], records["source"], strict=True))
    parts, summary = [], []
    for first in sources if reported_by is None else [reported_by]:
        for second in sources if missing_from is None else [missing_from]:
            if first == second:
                continue
            found, counts = _compare(dataset, records, orgs, first, second, carried)
            parts.append(found)
            summary.append(counts)
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    result = _described(dataset, result, orgs)
    result.attrs["summary"] = pd.DataFrame(summary, columns=SUMMARY_COLUMNS)
    return result


def _covered(dataset: Dataset, records: pd.DataFrame, orgs: pd.DataFrame, reported: pd.DataFrame, other: str):
    """Which of ``reported``'s rows source ``other`` covers (see the module's docstring)."""
    theirs = records[records["source"] == other]
    first, last = theirs["date"].min(), theirs["date"].max()
    in_span = reported["date"].between(first, last).to_numpy()
    if other in PROFILE_SOURCES:
        subjects = profiled_organisations(dataset, other)
        with_subject = orgs.loc[orgs["organisation_id"].isin(subjects), "meeting_id"]
        return in_span & reported["meeting_id"].isin(with_subject).to_numpy()
    return in_span & reported["host_id"].isin(theirs["host_id"]).to_numpy()


def _compare(dataset, records, orgs, first: str, second: str, carried: set) -> tuple[pd.DataFrame, dict]:
    reported = records[records["source"] == first].reset_index(drop=True)
    covered = reported[_covered(dataset, records, orgs, reported, second)]
    same_record = np.fromiter(
        ((meeting, second) in carried for meeting in covered["meeting_id"]), dtype=bool, count=len(covered)
    )
    open_ = covered[~same_record]
    theirs = records[records["source"] == second]
    theirs = theirs[theirs["host_id"].isin(open_["host_id"])]  # only the hosts in question
    # Their (host, day, organisation) triples; ours that share one are the same meeting.
    their_triples = theirs.merge(orgs, on="meeting_id")[
        ["host_id", "date", "organisation_id"]
    ].drop_duplicates()
    our_triples = open_.merge(orgs, on="meeting_id")
    shared = our_triples.merge(their_triples, on=["host_id", "date", "organisation_id"])
    matched = pd.MultiIndex.from_frame(shared[["meeting_id", "host_id"]].drop_duplicates())
    keys = pd.MultiIndex.from_frame(open_[["meeting_id", "host_id"]])
    missing = open_[~keys.isin(matched)]
    that_day = theirs.groupby(["host_id", "date"])["meeting_id"].nunique().rename("other_meetings_that_day")
    missing = missing.merge(that_day, left_on=["host_id", "date"], right_index=True, how="left")
    missing["other_meetings_that_day"] = missing["other_meetings_that_day"].fillna(0).astype(np.int64)
    missing["gap"] = np.where(missing["other_meetings_that_day"] > 0, ANOTHER_MEETING, NOT_FOUND)
    missing = missing.assign(reported_by=first, missing_from=second).drop(columns="source")
    counts = {
        "reported_by": first,
        "missing_from": second,
        "reported": len(reported),
        "not_covered": len(reported) - len(covered),
        "covered": len(covered),
        "same_record": int(same_record.sum()),
        "same_organisation": len(open_) - len(missing),
        ANOTHER_MEETING.replace(" ", "_"): int((missing["gap"] == ANOTHER_MEETING).sum()),
        NOT_FOUND.replace(" ", "_"): int((missing["gap"] == NOT_FOUND).sum()),
    }
    return missing, counts


def _described(dataset: Dataset, found: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Names, titles, months and organisations for the rows :func:`_compare` found."""
    if found.empty:
        return pd.DataFrame(columns=COLUMNS)
    names = dataset.actors.set_index("id")["name"]
    titles = dataset.meetings.set_index("id")["title"]
    orgs = orgs[orgs["meeting_id"].isin(found["meeting_id"])]
    named = orgs.assign(name=orgs["organisation_id"].map(names).fillna(orgs["organisation_id"]))
    # One pass over the rows found (sorted_join's wide table is slow with a hundred organisations
    # at one meeting).
    by_meeting: dict[str, list[str]] = {}
    named = named.drop_duplicates(["meeting_id", "name"]).sort_values(["meeting_id", "name"])
    for meeting, name in zip(named["meeting_id"].tolist(), named["name"].tolist(), strict=True):
        by_meeting.setdefault(meeting, []).append(str(name))
    listed = pd.Series({meeting: "; ".join(names) for meeting, names in by_meeting.items()}, dtype=object)
    found = found.assign(
        host=found["host_id"].map(names).fillna(found["host_id"]),
        month=found["date"].dt.to_period("M").astype(str),
        title=found["meeting_id"].map(titles),
        organisations=found["meeting_id"].map(listed).fillna(""),
    )
    found = found.sort_values(
        ["host", "host_id", "date", "reported_by", "missing_from", "meeting_id"], kind="stable"
    )
    return found[COLUMNS].reset_index(drop=True)


def gap_counts(found: pd.DataFrame) -> pd.DataFrame:
    """Gaps per host, month and pair of sources: ``host_id, host, month, reported_by,
    missing_from, no_meeting, another_meeting, gaps`` (the kinds of :data:`GAP_KINDS`, named
    short for a table's columns), the most gaps first.

    >>> found = pd.DataFrame({"host_id": ["mep:1"] * 3, "host": ["One"] * 3,
    ...     "month": ["2021-03", "2021-03", "2021-04"], "reported_by": ["a"] * 3, "missing_from": ["b"] * 3,
    ...     "gap": ["no meeting that day", "another meeting that day", "no meeting that day"]})
    >>> gap_counts(found)[["month", "no_meeting", "another_meeting", "gaps"]].values.tolist()
    [['2021-03', 1, 1, 2], ['2021-04', 1, 0, 1]]
    """
    keys = ["host_id", "host", "month", "reported_by", "missing_from"]
    columns = list(COUNT_COLUMNS.values())
    if found.empty:
        return pd.DataFrame(columns=[*keys, *columns, "gaps"])
    table = (
        pd.crosstab([found[key] for key in keys], found["gap"])
        .reindex(columns=list(GAP_KINDS), fill_value=0)
        .rename(columns=COUNT_COLUMNS)
    )
    table.columns.name = None
    table["gaps"] = table.sum(axis=1)
    table = table.reset_index().sort_values(
        ["gaps", "host", "month"], ascending=[False, True, True], kind="stable"
    )
    return table.reset_index(drop=True)
