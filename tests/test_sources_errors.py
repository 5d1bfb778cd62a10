"""A file that cannot be read at all: one clear error naming it (and the line), and the
workspace as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphkit.errors import SourceError
from graphkit.ingest import ingest
from graphkit.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


@pytest.fixture
def workspace(tmp_path, seed_page):
    ws = Workspace(tmp_path / "ws")
    ingest([seed_page], ws)
    return ws


def _unchanged(workspace: Workspace, before) -> bool:
    return workspace.load().equals(before)


def _cut(source: Path, dest: Path, at: str) -> Path:
    text = source.read_text(encoding="utf-8")
    dest.write_text(text[: text.index(at)], encoding="utf-8")
    return dest


def test_truncated_csv(tmp_path, workspace):
    bad = _cut(FIXTURES / "ep-export-official.csv", tmp_path / "ep.csv", "2023-02-02,Member")
    before = workspace.load()
    with pytest.raises(SourceError) as err:
        ingest([FIXTURES / "register.xml", bad], workspace)
    assert str(err.value).startswith(f"{bad}:4: ") and "cut off" in str(err.value)
    assert _unchanged(workspace, before)


def test_csv_cut_inside_a_quoted_cell(tmp_path, workspace):
    bad = _cut(FIXTURES / "ep-export-official.csv", tmp_path / "ep.csv", ', Right to Repair Europe"')
    before = workspace.load()
    with pytest.raises(SourceError, match=str(bad)):
        ingest([bad], workspace)
    assert _unchanged(workspace, before)


@pytest.mark.parametrize(
    "name, at",
    [
        ("register.xml", "<acronym>R2R"),
        ("ec-meetings.xml", "</entities>\n  </meeting>\n  <meeting>\n    <cabinet>Cabinet of Executive"),
    ],
)
def test_xml_cut_mid_element(tmp_path, workspace, name, at):
    bad = _cut(FIXTURES / name, tmp_path / name, at)
    before = workspace.load()
    with pytest.raises(SourceError) as err:
        ingest([bad], workspace)
    message = str(err.value)
    assert message.startswith(f"{bad}:") and "cut off" in message
    assert err.value.line is not None
    assert _unchanged(workspace, before)


@pytest.mark.parametrize(
    "name", ["ep-export-official.csv", "ec-meetings-dg.csv", "integritywatch-sample.csv"]
)
def test_latin1_file(tmp_path, workspace, name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(text.encode("latin-1"))
    first_accent = next(n for n, line in enumerate(text.splitlines(), 1) if any(ord(c) > 127 for c in line))
    before = workspace.load()
    with pytest.raises(SourceError) as err:
        ingest([bad], workspace)
    assert str(err.value).startswith(f"{bad}:{first_accent}: not UTF-8")
    assert "Latin-1" in str(err.value)
    assert _unchanged(workspace, before)


def test_unknown_layout(tmp_path, workspace):
    bad = tmp_path / "budget.csv"
    bad.write_text("year,amount\n2024,12\n", encoding="utf-8")
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / "register.csv", good)
    before = workspace.load()
    with pytest.raises(SourceError) as err:
        ingest([good, bad], workspace)
    assert str(err.value).startswith(f"{bad}: unknown layout")
    assert _unchanged(workspace, before)


def test_truncated_json_lines(tmp_path, workspace, shared_data):
    lines = (shared_data / "ec-meetings" / "ec-cabinet-meetings-2019-2023.jsonl").read_text(encoding="utf-8")
    head = lines.splitlines()[:3]
    bad = tmp_path / "ec.jsonl"
    bad.write_text("\n".join(head[:2]) + "\n" + head[2][: len(head[2]) // 2], encoding="utf-8")
    before = workspace.load()
    with pytest.raises(SourceError) as err:
        ingest([bad], workspace)
    assert str(err.value).startswith(f"{bad}:3: ")
    assert _unchanged(workspace, before)


def test_cli_prints_one_line(tmp_path):
    from click.testing import CliRunner

    from graphkit.cli import main

    bad = tmp_path / "budget.csv"
    bad.write_text("year,amount\n2024,12\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(bad), "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:") and len(result.output.strip().splitlines()) == 1
    assert str(bad) in result.output
