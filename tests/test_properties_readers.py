"""Property-based tests (hypothesis) for the readers of files a user or a server hands graphkit:
xlsx workbooks, the alias file, ``.cypher`` headers and the answers ``graphkit fetch`` keeps.

The contract each one holds: any input either reads, or is refused with graphkit's own error
(one line naming the file, and the row where there is one), never another exception; and what
fetch records as done is only what its check accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
import warnings
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from fetch_server import FIXTURES, RecordedServer
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from graphkit import sources
from graphkit.errors import GraphkitError, SourceError
from graphkit.fetch.http import BadAnswer, PoliteClient
from graphkit.fetch.official import (
    STATE_FILE,
    check_ec_xlsx,
    check_ep_csv,
    check_register_xml,
    fetch_ec_meetings,
    fetch_register,
)
from graphkit.model.names import INVISIBLE
from graphkit.resolution.aliases import read_aliases, write_aliases
from graphkit.sources import ec_meetings, register
from graphkit.sources.ep_meetings import EP_COLUMNS
from graphkit.sources.tabular import MAX_FIELD
from graphkit.spreadsheet import FORMULA_STARTS, formula_safe, formula_safe_frame
from graphkit.stores.cypher_files import parse_header, read_cypher_file

# Cheap examples (a parse of a few hundred bytes) run many; examples that save a workbook or
# start a request run fewer, so the whole file stays near a minute on a loaded 2-core machine.
MANY = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
SOME = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
formulas = st.sampled_from(
    ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-2", "=1/0", "\tTab", "\rCR"]
)
# One cell over the longest field a reader keeps, one far over it (built once: they are cheap to reuse).
long_strings = st.sampled_from(["x" * (MAX_FIELD + 1), "Acme " * 5_000])
dates = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    st.sampled_from(["14/02/2023", "31/02/2023", "2023-02-14", "0001-01-01", "31/12/9999", "14.02.2023"]),
)
numbers = st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False))
# Text with a character a name never holds (ESC, NUL, …), which a workbook keeps as _x001B_.
with_control = st.tuples(text, st.characters(whitelist_categories=["Cc"]), text).map("".join)
cells = st.one_of(st.none(), text, with_control, formulas, long_strings, dates, numbers, st.booleans())


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


# --- 1. xlsx workbooks --------------------------------------------------------------------------

EC_HEADER = [
    ec_meetings.CABINET, ec_meetings.REPS, ec_meetings.TITLES, ec_meetings.DATE, "Location",
    ec_meetings.ORGS, ec_meetings.IDS, ec_meetings.SUBJECT, "Portfolio",
]  # fmt: skip
XLSX_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
REGISTER_HEADER = ["Identification code", "Name", "Acronym", "Category of registration", "Head office country"]


def _cell_value(value):
    """What a workbook can hold for ``value``: text with a character XML forbids is written the
    way Excel escapes it (``_x001B_``), which openpyxl reads back as the character."""
    if isinstance(value, str):
        value = XLSX_ESCAPE.sub(lambda m: "_x005F" + m.group(), value)  # a literal escape, as Excel keeps it
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _workbook(rows: list[list], path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_cell_value(v) for v in row])
    book.save(path)
    return path


@st.composite
def headers(draw, full: list[str]) -> list:
    """The source's header, whole or with columns missing, duplicated or blank, in any order."""
    kept = draw(st.lists(st.sampled_from(full), min_size=1, max_size=len(full) + 2))
    extra = draw(st.lists(st.one_of(st.none(), text), max_size=2))
    header = draw(st.permutations(kept + extra))
    return draw(st.sampled_from([full, header]))


@st.composite
def workbook_rows(draw, full: list[str]) -> list[list]:
    titles = draw(st.lists(st.lists(cells, max_size=3), max_size=2))
    header = draw(headers(full))
    width = len(header) + 1
    body = draw(st.lists(st.one_of(st.just([]), st.lists(cells, max_size=width)), max_size=6))
    return [*titles, header, *body]


def _read_workbook(path: Path):
    """The workbook read the way ingest reads it; ``None`` when graphkit refused it clearly."""
    try:
        return _quiet(lambda: sources.detect(path).read(path))
    except GraphkitError as err:
        assert str(err).startswith(str(path)), err  # the message names the file
        return None


def _check_result(result) -> None:
    if result is None:
        return
    actors = result.dataset.actors
    for name in actors["name"].dropna():
        assert not INVISIBLE.search(name), name
        assert not XLSX_ESCAPE.search(name), name  # Excel's escape of a character is the character
        assert len(name) <= MAX_FIELD
    for problem in result.problems:
        assert problem.line is not None or problem.record is not None, problem


@FEW
@given(rows=workbook_rows(EC_HEADER))
def test_any_commission_workbook_reads_or_is_refused_clearly(rows):
    with tempfile.TemporaryDirectory() as folder:
        _check_result(_read_workbook(_workbook(rows, Path(folder) / "ec.xlsx")))


@FEW
@given(rows=workbook_rows(REGISTER_HEADER))
def test_any_register_workbook_reads_or_is_refused_clearly(rows):
    with tempfile.TemporaryDirectory() as folder:
        _check_result(_read_workbook(_workbook(rows, Path(folder) / "register.xlsx")))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.one_of(text, formulas, long_strings, with_control), date=dates, where=st.integers(0, 3))
def test_a_whole_commission_row_is_one_meeting(name, date, where):
    """A row with a date the reader takes and any attendee text gives one meeting, or a
    problem on that row: never a row silently lost."""
    titles = [["Meetings of Commissioner X"]] * where
    row = ["Cabinet X", "Jane Doe", "Member of Cabinet", date, "Brussels", name, "", "Right to repair", ""]
    with tempfile.TemporaryDirectory() as folder:
        path = _workbook([*titles, EC_HEADER, row], Path(folder) / "ec.xlsx")
        try:
            result = _quiet(lambda: ec_meetings.read(path))
        except SourceError as err:
            assert str(err).startswith(str(path))
            return
    _check_result(result)
    lines = {p.line for p in result.problems}
    assert len(result.dataset.meetings) == 1 or where + 2 in lines, result.problems


@MANY
@given(value=st.one_of(cells, formulas))
def test_formula_safe_leaves_nothing_a_spreadsheet_runs(value):
    safe = formula_safe(value)
    if isinstance(value, str):
        assert not safe.startswith(FORMULA_STARTS)
        assert safe in (value, "'" + value)
    else:
        assert safe is value


@SOME
@given(rows=st.lists(st.tuples(st.one_of(text, formulas), numbers), min_size=1, max_size=5))
def test_formula_safe_frame_quotes_text_keeps_numbers(rows):
    frame = pd.DataFrame(rows, columns=["=name", "n"])
    safe = formula_safe_frame(frame)
    assert list(safe.columns) == ["'=name", "n"]
    assert safe["n"].tolist() == frame["n"].tolist()
    assert not any(v.startswith(FORMULA_STARTS) for v in safe["'=name"])


# --- 2. the alias file --------------------------------------------------------------------------

names = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=25).filter(
    lambda s: s.strip() == s and s
)
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32"]


def _refused_clearly(path: Path, call):
    try:
        return _quiet(call)
    except SourceError as err:
        assert err.file == str(path) and str(err).startswith(str(path)), err
        return None


@MANY
@given(body=text, header=st.sampled_from(["", "alias,canonical\n", "Alias ; Canonical\n", "\ufeffalias,canonical\n"]),
       encoding=st.sampled_from(ENCODINGS))  # fmt: skip
def test_any_alias_text_reads_or_is_refused_clearly(body, header, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aliases.csv"
        path.write_bytes((header + body).encode(encoding, errors="replace"))
        _refused_clearly(path, lambda: read_aliases(path))


@MANY
@given(data=st.binary(max_size=300), header=st.booleans())
def test_any_alias_bytes_read_or_are_refused_clearly(data, header):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aliases.csv"
        path.write_bytes((b"alias,canonical\n" if header else b"") + data)
        _refused_clearly(path, lambda: read_aliases(path))


def _has_cycle(frame: pd.DataFrame) -> bool:
    """Whether the alias rows lead back to a name they started from (the later row of an alias
    is the one that counts), found by networkx rather than graphkit's own walk."""
    step = {a: t for a, t in zip(frame["alias_key"], frame["canonical_key"], strict=True) if a != t}
    try:
        nx.find_cycle(nx.DiGraph(list(step.items())))
    except nx.NetworkXNoCycle:
        return False
    return True


@SOME
@given(rows=st.lists(st.tuples(names, names), min_size=1, max_size=8), repeat=st.booleans())
def test_alias_rows_round_trip_or_their_circle_is_named(rows, repeat):
    rows = rows + rows[:1] if repeat else rows  # a duplicated row changes nothing
    written = pd.DataFrame(rows, columns=["alias", "canonical"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aliases.csv"
        write_aliases(written, path)
        try:
            read = read_aliases(path)
        except SourceError as err:
            assert "circle" in str(err) and err.line is not None, err
            from graphkit.resolution.aliases import with_keys

            assert _has_cycle(with_keys(written))
            return
    assert read[["alias", "canonical"]].values.tolist() == [list(r) for r in rows]
    assert read["line"].tolist() == list(range(2, len(rows) + 2))
    assert not _has_cycle(read)


@SOME
@given(chain=st.lists(names, min_size=2, max_size=6, unique_by=lambda s: s.casefold()))
def test_a_circle_of_aliases_is_refused_with_its_line(chain):
    from graphkit.model.names import normalise_name

    keys = [normalise_name(n) for n in chain]
    assume(len(set(keys)) == len(keys) and all(keys))
    rows = [(a, b) for a, b in zip(chain, chain[1:] + chain[:1], strict=True)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aliases.csv"
        write_aliases(pd.DataFrame(rows, columns=["alias", "canonical"]), path)
        with pytest.raises(SourceError, match="circle") as caught:
            read_aliases(path)
    assert 2 <= caught.value.line <= len(rows) + 1


@SOME
@given(rows=st.lists(st.tuples(names, st.one_of(names, st.from_regex(r"\d{9,12}-\d{2}", fullmatch=True))),
                     min_size=1, max_size=6),
       known=st.lists(names, max_size=4))  # fmt: skip
def test_an_alias_naming_nobody_is_one_problem_on_its_line(rows, known):
    """Aliases whose alias or Register ID names no organisation are reported, one problem on the
    row's line, whatever the names; the rest change something and are not reported."""
    from graphkit.model.names import normalise_name
    from graphkit.model.tables import Dataset
    from graphkit.resolution.aliases import unmatched_aliases

    actors = [{"id": f"organisation:{n}", "kind": "organisation", "name": name} for n, name in enumerate(known)]
    dataset = Dataset.from_records(actors=actors)
    aliases = pd.DataFrame(rows, columns=["alias", "canonical"]).assign(line=range(2, len(rows) + 2))
    problems = unmatched_aliases(dataset, aliases, "aliases.csv")
    known_keys = {normalise_name(n) for n in known}
    unknown_lines = [line for (alias, _), line in zip(rows, aliases["line"], strict=True)
                     if normalise_name(alias) not in known_keys]  # fmt: skip
    assert [p.line for p in problems if "matches no organisation" in p.message] == unknown_lines
    assert all(p.file == "aliases.csv" and p.line is not None for p in problems)


# --- 3. .cypher headers -------------------------------------------------------------------------

comment_lines = st.one_of(
    text,
    st.sampled_from(["Parameters:", "parameters", "$", "$x", "$x:", "$x ():", "$x (, default ):"]),
    st.builds(lambda n, t, d, x: f"${n} ({t}, default {d}): {x}", st.from_regex(r"\w{1,8}", fullmatch=True),
              text, st.one_of(text, st.sampled_from(["[" * 5000, "1e999", "NaN", '"\\ud800"', "{}"])), text),
)  # fmt: skip


@MANY
@given(lines=st.lists(comment_lines, max_size=8), tail=text)
def test_any_cypher_header_parses_or_is_refused_clearly(lines, tail):
    source = "".join(f"// {line}\n" for line in lines) + tail
    try:
        summary, description, parameters = parse_header(source)
    except GraphkitError:
        return
    assert isinstance(summary, str) and isinstance(description, str)
    for parameter in parameters:
        json.dumps(parameter.default, allow_nan=False)  # a default any JSON client can take


@MANY
@given(data=st.binary(max_size=400))
def test_any_cypher_file_bytes_read_or_are_refused_clearly(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.cypher"
        path.write_bytes(data)
        try:
            read_cypher_file(path)
        except GraphkitError as err:
            assert str(err).startswith(str(path))


@MANY
@given(
    summary=st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=40).filter(
        # the summary is the header's first sentence: a full stop before any white space
        # (a no-break space too) ends it
        lambda s: s.strip() and not s.strip().lower().startswith("parameters") and not re.search(r"\.\s", s)),
    params=st.lists(
        st.tuples(st.from_regex(r"[A-Za-z_]\w{0,8}", fullmatch=True), st.sampled_from(["integer", "text", "date", ""]),
                  st.one_of(st.none(), st.integers(-1000, 1000), st.lists(st.sampled_from(["a", "b"]), max_size=2))),
        max_size=4, unique_by=lambda p: p[0]),
)  # fmt: skip
def test_a_written_cypher_header_reads_back(summary, params):
    lines = [f"// {summary}", "// Parameters:"]
    for name, kind, default in params:
        spec = kind + (f", default {json.dumps(default)}" if default is not None else "")
        lines.append(f"//   ${name} ({spec}): the {name}.")
    got_summary, _, got = parse_header("\n".join(lines) + "\nRETURN 1")
    assert got_summary.rstrip(".") == " ".join(summary.split()).rstrip(".")
    assert [(p.name, p.type, p.default if p.has_default else None) for p in got] == list(params)


# --- 4. fetch: what an answer must be before it is kept -----------------------------------------

CONTENT_TYPES = st.sampled_from(["", "text/csv", "text/html; charset=utf-8", "application/octet-stream",
                                 "application/xml", "application/vnd.ms-excel", "TEXT/HTML"])  # fmt: skip
JAN = (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
EP_HEADER = sorted(EP_COLUMNS) + ["procedure_reference"]


def _csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _answer(folder: str, body: bytes, name: str = "answer") -> Path:
    path = Path(folder) / name
    path.write_bytes(body)
    return path


@st.composite
def ep_answers(draw) -> bytes:
    """An EP export (whole, cut, mis-dated, with a damaged header or bytes) or anything else."""
    header = draw(st.one_of(st.just(EP_HEADER), st.lists(st.sampled_from(EP_HEADER + ["x"]), max_size=9)))
    day = st.one_of(st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 28)).map(dt.date.isoformat), text)
    rows = draw(st.lists(st.lists(st.one_of(text, day, formulas), min_size=len(header), max_size=len(header)),
                         max_size=5))  # fmt: skip
    body = _csv([header, *rows])
    cut = draw(st.integers(0, len(body)))
    junk = draw(st.binary(max_size=20))
    return draw(st.sampled_from([body, body[:cut], body[:cut] + junk + body[cut:], junk, b"\xef\xbb\xbf" + body]))


def _ep_rows_as_the_source_reads(path: Path) -> int | None:
    try:
        result = _quiet(lambda: sources.detect(path).read(path))
    except GraphkitError:
        return None
    return len(result.dataset.meetings)


@FEW
@given(body=ep_answers(), content_type=CONTENT_TYPES)
def test_an_ep_answer_is_kept_only_when_the_source_reads_it(body, content_type):
    with tempfile.TemporaryDirectory() as folder:
        path = _answer(folder, body, "ep.csv")
        try:
            rows = check_ep_csv(path, content_type, *JAN)
        except BadAnswer as err:
            assert str(err)
            return
        assert "html" not in content_type.lower()
        assert rows >= 0
        if rows:  # a kept file is one ingest reads (a header alone is a month without meetings)
            assert _ep_rows_as_the_source_reads(path) is not None, body


def _ec_workbook(folder: str, rows: list[list]) -> bytes:
    return _workbook(rows, Path(folder) / "book.xlsx").read_bytes()


@st.composite
def zip_damage(draw, body: bytes) -> bytes:
    """``body`` (a zip) cut, with bytes changed, or with a member flagged encrypted or packed by
    a method zipfile cannot read, as a server or a proxy may hand it over."""
    how = draw(st.sampled_from(["whole", "cut", "flip", "encrypted", "method"]))
    # Positions are drawn as a share of the body: a saved workbook's length varies by a byte or
    # two with its timestamp, and a draw must not depend on it.
    share = draw(st.integers(0, 1 << 16)) / (1 << 16)
    if how == "cut":
        return body[: int(len(body) * share)]
    if how == "flip":
        at = min(int(len(body) * share), len(body) - 1)
        return body[:at] + bytes([body[at] ^ draw(st.integers(1, 255))]) + body[at + 1 :]
    if how in ("encrypted", "method"):
        out = bytearray(body)
        for marker in (b"PK\x03\x04", b"PK\x01\x02"):  # local headers and the central directory
            start = 0
            while (at := out.find(marker, start)) >= 0:
                if how == "encrypted":
                    field = at + (6 if marker == b"PK\x03\x04" else 8)
                    out[field] |= 1
                else:
                    field = at + (8 if marker == b"PK\x03\x04" else 10)
                    out[field : field + 2] = (99).to_bytes(2, "little")
                start = at + 4
        return bytes(out)
    return body


@FEW
@given(data=st.data(), content_type=CONTENT_TYPES)
def test_an_ec_answer_is_kept_only_when_the_source_reads_it(data, content_type):
    rows = data.draw(workbook_rows(EC_HEADER))
    with tempfile.TemporaryDirectory() as folder:
        body = data.draw(st.one_of(zip_damage(_ec_workbook(folder, rows)), st.binary(max_size=200)))
        path = _answer(folder, body, "ec.xlsx")
        try:
            check_ec_xlsx(path, content_type)
        except BadAnswer as err:
            assert str(err)
            return
        assert "html" not in content_type.lower()
        _check_result(_quiet(lambda: ec_meetings.read(path)))  # a kept list is one the source reads


@st.composite
def register_answers(draw) -> bytes:
    body = (FIXTURES / "sources" / "register.xml").read_bytes()
    cut = draw(st.integers(0, len(body)))
    junk = draw(st.binary(max_size=20))
    control = draw(st.sampled_from([b"\x01", b"&#x2;", b"&#1;", b"\xff", b"]]>", b"<"]))
    return draw(st.sampled_from([body, body[:cut], body[:cut] + junk + body[cut:],
                                 body[:cut] + control + body[cut:], junk]))  # fmt: skip


@SOME
@given(body=register_answers(), content_type=CONTENT_TYPES)
def test_a_register_answer_is_kept_only_when_the_source_reads_it(body, content_type):
    with tempfile.TemporaryDirectory() as folder:
        path = _answer(folder, body, "register.xml")
        try:
            found = check_register_xml(path, content_type)
        except BadAnswer as err:
            assert str(err)
            return
        assert found >= 1
        result = _quiet(lambda: register.read(path))  # a kept export reads, to its last organisation
        assert len(result.dataset.actors) + len(result.problems) >= found


def _state(folder: Path, kind: str) -> dict:
    path = folder / STATE_FILE
    return json.loads(path.read_text()).get(kind, {}).get("done", {}) if path.exists() else {}


@FEW
@given(data=st.data())
def test_a_served_answer_is_recorded_done_only_when_its_check_accepts_it(data, tmp_path_factory):
    """Through a real HTTP server: whatever the body, the list or export is recorded done (and
    its file kept) exactly when the check accepts the bytes, and the kept file is those bytes."""
    folder = tmp_path_factory.mktemp("served")
    rows = data.draw(workbook_rows(EC_HEADER))
    ec_body = data.draw(st.one_of(zip_damage(_ec_workbook(str(folder), rows)), st.binary(max_size=100)))
    register_body = data.draw(register_answers())
    files = {"/ec": ec_body, "/register.xml": register_body}
    with RecordedServer(FIXTURES / "fetch" / "ep-meetings-recorded.csv", files=files) as server:
        client = PoliteClient(pause=0, retries=0, backoff=0)
        out = folder / "out"
        _quiet(lambda: fetch_ec_meetings(out, ["list"], client, base_url=server.url + "/ec"))
        _quiet(lambda: fetch_register(out, client, url=server.url + "/register.xml"))
    for body, kind, key, name, check in (
        (ec_body, "ec-meetings", "list", "ec-list.xlsx", check_ec_xlsx),
        (register_body, "register", "transparency-register.xml", "transparency-register.xml", check_register_xml),
    ):
        probe = _answer(str(folder), body, "probe")
        try:
            _quiet(lambda check=check, probe=probe: check(probe, "application/octet-stream"))
            accepted = True
        except BadAnswer:
            accepted = False
        assert (key in _state(out, kind)) == accepted, (kind, body[:80])
        assert (out / name).exists() == accepted
        if accepted:
            assert (out / name).read_bytes() == body
        assert not (out / (name + ".part")).exists() or not accepted

