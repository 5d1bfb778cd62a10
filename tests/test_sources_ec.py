"""Commission meetings: official spreadsheet (CSV, xlsx, DG variant), XML twin, JSON lines."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd

from graphkit.sources import detect, ec_meetings

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def title_key(title: str) -> str:
    """A title compared as ids compare it: case, accents and punctuation ignored."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", folded.casefold()).strip("-")


def test_xml_twin_unescapes_twice_and_drops_exact_duplicates():
    result = ec_meetings.read(FIXTURES / "ec-meetings.xml")
    meetings = result.dataset.meetings
    assert len(meetings) == 2  # three <meeting> elements, two of them identical
    assert "Right to repair & consumer law" in set(meetings["title"])
    actors = result.dataset.actors.set_index("name")
    assert actors.loc["Bureau Européen des Unions de Consommateurs", "register_id"] == "9505781573-45"
    assert actors.loc["Cabinet of Commissioner Didier Reynders", "kind"] == "official"


def test_cabinet_spreadsheet_pairs_names_with_ids_and_representatives_with_titles():
    result = ec_meetings.read(FIXTURES / "ec-meetings-cabinet.csv")
    ds = result.dataset
    actors = ds.actors.set_index("name")
    assert actors.loc["BEUC", "register_id"] == "9505781573-45"
    assert actors.loc["DIGITALEUROPE", "register_id"] == "64270747023-20"
    assert pd.isna(actors.loc["Google", "register_id"])
    assert actors.loc["Maria Kalogeraki", "unit"] == "Cabinet of Commissioner Didier Reynders"
    hosts = ds.participants[ds.participants["role"] == "host"].merge(
        ds.actors, left_on="actor_id", right_on="id"
    )
    assert set(zip(hosts["name"], hosts["capacity"], strict=True)) >= {("Didier Reynders", "Commissioner"),
                                                          ("Maria Kalogeraki", "Member of Cabinet")}  # fmt: skip
    assert [(p.line, "31/02/2023" in p.message) for p in result.problems] == [(5, True)]
    assert len(ds.meetings) == 2


def test_directors_general_variant():
    result = ec_meetings.read(FIXTURES / "ec-meetings-dg.csv")
    official = result.dataset.actors.set_index("name").loc["Ana Gallego Torres"]
    assert official["unit"] == "JUST" and official["kind"] == "official"
    assert result.dataset.counts()["meetings"] == 1


def test_xlsx_reads_like_its_csv(tmp_path):
    rows = pd.read_csv(FIXTURES / "ec-meetings-cabinet.csv", header=None, dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    for row in rows.values.tolist():
        book.active.append(row)
    book.save(tmp_path / "meetings.xlsx")
    assert detect(tmp_path / "meetings.xlsx") is ec_meetings
    from_xlsx = ec_meetings.read(tmp_path / "meetings.xlsx").dataset
    from_csv = ec_meetings.read(FIXTURES / "ec-meetings-cabinet.csv").dataset
    assert from_xlsx.meetings["id"].tolist() == from_csv.meetings["id"].tolist()
    assert from_xlsx.actors["id"].tolist() == from_csv.actors["id"].tolist()


def test_cabinet_jsonl(shared_data):
    path = shared_data / "ec-meetings" / "ec-cabinet-meetings-2019-2023.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # One meeting per official(s), date, subjects, location and organisations; an exact
    # duplicate line is the same meeting.
    keys = {(tuple(sorted(m.strip() for m in r["EU Member"])), r["Date"], title_key("; ".join(r["Subjects"])),
             r.get("Location") or "", tuple(sorted(" ".join(e.split()) for e in r["Entities"])))
            for r in records}  # fmt: skip
    result = ec_meetings.read(path)
    assert len(result.dataset.meetings) == len(keys)
    assert set(result.dataset.meetings["institution"]) == {"EC"}
    officials = {name for r in records for name in r["EU Member"]}
    assert set(result.dataset.actors.loc[result.dataset.actors["kind"] == "official", "name"]) == officials
    entities = {name.strip() for r in records for name in r["Entities"]}
    attendees = result.dataset.participants[result.dataset.participants["role"] == "attendee"]
    assert attendees["actor_id"].nunique() <= len(entities)
