"""graphkit.analysis.files and graphkit file: who lobbied on a legislative file, whom they met."""

from __future__ import annotations

import dataclasses
import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.analysis.files import capacity_group, file_organisations, file_timeline
from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace

FILE = "2022/0396(COD)"
# (meeting, date, procedure, [(host, capacity)], organisations)
MEETINGS = [
    ("m1", "2023-01-05", FILE, [("mep:r", "Rapporteur"), ("mep:s", "Shadow rapporteur")], ["pack", "paper"]),
    ("m2", "2023-01-20", FILE, [("mep:s", "Shadow rapporteur")], ["pack"]),
    ("m3", "2023-04-02", FILE, [("mep:c", "Committee chair")], ["pack"]),
    ("m4", "2023-04-03", FILE, [("mep:m", "Member")], ["paper"]),
    ("m5", "2023-05-01", "2021/0001(COD)", [("mep:r", "Rapporteur")], ["paper"]),
]


def dataset() -> Dataset:
    actors = [{"id": f"mep:{x}", "kind": "mep", "name": x.upper()} for x in "rscm"]
    actors += [{"id": f"organisation:{o}", "kind": "organisation", "name": o.title()} for o in ("pack", "paper")]
    meetings, participants = [], []
    for m, date, procedure, hosts, orgs in MEETINGS:
        meetings.append({"id": m, "date": date, "title": m, "institution": "EP", "procedure": procedure})
        participants += [{"meeting_id": m, "actor_id": h, "role": "host", "capacity": c} for h, c in hosts]
        participants += [{"meeting_id": m, "actor_id": f"organisation:{o}", "role": "attendee"} for o in orgs]
    return Dataset.from_records(actors=actors, meetings=meetings, participants=participants)


def test_capacities():
    assert capacity_group("Shadow rapporteur for opinion") == "shadow"
    assert capacity_group("Rapporteur") == "rapporteur"
    assert capacity_group("Delegation chair") == "chair"
    assert capacity_group("") == "member"


def test_organisations_on_a_file_by_hand():
    table = file_organisations(dataset(), FILE).set_index("name")
    pack, paper = table.loc["Pack"], table.loc["Paper"]
    assert (pack["meetings"], pack["hosts"], pack["rapporteur"], pack["shadow"], pack["chair"]) == (3, 3, 1, 2, 1)
    assert (paper["meetings"], paper["rapporteur"], paper["member"]) == (2, 1, 1)  # m5 is another file
    assert list(table.index) == ["Pack", "Paper"] and table["rank"].tolist() == [1, 2]
    assert pack["first"] == pd.Timestamp("2023-01-05") and pack["last"] == pd.Timestamp("2023-04-02")
    filtered = file_organisations(dataset(), FILE, filters=GraphFilter(date_from="2023-02-01"))
    assert filtered.set_index("name")["meetings"].to_dict() == {"Pack": 1, "Paper": 1}


def test_timeline_fills_empty_months():
    table = file_timeline(dataset(), FILE)
    assert table["period"].tolist() == ["2023-01", "2023-02", "2023-03", "2023-04"]
    assert table["meetings"].tolist() == [2, 0, 0, 2]
    assert table["shadow"].tolist() == [2, 0, 0, 0] and table["rapporteur"].tolist() == [1, 0, 0, 0]
    assert file_timeline(dataset(), FILE, by="year")["organisations"].tolist() == [2]


def test_unknown_file_suggests_the_close_one():
    with pytest.raises(GraphkitError, match=r"did you mean 2022/0396\(COD\) \(4 meetings\)"):
        file_organisations(dataset(), "2022/0396")


def test_file_command(tmp_path):
    Workspace(tmp_path / "ws").save(dataset())
    runner = CliRunner()
    result = runner.invoke(main, ["file", FILE, "--workspace", str(tmp_path / "ws"), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == ["Pack", "Paper"] and rows[0]["shadow"] == 2
    result = runner.invoke(main, ["file", FILE, "--workspace", str(tmp_path / "ws"), "--timeline", "--csv"])
    assert pd.read_csv(io.StringIO(result.stdout))["meetings"].sum() == 4
    result = runner.invoke(main, ["file", "nothing", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 1 and "no file is named 'nothing' in the workspace" in result.stderr


def test_a_file_is_found_in_any_spelling_and_among_other_references():
    data = dataset()
    spellings = ["2022/0396 (COD)", "COD 2022/0396", "2022/0396/cod"]
    tables = [file_organisations(data, spelling) for spelling in spellings]
    assert all(t.equals(tables[0]) for t in tables) and tables[0]["meetings"].tolist() == [3, 2]
    meetings = data.meetings.assign(
        procedure=data.meetings["procedure"].replace({FILE: "Packaging waste 2022/0396(COD); 2021/0001(COD)"})
    )
    joined = dataclasses.replace(data, meetings=meetings)
    assert file_organisations(joined, FILE).equals(tables[0])


def test_a_title_or_acronym_one_file_carries_finds_its_title_only_mentions():
    from graphkit.analysis.files import file_meetings

    data = dataset()
    meetings = data.meetings.assign(
        procedure=data.meetings["procedure"].replace({FILE: "2022/0396(COD) Packaging and Packaging Waste Regulation"})
    )
    extra = pd.DataFrame(
        [
            {"id": "m6", "date": pd.Timestamp("2023-06-01"), "title": "PPWR trilogue", "institution": "EC", "procedure": None},
            {"id": "m7", "date": pd.Timestamp("2023-06-02"), "title": "Packaging and packaging waste regulation",
             "institution": "EC", "procedure": None},
            {"id": "m8", "date": pd.Timestamp("2023-06-03"), "title": "PPWRX and other", "institution": "EC",
             "procedure": None},
        ]
    )  # fmt: skip
    joined = dataclasses.replace(data, meetings=pd.concat([meetings, extra], ignore_index=True))
    by_reference = file_meetings(joined, FILE)[2].set_index("id")["how"]
    by_acronym = file_meetings(joined, "PPWR")[2].set_index("id")["how"]
    assert by_reference.equals(by_acronym)
    assert by_reference.to_dict() == {
        "m1": "reference", "m2": "reference", "m3": "reference", "m4": "reference",
        "m6": "acronym PPWR", "m7": "title 'packaging and packaging waste regulation'",
    }  # fmt: skip
