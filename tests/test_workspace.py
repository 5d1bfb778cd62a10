"""The workspace: idempotent ingest, atomic replacement, directories of pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graphkit.errors import SourceError
from graphkit.ingest import ingest
from graphkit.workspace import Workspace
from graphkit.workspace import storage as workspace_module


def table_digests(workspace: Workspace) -> dict[str, str]:
    return {
        file.name: hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(workspace.tables_dir.iterdir())
    }


def page(org: str, *meetings: str) -> str:
    return f"{org}\nLobbying Activity\n" + "\n".join(meetings) + "\n"


def test_ingesting_twice_changes_nothing(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    first = ingest([seed_page], workspace)
    before = table_digests(workspace)
    loaded = workspace.load()
    second = ingest([seed_page], workspace)
    assert table_digests(workspace) == before
    assert workspace.load().equals(loaded)
    assert all(count == 0 for count in second.added().values())
    assert first.after == second.after
    # Only one snapshot is kept.
    assert len([p for p in (tmp_path / "ws" / "snapshots").iterdir() if not p.name.startswith(".")]) == 1


def test_same_meeting_from_two_pages_is_one_meeting(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shared = "Meeting with Anna Lind (Member of the European Parliament)\n4 Mar 2024 · Clean air"
    (pages / "a.txt").write_text(page("Org A", shared), encoding="utf-8")
    (pages / "b.txt").write_bytes(page("Org B", shared).replace("\n", "\r\n").encode("utf-8"))
    (pages / ".hidden.txt").write_text("not a page", encoding="utf-8")
    report = ingest([pages], Workspace(tmp_path / "ws"))
    ds = report.dataset
    assert len(ds.meetings) == 1
    attendees = ds.participants[ds.participants["role"] == "attendee"]["actor_id"]
    assert sorted(attendees) == ["organisation:org-a", "organisation:org-b"]


def test_a_bad_file_leaves_the_workspace_as_it_was(tmp_path: Path, seed_page: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    before = table_digests(workspace)
    good = tmp_path / "good.txt"
    good.write_text(page("New Org", "Meeting with X Y (Member of the European Parliament)\n1 Jan 2024 · T"))
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(SourceError, match=r"bad\.csv: unknown layout"):
        ingest([good, bad], workspace)
    assert table_digests(workspace) == before
    assert "New Org" not in set(workspace.load().actors["name"])


def test_a_failed_save_leaves_the_workspace_as_it_was(tmp_path: Path, seed_page: Path, monkeypatch) -> None:
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    before = table_digests(workspace)
    real_write = workspace_module._write_parquet
    written = []

    def write_then_fail(frame, file):
        # A disk that fills up after the second table: a fault we cannot cause for real here.
        written.append(file)
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real_write(frame, file)

    monkeypatch.setattr(workspace_module, "_write_parquet", write_then_fail)
    extra = tmp_path / "extra.txt"
    extra.write_text(
        page("Extra Org", "Meeting with X Y (Member of the European Parliament)\n1 Jan 2024 · T")
    )
    with pytest.raises(OSError, match="No space left"):
        ingest([extra], workspace)
    assert table_digests(workspace) == before
    staging = [p for p in (tmp_path / "ws" / "snapshots").iterdir() if p.name.startswith(".")]
    assert staging == []


def test_full_disk_in_the_cli_is_one_line_and_the_workspace_stays(
    tmp_path: Path, seed_page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from graphkit.cli import main

    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    before = table_digests(workspace)
    real_write = workspace_module._write_parquet

    def full_after_one(frame, file):  # a disk that fills up (a fault we cannot cause for real here)
        if file.name == "meetings.parquet":
            raise OSError(28, "No space left on device", str(file))
        real_write(frame, file)

    monkeypatch.setattr(workspace_module, "_write_parquet", full_after_one)
    extra = tmp_path / "extra.txt"
    extra.write_text(
        page("Extra Org", "Meeting with X Y (Member of the European Parliament)\n1 Jan 2024 · T")
    )
    result = CliRunner().invoke(main, ["ingest", str(extra), "--workspace", str(workspace.path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.stderr
    assert lines[0].endswith("meetings.parquet: No space left on device")
    assert table_digests(workspace) == before


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"nowhere\.txt: no such file or directory"):
        ingest([tmp_path / "nowhere.txt"], Workspace(tmp_path / "ws"))
    assert not Workspace(tmp_path / "ws").exists()
