"""The official downloads: the European Parliament's MEP meetings export (split into date
windows under its 1,000-row cap), the Commission's meeting lists and the Transparency Register.

Every item (an EP window, a Commission list, the Register file) takes one path: streamed to a
temporary file by :meth:`graphkit.fetch.http.PoliteClient.fetch`, checked (not an HTML page,
the layout the source reader expects, the body whole, the rows plausible), only then renamed
to its final name and recorded in the state file with its size and sha256. An item that fails
its tries is reported in ``FetchReport.failures`` (one line: the item and why) and stays to do;
an item recorded as done whose file is missing or changed is due again.

What counts as "no rows": the EP export writes its header row even for a window without
meetings, so a header-only answer is a window with 0 rows (recorded, no file written); an
empty body says nothing and is a failure, tried again on the next run.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import xml.parsers.expat
import zipfile
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.fetch.http import BadAnswer, Fetched, FetchError, PoliteClient, Unreachable, file_digest

# The official endpoints (each command takes --base-url to use another, e.g. a mirror or a test server).
EP_MEETINGS_URL = "https://www.europarl.europa.eu/meps/en/search-meetings"
EC_MEETINGS_URL = "https://ec.europa.eu/transparencyinitiative/meetings/dataxlsx.do"
REGISTER_URL = "https://transparency-register.europa.eu/odplastorganisationxml_en"
# The Commission's lists: Commissioners and cabinets 2019-2024, and the Directors-General.
EC_LISTS = ("meetingscommissionrepresentatives1924", "meetingsdirectorgenerals")
EP_ROW_CAP = 1000
STATE_FILE = ".graphkit-fetch.json"
HEAD = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Progress = Callable[[int, int | None], None]


@dataclass
class FetchReport:
    """What a fetch wrote: files, rows (where counted), requests made, items already done,
    warnings, and the items that failed (one line each: which and why; due on the next run)."""

    files: list[Path] = field(default_factory=list)
    rows: int = 0
    requests: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def month_windows(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Calendar-month windows covering ``start``..``end`` (both included).

    >>> month_windows(dt.date(2024, 1, 20), dt.date(2024, 3, 2))
    [(datetime.date(2024, 1, 20), datetime.date(2024, 1, 31)), (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)), (datetime.date(2024, 3, 1), datetime.date(2024, 3, 2))]
    """
    windows = []
    first = start
    while first <= end:
        next_month = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        last = min(end, next_month - dt.timedelta(days=1))
        windows.append((first, last))
        first = last + dt.timedelta(days=1)
    return windows


# --- checks: what makes an answer the file asked for ------------------------------------------


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(HEAD)


def refuse_html(path: Path, content_type: str, wanted: str) -> None:
    """A :class:`BadAnswer` when the answer is a web page (by its type or its first bytes):
    no official download is HTML, but a maintenance or login page is.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = pathlib.Path(d) / "a"
    ...     _ = page.write_bytes(b"<!DOCTYPE html><p>Down for maintenance")
    ...     refuse_html(page, "text/csv", "the EP CSV export")
    Traceback (most recent call last):
    graphkit.fetch.http.BadAnswer: an HTML page (text/csv), not the EP CSV export
    """
    kind = content_type.split(";")[0].strip().lower()
    start = _head(path)[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if kind in ("text/html", "application/xhtml+xml") or start.startswith((b"<!doctype html", b"<html")):
        raise BadAnswer(f"an HTML page ({kind or 'no type'}), not {wanted}")


def check_ep_csv(path: Path, content_type: str, first: dt.date, last: dt.date) -> int:
    """The rows of an EP meetings export answered for ``first``..``last``, or :class:`BadAnswer`.

    The answer must be the export's CSV: its header holds the columns the EP source reads
    (``graphkit.sources.ep_meetings.EP_COLUMNS``); a header alone is a window without meetings
    (0 rows), an empty body is not. Its last row must be whole (a cut answer ends mid-row), and
    no ISO ``meeting_date`` may fall outside the window asked for (an answer for another
    window, e.g. a cached page, is not this window's).

    >>> import tempfile, pathlib
    >>> from graphkit.sources.ep_meetings import EP_COLUMNS
    >>> header = ",".join(sorted(EP_COLUMNS)) + "\\n"
    >>> row = "BEUC,2024-01-08,Chair,7,VOSS Axel,AI liability\\n"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     answer = pathlib.Path(d) / "a.csv"
    ...     _ = answer.write_text(header + row)
    ...     check_ep_csv(answer, "text/csv", dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    1
    """
    from graphkit.sources.ep_meetings import (
        EP_COLUMNS,
    )  # the source's own columns (imports pandas: here, not at start-up)

    refuse_html(path, content_type, "the EP CSV export")
    try:
        # Strict UTF-8, as the EP source reads it: an answer it would refuse is never kept.
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next((row for row in reader if any(cell.strip() for cell in row)), None)
            if header is None:
                raise BadAnswer(
                    "an empty answer (the EP export writes its header even for a window without meetings)"
                )
            names = [cell.strip().strip('"') for cell in header]
            missing = EP_COLUMNS - set(names)
            if missing:
                raise BadAnswer(f"not the EP CSV export (its header lacks {', '.join(sorted(missing))})")
            date_column, width = names.index("meeting_date"), len(names)
            rows, outside, last_width = 0, 0, width
            low, high = first.isoformat(), last.isoformat()
            for row in reader:
                if not row:
                    continue
                rows += 1
                last_width = len(row)
                day = row[date_column].strip() if date_column < len(row) else ""
                if _ISO_DATE.fullmatch(day) and not low <= day <= high:
                    outside += 1
    except csv.Error as err:
        raise BadAnswer(f"not a readable CSV ({err})") from err
    except UnicodeDecodeError as err:
        raise BadAnswer(f"not UTF-8 text as the EP export is ({err.reason}): the answer is damaged") from err
    if last_width < width:
        raise BadAnswer(f"the last row has {last_width} of the header's {width} fields: the answer is cut")
    if outside:
        raise BadAnswer(
            f"{outside} of {rows} rows are dated outside {low}..{high}: an answer for another window"
        )
    return rows


def check_ec_xlsx(path: Path, content_type: str) -> None:
    """Accept a Commission meetings list: a whole xlsx workbook (every member's CRC checked)
    whose first sheet the Commission source reads (a header row with its columns), else
    :class:`BadAnswer`."""
    from graphkit.errors import SourceError
    from graphkit.sources import ZIP_DAMAGE, ec_meetings  # recognised and read as the source does

    refuse_html(path, content_type, "the Commission's xlsx list")
    if not _head(path).startswith(XLSX_MAGIC):
        raise BadAnswer("not an xlsx workbook" + (" (an empty answer)" if path.stat().st_size == 0 else ""))
    try:
        with zipfile.ZipFile(path) as book:
            damaged = book.testzip()
    except ZIP_DAMAGE as err:
        raise BadAnswer(f"a cut or damaged xlsx workbook ({err or type(err).__name__})") from err
    if damaged is not None:
        raise BadAnswer(f"a damaged xlsx workbook ({damaged} does not match its checksum)")
    if not ec_meetings.sniff(path, _head(path)):
        raise BadAnswer(f"an xlsx without the Commission's header ({ec_meetings.DATE}, {ec_meetings.ORGS})")
    try:  # read as ingest reads it: header cells elsewhere than in a header row are not a list
        ec_meetings.xlsx_table(path)
    except SourceError as err:
        raise BadAnswer(f"not a Commission list ingest can read: {err.message}") from err


def check_register_xml(path: Path, content_type: str) -> int:
    """The organisations in a Register XML export, or :class:`BadAnswer`: recognised as the
    Register's by the Register source, well-formed to its last closing tag (read as XML 1.0
    as the source reads it), holding at least one ``interestRepresentative``."""
    from graphkit.sources import register  # recognised and read as XML 1.0 as the source does

    refuse_html(path, content_type, "the Register's XML export")
    head = _head(path)
    if head.startswith(XLSX_MAGIC) or not register.sniff(path, head):
        raise BadAnswer("not the Register's XML export" + (" (an empty answer)" if not head.strip() else ""))
    found = 0

    def start(name: str, _attributes: dict) -> None:
        nonlocal found
        found += name.rsplit(":", 1)[-1] == "interestRepresentative"

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with open(path, "rb") as handle:
            reader = register.Xml10Reader(handle)
            while chunk := reader.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as err:
        raise BadAnswer(f"the XML is cut or damaged ({err})") from err
    if not found:
        raise BadAnswer("an export without any interestRepresentative")
    return found


# --- one path for every item: fetch, check, keep, record ---------------------------------------


class _State:
    """The fetch state file in the output directory, rewritten atomically after each step.

    ``done`` maps an item to ``{file, rows, size, sha256}`` of what was kept; ``split`` lists EP
    windows asked for in halves."""

    def __init__(self, directory: Path, kind: str):
        self.directory = directory
        self.path = directory / STATE_FILE
        self.kind = kind
        data = _load(self.path)
        self.data = data.get(kind, {"done": {}, "split": []})
        self.data.setdefault("done", {})
        self.data.setdefault("split", [])

    def done(self, key: str) -> dict | None:
        """The record of ``key`` if its file is still there as it was saved; else ``None`` (a
        stale record is dropped, so the item is due again)."""
        entry = self.data["done"].get(key)
        if not entry:
            return None
        # Records written before digests were kept cannot vouch for their file (an empty answer
        # was recorded as 0 rows then): due again.
        fine = "sha256" in entry
        if fine and entry.get("file"):
            file = self.directory / entry["file"]
            fine = (
                file.is_file()
                and file.stat().st_size == entry.get("size")
                and file_digest(file)[1] == entry["sha256"]
            )
        if not fine:
            del self.data["done"][key]
            self.save()
            return None
        return entry

    def record(self, key: str, file: str, rows: int | None, fetched: Fetched) -> None:
        self.data["done"][key] = {"file": file, "rows": rows, "size": fetched.size, "sha256": fetched.sha256}
        self.save()

    def save(self) -> None:
        everything = _load(self.path)
        everything[self.kind] = self.data
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(everything, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


def _load(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def _fetch_item(
    client: PoliteClient,
    url: str,
    part: Path,
    check: Callable[[Path, str], object],
    label: str,
    report: FetchReport,
    *,
    resume: bool = False,
    progress: Progress | None = None,
) -> Fetched | None:
    """The verified answer for one item, or ``None`` with a line in ``report.failures``. A
    server that does not answer at all stops the run (:class:`FetchError` naming the item)."""
    before = client.requests
    try:
        return client.fetch(url, part, check, resume=resume, progress=progress)
    except BadAnswer as err:
        report.failures.append(f"{label}: {err}")
        return None
    except Unreachable as err:
        raise FetchError(f"{label}: {err} at {url}; nothing is recorded for it, run again to go on") from err
    finally:
        report.requests += client.requests - before
        report.warnings.extend(client.notes)
        client.notes.clear()


def _keep(fetched: Fetched, dest: Path) -> None:
    os.replace(fetched.path, dest)


# --- the sources -------------------------------------------------------------------------------


def fetch_ep_meetings(
    start: dt.date,
    end: dt.date,
    out_dir: Path,
    client: PoliteClient | None = None,
    base_url: str = EP_MEETINGS_URL,
    cap: int = EP_ROW_CAP,
    progress: Progress | None = None,
) -> FetchReport:
    """Download the EP's MEP meetings from ``start`` to ``end`` as CSV files in ``out_dir``.

    The export answers at most ``cap`` rows a request, so the period is asked for month by
    month, and a window that comes back full is split in two and asked again, down to single
    days (a day still over the cap is reported in ``warnings``). Each answer is checked
    (:func:`check_ep_csv`) before it is kept; finished windows are recorded with the size and
    sha256 of their file in ``out_dir/.graphkit-fetch.json``: run it again after an
    interruption or a failure and only the rest (and any window whose file is gone or changed)
    is downloaded. ``progress(days_done, days_total)`` follows the days covered.
    """
    client = client or PoliteClient()
    out_dir.mkdir(parents=True, exist_ok=True)
    state = _State(out_dir, "ep-meetings")
    report = FetchReport()
    total_days = (end - start).days + 1
    days_done = 0
    windows = deque(month_windows(start, end))
    while windows:
        first, last = windows.popleft()
        key = f"{first.isoformat()}_{last.isoformat()}"
        span = (last - first).days + 1
        if key in state.data["split"]:
            windows.extendleft(reversed(_halves(first, last)))
            continue
        entry = state.done(key)
        if entry is None:
            params = {
                "fromDate": first.strftime("%d/%m/%Y"),
                "toDate": last.strftime("%d/%m/%Y"),
                "exportFormat": "CSV",
            }
            name = f"ep-meetings-{key}.csv"
            fetched = _fetch_item(
                client, client.url(base_url, params), out_dir / (name + ".part"),
                lambda path, kind, a=first, b=last: check_ep_csv(path, kind, a, b), f"EP meetings {first}..{last}", report,
            )  # fmt: skip
            if fetched is None:
                continue  # reported; due on the next run
            rows = fetched.verdict
            if rows >= cap and first < last:
                fetched.path.unlink()
                state.data["split"].append(key)
                state.save()
                windows.extendleft(reversed(_halves(first, last)))
                continue
            if rows >= cap:
                report.warnings.append(
                    f"{first.isoformat()}: {rows} meetings on one day, the export may have cut them at {cap}"
                )
            if rows:
                _keep(fetched, out_dir / name)
            else:
                fetched.path.unlink()  # the header alone: a window without meetings, nothing to ingest
            state.record(key, name if rows else "", rows, fetched)
            entry = state.data["done"][key]
        else:
            report.skipped += 1
        report.rows += entry["rows"]
        if entry["file"]:
            report.files.append(out_dir / entry["file"])
        days_done += span
        if progress:
            progress(days_done, total_days)
    return report


def _halves(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    middle = first + dt.timedelta(days=(last - first).days // 2)
    return [(first, middle), (middle + dt.timedelta(days=1), last)]


def fetch_ec_meetings(
    out_dir: Path,
    lists: Sequence[str] = EC_LISTS,
    client: PoliteClient | None = None,
    base_url: str = EC_MEETINGS_URL,
    progress: Progress | None = None,
) -> FetchReport:
    """Download the Commission's meeting lists (xlsx) into ``out_dir``, each checked
    (:func:`check_ec_xlsx`) before it is kept; a list recorded done whose file is unchanged is
    skipped, one cut off resumes."""
    client = client or PoliteClient()
    out_dir.mkdir(parents=True, exist_ok=True)
    state = _State(out_dir, "ec-meetings")
    report = FetchReport()
    for n, name in enumerate(lists):
        dest = out_dir / f"ec-{name}.xlsx"
        if state.done(name):
            report.skipped += 1
            report.files.append(dest)
        else:
            fetched = _fetch_item(
                client, client.url(base_url, {"name": name}), dest.with_name(dest.name + ".part"), check_ec_xlsx,
                f"Commission list {name}", report, resume=True,
            )  # fmt: skip
            if fetched is not None:
                _keep(fetched, dest)
                state.record(name, dest.name, None, fetched)
                report.files.append(dest)
        if progress:
            progress(n + 1, len(lists))
    return report


def fetch_register(
    out_dir: Path,
    client: PoliteClient | None = None,
    url: str = REGISTER_URL,
    progress: Progress | None = None,
) -> FetchReport:
    """Download the Transparency Register's XML export (about 120 MB) into ``out_dir``,
    resuming a download that was cut off, and keep it once :func:`check_register_xml` accepts
    it. A copy recorded done and unchanged is not downloaded again (delete it for a fresh one)."""
    client = client or PoliteClient()
    out_dir.mkdir(parents=True, exist_ok=True)
    state = _State(out_dir, "register")
    dest = out_dir / "transparency-register.xml"
    report = FetchReport()
    entry = state.done(dest.name)
    if entry is not None:
        report.skipped += 1
    else:
        fetched = _fetch_item(
            client, url, dest.with_name(dest.name + ".part"), check_register_xml, "Transparency Register", report,
            resume=True, progress=progress,
        )  # fmt: skip
        if fetched is None:
            return report
        _keep(fetched, dest)
        state.record(dest.name, dest.name, fetched.verdict, fetched)
        entry = state.data["done"][dest.name]
    report.files.append(dest)
    report.rows = entry["rows"] or 0
    return report
