"""EP meetings: the official export (fixture), its per-attendee variant and Integrity Watch
(real files in ../shared/data, counts computed here with plain pandas)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graphkit.sources import detect, ep_meetings
from graphkit.sources.entries import (
    classify,
    clean_entry,
    fix_mojibake,
    mep_display_name,
    read_entry,
    split_cell,
)

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def title_key(titles: pd.Series) -> pd.Series:
    """Titles compared as ids compare them: case, accents and punctuation ignored."""
    return (
        titles.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True).str.casefold()
        .str.replace(r"[\W_]+", "-", regex=True).str.strip("-")
    )  # fmt: skip


@pytest.fixture(scope="module")
def per_attendee(shared_data):
    path = shared_data / "ep-meetings" / "ep-export-per-attendee-2019-2024.csv"
    return path, ep_meetings.read(path)


@pytest.fixture(scope="module")
def integritywatch(shared_data):
    path = shared_data / "ep-meetings" / "integritywatch-mepmeetings-2019-2022.csv"
    return path, ep_meetings.read(path)


def test_official_export_pairs_attendees_with_register_ids():
    result = ep_meetings.read(FIXTURES / "ep-export-official.csv")
    actors = result.dataset.actors.set_index("name")
    assert actors.loc["BEUC", "register_id"] == "9505781573-45"
    assert actors.loc["DIGITALEUROPE", "register_id"] == "64270747023-20"
    assert actors.loc["Right to Repair Europe", "register_id"] == "1234567890-12"  # IDs joined by "; "
    assert actors.loc["Axel Voss", "ep_member_id"] == "96761"
    assert actors.loc["Axel Voss", "id"] == "mep:axel-voss"
    hosts = result.dataset.participants[result.dataset.participants["role"] == "host"]
    assert sorted(hosts["capacity"]) == ["Member", "Rapporteur", "Shadow rapporteur"]
    assert result.dataset.counts()["meetings"] == 3


def test_per_attendee_export_groups_rows_into_meetings(per_attendee):
    path, result = per_attendee
    raw = pd.read_csv(path, dtype=str)
    # One meeting per distinct (title, member, date, capacity, procedure): two meetings of one
    # MEP on one day under one title but in another capacity or on another file stay two.
    identity = ["title", "member_id", "meeting_date", "member_capacity", "procedure_reference"]
    expected = raw[identity].fillna("").drop_duplicates()
    meetings = result.dataset.meetings
    assert len(meetings) == len(expected) == 13497
    # No attendee cell is split: no organisation is a fragment of a name with commas in it.
    organisations = set(result.dataset.actors.loc[result.dataset.actors["kind"] == "organisation", "name"])
    assert not {"Incorporated", "Gay", "Bisexual", "Europe", "S.A."} & organisations
    assert {"Bentley Systems, Incorporated", "Centre for Democracy & Technology, Europe"} & organisations
    assert set(meetings["source"]) == {"ep_meetings"}
    meps = result.dataset.actors[result.dataset.actors["kind"] == "mep"]
    assert len(meps) == raw["member_id"].nunique()
    assert meps["ep_member_id"].notna().all()
    first = raw.iloc[0]
    surname, given = first["member_name"].split(" ", 1)[0], first["member_name"].split(" ", 1)[1]
    assert mep_display_name(first["member_name"]).endswith(surname.title())
    assert given in meps.loc[meps["ep_member_id"] == first["member_id"], "name"].iloc[0]
    assert meetings["date"].min() == pd.Timestamp(raw["meeting_date"].min())


def test_per_attendee_export_holds_beuc_under_both_names(per_attendee):
    _, result = per_attendee
    names = set(result.dataset.actors["name"])
    assert {"BEUC", "Bureau Européen des Unions de Consommateurs"} <= names


def test_integritywatch_meetings_and_lobbyist_cells(integritywatch):
    path, result = integritywatch
    raw = pd.read_csv(path, dtype=str, index_col=0)
    dated = raw[pd.to_datetime(raw["date"], format="%d-%m-%Y", errors="coerce").notna()]
    dated = dated.dropna(subset=["mep", "lobbyists"])
    # Each row is one meeting with all its lobbyists; only a repeated row is the same meeting.
    identity = ["t", "epid", "date", "role", "dossier", "location", "lobbyists"]
    expected = dated.assign(t=title_key(dated["title"].fillna("")))[identity].fillna("").drop_duplicates()
    assert len(result.dataset.meetings) == len(expected)
    assert set(result.dataset.meetings["source"]) == {"integritywatch_ep"}
    # The cell "Facebook, Phillip Malloch, Facebook Director ..." keeps Facebook and the person;
    # the job title names no organisation of its own. A title that names no one is reported at
    # its row's line.
    titles = [p for p in result.problems if "looks like a job title" in p.message]
    assert titles and all(p.line is not None for p in titles)
    first = titles[0]
    row = raw.index[raw["lobbyists"].str.contains(first.message.split("'")[1], regex=False, na=False)][0]
    assert first.line == int(row) + 2
    organisations = set(result.dataset.actors.loc[result.dataset.actors["kind"] == "organisation", "name"])
    assert "Facebook" in organisations
    assert not any("Director for Social" in name for name in organisations)
    kinds = result.dataset.actors.set_index("name")["kind"]
    assert kinds["Phillip Malloch"] == "person"


def test_detect_tells_the_layouts_apart(shared_data):
    assert detect(shared_data / "ep-meetings" / "integritywatch-mepmeetings-2019-2022.csv") is ep_meetings
    assert detect(FIXTURES / "ep-export-official.csv") is ep_meetings


def test_bad_dates_are_reported_with_their_line():
    result = ep_meetings.read(FIXTURES / "integritywatch-sample.csv")
    bad = [p for p in result.problems if "no readable date" in p.message]
    assert [(p.line, "31-02-2023" in p.message) for p in bad] == [(5, True)]
    assert result.dataset.counts()["meetings"] == 3


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Facebook, Phillip Malloch, Director", ["Facebook", "Phillip Malloch", "Director"]),
        ("eustream, a.s.", ["eustream, a.s."]),
        ("UIRR, International Union for Road-Rail Combined Transport", ["UIRR, International Union for Road-Rail Combined Transport"]),
        ("BEUC, Access Now", ["BEUC", "Access Now"]),
        ("European Environmental Bureau,, RREUSE", ["European Environmental Bureau", "RREUSE"]),
    ],
)  # fmt: skip
def test_split_cell(cell, expected):
    assert split_cell(cell) == expected


def test_entries_persons_titles_and_register_ids():
    given = {"phillip", "kasper", "elisa"}
    assert classify("Phillip Malloch", given) == "person"
    assert classify("Kasper Drazewski", given) == "person"
    assert classify("Christian Aid", {"christian"}) == "organisation"
    assert classify("Axel Springer SE", {"axel"}) == "organisation"
    assert classify("Elisa Oyj", given) == classify("TIM S.p.A", {"tim"}) == "organisation"  # a legal form
    assert classify("Head of Unit Gender", given) == "title"
    for institution in ("DG SANTE", "European Commission", "EEAS", "Cabinet of Commissioner Simson"):
        assert classify(institution, given) == "institution", institution
    for nobody in ("Experts", "MEPs", "Industry"):
        assert classify(nobody, given) == "generic", nobody
    assert clean_entry("Acme Lobby - Transparency Register Number") == ("Acme Lobby", None)
    assert clean_entry("BEUC 9505781573-45") == ("BEUC", "9505781573-45")
    assert fix_mojibake("Commission europÃ©enne") == "Commission européenne"


@pytest.mark.parametrize(
    ("entry", "read"),
    [
        # The shared data's Integrity Watch cells and Commission lists made these organisations.
        ("Members of the Board", []),  # from "Arcelor Mittal, Members of the Board"
        ("Supervisory Board", []),  # from "Supervisory Board, European Central Bank (SSM)"
        ("Executive Director SNE", []),
        ("Senior Director Public Affairs Europe", []),
        ("Managing Director Acme", []),
        ("Vice President Global Affairs", []),
        ("representatives of industry", []),
        ("activists", []),
        ("Women", []),
        ("Abteilungsleiter", []),
        ("Council", [("institution", "Council")]),  # the Council of the EU, in the EP's export
        # Still read: a one-word name before a title word, a body named after the people.
        ("Facebook Director for Social and Economic Policy", [("organisation", "Facebook")]),
        ("Representatives of European Trade Union Confederation",
         [("organisation", "European Trade Union Confederation")]),
        ("Regional Council of Lombardy", [("organisation", "Regional Council of Lombardy")]),
    ],
)  # fmt: skip
def test_a_title_or_part_of_a_body_is_no_organisation(entry, read):
    assert [(e.kind, e.name) for e in read_entry(entry, frozenset({"phillip"}))] == read


@pytest.mark.parametrize(
    ("entry", "read"),
    [
        # Entries of ../shared/data/ep-meetings that were dropped whole as job titles.
        ("Senior policy officer Greenpeace Polska", [("organisation", "Greenpeace Polska")]),
        ("Researcher of the Friedrich-Ebert-Foundation", [("organisation", "Friedrich-Ebert-Foundation")]),
        ("Mayor of Budapest", [("organisation", "City of Budapest")]),
        ("Ambassador of Sri Lanka to Belgium", [("organisation", "Government of Sri Lanka")]),
        ("VNO-NCW (Head of Brussels Office)", [("organisation", "VNO-NCW")]),
        ("Director General FEDMA", [("organisation", "FEDMA")]),
        # Never a place, a portfolio or a loosely matched state read as a body.
        ("Prime Minister of the Chechen Republic of Ichkeria", []),
        ("Minister of Foreign Affairs of the Republic of China", []),
        ("Baden-Württemberg Minister of Transport", []),
        ("German Minister of Justice", []),
        ("Director European Policy", []),
        ("Director O'Flaherty", []),
    ],
)  # fmt: skip
def test_a_title_keeps_the_body_it_names(entry, read):
    assert [(e.kind, e.name) for e in read_entry(entry, frozenset({"phillip"}))] == read


def test_a_per_attendee_row_of_titles_keeps_the_bodies_it_names():
    from graphkit.sources.meeting_frames import LISTS, attendee_frame

    cells = pd.Series(
        [
            "Researcher from OpenEXP, researcher from E3G, Transport & Environment, VCÖ",
            "Transport & Environment",
            "Acting head of Division, Parlimentary affairs",
        ]
    )
    frame, problems = attendee_frame(cells, Path("x.csv"), {"phillip"}, split=LISTS)
    assert frame.loc[frame["record"] == 0, "name"].tolist() == [
        "OpenEXP",
        "E3G",
        "Transport & Environment",
        "VCÖ",
    ]
    assert 2 not in set(frame["record"])  # a title's fragments are no organisations
    assert any("Acting head of Division" in str(problem) for problem in problems)


def test_a_body_the_file_names_alone_is_read_out_of_a_title():
    assert read_entry("Secretary General Hydrogen Europe", frozenset()) == []
    found = read_entry("Secretary General Hydrogen Europe", frozenset(), {"hydrogen europe"})
    assert [(e.kind, e.name) for e in found] == [("organisation", "Hydrogen Europe")]
