"""The user's alias file: validated before anything is merged (issue 28), merged in bulk, and
never the source of an invented organisation."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from graphkit.errors import SourceError
from graphkit.model.ids import actor_id
from graphkit.resolution.aliases import read_aliases, unmatched_aliases
from graphkit.resolution.resolve import resolve
from graphkit.workspace import Dataset


def org(name: str, **extra) -> dict:
    return {"id": actor_id("organisation", name), "kind": "organisation", "name": name, **extra}


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_circle_of_aliases_is_refused_naming_its_rows(tmp_path):
    path = _file(tmp_path, "alias,canonical\nvzbv,VZBV Bund\nOther,Thing\nVZBV Bund,vzbv\n")
    with pytest.raises(SourceError) as refused:
        read_aliases(path)
    message = str(refused.value)
    assert message.startswith(f"{path}:2: the aliases go round in a circle")
    assert "(line 2)" in message and "(line 4)" in message


def test_a_chain_of_aliases_is_no_circle(tmp_path):
    path = _file(tmp_path, "alias,canonical\nA Org,B Org\nB Org,C Org\nC Org,C Org\n")
    assert len(read_aliases(path)) == 3


@pytest.mark.parametrize("target", ["/dev/zero", "folder"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path, target):
    path = Path(target) if target.startswith("/") else tmp_path
    started = time.monotonic()
    with pytest.raises(SourceError, match="not a regular file"):
        read_aliases(path)
    assert time.monotonic() - started < 5


def test_an_unknown_register_id_merges_nothing_and_invents_no_organisation():
    dataset = Dataset.from_records(actors=[org("Consumers Voice"), org("BEUC", register_id="9505781573-45")])
    aliases = pd.DataFrame({"alias": ["Consumers Voice"], "canonical": ["1111111111-11"], "line": [2]})
    out = resolve(dataset, aliases)
    assert sorted(out.actors["name"]) == ["BEUC", "Consumers Voice"]
    assert out.merges.empty
    (problem,) = unmatched_aliases(out, aliases, "aliases.csv")
    assert str(problem).startswith("aliases.csv:2: Register ID 1111111111-11 (for 'Consumers Voice') is held by no")


def test_aliases_merge_by_name_acronym_and_register_id_the_later_row_winning():
    dataset = Dataset.from_records(
        actors=[
            org("Verbraucherzentrale Bundesverband"),
            org("vzbv e.V. Berlin"),
            org("Bureau Européen des Unions de Consommateurs", acronym="BEUC", register_id="9505781573-45"),
            org("Consumers Voice"),
            org("Right to Repair Europe"),
        ]
    )
    aliases = pd.DataFrame(
        {
            "alias": ["vzbv e.V. Berlin", "Consumers Voice", "Right to Repair Europe", "Right to Repair Europe"],
            "canonical": ["Verbraucherzentrale Bundesverband", "9505781573-45", "BEUC", "Repair Coalition"],
            "line": [2, 3, 4, 5],
        }
    )
    out = resolve(dataset, aliases)
    merges = out.merges.set_index("from_name")
    assert merges.loc["vzbv e.V. Berlin", "into_id"] == actor_id("organisation", "Verbraucherzentrale Bundesverband")
    beuc = actor_id("organisation", "Bureau Européen des Unions de Consommateurs")
    assert merges.loc["Consumers Voice", "into_id"] == beuc
    assert merges.loc["Right to Repair Europe", "into_id"] == actor_id("organisation", "Repair Coalition")
    assert "Repair Coalition" in set(out.actors["name"])  # a canonical name nobody had yet
    assert merges.loc["Consumers Voice", "rule"] == "alias (aliases): 'Consumers Voice' is '9505781573-45'"
