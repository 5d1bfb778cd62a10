"""--by category on centrality and trends: organisations ranked within their interest group,
checked by hand on a small dataset with Register categories."""

from __future__ import annotations

import csv
import io

import pandas as pd
from click.testing import CliRunner

from graphkit.analysis import centrality, rank_changes, trend
from graphkit.analysis.interest_ranks import NO_CATEGORY_NOTE
from graphkit.cli import main
from graphkit.graph import GraphFilter, build_graph
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace

COMPANY = "Companies & groups"
NGO = "Non-governmental organisations, platforms and networks and similar"
UNION = "Trade unions and professional associations"
ORGANISATIONS = {
    "co1": COMPANY,
    "co2": COMPANY,
    "co3": COMPANY,
    "ngo1": NGO,
    "ngo2": NGO,
    "tu": UNION,
    "anon": None,
}
# (meeting, date, host MEP, organisation). Meetings per organisation, by hand:
#   2021: co1 2, co2 1 | ngo1 2, ngo2 1 | tu 1 | anon 1
#   2022: co2 2, co3 1 | ngo2 2, ngo1 1 | tu 1
MEETINGS = [
    ("m1", "2021-01-05", "x", "co1"), ("m2", "2021-02-05", "y", "co1"), ("m3", "2021-03-05", "x", "co2"),
    ("m4", "2021-04-05", "x", "ngo1"), ("m5", "2021-05-05", "y", "ngo1"), ("m6", "2021-06-05", "x", "ngo2"),
    ("m7", "2021-07-05", "x", "tu"), ("m8", "2021-08-05", "y", "anon"),
    ("m9", "2022-01-05", "x", "co2"), ("m10", "2022-02-05", "y", "co2"), ("m11", "2022-03-05", "x", "co3"),
    ("m12", "2022-04-05", "x", "ngo2"), ("m13", "2022-05-05", "y", "ngo2"), ("m14", "2022-06-05", "x", "ngo1"),
    ("m15", "2022-07-05", "x", "tu"),
]  # fmt: skip


def dataset(categories: bool = True) -> Dataset:
    actors = [{"id": f"mep:{m}", "kind": "mep", "name": m.upper()} for m in ("x", "y")]
    actors += [
        {"id": f"organisation:{o}", "kind": "organisation", "name": o, "category": c if categories else None}
        for o, c in ORGANISATIONS.items()
    ]
    meetings = [{"id": m, "date": d, "title": m, "institution": "EP"} for m, d, _, _ in MEETINGS]
    participants = []
    for m, _, host, org in MEETINGS:
        participants.append({"meeting_id": m, "actor_id": f"mep:{host}", "role": "host"})
        participants.append({"meeting_id": m, "actor_id": f"organisation:{org}", "role": "attendee"})
    return Dataset.from_records(actors=actors, meetings=meetings, participants=participants)


def rows(frame, *columns):
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def test_centrality_ranks_within_each_interest_group():
    graph = build_graph(dataset(), "org-mep")
    frame = centrality(graph, "weighted_degree", by_category=True)
    # All years: co2 3, co1 2, co3 1 | ngo1 3, ngo2 3 (tied) | tu 2 | anon 1; MEPs have no group.
    assert rows(frame, "interest_group", "name", "weighted_degree", "rank") == [
        ("companies", "co2", 3.0, 1), ("companies", "co1", 2.0, 2), ("companies", "co3", 1.0, 3),
        ("ngos", "ngo1", 3.0, 1), ("ngos", "ngo2", 3.0, 1),
        ("trade_unions", "tu", 2.0, 1),
        ("unknown", "anon", 1.0, 1),
    ]  # fmt: skip
    assert frame.columns.tolist().index("interest_group") == frame.columns.tolist().index("kind") + 1
    # Without it: one ranking over every node (co2 and the NGOs tie first, the MEPs are in it).
    plain = centrality(graph, "weighted_degree")
    assert "interest_group" not in plain and set(plain["kind"]) == {"mep", "organisation"}
    assert plain.set_index("name").loc["co1", "rank"] == 6  # X 10, Y 5, then co2/ngo1/ngo2 3


def test_trend_ranks_within_groups_in_each_window_and_keeps_top_per_group():
    frame = trend(dataset(), "weighted_degree", by_category=True, top=1)
    assert frame.columns.tolist() == [
        "window",
        "interest_group",
        "id",
        "name",
        "kind",
        "weighted_degree",
        "rank",
        "window_meetings",
        "window_sources",
    ]
    assert rows(frame, "window", "interest_group", "name", "rank") == [
        ("2021", "companies", "co1", 1), ("2021", "ngos", "ngo1", 1), ("2021", "trade_unions", "tu", 1),
        ("2021", "unknown", "anon", 1),
        ("2022", "companies", "co2", 1), ("2022", "ngos", "ngo2", 1), ("2022", "trade_unions", "tu", 1),
    ]  # fmt: skip
    full = trend(dataset(), "weighted_degree", by_category=True, top=None)
    ranks = {(w, n): r for w, n, r in rows(full, "window", "name", "rank")}
    assert (ranks["2021", "co2"], ranks["2022", "co3"], ranks["2022", "ngo1"]) == (2, 2, 2)


def test_rank_changes_within_groups():
    moves = rank_changes(
        dataset(), "weighted_degree", before=GraphFilter(date_to="2021-12-31"),
        after=GraphFilter(date_from="2022-01-01"), top=None, by_category=True,
    )  # fmt: skip
    got = {row.name: (row.interest_group, row.rank_before, row.rank_after, row.change, row.direction)
           for row in moves.itertuples()}  # fmt: skip
    # Within companies co2 goes 2 -> 1 (overall it goes 3 -> 1: co1 and ngo1 led 2021).
    assert got["co2"] == ("companies", 2, 1, 1, "rose")
    assert got["ngo2"] == ("ngos", 2, 1, 1, "rose") and got["ngo1"] == ("ngos", 1, 2, -1, "fell")
    assert got["co3"][0] == "companies" and pd.isna(got["co3"][1]) and got["co3"][2:3] == (2,)
    assert got["co3"][4] == "new" and got["co1"][::4] == ("companies", "gone") and pd.isna(got["co1"][2])
    assert got["anon"][::4] == ("unknown", "gone")
    assert "tu" not in got  # rank 1 among trade unions in both years: no move
    assert moves["interest_group"].tolist() == sorted(
        moves["interest_group"], key=["companies", "ngos", "unknown"].index
    )
    overall = rank_changes(
        dataset(), "weighted_degree", before=GraphFilter(date_to="2021-12-31"),
        after=GraphFilter(date_from="2022-01-01"), top=None,
    )  # fmt: skip
    assert overall.set_index("name").loc["co2", "change"] == 2


def invoke(workspace: Workspace, *args: str):
    return CliRunner().invoke(
        main, [*args, "--workspace", str(workspace.path)], env={"NEO4J_URI": "", "COLUMNS": "200"}
    )


def test_cli_by_category(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(dataset())
    result = invoke(
        workspace, "centrality", "--measure", "weighted_degree", "--by", "category", "--top", "2", "--csv"
    )
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["interest_group"], r["name"], r["rank"]) for r in table] == [
        ("companies", "co2", "1"), ("companies", "co1", "2"), ("ngos", "ngo1", "1"), ("ngos", "ngo2", "1"),
        ("trade_unions", "tu", "1"), ("unknown", "anon", "1"),
    ]  # fmt: skip
    result = invoke(
        workspace, "trends", "--measure", "weighted_degree", "--by", "category", "--top", "1", "--csv"
    )
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["window"], r["interest_group"], r["name"]) for r in table][-3:] == [
        ("2022", "companies", "co2"), ("2022", "ngos", "ngo2"), ("2022", "trade_unions", "tu"),
    ]  # fmt: skip
    result = invoke(
        workspace, "trends", "--measure", "weighted_degree", "--by", "category", "--changes", "2021", "2022"
    )
    assert result.exit_code == 0, result.output
    # The title wraps to the terminal's width (80 columns under pytest-xdist): compare words.
    assert "ranked within each interest group" in " ".join(result.stdout.split()) and "ngo1" in result.stdout
    result = invoke(workspace, "trends", "--by", "year", "--by", "term")
    assert result.exit_code == 2 and "one period" in result.output
    result = invoke(workspace, "centrality", "--by", "category", "--kind", "mep")
    assert result.exit_code == 2 and "--kind can only be organisation" in result.output
    result = invoke(workspace, "centrality", "--by", "category", "--store", "neo4j")
    assert result.exit_code == 2 and "--by cannot be used with --store neo4j" in result.output


def test_cli_says_so_when_no_organisation_has_a_category(tmp_path):
    workspace = Workspace(tmp_path / "ws")
    workspace.save(dataset(categories=False))
    for args in (("centrality", "--by", "category"), ("trends", "--by", "category"),
                 ("trends", "--by", "category", "--changes", "2021", "2022")):  # fmt: skip
        result = invoke(workspace, *args)
        assert result.exit_code == 0, result.output
        assert " ".join(result.stdout.split()) == NO_CATEGORY_NOTE, args
