"""Change over time: any measure per year or EP term, and who rose, fell, came or went between two
windows; windows with too few meetings are named (:data:`THIN_WINDOW`)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from graphkit.analysis.balance import INTEREST_GROUPS
from graphkit.analysis.centrality import centrality
from graphkit.analysis.interest_ranks import GROUP, head_per_group, rank_within_groups
from graphkit.errors import GraphkitError
from graphkit.graph.build import build_graph
from graphkit.graph.filters import TERMS, GraphFilter, select
from graphkit.graph.names import PERIODS
from graphkit.model.tables import Dataset


def windows(
    dataset: Dataset, by: str = "year", filters: GraphFilter | None = None
) -> list[tuple[str, GraphFilter]]:
    """The windows to compare: each calendar year with meetings, or each EP term.

    Each window's filter is ``filters`` with the window's dates (its own dates and term are
    replaced).

    >>> from graphkit.synthetic import generate
    >>> [label for label, _ in windows(generate(organisations=20, meetings=60, seed=0))][:3]
    ['2015', '2016', '2017']
    """
    if by not in PERIODS:
        raise GraphkitError(f"unknown period {by!r} (known: {', '.join(PERIODS)})")
    base = filters or GraphFilter()
    if by == "term":
        spans = [(label, first, last) for label, (first, last) in TERMS.items()]
    else:
        meetings, _ = select(dataset, base)
        years = sorted(meetings["date"].dropna().dt.year.unique().tolist())
        spans = [(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in years]
    return [
        (label, dataclasses.replace(base, date_from=first, date_to=last, term=None))
        for label, first, last in spans
    ]


THIN_WINDOW = 30
"""A window with fewer meetings than this is thin: its ranks rest on a handful of meetings
(one meeting more or less reorders them), and :func:`thin_windows` names it. Thirty is the usual
rule of thumb below which a sample says little; the bar is a warning, nothing is dropped."""

DIRECTIONS = ("rose", "fell", "new", "gone")


def window_meetings(dataset: Dataset, filters: GraphFilter | None = None) -> int:
    """The meetings in a window: those ``filters`` keeps that have at least one participant.

    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=20, meetings=60, seed=0)
    >>> window_meetings(ds) == ds.participants["meeting_id"].nunique()
    True
    """
    _, participants = select(dataset, filters)
    return int(participants["meeting_id"].nunique())


def thin_windows(meetings: dict[str, int], threshold: int = THIN_WINDOW) -> list[str]:
    """One warning line per window with fewer than ``threshold`` meetings.

    ``meetings`` is a result's ``attrs["meetings"]`` (window label → meetings in it).

    >>> thin_windows({"2019-2024": 47429, "2024-2029": 9})
    ['window 2024-2029 has only 9 meetings (fewer than 30): its ranks rest on too few meetings to say much']
    """
    return [
        f"window {label} has only {count} meeting{'' if count == 1 else 's'} (fewer than {threshold}): "
        "its ranks rest on too few meetings to say much"
        for label, count in meetings.items()
        if count < threshold
    ]


def trend(
    dataset: Dataset,
    measure: str = "degree",
    projection: str = "org-mep",
    *,
    by: str = "year",
    filters: GraphFilter | None = None,
    kinds: tuple[str, ...] | None = ("organisation",),
    top: int | None = 10,
    k: int | None = None,
    seed: int | None = None,
    by_category: bool = False,
) -> pd.DataFrame:
    """A measure in every window, long format: ``window, id, name, kind, <measure>, rank``.

    Ranks are among ``kinds`` within the window; ``top`` keeps each window's first rows. Only
    actors present in a window (in its graph) are ranked there. ``attrs["meetings"]`` holds each
    window's meeting count (:func:`window_meetings`; :func:`thin_windows` names the thin ones).

    With ``by_category``, organisations (whatever ``kinds`` says) are ranked within their
    interest group (:func:`~graphkit.analysis.interest_ranks.rank_within_groups`) in each
    window: the columns are ``window, interest_group, id, name, kind, <measure>, rank`` and
    ``top`` keeps the first rows of each group in each window.

    >>> from graphkit.synthetic import generate
    >>> t = trend(generate(organisations=50, meetings=400, seed=0), "weighted_degree", top=2)
    >>> t.columns.tolist()
    ['window', 'id', 'name', 'kind', 'weighted_degree', 'rank']
    >>> int(t.groupby("window").size().max())
    2
    >>> min(t.attrs["meetings"].values()) > 0
    True
    """
    parts, meetings = [], {}
    for label, window in windows(dataset, by, filters):
        graph = build_graph(dataset, projection, filters=window)
        if graph.number_of_nodes() == 0:
            continue
        meetings[label] = window_meetings(dataset, window)
        frame = centrality(graph, measure, k=k, seed=seed)
        if by_category:
            frame = head_per_group(rank_within_groups(frame, measure), top)
        else:
            frame = _ranked_within(frame, measure, kinds)
            frame = frame.head(top) if top is not None else frame
        parts.append(frame.assign(window=label))
    columns = ["window", *([GROUP] if by_category else []), "id", "name", "kind", measure, "rank"]
    result = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    result.attrs["meetings"] = meetings
    return result


def rank_changes(
    dataset: Dataset,
    measure: str = "degree",
    projection: str = "org-mep",
    *,
    before: GraphFilter,
    after: GraphFilter,
    kinds: tuple[str, ...] | None = ("organisation",),
    top: int | None = 10,
    labels: tuple[str, str] = ("before", "after"),
    by_category: bool = False,
) -> pd.DataFrame:
    """Who rose, who fell, who is new and who is gone between two windows (say the two EP terms).

    Ranks are among ``kinds`` in each window, and only actors present in a window (in its
    graph: at least one meeting there) have a rank there. An actor in one window only has no
    rank (``<NA>``) in the other and no ``change``: it is ``new`` (after only) or ``gone``
    (before only), never ranked as if tied last. ``change`` = rank before − rank after
    (positive: rose); actors whose rank did not move are left out.

    Parameters
    ----------
    dataset
        The canonical dataset.
    measure, projection
        As for :func:`~graphkit.analysis.centrality` and :func:`~graphkit.graph.build_graph`.
    before, after
        The two windows' filters.
    kinds
        Rank only actors of these kinds (None: all).
    top
        Rows kept of each direction (None: all).
    labels
        The windows' names in ``attrs["meetings"]`` (for :func:`thin_windows`).
    by_category
        Rank organisations (whatever ``kinds`` says) within their interest group in each window
        (:func:`~graphkit.analysis.interest_ranks.rank_within_groups`): ranks and change are
        within the group, an ``interest_group`` column follows ``kind``, ``top`` rows are kept
        of each direction in each group, and rows are sorted by group, then direction.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, rank_before, rank_after, change, <measure>_before, <measure>_after,
        direction``: the ``top`` risers (``rose``, largest change first), fallers (``fell``,
        largest drop first), newcomers (``new``, best rank after first) and leavers (``gone``,
        best rank before first). Ranks and change are nullable integers (``Int64``); an absent
        actor's measure is ``NaN``. ``attrs["meetings"]`` maps each label to the meetings in
        that window (:func:`window_meetings`).

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=60, meetings=600, seed=0)
    >>> moves = rank_changes(ds, before=GraphFilter(date_to="2019-12-31"),
    ...                      after=GraphFilter(date_from="2020-01-01"), top=3)
    >>> sorted(set(moves["direction"]))
    ['fell', 'gone', 'new', 'rose']
    >>> bool(moves.loc[moves["direction"] == "new", "rank_before"].isna().all())
    True
    """
    frames, meetings = [], {}
    for label, filters in zip(labels, (before, after), strict=True):
        graph = build_graph(dataset, projection, filters=filters)
        meetings[label] = window_meetings(dataset, filters)
        frame = centrality(graph, measure)
        ranked = rank_within_groups(frame, measure) if by_category else _ranked_within(frame, measure, kinds)
        kept = ["name", "kind", *([GROUP] if by_category else []), measure, "rank"]
        frames.append(ranked.set_index("id")[kept])
    first, second = frames
    joined = first.merge(
        second, left_index=True, right_index=True, how="outer", suffixes=("_before", "_after")
    )
    for side in ("before", "after"):
        joined[f"rank_{side}"] = joined[f"rank_{side}"].astype("Int64")
    joined["name"] = joined["name_after"].fillna(joined["name_before"])
    joined["kind"] = joined["kind_after"].fillna(joined["kind_before"])
    if by_category:
        joined[GROUP] = joined[f"{GROUP}_after"].fillna(joined[f"{GROUP}_before"])
    joined["change"] = joined["rank_before"] - joined["rank_after"]
    joined = joined.rename_axis("id").reset_index()
    columns = [
        "id",
        "name",
        "kind",
        *([GROUP] if by_category else []),
        "rank_before",
        "rank_after",
        "change",
        f"{measure}_before",
        f"{measure}_after",
    ]
    present_before, present_after = joined["rank_before"].notna(), joined["rank_after"].notna()
    both = present_before & present_after
    groups = {
        "rose": joined[both & (joined["change"] > 0)].sort_values(
            ["change", "rank_after"], ascending=[False, True]
        ),
        "fell": joined[both & (joined["change"] < 0)].sort_values(
            ["change", "rank_before"], ascending=[True, True]
        ),
        "new": joined[~present_before].sort_values(["rank_after", "id"]),
        "gone": joined[~present_after].sort_values(["rank_before", "id"]),
    }
    if by_category:
        parts = [
            head_per_group(group, top)[columns].assign(direction=direction)
            for direction, group in groups.items()
        ]
        result = pd.concat(parts, ignore_index=True)
        order = pd.Categorical(result[GROUP], categories=INTEREST_GROUPS, ordered=True).codes
        result = result.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    else:
        parts = [
            (group.head(top) if top is not None else group)[columns].assign(direction=direction)
            for direction, group in groups.items()
        ]
        result = pd.concat(parts, ignore_index=True)
    for column in ("rank_before", "rank_after", "change"):
        result[column] = result[column].astype("Int64")
    result.attrs["meetings"] = meetings
    return result


def _ranked_within(frame: pd.DataFrame, measure: str, kinds: tuple[str, ...] | None) -> pd.DataFrame:
    if kinds:
        frame = frame[frame["kind"].isin(kinds)]
    frame = frame.copy()
    frame["rank"] = frame[measure].rank(method="min", ascending=False).astype(np.int64)
    return frame.sort_values("rank", kind="stable").reset_index(drop=True)
