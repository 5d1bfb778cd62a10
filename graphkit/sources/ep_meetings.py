"""European Parliament MEP meetings: the Parliament's CSV export and Integrity Watch's variant.

Layouts read (by their header row):

- EP export: ``title,member_id,member_name,meeting_date,member_capacity,procedure_reference,
  attendees,lobbyist_id`` — several attendees (and their Register IDs, in the same order) in
  one cell; ``member_name`` is written ``SURNAME Given``.
- EP export, one row per attendee (``…,attendees,political_group,country,
  national_political_group``): rows that share title, member, date, capacity and procedure are
  one meeting.
- Integrity Watch EU: ``,committees,country,date,dossier,epid,group,lobbyists,location,mep,
  role,title`` with dates ``DD-MM-YYYY`` and lobbyists comma-joined, some of them persons or job
  titles; the MEP's committees (``['ENVI']``) are kept as ``meetings.committees``
  (``ENVI;ITRE``).

MEPs get the id of their ``Given Surname`` name (``VOSS Axel`` -> ``mep:axel-voss``, the id the
OpenLobby pages give too); the Parliament's member id is kept in ``actors.ep_member_id``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graphkit.dates import parse_date_column, shown
from graphkit.errors import Problem, SourceError
from graphkit.model.schema import EP, MEP
from graphkit.sources import SourceResult, entries, read_text
from graphkit.sources.given_names import COMMON_GIVEN_NAMES
from graphkit.sources.meeting_frames import LISTS, attendee_frame, build_meetings
from graphkit.sources.tabular import oversized, read_csv_text

NAME = "ep_meetings"
DESCRIPTION = "European Parliament MEP meetings export or Integrity Watch EP meetings (CSV)"
INTEGRITYWATCH = "integritywatch_ep"

EP_COLUMNS = {"title", "member_id", "member_name", "meeting_date", "member_capacity", "attendees"}
IW_COLUMNS = {"date", "epid", "lobbyists", "mep", "role", "title"}
PER_ATTENDEE_COLUMN = "political_group"  # only the per-attendee export has it


def _header(head: bytes) -> set[str]:
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    return {cell.strip().strip('"') for cell in first.strip().split(",")}


def sniff(path: Path, head: bytes) -> bool:
    """An EP or Integrity Watch meetings CSV, told by its header row."""
    header = _header(head)
    return EP_COLUMNS <= header or IW_COLUMNS <= header


def read(path: Path) -> SourceResult:
    """Read one EP meetings CSV (any of the three layouts) into canonical tables.

    >>> result = read(Path("tests/fixtures/sources/ep-export-official.csv"))
    >>> result.source, result.dataset.counts()["meetings"]
    ('ep_meetings', 3)
    """
    text = read_text(path)
    header = _header(text[:4096].encode())
    problems: list[Problem] = []
    frame = read_csv_text(path, text, problems=problems)
    frame, long = oversized(path, frame)
    if EP_COLUMNS <= header or IW_COLUMNS <= header:
        result = _read_ep_export(path, frame) if EP_COLUMNS <= header else _read_integritywatch(path, frame)
        result.problems[:0] = problems + long
        return result
    raise SourceError(path, "not an EP meetings export: the header lacks " + ", ".join(sorted(EP_COLUMNS)))


def _dated(path: Path, frame: pd.DataFrame, column: str, fmt: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows with a readable date (parsed into ``date``), and a problem for each other row."""
    frame = frame.copy()
    written = frame[column]
    frame["date"] = parse_date_column(written, fmt)
    bad = frame["date"].isna()
    problems = [
        Problem(
            str(path), f"no readable date in {column} ({shown(value, fmt)}); meeting skipped", line=_int(line)
        )
        for value, line in zip(written[bad], frame.loc[bad, "line"], strict=True)
    ]
    return frame[~bad], problems


def _joined_key(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The ``columns`` of each row (those the file has) joined into one identity text."""
    present = [frame[c].fillna("").astype(str) for c in columns if c in frame.columns]
    if not present:
        return pd.Series("", index=frame.index)
    joined = present[0]
    for column in present[1:]:
        joined = joined + "\x1f" + column
    return joined


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _given_names(names: pd.Series) -> set[str]:
    """First names of the MEPs in this file and common given names: what tells a person among
    the attendees. Never the workspace's, so a file reads the same in every ingest."""
    found = {entries.given_name(name) for name in names.dropna().unique()}
    return (found - {None}) | COMMON_GIVEN_NAMES  # type: ignore[return-value]


def _read_ep_export(path: Path, frame: pd.DataFrame) -> SourceResult:
    frame, problems = _dated(path, frame, "meeting_date", "%Y-%m-%d")
    missing = frame["member_name"].isna() | frame["attendees"].isna()
    problems += [
        Problem(str(path), "no member_name or attendees; row skipped", line=_int(line))
        for line in frame.loc[missing, "line"]
    ]
    frame = frame[~missing]
    names = frame["member_name"].drop_duplicates()
    display = dict(zip(names, names.map(entries.mep_display_name), strict=True))
    records = pd.DataFrame(
        {
            "date": frame["date"],
            "title": frame["title"],
            "institution": EP,
            "procedure": frame.get("procedure_reference"),
            "line": frame["line"],
            # One meeting: title, member, date, capacity and procedure (the per-attendee rows of
            # one meeting share them; two meetings of one member on one day differ in one).
            "identity": _joined_key(frame, ["title", "member_capacity", "procedure_reference"]),
        }
    )
    hosts = pd.DataFrame(
        {
            "record": frame.index,
            "name": frame["member_name"].map(display),
            "kind": MEP,
            "capacity": frame["member_capacity"],
            "ep_member_id": frame["member_id"],
            "group": frame.get("political_group"),
            "country": frame.get("country"),
            "national_party": frame.get("national_political_group"),
            "institution": "European Parliament",
        }
    )
    attendees, dropped = attendee_frame(
        frame["attendees"],
        path,
        _given_names(frame["member_name"]),
        # The per-attendee export writes one attendee a row, whatever commas its name holds
        # (a few rows list a whole delegation all the same).
        split=LISTS if PER_ATTENDEE_COLUMN in frame.columns else True,
        register_ids=frame.get("lobbyist_id"),
        record_label="line",
        report_ids=True,
    )
    problems += _relabel(dropped, frame)
    dataset = build_meetings(records, hosts, attendees, NAME, path)
    return SourceResult(dataset=dataset, problems=problems, source=NAME)


def _committees(cells: pd.Series) -> pd.Series:
    """Integrity Watch's committee lists (``['ENVI', 'ITRE']``, ``[]``) as ``ENVI;ITRE`` (none:
    missing); read as text, never evaluated.

    >>> _committees(pd.Series(["['ENVI', 'ITRE']", "[]", None])).fillna("-").tolist()
    ['ENVI;ITRE', '-', '-']
    """
    found = cells.fillna("").astype(str).str.findall(r"'([^']+)'|\"([^\"]+)\"")
    joined = found.map(lambda parts: ";".join(a or b for a, b in parts).strip())
    return joined.where(joined != "", None)


def _read_integritywatch(path: Path, frame: pd.DataFrame) -> SourceResult:
    frame, problems = _dated(path, frame, "date", "%d-%m-%Y")
    missing = frame["mep"].isna() | frame["lobbyists"].isna()
    problems += [
        Problem(str(path), "no mep or lobbyists; row skipped", line=_int(line))
        for line in frame.loc[missing, "line"]
    ]
    frame = frame[~missing]
    names = frame["mep"].drop_duplicates()
    display = dict(zip(names, names.map(entries.mep_display_name), strict=True))
    records = pd.DataFrame(
        {
            "date": frame["date"],
            "title": frame["title"],
            "institution": EP,
            "procedure": frame.get("dossier"),
            "committees": _committees(frame["committees"]) if "committees" in frame else None,
            "location": frame.get("location"),
            "line": frame["line"],
            # Each row is one meeting with all its lobbyists: only a repeated row is the same one.
            "identity": _joined_key(frame, ["role", "dossier", "location", "lobbyists"]),
        }
    )
    hosts = pd.DataFrame(
        {
            "record": frame.index,
            "name": frame["mep"].map(display),
            "kind": MEP,
            "capacity": frame["role"],
            "ep_member_id": frame["epid"],
            "group": frame.get("group"),
            "country": frame.get("country"),
            "institution": "European Parliament",
        }
    )
    attendees, dropped = attendee_frame(
        frame["lobbyists"],
        path,
        _given_names(frame["mep"]),
        record_label="line",
    )
    problems += _relabel(dropped, frame)
    dataset = build_meetings(records, hosts, attendees, INTEGRITYWATCH, path)
    return SourceResult(dataset=dataset, problems=problems, source=INTEGRITYWATCH)


def _relabel(problems: list[Problem], frame: pd.DataFrame) -> list[Problem]:
    """Problems keyed by record number, re-keyed by the line the record starts on."""
    lines = frame["line"]
    out = []
    for problem in problems:
        record = int(str(problem.record).rsplit(" ", 1)[-1])
        out.append(Problem(problem.file, problem.message, line=_int(lines.get(record))))
    return out
