"""Names an OpenLobby page joins with "and": one body or several, decided at resolution with
every ingested name (graphkit.resolution.splits)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graphkit.ingest import ingest
from graphkit.model.schema import ORGANISATION
from graphkit.sources import POSSIBLY_JOINED, openlobby
from graphkit.workspace.storage import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
PAGE = FIXTURES / "openlobby-joined-names.txt"
EP_WHOLE = FIXTURES / "ep-export-names-whole.csv"
EFPIA = "European Federation of Pharmaceutical Industries and Associations"
CER = "Community of European Railway and Infrastructure Companies"


def _attendees(dataset, title: str) -> set[str]:
    meeting = dataset.meetings.loc[dataset.meetings["title"] == title, "id"]
    rows = dataset.participants[
        dataset.participants["meeting_id"].isin(meeting) & (dataset.participants["role"] == "attendee")
    ]
    names = dataset.actors.set_index("id")["name"]
    return set(rows["actor_id"].map(names)) - {"Example Health Network"}


def _organisations(dataset) -> set[str]:
    return set(dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "name"])


def _decisions(dataset) -> pd.DataFrame:
    return dataset.merges[dataset.merges["table"] == "splits"].set_index("from_name")


@pytest.fixture()
def page_alone(tmp_path: Path):
    return ingest([PAGE], Workspace(tmp_path / "ws")).dataset


@pytest.fixture()
def page_with_export(tmp_path: Path):
    return ingest([PAGE, EP_WHOLE], Workspace(tmp_path / "ws")).dataset


def test_the_page_keeps_each_joined_text_as_written():
    records = openlobby.read(PAGE).dataset
    joined = records.participants[records.participants["capacity"] == POSSIBLY_JOINED]
    names = set(joined["actor_id"].map(records.actors.set_index("id")["name"]))
    assert names == {
        EFPIA,
        CER,
        "Human Rights Watch and European Institute of Peace",
        "Oxfam and Save the Children",
    }
    assert "Associations" not in _organisations(records)


def test_a_name_another_file_writes_whole_stays_whole(page_with_export):
    assert _attendees(page_with_export, "Medicines package") == {EFPIA}
    assert _attendees(page_with_export, "Rail corridors") == {CER}
    assert not {"Associations", "Infrastructure Companies"} & _organisations(page_with_export)
    decisions = _decisions(page_with_export)
    assert decisions.loc[EFPIA, "rule"].startswith("kept whole: a record names it whole")


def test_names_each_known_elsewhere_are_split(page_with_export):
    assert _attendees(page_with_export, "Humanitarian aid") == {"Oxfam", "Save the Children"}
    assert _decisions(page_with_export).loc["Oxfam and Save the Children", "rule"].startswith("split:")


def test_two_plain_organisations_split_when_nothing_else_names_them(page_alone):
    assert _attendees(page_alone, "Syrian refugees") == {"Human Rights Watch", "European Institute of Peace"}
    assert (
        _decisions(page_alone)
        .loc["Human Rights Watch and European Institute of Peace", "rule"]
        .startswith("split:")
    )


def test_a_fragment_keeps_the_name_whole_for_review(page_alone):
    # Nothing else names EFPIA or CER: "Associations" and "Infrastructure Companies" are no
    # organisations, so the names stay whole and are listed for review.
    assert _attendees(page_alone, "Medicines package") == {EFPIA}
    assert _attendees(page_alone, "Rail corridors") == {CER}
    decisions = _decisions(page_alone)
    assert decisions.loc[EFPIA, "rule"].startswith("kept whole (review): 'Associations'")
    assert "'Infrastructure Companies'" in decisions.loc[CER, "rule"]
    # "Save the Children" says nothing of being a body and no other file names it: kept whole.
    assert _attendees(page_alone, "Humanitarian aid") == {"Oxfam and Save the Children"}


def test_no_mark_is_left_after_resolution(page_alone, page_with_export):
    for dataset in (page_alone, page_with_export):
        assert not (dataset.participants["capacity"] == POSSIBLY_JOINED).any()
