"""Change over time: per-window measures equal the measure on the window's own graph."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.analysis import centrality, rank_changes, trend, windows
from graphkit.graph import GraphFilter, build_graph
from graphkit.synthetic import generate


@pytest.fixture(scope="module")
def dataset():
    return generate(organisations=400, meetings=3000, seed=8)


def test_years_and_terms():
    ds = generate(organisations=100, meetings=800, seed=1)
    labels = [label for label, _ in windows(ds)]
    assert labels == [str(year) for year in range(2015, 2025)]
    assert [label for label, _ in windows(ds, "term")] == ["2019-2024", "2024-2029"]


def test_each_window_is_the_measure_on_that_windows_graph(dataset):
    frame = trend(dataset, "weighted_degree", "org-mep", top=3)
    assert frame.groupby("window").size().eq(3).all()
    year_2018 = frame[frame["window"] == "2018"]
    graph = build_graph(dataset, "org-mep", filters=GraphFilter(date_from="2018-01-01", date_to="2018-12-31"))
    expected = centrality(graph, "weighted_degree")
    expected = expected[expected["kind"] == "organisation"].head(3)
    assert year_2018["id"].tolist() == expected["id"].tolist()
    assert year_2018["weighted_degree"].tolist() == expected["weighted_degree"].tolist()
    dates = dataset.meetings["date"]
    in_2018 = dataset.participants[
        dataset.participants["meeting_id"].isin(dataset.meetings["id"][dates.dt.year == 2018])
    ]
    top = year_2018["id"].iloc[0]
    meps = in_2018[in_2018["actor_id"].str.startswith("mep:")]
    pairs = in_2018[in_2018["actor_id"] == top].merge(meps, on="meeting_id")  # (meeting, MEP) pairs
    assert year_2018["weighted_degree"].iloc[0] == len(pairs)


def test_rank_changes_agree_with_ranks_in_each_window(dataset):
    before, after = GraphFilter(term="2019-2024"), GraphFilter(date_from="2015-01-01", date_to="2018-12-31")
    moves = rank_changes(dataset, "degree", before=before, after=after, top=5)
    assert list(moves["direction"].unique()) == ["rose", "fell"]
    assert (moves.loc[moves["direction"] == "rose", "change"] > 0).all()
    assert (moves.loc[moves["direction"] == "fell", "change"] < 0).all()
    ranks = {}
    for side, filters in (("before", before), ("after", after)):
        frame = centrality(build_graph(dataset, "org-mep", filters=filters), "degree")
        frame = frame[frame["kind"] == "organisation"]
        ranks[side] = pd.Series(frame["degree"].rank(method="min", ascending=False).to_numpy(), index=frame["id"])
    for row in moves.itertuples():
        assert row.rank_before == ranks["before"].get(row.id, len(ranks["before"]) + 1)
        assert row.rank_after == ranks["after"].get(row.id, len(ranks["after"]) + 1)
        assert row.change == row.rank_before - row.rank_after
