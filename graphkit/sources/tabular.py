"""Reading tables (CSV and xlsx) into DataFrames with errors that name the file and line.

The sources read whole files with pandas; this module is where a file that is not UTF-8, cut
off mid-record or not a spreadsheet at all becomes one clear :class:`SourceError`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd

from graphkit.errors import SourceError
from graphkit.sources import read_text

XLSX_MAGIC = b"PK\x03\x04"


def read_csv_text(path: Path, text: str | None = None, skiprows: int = 0) -> pd.DataFrame:
    """A CSV file as a DataFrame of text cells (empty cells are NA) with a ``line`` column: the
    1-based line where each record starts.

    Raises :class:`SourceError` for text that is not UTF-8 (with the line of the first bad byte),
    for a quoted field left open at the end, and for a last record cut short (a truncated
    download).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = p.write_text('a,b\\n1,"x\\ny"\\n2,z\\n')
    >>> read_csv_text(p)[["a", "line"]].values.tolist()
    [['1', 2], ['2', 4]]
    """
    text = read_text(path) if text is None else text
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, skiprows=skiprows, keep_default_na=False, na_values=[""]
        )
    except pd.errors.ParserError as err:
        raise SourceError(path, f"cannot read as CSV: {_first_line(err)}") from err
    except pd.errors.EmptyDataError as err:
        raise SourceError(path, "no header row: the file holds no table") from err
    newlines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if newlines == skiprows + 1 + len(frame):
        # One line per record (no cell spans lines, no blank lines): lines follow the rows.
        starts = list(range(skiprows + 2, skiprows + 2 + len(frame)))
    else:
        starts = _record_lines(text, skiprows, len(frame))
    frame["line"] = starts
    if len(frame) and not text.endswith(("\n", "\r")):
        last = text.rsplit("\n", 1)[-1]
        fields = next(csv.reader([last]), [])
        header_width = len(frame.columns) - 1
        if last.count('"') % 2 or len(fields) < header_width:
            raise SourceError(
                path,
                f"the last record has {len(fields)} of {header_width} fields: the file is cut off "
                "(truncated download?); download it again",
                line=int(starts[-1]),
            )
    return frame


def _record_lines(text: str, skiprows: int, count: int) -> list[int]:
    """Line where each record starts, found with the csv module's own quoting rules (cheap:
    the csv reader is C code and only counts lines)."""
    reader = csv.reader(io.StringIO(text))
    starts = []
    line = 1
    n = 0
    for row in reader:
        if row:
            if n >= skiprows + 1:
                starts.append(line)
            n += 1
        line = reader.line_num + 1
    starts = starts[:count]
    return starts + [None] * (count - len(starts))


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def xlsx_strings(path: Path) -> str:
    """The shared strings of an xlsx workbook as text (what its header cells say), or ``""``
    when the file is not a readable xlsx."""
    try:
        with zipfile.ZipFile(path) as book:
            names = book.namelist()
            chunks = []
            for name in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                if name in names:
                    with book.open(name) as handle:
                        chunks.append(handle.read(256 * 1024).decode("utf-8", errors="ignore"))
            return "\n".join(chunks)
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""


def read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet of an xlsx workbook as a DataFrame of text cells, no header parsed (the
    caller finds the header row); a ``line`` column holds the 1-based spreadsheet row.
    """
    try:
        frame = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as err:
        raise SourceError(path, f"cannot read as an xlsx workbook: {_first_line(err)}") from err
    frame["line"] = range(1, len(frame) + 1)
    return frame


def header_row(frame: pd.DataFrame, wanted: str, limit: int = 10) -> int | None:
    """Index of the first row (within ``limit``) that has a cell equal to ``wanted``
    (case-insensitive), for spreadsheets that put a title row above the header.

    >>> header_row(pd.DataFrame([["Meetings of X", None], ["Name", "Date of meeting"]]), "date of meeting")
    1
    """
    for i in range(min(limit, len(frame))):
        cells = {str(v).strip().casefold() for v in frame.iloc[i].tolist() if isinstance(v, str)}
        if wanted.casefold() in cells:
            return i
    return None
