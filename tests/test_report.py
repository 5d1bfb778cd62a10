"""``graphkit report``: one actor's profile, checked against the seed page read independently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.analysis.profile import profile
from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.workspace import Workspace


@pytest.fixture(scope="module")
def seed_workspace(tmp_path_factory, seed_page: Path) -> Workspace:
    workspace = Workspace(tmp_path_factory.mktemp("report") / "ws")
    ingest([seed_page], workspace)
    return workspace


def test_organisation_profile_matches_the_page(seed_workspace: Workspace, seed_page: Path) -> None:
    text = seed_page.read_text(encoding="utf-8")
    met = re.findall(r"^Meeting with (.+?) \(", text, flags=re.MULTILINE)
    result = profile(seed_workspace.load(), "11.11.11")
    counterparts = result.sections["counterparts"].set_index("name")["meetings"].to_dict()
    assert counterparts == {name: met.count(name) for name in set(met)}
    assert len(result.sections["meetings"]) == len(met)
    assert result.sections["per_year"]["total"].sum() == len(met)
    years = re.findall(r"^\d{1,2} \w+ (\d{4}) ·", text, flags=re.MULTILINE)
    per_year = result.sections["per_year"].set_index("year")["total"].to_dict()
    assert per_year == {int(y): years.count(y) for y in set(years)}
    assert len(result.sections["responses"]) == text.count("\nResponse to ")
    co = result.sections["co_attendees"]
    assert set(co["name"]) == {
        "Eurogroup for Animals",
        "Aktionsbündnis Menschenrechte Philippinen",
        "Climate Action Network Europe",
        "Human Rights Watch",
        "European Institute of Peace",
        "Amnesty International Limited",
    }


def test_mep_profile_lists_the_organisations_that_met_them(seed_workspace: Workspace) -> None:
    result = profile(seed_workspace.load(), "Kathleen Van Brempt")
    orgs = result.sections["counterparts"].set_index("name")["meetings"].to_dict()
    assert orgs == {"11.11.11, Koepel van Internationale Solidariteit": 8, "Eurogroup for Animals": 1}
    assert result.sections["co_attendees"].empty


def test_report_cli_json_and_ambiguity(seed_workspace: Workspace) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(seed_workspace.path)]
    result = runner.invoke(main, ["report", "Charmaine Hili", "--json", *ws])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["actor"]["kind"] == "official"
    assert [row["also_present"] for row in data["meetings"]] == [
        "11.11.11, Koepel van Internationale Solidariteit; European Institute of Peace; Human Rights Watch"
    ]
    ambiguous = runner.invoke(main, ["report", "an", *ws])
    assert ambiguous.exit_code == 1
    assert "is ambiguous" in ambiguous.output and "Kathleen Van Brempt" in ambiguous.output
    with pytest.raises(GraphkitError, match="no actor matches"):
        profile(seed_workspace.load(), "Nobody At All")
