"""Change over time: per-window measures equal the measure on the window's own graph."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.analysis import (
    THIN_WINDOW,
    UNEVEN_WINDOWS,
    UnevenWindowsError,
    centrality,
    rank_changes,
    thin_windows,
    trend,
    uneven_windows,
    window_meetings,
    window_sources,
    windows,
)
from graphkit.cli.app import main
from graphkit.graph import GraphFilter, build_graph
from graphkit.model.tables import Dataset
from graphkit.synthetic import generate
from graphkit.workspace import Workspace


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
    assert list(moves["direction"].unique()) == ["rose", "fell", "new", "gone"]
    assert (moves.loc[moves["direction"] == "rose", "change"] > 0).all()
    assert (moves.loc[moves["direction"] == "fell", "change"] < 0).all()
    ranks = {}
    for side, filters in (("before", before), ("after", after)):
        frame = centrality(build_graph(dataset, "org-mep", filters=filters), "degree")
        frame = frame[frame["kind"] == "organisation"]
        ranks[side] = pd.Series(
            frame["degree"].rank(method="min", ascending=False).to_numpy(), index=frame["id"]
        )
    for row in moves.itertuples():
        for side in ("before", "after"):
            rank = getattr(row, f"rank_{side}")
            assert (row.id not in ranks[side]) if pd.isna(rank) else rank == ranks[side][row.id]
        if row.direction in ("rose", "fell"):
            assert row.change == row.rank_before - row.rank_after
        else:
            assert pd.isna(row.change)
            assert pd.isna(row.rank_before if row.direction == "new" else row.rank_after)


# --- honest changes, on a dataset counted by hand ---------------------------------------------

# Meetings with MEP a: (year, organisation, meetings). Before (2020): Alpha 4, Beta 3, Gamma 2,
# Delta 1 (ranks 1-4). After (2023): Gamma 3, Alpha 2, Eps 2 (ranks 1, 2, 2); Beta and Delta
# met no one.
MEETINGS_BY_YEAR = [
    (2020, "Alpha", 4), (2020, "Beta", 3), (2020, "Gamma", 2), (2020, "Delta", 1),
    (2023, "Gamma", 3), (2023, "Alpha", 2), (2023, "Eps", 2),
]  # fmt: skip
BEFORE, AFTER = GraphFilter(date_from="2020-01-01", date_to="2020-12-31"), GraphFilter(date_from="2023-01-01")


def two_years() -> Dataset:
    names = sorted({name for _, name, _ in MEETINGS_BY_YEAR})
    meetings, participants = [], []
    for year, name, count in MEETINGS_BY_YEAR:
        for n in range(count):
            meeting = f"m-{year}-{name}-{n}"
            meetings.append(
                {"id": meeting, "date": f"{year}-03-{n + 1:02d}", "institution": "EP", "title": meeting}
            )
            participants += [
                {"meeting_id": meeting, "actor_id": f"organisation:{name}", "role": "attendee"},
                {"meeting_id": meeting, "actor_id": "mep:a", "role": "host"},
            ]
    return Dataset.from_records(
        actors=[{"id": f"organisation:{name}", "kind": "organisation", "name": name} for name in names]
        + [{"id": "mep:a", "kind": "mep", "name": "A"}],
        meetings=meetings,
        participants=participants,
    )


def test_absent_actors_have_no_rank_and_are_new_or_gone_not_rose_or_fell():
    moves = rank_changes(two_years(), "weighted_degree", before=BEFORE, after=AFTER, top=None).set_index(
        "name"
    )
    assert moves.loc["Gamma", ["rank_before", "rank_after", "change", "direction"]].tolist() == [
        3,
        1,
        2,
        "rose",
    ]
    assert moves.loc["Alpha", ["rank_before", "rank_after", "change", "direction"]].tolist() == [
        1,
        2,
        -1,
        "fell",
    ]
    assert moves.loc["Eps", "direction"] == "new" and moves.loc["Eps", "rank_after"] == 2
    assert moves.loc["Eps", ["rank_before", "change", "weighted_degree_before"]].isna().all()
    assert moves.loc[["Beta", "Delta"], "direction"].tolist() == ["gone", "gone"]  # best rank before first
    assert moves.loc[["Beta", "Delta"], "rank_before"].tolist() == [2, 4]
    assert moves.loc[["Beta", "Delta"], ["rank_after", "change"]].isna().all().all()
    assert moves["direction"].tolist() == ["rose", "fell", "new", "gone", "gone"]
    assert moves["rank_before"].dtype == "Int64" and moves["change"].dtype == "Int64"


def test_each_direction_keeps_its_top_rows():
    moves = rank_changes(two_years(), "weighted_degree", before=BEFORE, after=AFTER, top=1)
    assert moves["direction"].tolist() == ["rose", "fell", "new", "gone"]
    assert moves.loc[moves["direction"] == "gone", "name"].tolist() == ["Beta"]


def test_thin_windows_are_named_with_their_meeting_counts():
    dataset = two_years()
    moves = rank_changes(dataset, "degree", before=BEFORE, after=AFTER, labels=("2020", "2023"))
    assert moves.attrs["meetings"] == {"2020": 10, "2023": 7}  # 4 + 3 + 2 + 1 and 3 + 2 + 2
    assert window_meetings(dataset, AFTER) == 7
    assert thin_windows(moves.attrs["meetings"], threshold=8) == [
        "window 2023 has only 7 meetings (fewer than 8): its ranks rest on too few meetings to say much"
    ]
    assert thin_windows(moves.attrs["meetings"], threshold=7) == []
    assert len(thin_windows(moves.attrs["meetings"])) == 2 == THIN_WINDOW // 15  # both under 30
    per_year = trend(dataset, "weighted_degree", top=None)
    assert per_year.attrs["meetings"] == {"2020": 10, "2023": 7}  # years without meetings: no window
    assert per_year.groupby("window").size().to_dict() == {"2020": 4, "2023": 3}  # only those present


def test_cli_changes_warn_of_a_thin_window_and_leave_absent_ranks_empty(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(two_years())
    result = CliRunner().invoke(
        main, ["trends", "--measure", "weighted_degree", "--changes", "2020", "2023", "--csv",
               "--workspace", str(workspace.path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (
        rows["Beta"]["direction"] == "gone"
        and rows["Beta"]["rank_after"] == ""
        and rows["Beta"]["change"] == ""
    )
    assert rows["Eps"]["direction"] == "new" and rows["Eps"]["rank_before"] == ""
    assert "warning: window 2020 has only 10 meetings (fewer than 30)" in result.stderr
    assert "warning: window 2023 has only 7 meetings (fewer than 30)" in result.stderr
    table = CliRunner().invoke(
        main,
        [
            "trends",
            "--measure",
            "weighted_degree",
            "--changes",
            "2020",
            "2023",
            "--workspace",
            str(workspace.path),
        ],
    )
    assert "<NA>" not in table.stdout and "gone" in table.stdout


# --- windows that cannot be compared say so ---------------------------------------------------


def sourced(rows: list[tuple[int, str, int]], sources: dict[int, str]) -> Dataset:
    """Meetings with MEP a as ``(year, organisation, meetings)`` rows, each year's meetings from
    the source ``sources`` names for it."""
    meetings, participants = [], []
    for year, name, count in rows:
        for n in range(count):
            meeting = f"m-{year}-{name}-{n}"
            meetings.append(
                {
                    "id": meeting,
                    "date": f"{year}-03-{n + 1:02d}",
                    "institution": "EP",
                    "source": sources[year],
                }
            )
            participants += [
                {"meeting_id": meeting, "actor_id": f"organisation:{name}", "role": "attendee"},
                {"meeting_id": meeting, "actor_id": "mep:a", "role": "host"},
            ]
    names = sorted({name for _, name, _ in rows})
    return Dataset.from_records(
        actors=[{"id": f"organisation:{name}", "kind": "organisation", "name": name} for name in names]
        + [{"id": "mep:a", "kind": "mep", "name": "A"}],
        meetings=meetings,
        participants=participants,
    )


# 2020: 10 meetings from Integrity Watch; 2023: 1 meeting, from a profile page (10 % of 2020's).
UNEVEN = [(2020, "Alpha", 4), (2020, "Beta", 3), (2020, "Gamma", 3), (2023, "Gamma", 1)]
UNEVEN_SOURCES = {2020: "integritywatch_ep", 2023: "openlobby"}


def test_rank_changes_refuse_a_window_with_a_small_fraction_of_the_others_meetings():
    dataset = sourced(UNEVEN, UNEVEN_SOURCES)
    with pytest.raises(UnevenWindowsError) as refused:
        rank_changes(dataset, "degree", before=BEFORE, after=AFTER, labels=("2020", "2023"))
    assert refused.value.why.startswith("window 2023 holds 1 meeting, 10.00% of the 10 of window 2020")
    assert isinstance(refused.value, graphkit.UnevenWindowsError)  # exported where users look
    moves = rank_changes(
        dataset, "degree", before=BEFORE, after=AFTER, labels=("2020", "2023"), allow_uneven=True
    )
    assert moves.attrs["meetings"] == {"2020": 10, "2023": 1}
    assert moves.attrs["sources"] == {"2020": {"integritywatch_ep": 10}, "2023": {"openlobby": 1}}
    assert set(moves["meetings_before"]) == {10} and set(moves["meetings_after"]) == {1}
    assert set(moves["sources_before"]) == {"integritywatch_ep 10"} and set(moves["sources_after"]) == {
        "openlobby 1"
    }
    # Just at the bar: 2 meetings against 10 is a fifth, ranked without asking.
    even = sourced([*UNEVEN, (2023, "Alpha", 1)], UNEVEN_SOURCES)
    assert uneven_windows({"2020": 10, "2023": 2}) is None
    assert rank_changes(even, "degree", before=BEFORE, after=AFTER)["meetings_after"].iloc[0] == 2
    assert UNEVEN_WINDOWS == 0.2


def test_trend_rows_carry_their_windows_meetings_and_sources():
    dataset = sourced([*UNEVEN, (2023, "Alpha", 1)], {2020: "integritywatch_ep", 2023: "ep_meetings"})
    frame = trend(dataset, "degree", top=None)
    by_window = frame.drop_duplicates("window").set_index("window")
    assert by_window["window_meetings"].to_dict() == {"2020": 10, "2023": 2}
    assert by_window["window_sources"].to_dict() == {"2020": "integritywatch_ep 10", "2023": "ep_meetings 2"}
    assert window_sources(dataset, BEFORE) == {"integritywatch_ep": 10}


def test_a_meeting_several_sources_report_counts_for_each():
    dataset = sourced(UNEVEN, UNEVEN_SOURCES)
    meetings = dataset.meetings.copy()
    meetings.loc[meetings["id"] == "m-2020-Alpha-0", "source"] = "ep_meetings;integritywatch_ep"
    dataset = Dataset.from_frames(
        {"meetings": meetings, "participants": dataset.participants, "actors": dataset.actors}
    )
    assert window_sources(dataset, BEFORE) == {"integritywatch_ep": 10, "ep_meetings": 1}
    assert window_meetings(dataset, BEFORE) == 10


def invoke_trends(workspace: Workspace, *args: str):
    return CliRunner().invoke(main, ["trends", *args, "--workspace", str(workspace.path)])


def test_cli_refuses_uneven_windows_in_one_line_unless_allowed(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(sourced(UNEVEN, UNEVEN_SOURCES))
    refused = invoke_trends(workspace, "--changes", "2020", "2023", "--csv")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "window 2023 holds 1 meeting, 10.00% of the 10 of window 2020" in refused.stderr
    assert "--allow-uneven" in refused.stderr
    allowed = invoke_trends(workspace, "--changes", "2020", "2023", "--allow-uneven", "--csv")
    assert allowed.exit_code == 0, allowed.output
    rows = list(csv.DictReader(io.StringIO(allowed.stdout)))
    assert {
        (r["meetings_before"], r["sources_before"], r["meetings_after"], r["sources_after"]) for r in rows
    } == {("10", "integritywatch_ep 10", "1", "openlobby 1")}
    as_json = json.loads(
        invoke_trends(workspace, "--changes", "2020", "2023", "--allow-uneven", "--json").stdout
    )
    assert {(r["meetings_before"], r["meetings_after"]) for r in as_json} == {(10, 1)}
    # Both sources change between the windows: each is named on stderr.
    assert "source integritywatch_ep reports 100% of the meetings of window 2020 but 0%" in allowed.stderr
    assert "source openlobby reports 100% of the meetings of window 2023 but 0%" in allowed.stderr
    table = invoke_trends(workspace, "--changes", "2020", "2023", "--allow-uneven")
    assert "Windows: meetings and their sources" in table.stdout
    assert "integritywatch_ep 10" in table.stdout and "openlobby 1" in table.stdout
    per_year = json.loads(invoke_trends(workspace, "--json").stdout)
    assert {(r["window"], r["window_meetings"], r["window_sources"]) for r in per_year} == {
        ("2020", 10, "integritywatch_ep 10"),
        ("2023", 1, "openlobby 1"),
    }


def test_cli_windows_may_span_years(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(sourced([*UNEVEN, (2021, "Alpha", 9)], {**UNEVEN_SOURCES, 2021: "ep_meetings"}))
    result = invoke_trends(workspace, "--changes", "2020", "2021-2023", "--json")
    assert result.exit_code == 0, result.output
    assert {(r["meetings_before"], r["meetings_after"]) for r in json.loads(result.stdout)} == {(10, 10)}
    wrong = invoke_trends(workspace, "--changes", "2023-2021", "2024")
    assert wrong.exit_code == 2 and "span of years" in wrong.stderr
