"""The broken-input corpus (tests/data/broken/, written by make_corpus.py): every file ingested
gives graphkit's own error or a problem naming the file and line, never a traceback, and the
good records of a file with one bad record are kept."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from graphkit.errors import GraphkitError, SourceError
from graphkit.ingest import file_digest, ingest
from graphkit.workspace import Workspace

BROKEN = Path(__file__).parent / "data" / "broken"
GOOD = BROKEN / "jsonl-no-subjects.jsonl"  # read whole, without a problem

# file -> what graphkit says (a substring), and whether the file's good records are kept
# (None: the whole file is refused with a SourceError; "" with True: read as it is, no problem;
# SKIPPED: left out with a problem, the other files of the ingest read).
SKIPPED = "skipped"
BOM8 = "UTF-8 text with a byte-order mark: read as UTF-8, the mark dropped"
UTF16_LE = "UTF-16 text (little-endian, with a byte-order mark): read as UTF-16"
UTF16_BE = "UTF-16 text (big-endian, with a byte-order mark): read as UTF-16"
EXPECTED = [
    ("bad-id-ep-text.csv", "'n/a' is not a Register ID (digits, a hyphen, two check digi", True),
    ("bad-id-ep.csv", "'9505781573' is not a Register ID (digits, a hyphen, two che", True),
    ("bad-id-register.csv", "no valid Register ID ('95057815-7345x'); organisation skippe", True),
    ("bad-id-register.xml", "no valid Register ID ('not-an-id'); organisation skipped", True),
    ("bidi-iw.csv", "character(s) never part of a name (U+202E) removed from the ", True),
    ("binary.csv", "unknown layout: not one of OpenLobby profile page (text), EU", None),
    ("blank-lines.txt", "the file is empty: no records; skipped", SKIPPED),
    ("bom-ec.jsonl", BOM8, True),
    ("bom-ep.csv", BOM8, True),
    ("bom-hys.json", BOM8, True),
    ("bom-register.xml", BOM8, True),
    ("control-ep.csv", "character(s) never part of a name (U+0000) removed from the ", True),
    (
        "control-register.csv",
        "character(s) never part of a name (U+001B) removed from the name 'Bureau",
        True,
    ),
    (
        "control-hys.json",
        "character(s) never part of a name (U+0007) removed from the organization 'BE",
        True,
    ),
    (
        "control-openlobby.txt",
        "character(s) never part of a name (U+007F) removed from the line 'Right",
        True,
    ),
    ("cut-ec.xml", "not well-formed XML (unclosed token): the file is cut off or", None),
    ("cut-register.xml", "not well-formed XML (no element found): the file is cut off ", None),
    ("date-0001-ec-iso.csv", "no readable date ('0001-01-01 00:00:00', outside the dates g", True),
    ("date-0001-ec-text.xlsx", "no readable date ('01/01/0001', outside the dates graphkit c", True),
    ("date-0001-ec.csv", "no readable date ('01/01/0001', outside the dates graphkit c", True),
    ("date-0001-ec.jsonl", "no readable Date ('01/01/0001', outside the dates graphkit c", True),
    ("date-0001-ec.xml", "meeting without a readable <date> ('0001-01-01', outside the", True),
    ("date-0001-ep.csv", "no readable date in meeting_date ('0001-01-01', outside the ", True),
    ("date-0001-hys.json", "no readable dateFeedback ('0001/01/01 10:00:00', outside the", True),
    ("date-0001-iw.csv", "no readable date in date ('01-01-0001', outside the dates gr", True),
    (
        "date-0001-openlobby-response.txt",
        "bad response date: '1 Jan 0001' is outside the dates graphki",
        True,
    ),
    ("date-0001-openlobby.txt", "bad meeting date: '1 Jan 0001' is outside the dates graphkit", True),
    ("date-2300-ec-iso.csv", "no readable date ('2300-01-01 00:00:00', outside the dates g", True),
    ("date-2300-ec.csv", "no readable date ('01/01/2300', outside the dates graphkit c", True),
    ("date-2300-ec.jsonl", "no readable Date ('01/01/2300', outside the dates graphkit c", True),
    ("date-2300-ec.xml", "meeting without a readable <date> ('2300-01-01', outside the", True),
    ("date-2300-ep.csv", "no readable date in meeting_date ('2300-01-01', outside the ", True),
    ("date-2300-hys.json", "no readable dateFeedback ('2300/01/01 10:00:00', outside the", True),
    ("date-2300-iw.csv", "no readable date in date ('01-01-2300', outside the dates gr", True),
    (
        "date-2300-openlobby-response.txt",
        "bad response date: '1 Jan 2300' is outside the dates graphki",
        True,
    ),
    ("date-2300-openlobby.txt", "bad meeting date: '1 Jan 2300' is outside the dates graphkit", True),
    ("date-9999-ec-iso.csv", "no readable date ('9999-12-31 00:00:00', outside the dates g", True),
    ("date-9999-ec.csv", "no readable date ('31/12/9999', outside the dates graphkit c", True),
    ("date-9999-ec.jsonl", "no readable Date ('31/12/9999', outside the dates graphkit c", True),
    ("date-9999-ec.xlsx", "no readable date ('9999-12-31 00:00:00', outside the dates g", True),
    ("date-9999-ec.xml", "meeting without a readable <date> ('9999-12-31', outside the", True),
    ("date-9999-ep.csv", "no readable date in meeting_date ('9999-12-31', outside the ", True),
    ("date-9999-hys.json", "no readable dateFeedback ('9999/12/31 10:00:00', outside the", True),
    ("date-9999-iw.csv", "no readable date in date ('31-12-9999', outside the dates gr", True),
    (
        "date-9999-openlobby-response.txt",
        "bad response date: '31 Dec 9999' is outside the dates graphk",
        True,
    ),
    ("date-9999-openlobby.txt", "bad meeting date: '31 Dec 9999' is outside the dates graphki", True),
    ("deep-ec.jsonl", "JSON nested too deeply to read; line skipped", True),
    ("deep-hys-object.json", "JSON nested too deeply to read (a damaged or hostile file)", None),
    ("deep-hys.json", "JSON nested too deeply to read (a damaged or hostile file)", None),
    ("empty-ec.xml", "no <meeting> elements", None),
    ("empty-list-hys.json", "no readable dateFeedback ('bad'); skipped", False),
    ("empty.csv", "the file is empty: no records; skipped", SKIPPED),
    ("header-only-ec.csv", "no records: the file holds none graphkit could read", False),
    ("header-only-ep.csv", "no records: the file holds none graphkit could read", False),
    ("header-only-iw.csv", "no records: the file holds none graphkit could read", False),
    ("header-only-register.csv", "no records: the file holds none graphkit could read", False),
    ("header-only-ec.xlsx", "no records: the file holds none graphkit could read", False),
    ("huge-line-openlobby.txt", "a line of 20,000 characters, more than the 10,000 a field ma", True),
    ("huge-name-ec.csv", "'Name of interest representative' holds 20,000 characters, m", True),
    ("huge-name-ec.jsonl", "'EU Member' holds 20,000 characters, more than the 10,000 a ", True),
    ("huge-name-ep.csv", "'attendees' holds 20,006 characters, more than the 10,000 a ", True),
    ("huge-name-hys.json", "'organization' holds 20,000 characters, more than the 10,000", True),
    ("huge-name-iw.csv", "'lobbyists' holds 20,000 characters, more than the 10,000 a ", True),
    ("huge-name-register.csv", "'name' holds 20,000 characters, more than the 10,000 a field", True),
    ("huge-name-register.xml", "'name' holds 20,000 characters, more than the 10,000 a field", True),
    ("jsonl-bad-line.jsonl", "not a JSON object (Expecting value); line skipped", True),
    ("jsonl-blank-lines.jsonl", "no readable Date ('bad date'); meeting skipped", True),
    ("jsonl-cut-off.jsonl", "not a JSON object on this line (Unterminated string starting", None),
    ("jsonl-no-subjects.jsonl", "", True),
    ("jsonl-not-object.jsonl", "a JSON list, not an object; line skipped", True),
    ("latin1-register.csv", "not UTF-8 text (is it Latin-1? save it as UTF-8 and ingest a", None),
    ("ragged-ec.csv", "11 fields where the header has 9; row skipped", True),
    ("ragged-ep-first-row.csv", "9 fields where the header has 8; row skipped", True),
    ("ragged-ep-later-row.csv", "10 fields where the header has 8; row skipped", True),
    ("ragged-iw.csv", "13 fields where the header has 12; row skipped", True),
    ("ragged-register.csv", "8 fields where the header has 6; row skipped", True),
    ("register-xlsx-ok.xlsx", "", True),
    ("unknown.xml", "unknown layout: not one of OpenLobby profile page (text), EU", None),
    ("utf16-ep.csv", UTF16_LE, True),
    ("utf16-nobom-iw.csv", "binary data or UTF-16 text without a byte-order mark, not UT", None),
    ("utf16-openlobby.txt", UTF16_LE, True),
    ("utf16be-ec.csv", UTF16_BE, True),
    ("utf16-ec.xml", UTF16_LE, True),
    ("utf16-ec.jsonl", UTF16_LE, True),
    ("utf16-hys.json", UTF16_LE, True),
    ("utf16-register.csv", UTF16_LE, True),
    ("utf16-register.xml", "a Register export in UTF-16 (byte-order mark): save it as UTF-8", None),
    ("utf16-cut-ep.csv", "not valid UTF-16 text (its byte-order mark says UTF-16)", None),
    ("xlsx-corrupt-member.xlsx", "cannot read as an xlsx workbook, it is damaged (File name in", None),
    ("xlsx-magic-only.xlsx", "a damaged xlsx workbook (or zip): File is not a zip file; sa", None),
    ("xlsx-truncated.xlsx", "a damaged xlsx workbook (or zip): File is not a zip file; sa", None),
    ("zero-width-ec.csv", "character(s) never part of a name (U+200B) removed from the ", True),
    ("zero-width-ec.jsonl", "character(s) never part of a name (U+200B) removed from the ", True),
]


def test_corpus_is_complete():
    files = {p.name for p in BROKEN.iterdir() if p.name not in {"make_corpus.py", "__pycache__"}}
    assert files == {name for name, _, _ in EXPECTED}
    assert len(files) >= 60


def test_the_whole_corpus_in_one_ingest(tmp_path):
    """Every readable file of the corpus in one ingest: each says what :data:`EXPECTED` says, with
    its own path, and keeps its records or not as it does alone (:func:`test_broken_input`, one
    ingest per file, is the slow form of this); every refused file refuses an ingest of its own,
    naming itself."""
    readable = [(BROKEN / name, said, kept) for name, said, kept in EXPECTED if kept is not None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = ingest([path for path, _, _ in readable], Workspace(tmp_path / "ws"))
        for name, said, kept in EXPECTED:
            if kept is None:
                with pytest.raises(SourceError) as err:
                    ingest([BROKEN / name], Workspace(tmp_path / "refused"))
                assert str(err.value).startswith(str(BROKEN / name)) and said in str(err.value), name
    assert not (tmp_path / "refused" / "snapshots").exists()  # nothing written by a refused file
    problems = [str(p) for p in report.problems]
    by_file = {r.path: r for r in report.files}
    assert len({file_digest(path) for path, _, _ in readable}) == len(readable)  # none read as another
    for path, said, kept in readable:
        if kept == SKIPPED:
            assert f"{path}: {said}" in problems and path not in by_file
            continue
        mine = [str(p) for p in by_file[path].problems]
        if said:
            assert any(p.startswith(f"{path}") and said in p for p in mine), (path, mine)
        else:
            assert mine == [], path
        records = sum(by_file[path].counts[t] for t in ("meetings", "actors", "responses"))
        assert (records > 0) == kept, path


@pytest.mark.slow  # ~25 s: one workspace and one whole ingest per file (make test runs it)
@pytest.mark.parametrize("name, said, kept", EXPECTED, ids=[name for name, _, _ in EXPECTED])
def test_broken_input(tmp_path, name, said, kept):
    path = BROKEN / name
    workspace = Workspace(tmp_path / "ws")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kept == SKIPPED:
            report = ingest([path, GOOD], workspace)
            assert [str(p) for p in report.skipped] == [f"{path}: {said}"]
            assert [r.path for r in report.files] == [GOOD] and report.after["meetings"] == 1
            return
        if kept is None:
            with pytest.raises(SourceError) as err:
                ingest([path], workspace)
            assert str(err.value).startswith(str(path)) and said in str(err.value)
            return
        report = ingest([path], workspace)
    problems = [str(p) for p in report.problems]
    if said:
        assert any(p.startswith(f"{path}") and said in p for p in problems), problems
    else:
        assert problems == []
    records = sum(report.after[t] for t in ("meetings", "actors", "responses"))
    assert (records > 0) == kept


def test_named_pipe_is_skipped_not_waited_for(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "pipe.csv")
    (data / "page.txt").write_bytes((BROKEN / "bom-ep.csv").read_bytes())
    report = ingest([data, data / "pipe.csv"], Workspace(tmp_path / "ws"))
    pipes = [str(p) for p in report.problems if "named pipe" in str(p)]
    assert len(pipes) == 2 and all(p.startswith(str(data / "pipe.csv")) for p in pipes)
    assert report.after["meetings"] == 2


def test_nothing_readable(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "README.md").write_text("notes")
    (data / ".hidden.csv").write_text("x")
    os.mkfifo(data / "pipe")
    with pytest.raises(GraphkitError, match="nothing to read in .*named pipe"):
        ingest([data], Workspace(tmp_path / "ws"))


def test_nothing_readable_cli(tmp_path):
    from click.testing import CliRunner

    from graphkit.cli import main

    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "empty"), "--workspace", str(tmp_path / "ws")]
    )
    assert result.exit_code == 1
    assert "nothing to read" in result.output and len(result.output.strip().splitlines()) == 1


def test_unreadable_files_among_good_ones_never_stop_the_ingest(tmp_path):
    """Empty, header-only, UTF-16 and UTF-8-BOM files, a bad JSON line and a named pipe, all in
    one directory with good files: every one said, the good records all kept."""
    data = tmp_path / "data"
    data.mkdir()
    names = ["empty.csv", "blank-lines.txt", "header-only-ep.csv", "utf16-ep.csv", "bom-hys.json",
             "jsonl-bad-line.jsonl", "control-register.csv", "huge-name-ec.csv"]  # fmt: skip
    for name in names:
        (data / name).write_bytes((BROKEN / name).read_bytes())
    os.mkfifo(data / "pipe.csv")
    report = ingest([data], Workspace(tmp_path / "ws"))
    said = {Path(p.file).name: p.message for p in report.problems}
    assert said["empty.csv"] == said["blank-lines.txt"] == "the file is empty: no records; skipped"
    assert said["pipe.csv"] == "a named pipe (FIFO), not a regular file; skipped"
    assert "no records" in said["header-only-ep.csv"]
    assert said["utf16-ep.csv"] == UTF16_LE and said["bom-hys.json"] == BOM8
    assert {r.path.name for r in report.files} == set(names) - {"empty.csv", "blank-lines.txt"}
    # Each file's records are what it gives on its own: nothing lost to its neighbours.
    alone = {name: ingest([BROKEN / name], Workspace(tmp_path / name)).after for name in names[3:]}
    by_file = {r.path.name: r.counts for r in report.files}
    for name in names[3:]:
        assert by_file[name]["meetings"] == alone[name]["meetings"], name
        assert by_file[name]["responses"] == alone[name]["responses"], name


def test_one_bad_json_line_keeps_every_other_line(tmp_path):
    bad = BROKEN / "jsonl-bad-line.jsonl"
    lines = bad.read_text(encoding="utf-8").split("\n")
    broken = [n for n, line in enumerate(lines, 1) if line.startswith('{"EU Member": ["x"], "Date": ')]
    assert len(broken) == 1
    without = tmp_path / "without-bad-line.jsonl"
    without.write_text("\n".join(line for n, line in enumerate(lines, 1) if n != broken[0]), encoding="utf-8")
    report = ingest([bad], Workspace(tmp_path / "bad"))
    clean = ingest([without], Workspace(tmp_path / "clean"))
    assert [(p.line, p.message) for p in report.problems] == [
        (broken[0], "not a JSON object (Expecting value); line skipped")
    ]
    assert report.after == clean.after and report.after["meetings"] >= 2
    assert report.dataset.meetings["date"].tolist() == clean.dataset.meetings["date"].tolist()


def test_json_lines_after_blank_lines_are_numbered_as_in_the_file(tmp_path):
    path = BROKEN / "jsonl-blank-lines.jsonl"
    bad = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "bad date" in line]
    report = ingest([path], Workspace(tmp_path / "ws"))
    assert [(p.line, p.message) for p in report.problems] == [
        (bad[0], "no readable Date ('bad date'); meeting skipped")
    ]
    assert bad == [6]  # after three blank lines
