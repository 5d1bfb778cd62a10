"""graphkit gaps: meetings one source reports and another covering the same host and period does
not. Removing meetings from one source must give exactly those meetings back, on hand-built
records and on real rows of the EP export written again in Integrity Watch's layout."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.analysis.gaps import ANOTHER_MEETING, NOT_FOUND, gap_counts, gaps
from graphkit.cli.app import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace

EXPORT = "ep-meetings/ep-export-per-attendee-2019-2024.csv"


def dataset(records: list[tuple[str, str, str, str, tuple[str, ...]]]) -> Dataset:
    """Meetings as ``(id, source, date, host, organisations)``."""
    names = sorted({org for *_, orgs in records for org in orgs})
    hosts = sorted({host for _, _, _, host, _ in records})
    return Dataset.from_records(
        actors=[{"id": f"organisation:{n}", "kind": "organisation", "name": n.title()} for n in names]
        + [{"id": f"mep:{h}", "kind": "mep", "name": h.title()} for h in hosts],
        meetings=[
            {"id": m, "source": s, "date": d, "institution": "EP", "title": m} for m, s, d, _, _ in records
        ],
        participants=[
            row
            for m, _, _, host, orgs in records
            for row in [
                {"meeting_id": m, "actor_id": f"mep:{host}", "role": "host"},
                *({"meeting_id": m, "actor_id": f"organisation:{o}", "role": "attendee"} for o in orgs),
            ]
        ],
    )


# Source x reports ten meetings of MEPs ann and bob in 2021; y reports the same ones as its own
# records, except those REMOVED.
X = [
    (f"x{i}", "x", f"2021-{month:02d}-{day:02d}", host, (org,))
    for i, (month, day, host, org) in enumerate(
        [(1, 5, "ann", "acme"), (1, 6, "ann", "beta"), (2, 1, "ann", "acme"), (2, 9, "bob", "gamma"),
         (3, 3, "bob", "acme"), (3, 4, "ann", "delta"), (4, 1, "bob", "beta"), (4, 2, "bob", "acme"),
         (5, 5, "ann", "gamma"), (6, 30, "ann", "acme")]
    )
]  # fmt: skip
REMOVED = {"x1", "x3", "x6"}
Y = [(f"y{m[1:]}", "y", d, h, o) for m, _, d, h, o in X if m not in REMOVED]


def test_meetings_removed_from_one_source_are_exactly_its_gaps():
    found = gaps(dataset(X + Y), reported_by="x", missing_from="y")
    assert set(found["meeting_id"]) == REMOVED
    assert set(found["gap"]) == {NOT_FOUND}
    assert found.set_index("meeting_id").loc["x3", ["host", "month", "organisations"]].tolist() == [
        "Bob",
        "2021-02",
        "Gamma",
    ]
    summary = found.attrs["summary"].iloc[0]
    assert (summary["reported"], summary["covered"], summary["same_organisation"]) == (10, 10, 7)
    assert summary["no_meeting_that_day"] == 3 and summary["not_covered"] == 0
    # And nothing the other way: y reports nothing x lacks.
    assert gaps(dataset(X + Y), reported_by="y", missing_from="x").empty
    assert graphkit.gaps is gaps  # the top-level name


def test_a_record_resolution_made_of_both_sources_is_the_same_meeting():
    merged = [(m, "x;y", d, h, o) if m == "x0" else (m, s, d, h, o) for m, s, d, h, o in X]
    found = gaps(dataset(merged + [r for r in Y if r[0] != "y0"]), reported_by="x", missing_from="y")
    assert set(found["meeting_id"]) == REMOVED
    assert found.attrs["summary"].loc[0, ["same_record", "same_organisation"]].tolist() == [1, 6]


def test_another_meeting_that_day_with_other_organisations_is_a_gap_of_its_own_kind():
    # y has a meeting of bob on x3's day, with another organisation: not x3, but perhaps it.
    other = ("y-other", "y", X[3][2], "bob", ("delta",))
    found = gaps(dataset(X + Y + [other]), reported_by="x", missing_from="y").set_index("meeting_id")
    assert found.loc["x3", ["gap", "other_meetings_that_day"]].tolist() == [ANOTHER_MEETING, 1]
    assert found.loc[["x1", "x6"], "gap"].tolist() == [NOT_FOUND, NOT_FOUND]
    assert found.attrs["summary"].loc[0, "another_meeting_that_day"] == 1


def test_only_meetings_the_other_source_covers_are_gaps():
    # y's span ends on 2021-05-05 (x9, 30 June, is outside it) and y never names carl.
    outside = [r for r in Y if r[0] != "y9"]
    carl = ("x-carl", "x", "2021-03-10", "carl", ("acme",))
    found = gaps(dataset([*X, carl, *outside]), reported_by="x", missing_from="y")
    assert set(found["meeting_id"]) == REMOVED  # not x9 (after y's span), not carl's
    summary = found.attrs["summary"].iloc[0]
    assert (summary["reported"], summary["not_covered"], summary["covered"]) == (11, 2, 9)


def test_a_profile_page_covers_only_its_own_organisations_meetings():
    # openlobby: acme's own page, with two of acme's meetings (one of them also in x).
    page = [
        ("p1", "openlobby", "2021-01-05", "ann", ("acme",)),
        ("p2", "openlobby", "2021-04-20", "bob", ("acme", "beta")),
    ]
    ds = dataset(X + page)
    ds.meetings["source_ref"] = ds.meetings["id"].map({"p1": "acme.txt:3", "p2": "acme.txt:9"})
    found = gaps(ds, reported_by="x", missing_from="openlobby")
    # In the page's span (5 Jan - 20 Apr) x has acme meetings x2, x4, x7 the page lacks; x0 is
    # on the page; x1 (beta), x5 (delta), x6 (beta) are not acme's: the page does not cover them.
    assert set(found["meeting_id"]) == {"x2", "x4", "x7"}
    assert set(gaps(ds, reported_by="openlobby", missing_from="x")["meeting_id"]) == {"p2"}


def test_counts_per_host_and_month_add_up_to_the_meetings():
    found = gaps(dataset(X + Y + [("y-other", "y", X[3][2], "bob", ("delta",))]), reported_by="x")
    counts = gap_counts(found)
    assert counts["gaps"].sum() == len(found) == 3
    assert counts[["host", "month", "no_meeting", "another_meeting"]].values.tolist() == [
        ["Ann", "2021-01", 1, 0],  # x1
        ["Bob", "2021-02", 0, 1],  # x3, with y-other that day
        ["Bob", "2021-04", 1, 0],  # x6
    ]


def test_an_unknown_source_is_one_clear_error():
    with pytest.raises(GraphkitError, match="no source 'z'"):
        gaps(dataset(X), missing_from="z")


# --- real rows: the EP export, and the same meetings in Integrity Watch's layout, minus some ---


def integrity_watch_rows(export: pd.DataFrame) -> pd.DataFrame:
    """The export's rows as Integrity Watch writes them (its columns, DD-MM-YYYY dates, the MEP
    as "Given SURNAME")."""
    surname = export["member_name"].str.extract(r"^((?:[^a-z]+ )+)")[0].str.strip()
    given = export["member_name"].str.slice(start=0).str.replace(r"^(?:[^a-z]+ )+", "", regex=True)
    return pd.DataFrame(
        {
            "": range(len(export)),
            "committees": "[]",
            "country": export["country"],
            "date": pd.to_datetime(export["meeting_date"]).dt.strftime("%d-%m-%Y"),
            "dossier": "",
            "epid": export["member_id"],
            "group": export["political_group"],
            "lobbyists": export["attendees"],
            "location": "",
            "mep": given + " " + surname,
            "role": export["member_capacity"],
            "title": export["title"],
        }
    )


@pytest.fixture(scope="module")
def removed_from_integrity_watch(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """A workspace of 2021's export rows of five MEPs with one organisation each, and the same
    meetings in Integrity Watch's layout without a few; the rows removed."""
    export = pd.read_csv(shared_data / EXPORT, dtype=str, keep_default_na=False)
    export = export[export["meeting_date"].str.startswith("2021") & ~export["attendees"].str.contains(",")]
    export = export[export["attendees"].str.len() > 3].drop_duplicates(["member_id", "meeting_date"])
    busiest = export["member_id"].value_counts().index[:5]
    export = export[export["member_id"].isin(busiest)].sort_values(["member_id", "meeting_date"])
    # One meeting of each MEP's, not the first or last (Integrity Watch's span stays the same).
    removed = export.groupby("member_id").nth(2)
    folder = tmp_path_factory.mktemp("gaps")
    export.to_csv(folder / "ep-export.csv", index=False)
    integrity_watch_rows(export.drop(index=removed.index)).to_csv(folder / "integritywatch.csv", index=False)
    workspace = Workspace(folder / "ws")
    ingest([folder / "ep-export.csv", folder / "integritywatch.csv"], workspace)
    return workspace, export, removed


def test_real_rows_removed_from_integrity_watch_are_its_gaps(removed_from_integrity_watch):
    workspace, export, removed = removed_from_integrity_watch
    found = gaps(workspace.load(), reported_by="ep_meetings", missing_from="integritywatch_ep")
    assert len(removed) == 5 and len(export) > 40
    assert sorted(zip(found["date"].dt.strftime("%Y-%m-%d"), found["title"], strict=True)) == sorted(
        zip(removed["meeting_date"].str[:10], removed["title"].str.strip(), strict=True)
    )
    assert set(found["gap"]) == {NOT_FOUND}
    summary = found.attrs["summary"].iloc[0]
    assert summary["covered"] == summary["reported"] == len(export)
    assert summary["same_record"] + summary["same_organisation"] == len(export) - len(removed)


def test_cli_gaps_add_up_with_info(removed_from_integrity_watch):
    workspace, export, removed = removed_from_integrity_watch
    where = ["--workspace", str(workspace.path)]
    runner = CliRunner()
    info = json.loads(runner.invoke(main, ["info", "--json", *where]).stdout)
    table = runner.invoke(main, ["gaps", *where])
    assert table.exit_code == 0, table.output
    # Every EP meeting has one MEP: the records each source reports are info's meetings per source.
    for source, meetings in info["sources"].items():
        assert f"{source} → " in table.stdout and f": {meetings:,} reported" in table.stdout
    listed = runner.invoke(main, ["gaps", "--meetings", "--csv", "--top", "0", *where])
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert len(rows) == len(removed) and {r["reported_by"] for r in rows} == {"ep_meetings"}
    per_month = json.loads(runner.invoke(main, ["gaps", "--json", *where]).stdout)
    assert sum(row["gaps"] for row in per_month) == len(removed)
    unknown = runner.invoke(main, ["gaps", "--missing-from", "nowhere", *where])
    assert unknown.exit_code == 1 and "no source 'nowhere'" in unknown.stderr
