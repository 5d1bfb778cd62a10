"""Legislative files: who lobbied on a procedure, whom they met there (rapporteur, shadows,
chair), and when."""

from __future__ import annotations

import pandas as pd

from graphkit.analysis.file_mentions import file_mentions, find_file
from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter, select
from graphkit.model.schema import ATTENDEE, HOST, ORGANISATION
from graphkit.model.tables import Dataset

CAPACITIES = ("rapporteur", "shadow", "chair", "member")
PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}


def capacity_group(capacity: str | None) -> str:
    """``rapporteur`` (also for opinion), ``shadow``, ``chair`` or ``member`` (anything else).

    >>> [capacity_group(c) for c in ("Rapporteur for opinion", "Shadow rapporteur", "Committee chair", None)]
    ['rapporteur', 'shadow', 'chair', 'member']
    """
    text = str(capacity or "").casefold()
    if "shadow" in text:
        return "shadow"
    if "rapporteur" in text:
        return "rapporteur"
    if "chair" in text:
        return "chair"
    return "member"


def file_meetings(dataset: Dataset, query: str, filters: GraphFilter | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The meetings about the file ``query`` names (a reference in any spelling, a title or an
    acronym), the participants of those meetings, and how each meeting names the file.

    Returns
    -------
    meetings, participants, mentions
        ``mentions`` has ``id, date, title, how``: ``reference`` when the meeting's procedure
        names the reference, ``title '…'`` or ``acronym …`` when it names the file only by a
        title or acronym that no other file in the data carries (the evidence, as for a merge).

    Examples
    --------
    >>> meetings, _, mentions = file_meetings(_example(), "2022/0396 (COD)")
    >>> len(meetings), mentions["how"].tolist()
    (2, ['reference', 'reference'])
    """
    match = find_file(dataset.meetings, query)
    meetings, participants = select(dataset, filters)
    how = file_mentions(meetings, match).set_index("id")["how"]
    on_file = meetings[meetings["id"].isin(how.index)]
    if on_file.empty:
        raise GraphkitError(f"no meetings on {match.reference} for these filters")
    mentions = on_file[["id", "date", "title"]].assign(how=on_file["id"].map(how).to_numpy())
    return on_file, participants[participants["meeting_id"].isin(on_file["id"])], mentions.reset_index(drop=True)


def _file_meetings(dataset: Dataset, procedure: str, filters: GraphFilter | None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    meetings, participants, _ = file_meetings(dataset, procedure, filters)
    return meetings, participants


def file_organisations(dataset: Dataset, procedure: str, *, filters: GraphFilter | None = None) -> pd.DataFrame:
    """Organisations that met MEPs or officials on a legislative file, most meetings first.

    Parameters
    ----------
    dataset
        The canonical dataset.
    procedure
        The file: its procedure reference in any spelling (``2022/0396(COD)``,
        ``COD 2022/0396``), or a title or acronym the data gives it alone (``DSA``).
    filters
        The usual :class:`~graphkit.graph.GraphFilter`.

    Returns
    -------
    pandas.DataFrame
        ``id, name, category, meetings, hosts`` (distinct MEPs/officials met on the file),
        meetings with a host in each capacity (``rapporteur``, ``shadow``, ``chair``,
        ``member``: a meeting with a rapporteur and a shadow counts in both), ``first, last``
        and ``rank``.

    Examples
    --------
    >>> ds = _example()
    >>> file_organisations(ds, "2022/0396(cod)")[["name", "meetings", "hosts", "rapporteur", "shadow"]].to_dict("records")
    [{'name': 'O', 'meetings': 2, 'hosts': 2, 'rapporteur': 1, 'shadow': 1}]
    """
    meetings, participants = _file_meetings(dataset, procedure, filters)
    organisations = participants[(participants["role"] == ATTENDEE)
                                 & participants["actor_id"].str.startswith(f"{ORGANISATION}:")]
    organisations = organisations[["meeting_id", "actor_id"]].drop_duplicates()
    hosts = participants[participants["role"] == HOST][["meeting_id", "actor_id", "capacity"]]
    hosts = hosts.assign(capacity=hosts["capacity"].map(capacity_group))
    dates = meetings.set_index("id")["date"]
    organisations = organisations.assign(date=dates.reindex(organisations["meeting_id"]).to_numpy())
    per_org = organisations.groupby("actor_id").agg(
        meetings=("meeting_id", "nunique"), first=("date", "min"), last=("date", "max")
    )
    met = organisations[["meeting_id", "actor_id"]].merge(
        hosts.rename(columns={"actor_id": "host"}), on="meeting_id"
    )
    per_org["hosts"] = met.groupby("actor_id")["host"].nunique()
    by_capacity = met.drop_duplicates(["actor_id", "meeting_id", "capacity"])
    counts = pd.crosstab(by_capacity["actor_id"], by_capacity["capacity"]).reindex(columns=list(CAPACITIES))
    per_org = per_org.join(counts)
    per_org[["hosts", *CAPACITIES]] = per_org[["hosts", *CAPACITIES]].fillna(0).astype("int64")
    actors = dataset.actors.set_index("id")
    per_org["name"] = actors["name"].reindex(per_org.index).to_numpy()
    per_org["category"] = actors["category"].reindex(per_org.index).to_numpy()
    table = per_org.reset_index().rename(columns={"actor_id": "id"})
    table = table.sort_values(["meetings", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table["rank"] = table["meetings"].rank(method="min", ascending=False).astype("int64")
    return table[["id", "name", "category", "meetings", "hosts", *CAPACITIES, "first", "last", "rank"]]


def file_timeline(dataset: Dataset, procedure: str, *, by: str = "month", filters: GraphFilter | None = None
                  ) -> pd.DataFrame:
    """Meetings on a legislative file per month, quarter or year, from its first meeting to
    its last (periods without meetings included, as zeros).

    Returns
    -------
    pandas.DataFrame
        ``period, meetings, organisations`` (distinct), ``rapporteur, shadow`` (meetings with a
        host in that capacity).

    Examples
    --------
    >>> file_timeline(_example(), "2022/0396(COD)", by="month")[["period", "meetings"]].to_dict("records")
    [{'period': '2023-01', 'meetings': 1}, {'period': '2023-02', 'meetings': 0}, {'period': '2023-03', 'meetings': 1}]
    """
    if by not in PERIODS:
        raise GraphkitError(f"unknown period {by!r} (known: {', '.join(PERIODS)})")
    meetings, participants = _file_meetings(dataset, procedure, filters)
    periods = meetings["date"].dt.to_period(PERIODS[by])
    period_of = pd.Series(periods.to_numpy(), index=meetings["id"].to_numpy())
    organisations = participants[(participants["role"] == ATTENDEE)
                                 & participants["actor_id"].str.startswith(f"{ORGANISATION}:")]
    hosts = participants[participants["role"] == HOST]
    capacity = hosts.assign(capacity=hosts["capacity"].map(capacity_group)).drop_duplicates(["meeting_id", "capacity"])
    span = pd.period_range(periods.min(), periods.max(), freq=PERIODS[by])
    table = pd.DataFrame(index=span)
    table["meetings"] = periods.value_counts()
    table["organisations"] = (
        organisations.assign(period=period_of.reindex(organisations["meeting_id"]).to_numpy())
        .groupby("period")["actor_id"].nunique()
    )
    for group in ("rapporteur", "shadow"):
        chosen = capacity[capacity["capacity"] == group]
        table[group] = pd.Series(period_of.reindex(chosen["meeting_id"]).to_numpy()).value_counts()
    table = table.fillna(0).astype("int64")
    table.index = table.index.astype(str)
    return table.rename_axis("period").reset_index()


def _example() -> Dataset:
    """Two meetings on one file: O meets rapporteur R, then shadow S (for the doctests)."""
    actors = [{"id": "mep:r", "kind": "mep", "name": "R"}, {"id": "mep:s", "kind": "mep", "name": "S"},
              {"id": "organisation:o", "kind": "organisation", "name": "O"}]
    meetings = [{"id": m, "date": d, "title": m, "institution": "EP", "procedure": "2022/0396(COD)"}
                for m, d in (("m1", "2023-01-05"), ("m2", "2023-03-09"))]
    participants = [
        {"meeting_id": "m1", "actor_id": "mep:r", "role": "host", "capacity": "Rapporteur"},
        {"meeting_id": "m2", "actor_id": "mep:s", "role": "host", "capacity": "Shadow rapporteur"},
        {"meeting_id": "m1", "actor_id": "organisation:o", "role": "attendee"},
        {"meeting_id": "m2", "actor_id": "organisation:o", "role": "attendee"},
    ]
    return Dataset.from_records(actors=actors, meetings=meetings, participants=participants)


__all__ = ["CAPACITIES", "PERIODS", "capacity_group", "file_meetings", "file_organisations", "file_timeline"]
