"""Balance of interests: whose voice each MEP, official, unit, political group or legislative
file hears, by the Register category of the organisations met."""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter, select
from graphkit.model.schema import ATTENDEE, HOST, MEP, OFFICIAL, ORGANISATION
from graphkit.model.tables import Dataset

# Interest groups, in the order tables show them, and the words of the Register's categories
# (current and pre-2021 wordings) that place an organisation in one; the first match wins.
INTEREST_GROUPS = (
    "companies", "trade_associations", "ngos", "trade_unions", "think_tanks", "public_bodies", "other", "unknown",
)  # fmt: skip
_RULES = (
    ("trade_unions", ("trade union",)),
    ("trade_associations", ("trade and business", "business association", "trade/business", "professional association")),
    ("companies", ("compan", "in-house")),
    ("ngos", ("non-governmental", "ngo")),
    ("think_tanks", ("think tank", "research", "academic")),
    ("public_bodies", ("public", "authorit", "regional structure", "municipal")),
)  # fmt: skip
BY = ("mep", "official", "unit", "group", "committee", "procedure", "institution")


def interest_group(category: str | None) -> str:
    """The interest group of a Register category (``unknown`` when there is none).

    >>> interest_group("Trade unions and professional associations")
    'trade_unions'
    >>> interest_group("Non-governmental organisations, platforms and networks and similar")
    'ngos'
    >>> interest_group("Professional consultancies"), interest_group(None)
    ('other', 'unknown')
    """
    if category is None or (isinstance(category, float) and np.isnan(category)) or not str(category).strip():
        return "unknown"
    text = str(category).casefold()
    for group, words in _RULES:
        if any(word in text for word in words):
            return group
    return "other"


def balance(dataset: Dataset, by: str = "mep", *, filters: GraphFilter | None = None, top: int = 10) -> pd.DataFrame:
    """Meetings with organisations by interest group, for each MEP, official, unit, political
    group, committee, legislative file or institution.

    Parameters
    ----------
    dataset
        The canonical dataset.
    by
        ``mep``, ``official`` (each host), ``unit`` (an official's DG or cabinet), ``group``
        (an MEP's political group), ``committee`` (each committee of the MEP at the meeting,
        as Integrity Watch lists them), ``procedure`` (the file a meeting is on) or
        ``institution``.
    filters
        The usual :class:`~graphkit.graph.GraphFilter`.
    top
        Concentration: the share of the meetings that went to the ``top`` most-met organisations.

    Returns
    -------
    pandas.DataFrame
        One row per key: ``id`` (actor id for ``mep``/``official``), ``name``, ``meetings``
        (distinct meetings with at least one organisation), ``organisation_meetings`` (an
        organisation at a meeting, the unit of the counts), ``organisations``; one count column
        per interest group (:data:`INTEREST_GROUPS`) and its ``share_…``; ``top<K>_share``
        and ``hhi`` (Herfindahl-Hirschman index of the organisations' shares, 0-1; 1 = one
        organisation had every meeting). Sorted by meetings, most first.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> table = balance(generate(organisations=60, meetings=200, seed=0), "mep")
    >>> bool((table[[f"share_{g}" for g in INTEREST_GROUPS]].sum(axis=1).round(9) == 1).all())
    True
    """
    if by not in BY:
        raise GraphkitError(f"cannot balance by {by!r} (known: {', '.join(BY)})")
    meetings, participants = select(dataset, filters)
    actors = dataset.actors.set_index("id")
    # By kind, not by the id's prefix: an "organisation:" id resolution found a government keeps its id.
    organisations = actors.index[actors["kind"] == ORGANISATION]
    attendees = participants[(participants["role"] == ATTENDEE) & participants["actor_id"].isin(organisations)]
    attendees = attendees.drop_duplicates(["meeting_id", "actor_id"])[["meeting_id", "actor_id"]]
    attendees = attendees.assign(
        interest=actors["category"].reindex(attendees["actor_id"]).map(interest_group).fillna("unknown").to_numpy()
    )
    keys = _keys(by, meetings, participants, actors)
    rows = attendees.merge(keys, on="meeting_id")
    columns = ["id", "name", "meetings", "organisation_meetings", "organisations", *INTEREST_GROUPS,
               *(f"share_{g}" for g in INTEREST_GROUPS), f"top{top}_share", "hhi"]  # fmt: skip
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(rows["key"], rows["interest"]).reindex(columns=list(INTEREST_GROUPS), fill_value=0)
    per_key = rows.groupby("key")
    table = pd.DataFrame({
        "meetings": per_key["meeting_id"].nunique(),
        "organisation_meetings": per_key.size(),
        "organisations": per_key["actor_id"].nunique(),
    })  # fmt: skip
    table = table.join(counts)
    for group in INTEREST_GROUPS:
        table[f"share_{group}"] = table[group] / table["organisation_meetings"]
    per_org = rows.groupby(["key", "actor_id"]).size().rename("n").reset_index()
    per_org["share"] = per_org["n"] / per_org.groupby("key")["n"].transform("sum")
    per_org = per_org.sort_values(["key", "share"], ascending=[True, False])
    table[f"top{top}_share"] = per_org.groupby("key").head(top).groupby("key")["share"].sum()
    table["hhi"] = (per_org["share"] ** 2).groupby(per_org["key"]).sum()
    table = table.reset_index().rename(columns={"key": "id"})
    if by in (MEP, OFFICIAL):
        table["name"] = actors["name"].reindex(table["id"]).to_numpy()
    else:
        table["name"] = table["id"]
        table["id"] = None
    table = table.sort_values(["meetings", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return table[columns]


def _keys(by: str, meetings: pd.DataFrame, participants: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """meeting_id → key (one meeting may have several: its hosts)."""
    if by in ("procedure", "institution"):
        keys = meetings[["id", by]].rename(columns={"id": "meeting_id", by: "key"}).dropna(subset=["key"])
        return keys[keys["key"].astype(str).str.strip() != ""]
    if by == "committee":  # "ENVI;ITRE": the meeting counts for each committee
        listed = meetings[["id", "committees"]].dropna(subset=["committees"])
        keys = listed.assign(key=listed["committees"].astype(str).str.split(";")).explode("key")
        keys = keys.assign(key=keys["key"].str.strip())
        return keys[keys["key"] != ""].rename(columns={"id": "meeting_id"})[["meeting_id", "key"]].drop_duplicates()
    hosts = participants[participants["role"] == HOST][["meeting_id", "actor_id"]].drop_duplicates()
    kind = actors["kind"].reindex(hosts["actor_id"]).to_numpy()
    if by in (MEP, OFFICIAL):
        hosts = hosts[kind == by]
        return hosts.rename(columns={"actor_id": "key"})
    column, wanted = ("group", MEP) if by == "group" else ("unit", OFFICIAL)
    hosts = hosts[kind == wanted]
    hosts = hosts.assign(key=actors[column].reindex(hosts["actor_id"]).to_numpy())
    return hosts.dropna(subset=["key"])[["meeting_id", "key"]].drop_duplicates()


__all__ = ["BY", "INTEREST_GROUPS", "balance", "interest_group"]
