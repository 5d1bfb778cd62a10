"""Change over time: any measure per year or EP term, and who rose, fell, came or went between two
windows. Every result carries each window's meetings and the sources they come from; windows with
too few meetings are named (:data:`THIN_WINDOW`), and two windows one of which holds a small
fraction of the other's meetings are not ranked against each other (:data:`UNEVEN_WINDOWS`)."""

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

UNEVEN_WINDOWS = 0.2
""":func:`rank_changes` refuses two windows when one holds fewer than this fraction of the other's
meetings (unless ``allow_uneven``). Such a pair compares what the sources cover, not lobbying:
with the EP term 2024-2029 filled by one organisation's profile page (9 meetings) against 47,429
meetings of 2019-2024, every organisation missing from that page came out ``gone`` and the page's
own organisation ``rose`` 516 places. A fifth lets through the windows the shared data fills
(2020 against 2021: 11,700 and 12,249 meetings; 2019-2021 against 2022-2024: 29,231 and 18,201)
and stops a window made of a stray source or the last months of one (2024 holds 1,032 EP
meetings against 2023's 7,434, 14 %: the EP export ends in June 2024). Equal counts are not
equal records: :func:`shifted_sources` names the sources whose share moves."""

DIRECTIONS = ("rose", "fell", "new", "gone")


class UnevenWindowsError(GraphkitError):
    """Two windows too unequal in meetings to rank against each other (:data:`UNEVEN_WINDOWS`);
    ``why`` says which and by how much (:func:`uneven_windows`)."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(f"{why} (pass allow_uneven=True to rank them anyway)")


def window_sources(dataset: Dataset, filters: GraphFilter | None = None) -> dict[str, int]:
    """The meetings of a window (as :func:`window_meetings` counts them) per source, largest
    first. A meeting several sources reported (and resolution made one) counts for each.

    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=20, meetings=60, seed=0)
    >>> sum(window_sources(ds).values()) >= window_meetings(ds)
    True
    """
    meetings, participants = select(dataset, filters)
    met = meetings[meetings["id"].isin(participants["meeting_id"])]
    sources = met["source"].fillna("unknown").str.split(";").explode()
    counts = sources.value_counts()
    counts = counts.iloc[np.lexsort((counts.index.to_numpy(dtype=str), -counts.to_numpy()))]
    return {str(source): int(count) for source, count in counts.items()}


def sources_text(sources: dict[str, int]) -> str:
    """A window's sources in one cell, largest first.

    >>> sources_text({"integritywatch_ep": 22384, "ec_meetings": 6375})
    'integritywatch_ep 22,384; ec_meetings 6,375'
    """
    return "; ".join(f"{source} {count:,}" for source, count in sources.items()) or "none"


def uneven_windows(meetings: dict[str, int], fraction: float = UNEVEN_WINDOWS) -> str | None:
    """Why two windows cannot be ranked against each other, or None when they can.

    ``meetings`` is window label → meetings in it (a result's ``attrs["meetings"]``).

    >>> uneven_windows({"2019-2024": 47429, "2024-2029": 9})
    'window 2024-2029 holds 9 meetings, 0.02% of the 47,429 of window 2019-2024 (under 20%): its ranks would compare what the sources cover, not lobbying'
    >>> uneven_windows({"2020": 11757, "2021": 12349}) is None
    True
    """
    (small_label, small), (large_label, large) = sorted(meetings.items(), key=lambda item: item[1])
    if large == 0 or small >= fraction * large:
        return None
    return (
        f"window {small_label} holds {small:,} meeting{'' if small == 1 else 's'}, {small / large:.2%} of the "
        f"{large:,} of window {large_label} (under {fraction:.0%}): its ranks would compare what the "
        "sources cover, not lobbying"
    )


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
    actors present in a window (in its graph) are ranked there. Each row also carries its
    window's ``window_meetings`` (:func:`window_meetings`) and ``window_sources``
    (:func:`window_sources`, as :func:`sources_text` writes them), so no table of ranks travels
    without what they rest on; ``attrs["meetings"]`` and ``attrs["sources"]`` hold the same per
    window label (:func:`thin_windows` names the thin ones).

    With ``by_category``, organisations (whatever ``kinds`` says) are ranked within their
    interest group (:func:`~graphkit.analysis.interest_ranks.rank_within_groups`) in each
    window: the columns are ``window, interest_group, id, name, kind, <measure>, rank`` and
    ``top`` keeps the first rows of each group in each window.

    >>> from graphkit.synthetic import generate
    >>> t = trend(generate(organisations=50, meetings=400, seed=0), "weighted_degree", top=2)
    >>> t.columns.tolist()
    ['window', 'id', 'name', 'kind', 'weighted_degree', 'rank', 'window_meetings', 'window_sources']
    >>> int(t.groupby("window").size().max())
    2
    >>> min(t.attrs["meetings"].values()) > 0
    True
    """
    parts, meetings, sources = [], {}, {}
    for label, window in windows(dataset, by, filters):
        graph = build_graph(dataset, projection, filters=window)
        if graph.number_of_nodes() == 0:
            continue
        meetings[label] = window_meetings(dataset, window)
        sources[label] = window_sources(dataset, window)
        frame = centrality(graph, measure, k=k, seed=seed)
        if by_category:
            frame = head_per_group(rank_within_groups(frame, measure), top)
        else:
            frame = _ranked_within(frame, measure, kinds)
            frame = frame.head(top) if top is not None else frame
        parts.append(frame.assign(window=label))
    columns = ["window", *([GROUP] if by_category else []), "id", "name", "kind", measure, "rank"]
    result = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    result["window_meetings"] = result["window"].map(meetings).astype("Int64")
    result["window_sources"] = result["window"].map({label: sources_text(s) for label, s in sources.items()})
    result.attrs["meetings"] = meetings
    result.attrs["sources"] = sources
    return result


def shifted_sources(
    meetings: dict[str, int], sources: dict[str, dict[str, int]], fraction: float = UNEVEN_WINDOWS
) -> list[str]:
    """One warning line per source that reports at least ``fraction`` of one window's meetings
    and under ``fraction`` of that share in another: the windows rest on different records, so
    a change between them may be the sources' (one lists every meeting, the other only those
    linked to a legislative procedure), not the lobbying's. Nothing is refused for it.

    ``meetings`` and ``sources`` are a result's ``attrs["meetings"]`` and ``attrs["sources"]``.

    >>> for line in shifted_sources({"2019-2021": 29231, "2022-2024": 18201},
    ...         {"2019-2021": {"integritywatch_ep": 22384, "ep_meetings": 629},
    ...          "2022-2024": {"integritywatch_ep": 653, "ep_meetings": 12868}}):
    ...     print(line)
    source integritywatch_ep reports 77% of the meetings of window 2019-2021 but 4% of those of window 2022-2024: a change between them may come from the sources, not from lobbying
    source ep_meetings reports 71% of the meetings of window 2022-2024 but 2% of those of window 2019-2021: a change between them may come from the sources, not from lobbying
    """
    lines = []
    named = sorted({source for counts in sources.values() for source in counts})
    for source in sorted(named, key=lambda name: -max(counts.get(name, 0) for counts in sources.values())):
        shares = {
            label: sources.get(label, {}).get(source, 0) / count for label, count in meetings.items() if count
        }
        if len(shares) < 2:
            continue
        (low_label, low), (high_label, high) = (
            min(shares.items(), key=lambda i: i[1]),
            max(shares.items(), key=lambda i: i[1]),
        )
        if high >= fraction and low < fraction * high:
            lines.append(
                f"source {source} reports {high:.0%} of the meetings of window {high_label} but {low:.0%} "
                f"of those of window {low_label}: a change between them may come from the sources, not from lobbying"
            )
    return lines


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
    allow_uneven: bool = False,
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
    allow_uneven
        Rank even when one window holds fewer than :data:`UNEVEN_WINDOWS` of the other's
        meetings (otherwise :class:`UnevenWindowsError`, before anything is measured).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, rank_before, rank_after, change, <measure>_before, <measure>_after,
        direction``: the ``top`` risers (``rose``, largest change first), fallers (``fell``,
        largest drop first), newcomers (``new``, best rank after first) and leavers (``gone``,
        best rank before first). Ranks and change are nullable integers (``Int64``); an absent
        actor's measure is ``NaN``. Every row also carries what the windows rest on:
        ``meetings_before, meetings_after`` (:func:`window_meetings`) and ``sources_before,
        sources_after`` (:func:`window_sources` as :func:`sources_text` writes them);
        ``attrs["meetings"]`` and ``attrs["sources"]`` hold the same by label.

    Raises
    ------
    UnevenWindowsError
        One window holds fewer than :data:`UNEVEN_WINDOWS` of the other's meetings, and not
        ``allow_uneven``.

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
    >>> rank_changes(ds, before=GraphFilter(date_to="2015-01-31"), after=GraphFilter(date_from="2015-02-01"))
    Traceback (most recent call last):
    ...
    graphkit.analysis.trends.UnevenWindowsError: window before holds 4 meetings, 0.67% of the 596 of window after (under 20%): its ranks would compare what the sources cover, not lobbying (pass allow_uneven=True to rank them anyway)
    """
    pairs = list(zip(labels, (before, after), strict=True))
    meetings = {label: window_meetings(dataset, filters) for label, filters in pairs}
    sources = {label: window_sources(dataset, filters) for label, filters in pairs}
    why = uneven_windows(meetings)
    if why and not allow_uneven:
        raise UnevenWindowsError(why)
    frames = []
    for _label, filters in pairs:
        graph = build_graph(dataset, projection, filters=filters)
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
    for side, label in zip(("before", "after"), labels, strict=True):
        result[f"meetings_{side}"] = pd.Series(meetings[label], index=result.index, dtype="Int64")
        result[f"sources_{side}"] = sources_text(sources[label])
    result.attrs["meetings"] = meetings
    result.attrs["sources"] = sources
    return result


def _ranked_within(frame: pd.DataFrame, measure: str, kinds: tuple[str, ...] | None) -> pd.DataFrame:
    if kinds:
        frame = frame[frame["kind"].isin(kinds)]
    frame = frame.copy()
    frame["rank"] = frame[measure].rank(method="min", ascending=False).astype(np.int64)
    return frame.sort_values("rank", kind="stable").reset_index(drop=True)
