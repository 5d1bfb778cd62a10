"""graphkit.analysis.diff and graphkit diff: what changed between two workspaces.

The real-data fixtures are two small files in the EP export's layout, cut from
../shared/data/ep-meetings/ep-export-per-attendee-2019-2024.csv: OLD holds 2021-01..03, NEW the
same rows plus April 2021. What the diff should find is computed here from the raw rows with
pandas, not from graphkit's tables.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit import diff
from graphkit.analysis.diff import Diff, noise
from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.model.procedures import references
from graphkit.model.tables import Dataset
from graphkit.reports.diff_page import diff_html
from graphkit.sources.entries import mep_display_name
from graphkit.workspace import Workspace

EXPORT = "ep-meetings/ep-export-per-attendee-2019-2024.csv"
BASE = ("2021-01-01", "2021-03-31")
EXTRA_MONTH = "2021-04"
# The export's meeting: its per-attendee rows share these (graphkit.sources.ep_meetings).
MEETING_KEY = ["title", "member_name", "meeting_date", "member_capacity", "procedure_reference"]


def key(name: str) -> str:
    """A name folded for comparing raw spellings with resolved ones: an acronym in brackets at
    the end (``European Digital Rights (EDRi)``), case, spaces and punctuation dropped."""
    return re.sub(r"\W+", "", re.sub(r"\s*\([^()]*\)\s*$", "", name).casefold())


@dataclasses.dataclass
class Fixture:
    base: pd.DataFrame
    extra: pd.DataFrame
    old: Path
    same: Path
    new: Path


@pytest.fixture(scope="module")
def fixture(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    rows = pd.read_csv(shared_data / EXPORT, dtype=str, keep_default_na=False)
    base = rows[rows["meeting_date"].between(*BASE)]
    extra = rows[rows["meeting_date"].str.startswith(EXTRA_MONTH)]
    assert len(base) > 50 and len(extra) > 30  # the cut still holds real meetings
    folder = tmp_path_factory.mktemp("diff")
    base.to_csv(folder / "ep-base.csv", index=False)
    pd.concat([base, extra]).to_csv(folder / "ep-more.csv", index=False)
    ingest([folder / "ep-base.csv"], Workspace(folder / "old"))
    ingest([folder / "ep-base.csv"], Workspace(folder / "same"))
    ingest([folder / "ep-more.csv"], Workspace(folder / "new"))
    return Fixture(base, extra, folder / "old", folder / "same", folder / "new")


@pytest.fixture(scope="module")
def changes(fixture: Fixture) -> Diff:
    return diff(Workspace(fixture.old).load(), Workspace(fixture.new).load())


def organisation_keys(fixture: Fixture) -> set[str]:
    """The organisations of NEW (resolution decides which attendees are organisations), as keys;
    each one a raw attendee spelling folded, so the raw rows can be compared with the diff."""
    actors = Workspace(fixture.new).load().actors
    keys = {key(name) for name in actors.loc[actors["kind"] == "organisation", "name"]}
    raw = {key(name) for name in pd.concat([fixture.base, fixture.extra])["attendees"]}
    assert keys <= raw, keys - raw  # no resolved name the raw rows do not spell
    return keys


def raw_ties(rows: pd.DataFrame, organisations: set[str]) -> set[tuple[str, str]]:
    pairs = {
        (key(a), key(mep_display_name(m)))
        for a, m in zip(rows["attendees"], rows["member_name"], strict=True)
    }
    return {pair for pair in pairs if pair[0] in organisations}


def raw_co_attendance(rows: pd.DataFrame, organisations: set[str]) -> set[tuple[str, str]]:
    rows = rows.assign(org=rows["attendees"].map(key))
    rows = rows[rows["org"].isin(organisations)]
    return {
        pair for _, group in rows.groupby(MEETING_KEY) for pair in combinations(sorted(set(group["org"])), 2)
    }


def raw_file_people(rows: pd.DataFrame, organisations: set[str]) -> set[tuple[str, str]]:
    people = set()
    for cell, attendee, member in zip(
        rows["procedure_reference"], rows["attendees"], rows["member_name"], strict=True
    ):
        for reference in references(cell):
            if key(attendee) in organisations:
                people.add((reference, key(attendee)))
            people.add((reference, key(mep_display_name(member))))
    return people


def test_re_ingesting_the_same_data_changes_nothing(fixture: Fixture) -> None:
    changes = diff(Workspace(fixture.old).load(), Workspace(fixture.same).load())
    assert changes.is_empty(), changes.counts()
    result = CliRunner().invoke(main, ["diff", str(fixture.old), str(fixture.same)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "nothing changed"


def test_one_more_month_gives_exactly_its_new_meetings(fixture: Fixture, changes: Diff) -> None:
    new = Workspace(fixture.new).load().meetings
    in_month = new.loc[new["date"].dt.strftime("%Y-%m") == EXTRA_MONTH, "id"]
    assert set(changes.meetings["id"]) == set(in_month)
    assert len(changes.meetings) == len(fixture.extra.drop_duplicates(MEETING_KEY))


def test_one_more_month_gives_exactly_its_new_ties(fixture: Fixture, changes: Diff) -> None:
    organisations = organisation_keys(fixture)
    expected = raw_ties(fixture.extra, organisations) - raw_ties(fixture.base, organisations)
    found = {
        (key(o), key(c))
        for o, c in zip(changes.ties["organisation"], changes.ties["counterpart"], strict=True)
    }
    assert expected and found == expected
    assert (changes.ties["first"].dt.strftime("%Y-%m") == EXTRA_MONTH).all()
    assert (changes.ties["new_meetings"] == changes.ties["meetings"]).all()


def test_one_more_month_gives_exactly_its_new_co_attendance(fixture: Fixture, changes: Diff) -> None:
    organisations = organisation_keys(fixture)
    expected = raw_co_attendance(fixture.extra, organisations) - raw_co_attendance(
        fixture.base, organisations
    )
    found = {
        tuple(sorted((key(a), key(b))))
        for a, b in zip(changes.co_attendance["organisation"], changes.co_attendance["other"], strict=True)
    }
    assert expected and found == expected


def test_one_more_month_gives_exactly_its_file_entrants(fixture: Fixture, changes: Diff) -> None:
    organisations = organisation_keys(fixture)
    expected = raw_file_people(fixture.extra, organisations) - raw_file_people(fixture.base, organisations)
    entrants = changes.file_entrants[changes.file_entrants["kind"].isin(["organisation", "mep"])]
    found = set(zip(entrants["reference"], entrants["name"].map(key), strict=True))
    assert expected and found == expected


def test_new_actors_are_those_the_month_brings(fixture: Fixture, changes: Diff) -> None:
    organisations = organisation_keys(fixture)

    def people(rows: pd.DataFrame) -> set[str]:
        return {key(a) for a in rows["attendees"] if key(a) in organisations} | {
            key(mep_display_name(m)) for m in rows["member_name"]
        }

    new = changes.actors[changes.actors["kind"].isin(["organisation", "mep"])]
    assert set(new["name"].map(key)) == people(fixture.extra) - people(fixture.base)


def test_cli_prints_the_changes_as_csv_json_and_an_offline_page(
    fixture: Fixture, changes: Diff, tmp_path: Path
) -> None:
    runner = CliRunner()
    args = ["diff", str(fixture.old), str(fixture.new)]
    as_json = runner.invoke(main, [*args, "--json"])
    assert as_json.exit_code == 0, as_json.output
    records = json.loads(as_json.output)
    assert {name: sum(r["change"] == name for r in records) for name in changes.counts()} == changes.counts()
    ties = runner.invoke(main, [*args, "--section", "ties", "--csv"])
    assert ties.exit_code == 0, ties.output
    assert len(pd.read_csv(io.StringIO(ties.output))) == len(changes.ties)
    page = tmp_path / "changes.html"
    shown = runner.invoke(main, [*args, "--html", str(page), "--top", "5"])
    assert shown.exit_code == 0, shown.output
    assert "new organisation–MEP/official ties" in shown.output
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "<script" not in html
    assert f"{len(changes.ties)} (5 shown)" in html


def _dataset(meetings: dict[str, int]) -> Dataset:
    """Organisations meeting one MEP: ``meetings`` per organisation id, one meeting each."""
    rows, participants = [], []
    for org, count in meetings.items():
        for i in range(count):
            rows.append(
                {"id": f"m-{org}-{i}", "date": f"2024-01-{i + 1:02d}", "title": "t", "institution": "EP"}
            )
            participants += [
                {"meeting_id": f"m-{org}-{i}", "actor_id": "mep:m", "role": "host"},
                {"meeting_id": f"m-{org}-{i}", "actor_id": f"organisation:{org}", "role": "attendee"},
            ]
    actors = [{"id": "mep:m", "kind": "mep", "name": "M"}]
    actors += [{"id": f"organisation:{org}", "kind": "organisation", "name": org.upper()} for org in meetings]
    return Dataset.from_records(actors=actors, meetings=rows, participants=participants)


def test_only_changes_beyond_two_poisson_deviations_are_ranked() -> None:
    # 4 meetings before: noise 2·sqrt(4) = 4. Five more is beyond it, four is not.
    changes = diff(_dataset({"a": 4, "b": 4, "c": 1}), _dataset({"a": 9, "b": 8, "c": 1}))
    assert changes.ranks[["id", "meetings_before", "meetings_after", "change", "noise"]].values.tolist() == [
        ["organisation:a", 4, 9, 5, 4.0]
    ]
    assert changes.ranks[["rank_before", "rank_after"]].values.tolist() == [[1, 1]]
    assert noise([4]).tolist() == [4.0]


def test_the_page_escapes_every_text() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    changes = diff(_dataset({"a": 1}), _dataset({"a": 1, hostile: 1}))
    page = diff_html(changes, "<old>", "new")
    assert hostile.upper() not in page and "&lt;IMG SRC=X ONERROR=ALERT(1)&gt;" in page
    assert "&lt;old&gt;" in page


def test_a_tie_new_only_by_resolution_says_so() -> None:
    # OLD: MEP m met "b" in January; NEW: resolution merged "b" into "a" (same meeting), and a
    # met m again in February. The a–m tie is new; b's January meeting is not.
    old = _dataset({"a": 0, "b": 1})
    merged = old.participants.replace({"actor_id": {"organisation:b": "organisation:a"}})
    new = dataclasses.replace(
        old,
        actors=old.actors[old.actors["id"] != "organisation:b"],
        meetings=pd.concat(
            [old.meetings, _dataset({"c": 1}).meetings.assign(id="feb", date=pd.Timestamp("2024-02-01"))]
        ),
        participants=pd.concat(
            [
                merged,
                pd.DataFrame(
                    {
                        "meeting_id": ["feb", "feb"],
                        "actor_id": ["mep:m", "organisation:a"],
                        "role": ["host", "attendee"],
                        "capacity": [None, None],
                    }
                ),
            ]
        ),
    )
    ties = diff(old, new).ties
    assert ties[["organisation_id", "counterpart_id", "meetings", "new_meetings"]].values.tolist() == [
        ["organisation:a", "mep:m", 2, 1]
    ]
