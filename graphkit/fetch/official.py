"""The official downloads: the European Parliament's MEP meetings export (split into date
windows under its 1,000-row cap), the Commission's meeting lists and the Transparency Register.

Each function writes files that ``graphkit ingest`` reads, keeps a small state file so an
interrupted run resumes where it stopped, and reports progress through a callback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.fetch.http import PoliteClient

# The official endpoints (each command takes --base-url to use another, e.g. a mirror or a test server).
EP_MEETINGS_URL = "https://www.europarl.europa.eu/meps/en/search-meetings"
EC_MEETINGS_URL = "https://ec.europa.eu/transparencyinitiative/meetings/dataxlsx.do"
REGISTER_URL = "https://transparency-register.europa.eu/odplastorganisationxml_en"
# The Commission's lists: Commissioners and cabinets 2019-2024, and the Directors-General.
EC_LISTS = ("meetingscommissionrepresentatives1924", "meetingsdirectorgenerals")
EP_ROW_CAP = 1000
STATE_FILE = ".graphkit-fetch.json"

Progress = Callable[[int, int | None], None]


@dataclass
class FetchReport:
    """What a fetch wrote: files, rows (where counted), requests made, and warnings."""

    files: list[Path] = field(default_factory=list)
    rows: int = 0
    requests: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


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


def count_records(body: bytes) -> int:
    """Records in a CSV body (its header not counted).

    >>> count_records(b'a,b\\n1,"x\\ny"\\n2,z\\n')
    2
    """
    text = body.decode("utf-8-sig", errors="replace")
    return max(0, sum(1 for row in csv.reader(io.StringIO(text)) if row) - 1)


class _State:
    """The fetch state file in the output directory, rewritten atomically after each step."""

    def __init__(self, directory: Path, kind: str):
        self.path = directory / STATE_FILE
        self.kind = kind
        data = json.loads(self.path.read_text()) if self.path.exists() else {}
        self.data = data.get(kind, {"done": {}, "split": []})

    def save(self) -> None:
        everything = json.loads(self.path.read_text()) if self.path.exists() else {}
        everything[self.kind] = self.data
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(everything, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


def _write_atomically(path: Path, body: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)


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
    days (a day still over the cap is reported in ``warnings``). Finished windows are recorded
    in ``out_dir/.graphkit-fetch.json``: run it again after an interruption and only the rest is
    downloaded. ``progress(days_done, days_total)`` follows the days covered.
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
        if key in state.data["done"]:
            report.skipped += 1
            days_done += span
            report.rows += state.data["done"][key]["rows"]
            file = state.data["done"][key]["file"]
            if file:
                report.files.append(out_dir / file)
            if progress:
                progress(days_done, total_days)
            continue
        params = {
            "fromDate": first.strftime("%d/%m/%Y"),
            "toDate": last.strftime("%d/%m/%Y"),
            "exportFormat": "CSV",
        }
        before = client.requests
        body = client.get(client.url(base_url, params))
        report.requests += client.requests - before
        rows = count_records(body)
        if rows >= cap and first < last:
            state.data["split"].append(key)
            state.save()
            windows.extendleft(reversed(_halves(first, last)))
            continue
        if rows >= cap:
            report.warnings.append(
                f"{first.isoformat()}: {rows} meetings on one day, the export may have cut them at {cap}"
            )
        name = f"ep-meetings-{key}.csv" if rows else ""
        if rows:
            _write_atomically(out_dir / name, body)
            report.files.append(out_dir / name)
        report.rows += rows
        state.data["done"][key] = {"file": name, "rows": rows}
        state.save()
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
    """Download the Commission's meeting lists (xlsx) into ``out_dir``; a list already
    complete there is skipped, one cut off resumes."""
    client = client or PoliteClient()
    out_dir.mkdir(parents=True, exist_ok=True)
    report = FetchReport()
    for n, name in enumerate(lists):
        dest = out_dir / f"ec-{name}.xlsx"
        if dest.exists():
            report.skipped += 1
        else:
            before = client.requests
            client.download(client.url(base_url, {"name": name}), dest)
            report.requests += client.requests - before
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
    resuming a download that was cut off."""
    client = client or PoliteClient()
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / "transparency-register.xml"
    before = client.requests
    client.download(url, dest, progress)
    return FetchReport(files=[dest], requests=client.requests - before)
