"""Reading tables (CSV and xlsx) into DataFrames with errors that name the file and line.

The sources read whole files with pandas; this module is where a file that is not UTF-8, cut
off mid-record or not a spreadsheet at all becomes one clear :class:`SourceError`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from graphkit.errors import Problem, SourceError
from graphkit.model.names import INVISIBLE
from graphkit.sources import ZIP_DAMAGE, read_text

XLSX_MAGIC = b"PK\x03\x04"
# No name, title or id runs this long: a longer cell is a damaged or hostile file, and kept it
# would become a ten-million-character organisation name.
MAX_FIELD = 10_000
_RAGGED = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
# A line ends as pandas ends it (and the csv module given ``newline=""``): CR LF, LF or a lone
# CR, so a stray CR in a cell is a line break to every reader rather than an error to one.
_LINE_END = re.compile(r"\r\n|\r|\n")
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def read_csv_text(
    path: Path, text: str | None = None, skiprows: int = 0, problems: list[Problem] | None = None
) -> pd.DataFrame:
    """A CSV file as a DataFrame of text cells (empty cells are NA) with a ``line`` column: the
    1-based line where each record starts.

    A row with more fields than the header is left out with a problem added to ``problems``
    (without ``problems``, it is a :class:`SourceError`).

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
        if problems is None or not _RAGGED.search(str(err)):
            raise SourceError(path, f"cannot read as CSV: {_first_line(err)}") from err
        return _without_ragged(path, text, skiprows, problems)
    except pd.errors.EmptyDataError as err:
        raise SourceError(path, "no header row: the file holds no table") from err
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas took the first column for an index: the first row is wider than the header.
        if problems is None:
            raise SourceError(path, "the first record has more fields than the header", line=skiprows + 2)
        return _without_ragged(path, text, skiprows, problems)
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


def _without_ragged(path: Path, text: str, skiprows: int, problems: list[Problem]) -> pd.DataFrame:
    """The CSV read without the records that have more fields than its header (each one a
    problem): their fields cannot be told apart, so none is guessed."""
    lines = _LINE_END.split(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    kept: list[int] = []  # the lines (1-based) of the text read again
    width = None
    start = 1
    for row in reader:
        end = reader.line_num
        if width is None and row and start > skiprows:
            width = len(row)
        elif width is not None and len(row) > width:
            problems.append(
                Problem(str(path), f"{len(row)} fields where the header has {width}; row skipped", line=start)
            )
            start = end + 1
            continue
        kept.extend(range(start, end + 1))
        start = end + 1
    kept.extend(range(start, len(lines) + 1))
    frame = read_csv_text(path, "\n".join(lines[n - 1] for n in kept if n <= len(lines)), skiprows)
    frame["line"] = [kept[n - 1] if n is not None else None for n in frame["line"]]
    return frame


def oversized(
    path: Path, frame: pd.DataFrame, columns: list[str] | None = None, where: str = "line"
) -> tuple[pd.DataFrame, list[Problem]]:
    """``frame`` without the rows that have a cell (or an item of a listed cell) longer than
    :data:`MAX_FIELD` in ``columns`` (all by default), and a problem for each; ``where`` names
    the column that tells the record's line (or name).

    >>> frame = pd.DataFrame({"name": ["BEUC", "x" * 20_000], "line": [2, 3]})
    >>> kept, problems = oversized(Path("m.csv"), frame)
    >>> len(kept), str(problems[0])
    (1, "m.csv:3: 'name' holds 20,000 characters, more than the 10,000 a field may have; row skipped")
    """
    problems: list[Problem] = []
    long = pd.Series(False, index=frame.index)
    for column in columns if columns is not None else list(frame.columns):
        if column == where or column not in frame:
            continue
        values = frame[column]
        if pd.api.types.is_object_dtype(values.dtype):
            lengths = values.map(_longest)
        elif pd.api.types.is_string_dtype(values.dtype):
            lengths = values.str.len().fillna(0)
        else:
            continue
        for index in lengths.index[lengths > MAX_FIELD]:
            if long[index]:
                continue
            long[index] = True
            at = frame.at[index, where] if where in frame else None
            place = (
                {"line": int(at)} if pd.api.types.is_number(at) and not pd.isna(at) else {"record": str(at)}
            )
            problems.append(
                Problem(
                    str(path),
                    f"{column!r} holds {lengths[index]:,} characters, more than the {MAX_FIELD:,} a field may "
                    "have; row skipped",
                    **place,
                )
            )
    return frame[~long], problems


def _longest(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return max((len(str(item)) for item in value), default=0)
    return 0


def _record_lines(text: str, skiprows: int, count: int) -> list[int]:
    """Line where each record starts, found with the csv module's own quoting rules (cheap:
    the csv reader is C code and only counts lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
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
    except ZIP_DAMAGE:
        return ""


def read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet of an xlsx workbook as a DataFrame of text cells, no header parsed (the
    caller finds the header row); a ``line`` column holds the 1-based spreadsheet row.
    """
    try:
        frame = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    except Exception as err:  # openpyxl raises what the damage gives (zlib, XML, TypeError, EOFError)
        raise SourceError(
            path, f"cannot read as an xlsx workbook, it is damaged ({_first_line(err)}); save it again"
        ) from err
    for position, column in enumerate(frame.columns):
        values = frame[column]
        escaped = values.astype("string").str.contains(_XLSX_ESCAPE.pattern.replace("(", "(?:"), na=False)
        if escaped.any():
            # Excel writes a character XML cannot hold (a control character, say) as _x001B_ and
            # openpyxl reads the escape as written: the cell's own text has the character, which
            # the readers then remove from a name with a problem (invisible_removed).
            frame.iloc[escaped.to_numpy().nonzero()[0], position] = values[escaped].map(_unescape_xlsx)
    frame["line"] = range(1, len(frame) + 1)
    return frame


def _unescape_xlsx(text: str) -> str:
    r"""A cell's text with Excel's ``_xHHHH_`` escapes turned back into their characters.

    >>> _unescape_xlsx("BE_x001B_UC _x005F_x0041_")
    'BE\x1bUC _x0041_'
    """
    return _XLSX_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


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


def below_header(table: pd.DataFrame, found: int) -> pd.DataFrame:
    """The rows of a :func:`read_xlsx` table under its header row ``found``, named by that row's
    cells: stripped, a blank cell named ``Unnamed: N`` and a repeated name given ``.1``, ``.2``
    as pandas names a CSV's columns, so a workbook that repeats a header reads as its CSV would
    (one column per name; the first of a repeated name is the one read).

    >>> table = pd.DataFrame([["Name ", "Name", None], ["BEUC", "x", "y"]]).assign(line=[1, 2])
    >>> below_header(table, 0).columns.tolist()
    ['Name', 'Name.1', 'Unnamed: 2', 'line']
    """
    frame = table.iloc[found + 1 :].copy()
    frame.columns = [*column_names(table.iloc[found].tolist()[:-1]), "line"]
    return frame


def column_names(cells: Iterable[object]) -> list[str]:
    """Header cells as column names: stripped, a blank cell ``Unnamed: N``, a name seen before
    (once stripped) given ``.1``, ``.2`` (and ``line``, graphkit's own column, too), so that
    each name picks one column.

    >>> column_names(["Date ", "Date", None, "line", "line"])
    ['Date', 'Date.1', 'Unnamed: 2', 'line.1', 'line.2']
    """
    names: list[str] = []
    for position, value in enumerate(cells):
        name = str(value).strip() if isinstance(value, str) else f"Unnamed: {position}"
        base, n = name, 0
        while name in names or name == "line":
            n += 1
            name = f"{base}.{n}"
        names.append(name)
    return names


def invisible_removed(
    path: Path, frame: pd.DataFrame, columns: list[str], where: str = "line"
) -> tuple[pd.DataFrame, list[Problem]]:
    r"""``frame`` with the characters that are never part of a name (controls such as NUL and
    ESC, bidi overrides, zero-width marks) removed from the text cells of ``columns``, and a
    problem for each cell that held any; ``where`` names the column that tells the record.

    >>> frame = pd.DataFrame({"name": ["BEUC", "Acme\x1b[2J Lobby"], "line": [2, 3]})
    >>> kept, problems = invisible_removed(Path("r.csv"), frame, ["name"])
    >>> kept["name"].tolist(), str(problems[0])
    (['BEUC', 'Acme[2J Lobby'], "r.csv:3: character(s) never part of a name (U+001B) removed from the name 'Acme\\x1b[2J Lobby'")
    """
    problems: list[Problem] = []
    out = frame
    for column in columns:
        if column not in frame:
            continue
        text = frame[column].map(lambda value: value if isinstance(value, str) else "")
        marked = text.str.contains(INVISIBLE)
        if not marked.any():
            continue
        if out is frame:
            out = frame.copy()
        for index in marked.index[marked]:
            cell = text[index]
            at = frame.at[index, where] if where in frame else None
            place = (
                {"line": int(at)} if pd.api.types.is_number(at) and not pd.isna(at) else {"record": str(at)}
            )
            problems.append(
                Problem(str(path), f"{invisible_message(cell)} removed from the {column} {cell!r}", **place)
            )
            out.at[index, column] = INVISIBLE.sub("", cell)
    return out, problems


def invisible_message(text: str) -> str:
    r"""The characters :data:`~graphkit.model.names.INVISIBLE` finds in ``text``, as code points.

    >>> invisible_message("BE\x00U\u202eC")
    'character(s) never part of a name (U+0000, U+202E)'
    """
    found = sorted(set(INVISIBLE.findall(text)))
    return "character(s) never part of a name (" + ", ".join(f"U+{ord(c):04X}" for c in found) + ")"
