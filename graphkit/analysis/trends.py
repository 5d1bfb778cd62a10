"""Change over time: any measure per year or EP term, and who rose or fell between two windows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from graphkit.analysis.centrality import centrality
from graphkit.errors import GraphkitError
from graphkit.graph.build import build_graph
from graphkit.graph.filters import TERMS, GraphFilter, select
from graphkit.model.tables import Dataset

PERIODS = ("year", "term")


def windows(dataset: Dataset, by: str = "year", filters: GraphFilter | None = None) -> list[tuple[str, GraphFilter]]:
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
    return [(label, dataclasses.replace(base, date_from=first, date_to=last, term=None)) for label, first, last in spans]


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
) -> pd.DataFrame:
    """A measure in every window, long format: ``window, id, name, kind, <measure>, rank``.

    Ranks are among ``kinds`` within the window; ``top`` keeps each window's first rows.

    >>> from graphkit.synthetic import generate
    >>> t = trend(generate(organisations=50, meetings=400, seed=0), "weighted_degree", top=2)
    >>> t.columns.tolist()
    ['window', 'id', 'name', 'kind', 'weighted_degree', 'rank']
    >>> int(t.groupby("window").size().max())
    2
    """
    parts = []
    for label, window in windows(dataset, by, filters):
        graph = build_graph(dataset, projection, filters=window)
        if graph.number_of_nodes() == 0:
            continue
        frame = _ranked_within(centrality(graph, measure, k=k, seed=seed), measure, kinds)
        frame = frame.head(top) if top is not None else frame
        parts.append(frame.assign(window=label))
    columns = ["window", "id", "name", "kind", measure, "rank"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def rank_changes(
    dataset: Dataset,
    measure: str = "degree",
    projection: str = "org-mep",
    *,
    before: GraphFilter,
    after: GraphFilter,
    kinds: tuple[str, ...] | None = ("organisation",),
    top: int | None = 10,
) -> pd.DataFrame:
    """Who rose and who fell between two windows (for example the two EP terms).

    Ranks are among ``kinds`` in each window; an actor absent from a window ranks just below
    the last one there. ``change`` = rank before − rank after (positive: rose).

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, rank_before, rank_after, change, <measure>_before, <measure>_after,
        direction`` with the ``top`` risers (``direction`` "rose", largest change first) then
        the ``top`` fallers.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=60, meetings=600, seed=0)
    >>> moves = rank_changes(ds, before=GraphFilter(date_to="2019-12-31"),
    ...                      after=GraphFilter(date_from="2020-01-01"), top=3)
    >>> sorted(set(moves["direction"]))
    ['fell', 'rose']
    """
    frames = []
    for filters in (before, after):
        graph = build_graph(dataset, projection, filters=filters)
        ranked = _ranked_within(centrality(graph, measure), measure, kinds)
        frames.append(ranked.set_index("id")[["name", "kind", measure, "rank"]])
    first, second = frames
    joined = first.merge(second, left_index=True, right_index=True, how="outer", suffixes=("_before", "_after"))
    for side, frame in (("before", first), ("after", second)):
        joined[f"rank_{side}"] = joined[f"rank_{side}"].fillna(len(frame) + 1).astype(np.int64)
        joined[f"{measure}_{side}"] = joined[f"{measure}_{side}"].fillna(0.0)
    joined["name"] = joined["name_after"].fillna(joined["name_before"])
    joined["kind"] = joined["kind_after"].fillna(joined["kind_before"])
    joined["change"] = joined["rank_before"] - joined["rank_after"]
    joined = joined.reset_index().rename(columns={"index": "id"})
    columns = ["id", "name", "kind", "rank_before", "rank_after", "change", f"{measure}_before", f"{measure}_after"]
    rose = joined[joined["change"] > 0].sort_values(["change", "rank_after"], ascending=[False, True])
    fell = joined[joined["change"] < 0].sort_values(["change", "rank_before"], ascending=[True, True])
    if top is not None:
        rose, fell = rose.head(top), fell.head(top)
    return pd.concat(
        [rose[columns].assign(direction="rose"), fell[columns].assign(direction="fell")], ignore_index=True
    )


def _ranked_within(frame: pd.DataFrame, measure: str, kinds: tuple[str, ...] | None) -> pd.DataFrame:
    if kinds:
        frame = frame[frame["kind"].isin(kinds)]
    frame = frame.copy()
    frame["rank"] = frame[measure].rank(method="min", ascending=False).astype(np.int64)
    return frame.sort_values("rank", kind="stable").reset_index(drop=True)
