"""European Commission meetings with interest representatives.

A meeting is its hosts, date, location, subject and organisations: two lines that differ in any
of them are two meetings (an official's two meetings on one subject on one day, one in Brussels
and one online, stay two); exact duplicate lines are one.

Layouts read:

- the official spreadsheet (xlsx, or the same saved as CSV): a title row, then ``Name of
  cabinet, Name of EC representative, Title of EC representative, Date of meeting, Location,
  Name of interest representative, Transparency register ID, Subject of the meeting`` and
  sometimes ``Portfolio``; the Directors-General file has ``Name of DG - acronym`` and ``Name
  of DG - full name`` instead of the cabinet. Several representatives (with their titles) and
  several organisations (with their Register IDs) are comma-joined in one cell, paired in order.
- its XML twin: ``<meetings><meeting><cabinet/><date/><subject/><location/><entities><entity>
  <name/><id/></entity></entities></meeting>…``, text HTML-escaped twice, exact duplicates.
- JSON lines scraped from the published lists: ``"EU Member"`` (list), ``"Date"``
  (``DD/MM/YYYY``), ``"Location"``, ``"Entities"`` (list), ``"Subjects"`` (list).
"""

from __future__ import annotations

import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from graphkit.dates import parse_date_column, shown
from graphkit.errors import Problem, SourceError
from graphkit.model.names import tidy_text
from graphkit.model.schema import EC, OFFICIAL, ORGANISATION
from graphkit.sources import SourceResult, entries, read_head, read_text
from graphkit.sources.given_names import COMMON_GIVEN_NAMES
from graphkit.sources.meeting_frames import attendee_frame, build_meetings
from graphkit.sources.tabular import (
    XLSX_MAGIC,
    below_header,
    column_names,
    header_row,
    oversized,
    read_csv_text,
    read_xlsx,
    xlsx_strings,
)

NAME = "ec_meetings"
DESCRIPTION = "European Commission meetings (official xlsx/CSV or XML, or JSON lines)"
COMMISSION = "European Commission"

DATE, ORGS, IDS = "Date of meeting", "Name of interest representative", "Transparency register ID"
SUBJECT = "Subject of the meeting"
REPS, TITLES, CABINET = "Name of EC representative", "Title of EC representative", "Name of cabinet"
DG_ACRONYM, DG_NAME = "Name of DG - acronym", "Name of DG - full name"
JSONL_KEYS = ('"EU Member"', '"Entities"')


def _layout(path: Path, head: bytes) -> str | None:
    if head.startswith(XLSX_MAGIC):
        return "xlsx" if DATE in xlsx_strings(path) and ORGS in xlsx_strings(path) else None
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if text.startswith("{") and all(key in text.split("\n", 1)[0] for key in JSONL_KEYS):
        return "jsonl"
    if text.startswith("<") and "<meetings" in text[:2000] and "<meeting" in text:
        return "xml"
    top = "\n".join(text.splitlines()[:5])
    if DATE in top and ORGS in top:
        return "csv"
    return None


def sniff(path: Path, head: bytes) -> bool:
    """One of the Commission meeting layouts, told by its first bytes (an xlsx by its header
    cells)."""
    return _layout(path, head) is not None


def read(path: Path) -> SourceResult:
    """Read one Commission meetings file into canonical tables.

    >>> result = read(Path("tests/fixtures/sources/ec-meetings.xml"))
    >>> result.dataset.counts()["meetings"]
    2
    """
    layout = _layout(path, read_head(path))
    if layout == "jsonl":
        return _read_jsonl(path)
    if layout == "xml":
        return _read_xml(path)
    if layout == "xlsx":
        frame = xlsx_table(path)
    elif layout == "csv":
        text = read_text(path)
        top = text.splitlines()[:10]
        skip = next(i for i, line in enumerate(top) if DATE in line)
        ragged: list[Problem] = []
        frame = read_csv_text(path, text, skiprows=skip, problems=ragged)
        frame.columns = [*column_names(frame.columns[:-1]), "line"]
        result = _read_spreadsheet(path, frame)
        result.problems[:0] = ragged
        return result
    else:
        raise SourceError(path, "not a Commission meetings file: no 'Date of meeting' header")
    return _read_spreadsheet(path, frame)


def xlsx_table(path: Path) -> pd.DataFrame:
    """The rows of a Commission xlsx list under its header, named by it (with a ``line``
    column), or a :class:`SourceError` saying why the workbook is not one: what ``graphkit
    fetch`` checks before it keeps a downloaded list, so that a kept list is one ingest reads."""
    table = read_xlsx(path)
    found = header_row(table, DATE)
    if found is None:
        raise SourceError(path, f"no header row with '{DATE}' in the first rows")
    frame = below_header(table, found)
    _require_columns(path, frame)
    return frame


def _require_columns(path: Path, frame: pd.DataFrame) -> None:
    missing = [c for c in (DATE, ORGS, REPS) if c not in frame.columns]
    if missing:
        raise SourceError(path, "not the Commission layout: no column " + ", ".join(repr(c) for c in missing))


def _read_spreadsheet(path: Path, frame: pd.DataFrame) -> SourceResult:
    names = [c for c in frame.columns if c != "line"]
    frame = frame.dropna(how="all", subset=[c for c in names if c != "line"])
    _require_columns(path, frame)
    frame, problems = oversized(path, frame.reset_index(drop=True))
    frame = frame.reset_index(drop=True)
    frame["date"] = _dates(frame[DATE])
    bad = frame["date"].isna()
    problems += [
        Problem(str(path), f"no readable date ({shown(value)}); meeting skipped", line=int(line))
        for value, line in zip(frame.loc[bad, DATE], frame.loc[bad, "line"], strict=True)
    ]
    frame = frame[~bad]
    unit = frame[CABINET] if CABINET in frame else frame.get(DG_ACRONYM)
    records = pd.DataFrame(
        {
            "date": frame["date"],
            "title": frame.get(SUBJECT),
            "institution": EC,
            "location": frame.get("Location"),
            "line": frame["line"],
        }
    )
    records["identity"] = records["location"]
    hosts = _hosts(frame, unit)
    given = ({entries.given_name(n) for n in hosts["name"].unique()} - {None}) | COMMON_GIVEN_NAMES
    attendees, dropped = attendee_frame(
        frame[ORGS],
        path,
        given,
        register_ids=frame.get(IDS),
    )
    problems += _by_line(dropped, frame)
    dataset = build_meetings(records, hosts, attendees, NAME, path, attendees_in_identity=True)
    return SourceResult(dataset=dataset, problems=problems, source=NAME)


def _hosts(frame: pd.DataFrame, unit: pd.Series | None) -> pd.DataFrame:
    """One row per EC representative: names and titles comma-joined, paired in order."""
    reps = frame[REPS].fillna("").astype(str)
    titles = frame[TITLES].fillna("").astype(str) if TITLES in frame else pd.Series("", index=frame.index)
    pairs = {}
    for key in (reps + "\x1e" + titles).unique():
        names_cell, _, titles_cell = key.partition("\x1e")
        names = [n.strip() for n in names_cell.split(",") if n.strip()]
        roles = [t.strip() for t in titles_cell.split(",")]
        if len(roles) != len(names):
            roles = [titles_cell.strip()] * len(names) if len(names) == 1 else [None] * len(names)
        pairs[key] = list(zip(names, roles, strict=True))
    exploded = (reps + "\x1e" + titles).map(pairs).explode().dropna()
    hosts = pd.DataFrame(exploded.tolist(), columns=["name", "capacity"], index=exploded.index)
    hosts = hosts.reset_index(names="record")
    hosts["kind"] = OFFICIAL
    hosts["institution"] = COMMISSION
    hosts["unit"] = unit.reindex(hosts["record"]).to_numpy() if unit is not None else None
    return hosts


def _dates(values: pd.Series) -> pd.Series:
    """Dates as the spreadsheets write them (``03/12/2019``, ``2019-12-03 00:00:00``), parsed
    once per distinct value."""
    unique = pd.Series(values.dropna().unique())
    parsed = dict(zip(unique, parse_date_column(unique.astype(str)), strict=True))
    return pd.to_datetime(values.map(parsed))


def _by_line(problems: list[Problem], frame: pd.DataFrame) -> list[Problem]:
    lines = frame["line"]
    out = []
    for problem in problems:
        record = int(str(problem.record).rsplit(" ", 1)[-1])
        out.append(Problem(problem.file, problem.message, line=int(lines.get(record))))
    return out


def _read_jsonl(path: Path) -> SourceResult:
    text = read_text(path)
    # The line of each record: blank lines hold none.
    numbers = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    problems: list[Problem] = []
    try:
        frame = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    except (ValueError, TypeError, RecursionError):  # a line that is not an object
        frame = None
    if (
        frame is None
        or len(frame) != len(numbers)
        or not all(line.lstrip().startswith("{") for line in text.split("\n") if line.strip())
    ):
        # A bad line: the good ones are read on their own, the bad ones reported.
        frame, numbers = _good_json_lines(path, text, problems)
    frame["line"] = numbers
    for column in ("EU Member", "Date", "Location", "Entities", "Subjects"):
        if column not in frame:
            frame[column] = None
    frame, long = oversized(path, frame)
    problems += long
    written = frame["Date"].map(lambda value: value if isinstance(value, str) else None)
    frame["date"] = parse_date_column(written, "%d/%m/%Y")
    bad = frame["date"].isna()
    problems += [
        Problem(str(path), f"no readable Date ({shown(value, '%d/%m/%Y')}); meeting skipped", line=int(line))
        for value, line in zip(frame.loc[bad, "Date"], frame.loc[bad, "line"], strict=True)
    ]
    frame = frame[~bad]
    subjects = frame["Subjects"].map(_joined)
    records = pd.DataFrame(
        {
            "date": frame["date"],
            "title": subjects,
            "institution": EC,
            "location": frame.get("Location"),
            "line": frame["line"],
        }
    )
    records["identity"] = records["location"]
    members = frame["EU Member"].explode().dropna().astype(str).str.strip()
    hosts = pd.DataFrame({"record": members.index, "name": members.to_numpy(), "kind": OFFICIAL})
    hosts["institution"] = COMMISSION
    organisations = frame["Entities"].explode().dropna().astype(str)
    given = ({entries.given_name(n) for n in members.unique()} - {None}) | COMMON_GIVEN_NAMES
    attendees, dropped = attendee_frame(organisations, path, given, split=False)
    problems += _by_line(dropped, frame)
    dataset = build_meetings(records, hosts, attendees, NAME, path, attendees_in_identity=True)
    return SourceResult(dataset=dataset, problems=problems, source=NAME)


def _joined(value: object) -> str | None:
    """Subjects (a list, or one text) as one title with tidy white space."""
    parts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    texts = [tidy_text(str(part)) for part in parts]
    return "; ".join(text for text in texts if text) or None


def _good_json_lines(path: Path, text: str, problems: list[Problem]) -> tuple[pd.DataFrame, list[int]]:
    """The lines that are JSON objects, read as pandas reads the whole file, and their numbers;
    a problem for every other line."""
    good, numbers = [], []
    last = len(text.rstrip("\n").split("\n"))
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            if number == last and not text.endswith("\n"):
                # The last line cut short: a truncated download, not one bad record.
                raise SourceError(
                    path,
                    f"not a JSON object on this line ({getattr(err, 'msg', err)}); is the file cut off?",
                    line=number,
                ) from err
            problems.append(
                Problem(
                    str(path), f"not a JSON object ({getattr(err, 'msg', err)}); line skipped", line=number
                )
            )
            continue
        except RecursionError:
            problems.append(Problem(str(path), "JSON nested too deeply to read; line skipped", line=number))
            continue
        if not isinstance(record, dict):
            problems.append(
                Problem(
                    str(path), f"a JSON {type(record).__name__}, not an object; line skipped", line=number
                )
            )
            continue
        good.append(line)
        numbers.append(number)
    if not good:
        raise SourceError(
            path, "no line is a JSON object: " + (str(problems[0]) if problems else "no records")
        )
    try:
        frame = pd.read_json(io.StringIO("\n".join(good)), lines=True, dtype=False)
    except (ValueError, RecursionError) as err:
        raise SourceError(path, f"cannot read as JSON lines: {err}") from err
    return frame, numbers


def _unescape(text: str | None) -> str | None:
    """Text escaped twice (``&amp;eacute;``) back to what it says (``é``)."""
    if text is None:
        return None
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    return tidy_text(text) or None


def _read_xml(path: Path) -> SourceResult:
    rows, attendees_rows = [], []
    try:
        with open(path, "rb") as handle:
            for _, element in ET.iterparse(handle, events=("end",)):
                if element.tag != "meeting":
                    continue
                record = len(rows)
                rows.append({child.tag: child.text for child in element if len(child) == 0})
                for entity in element.iter("entity"):
                    attendees_rows.append(
                        {
                            "record": record,
                            "name": entity.findtext("name"),
                            "register_id": entity.findtext("id"),
                        }
                    )
                element.clear()
    except ET.ParseError as err:
        line = err.position[0] if err.position else None
        raise SourceError(
            path, f"not well-formed XML ({str(err).split(':')[0]}): the file is cut off or damaged", line=line
        ) from err
    frame = pd.DataFrame(rows)
    if frame.empty:
        raise SourceError(path, "no <meeting> elements")
    for column in frame.columns:
        frame[column] = frame[column].map(_unescape)
    written = frame["date"] if "date" in frame else pd.Series(None, index=frame.index)
    frame["date"] = _dates(frame["date"]) if "date" in frame else pd.NaT
    problems = [
        Problem(
            str(path),
            f"meeting without a readable <date> ({shown(written[n])}); skipped",
            record=f"meeting {n + 1}",
        )
        for n in frame.index[frame["date"].isna()]
    ]
    frame = frame[frame["date"].notna()]
    records = pd.DataFrame(
        {
            "date": frame["date"],
            "title": frame.get("subject"),
            "institution": EC,
            "location": frame.get("location"),
        }
    )
    records["identity"] = records["location"]
    records["line"] = [f"#{n + 1}" for n in frame.index]
    host_names = frame["representative"] if "representative" in frame else frame["cabinet"]
    hosts = pd.DataFrame(
        {
            "record": frame.index,
            "name": host_names,
            "kind": OFFICIAL,
            "institution": COMMISSION,
            "unit": frame.get("cabinet"),
        }
    ).dropna(subset=["name"])
    attendees = pd.DataFrame(attendees_rows, columns=["record", "name", "register_id"])
    attendees["name"] = attendees["name"].map(_unescape)
    attendees["register_id"] = attendees["register_id"].map(_unescape)
    attendees = attendees.dropna(subset=["name"])
    attendees = attendees[attendees["record"].isin(frame.index)]
    attendees["kind"] = ORGANISATION
    dataset = build_meetings(records, hosts, attendees, NAME, path, attendees_in_identity=True)
    return SourceResult(dataset=dataset, problems=problems, source=NAME)
