"""The EU Transparency Register: organisations with their Register ID, acronym, category,
head-office country, staff and costs. Meetings and responses join these attributes by Register ID.

Layouts read:

- the XML export (namespace ``http://intragate.ec.europa.eu/transparencyregister/odp``,
  ``ListOfIRPublicDetail/resultList/interestRepresentative``). The real file is about 120 MB,
  declares XML 1.1 and holds control characters that XML 1.0 parsers reject, so it is streamed
  (``iterparse``) through a filter that reads it as XML 1.0 and drops those characters;
- the spreadsheet export (xlsx, or CSV), one organisation a row, with an ``Identification
  code`` column.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from graphkit.errors import Problem, SourceError
from graphkit.model import ids
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.sources import SourceResult, entries, read_head, read_text
from graphkit.sources.tabular import (
    XLSX_MAGIC,
    below_header,
    header_row,
    invisible_removed,
    oversized,
    read_csv_text,
    read_xlsx,
    xlsx_strings,
)

NAME = "register"
DESCRIPTION = "EU Transparency Register export (XML or spreadsheet)"
NAMESPACE = "http://intragate.ec.europa.eu/transparencyregister/odp"

# Spreadsheet headers (case-insensitive) for each attribute, first match wins.
COLUMNS = {
    "register_id": ("identification code", "identification number", "registration number", "id"),
    "name": ("name", "organisation name", "organisation", "original name"),
    "acronym": ("acronym",),
    "category": ("category of registration", "registration category", "category", "section"),
    "country": ("head office country", "country of head office", "country"),
    "members_fte": ("members fte", "full time equivalent (fte)", "fte"),
    "costs": ("closed financial year costs", "closed year costs", "costs"),
    "interests": ("interests", "fields of interest"),
}
_CONTROL_REF = re.compile(rb"&#(?:x0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));")
_CONTROL_RAW = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML11 = re.compile(rb"""^(\s*<\?xml[^>]*?version\s*=\s*)(['"])1\.1\2""")


def sniff(path: Path, head: bytes) -> bool:
    """The Register's XML (by its namespace) or spreadsheet (by an ``Identification code``
    header)."""
    if head.startswith(XLSX_MAGIC):
        return "identification code" in xlsx_strings(path).casefold()
    text = head.decode("utf-8", errors="ignore")
    if NAMESPACE in text[:4096] or "<ListOfIRPublicDetail" in text[:4096]:
        return True
    first = text.lstrip("\ufeff").split("\n", 1)[0].casefold()
    return "identification code" in first and "name" in first


_SPACE_AND_CONTROLS = bytes(range(0x21))


def read(path: Path) -> SourceResult:
    """Read a Register export into organisation actors.

    >>> result = read(Path("tests/fixtures/sources/register.xml"))
    >>> result.dataset.actors[["name", "acronym", "register_id"]].values.tolist()[0]
    ['Bureau Européen des Unions de Consommateurs', 'BEUC', '9505781573-45']
    """
    head = read_head(path, 4096)
    if head.startswith(XLSX_MAGIC):
        table = read_xlsx(path)
        found = header_row(table, "identification code")
        if found is None:
            raise SourceError(path, "no 'Identification code' header in the first rows")
        return _from_table(path, below_header(table, found))
    # XML as the fetch check recognises it: after a byte-order mark, white space or control
    # characters (which the XML 1.0 reader drops anyway), the first thing is a tag.
    lead = head.lstrip(_SPACE_AND_CONTROLS).removeprefix(b"\xef\xbb\xbf").lstrip(_SPACE_AND_CONTROLS)
    if lead.startswith(b"<"):
        return _read_xml(path)
    ragged: list[Problem] = []
    result = _from_table(path, read_csv_text(path, read_text(path), problems=ragged))
    result.problems[:0] = ragged
    return result


class Xml10Reader:
    """A binary stream that reads an XML 1.1 export as XML 1.0: the declaration says 1.0 and the
    control characters XML 1.0 forbids (raw or as ``&#x2;``) are dropped.

    Held-back bytes make sure a character reference split between two reads is still seen
    whole. ``removed`` counts what was dropped.

    >>> import io
    >>> reader = Xml10Reader(io.BytesIO(b"<?xml version='1.1'?><a>x&#x2;y\\x01z</a>"))
    >>> reader.read(), reader.removed
    (b"<?xml version='1.0'?><a>xyz</a>", 2)
    """

    def __init__(self, raw: BinaryIO, chunk: int = 1 << 20):
        self.raw = raw
        self.chunk = chunk
        self.tail = b""
        self.first = True
        self.removed = 0

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self.raw.read(self.chunk if size is None or size < 0 else max(size, 64))
            data = self.tail + chunk
            self.tail = b""
            if chunk:
                cut = data.rfind(b"&")
                if cut != -1 and b";" not in data[cut:] and len(data) - cut < 16:
                    data, self.tail = data[:cut], data[cut:]
            if self.first and chunk and b"?>" not in data and len(data) < 1024:
                self.tail = data  # the XML declaration is not complete yet: read on
                continue
            if self.first and data:
                data = _XML11.sub(rb"\g<1>\g<2>1.0\g<2>", data, count=1)
                self.first = False
            data, refs = _CONTROL_REF.subn(b"", data)
            data, raws = _CONTROL_RAW.subn(b"", data)
            self.removed += refs + raws
            if data or not chunk:
                return data


def _text(element: ET.Element, path: str) -> str | None:
    found = element.find(path)
    if found is None:
        return None
    text = " ".join(t.strip() for t in found.itertext() if t.strip())
    return entries.fix_mojibake(text) or None


def _read_xml(path: Path) -> SourceResult:
    rows = []
    problems: list[Problem] = []
    with open(path, "rb") as handle:
        if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # the XML 1.1 filter works on UTF-8 bytes
            raise SourceError(
                path, "a Register export in UTF-16 (byte-order mark): save it as UTF-8 and ingest again"
            )
    try:
        with open(path, "rb") as handle:
            reader = Xml10Reader(handle)
            for _, element in ET.iterparse(reader, events=("end",)):
                if element.tag.rsplit("}", 1)[-1] != "interestRepresentative":
                    continue
                _strip_namespace(element)
                interests = [
                    t
                    for t in (i.findtext("name") or i.text for i in element.iter("interest"))
                    if t and t.strip()
                ]
                rows.append(
                    {
                        "register_id": _text(element, "identificationCode"),
                        "name": _text(element, "name/originalName") or _text(element, "name"),
                        "acronym": _text(element, "acronym"),
                        "category": _text(element, "registrationCategory"),
                        "country": _text(element, "headOffice/country"),
                        "members_fte": _text(element, "members/membersFTE"),
                        "costs": _text(element, "financialData/closedYear/costs"),
                        "interests": ", ".join(t.strip() for t in interests) or None,
                        "record": f"interestRepresentative {len(rows) + 1}",
                    }
                )
                element.clear()
    except ET.ParseError as err:
        line = err.position[0] if err.position else None
        raise SourceError(
            path, f"not well-formed XML ({str(err).split(':')[0]}): the file is cut off or damaged", line=line
        ) from err
    if not rows:
        raise SourceError(path, "no <interestRepresentative> elements: not a Register export")
    if reader.removed:
        problems.append(
            Problem(str(path), f"{reader.removed} control character(s) that XML 1.0 forbids were dropped")
        )
    frame = pd.DataFrame(rows)
    return _organisations(path, frame, problems)


def _strip_namespace(element: ET.Element) -> None:
    for node in element.iter():
        if "}" in node.tag:
            node.tag = node.tag.rsplit("}", 1)[-1]


def _from_table(path: Path, table: pd.DataFrame) -> SourceResult:
    lower = {str(c).strip().casefold(): c for c in table.columns}
    frame = pd.DataFrame(index=table.index)
    for field, names in COLUMNS.items():
        column = next((lower[n] for n in names if n in lower), None)
        frame[field] = table[column] if column is not None else None
    if len(frame) and (frame["register_id"].isna().all() or frame["name"].isna().all()):
        raise SourceError(path, "not a Register spreadsheet: no 'Identification code' and 'Name' columns")
    frame["line"] = table["line"]
    return _organisations(path, frame, [])


def _organisations(path: Path, frame: pd.DataFrame, problems: list[Problem]) -> SourceResult:
    frame = frame.copy()
    frame, long = oversized(
        path,
        frame,
        ["register_id", "name", "acronym", "category", "country"],
        where="line" if "line" in frame else "record",
    )
    problems += long
    frame, invisible = invisible_removed(
        path, frame, ["name", "acronym"], where="line" if "line" in frame else "record"
    )
    problems += invisible
    for column in ("register_id", "name", "acronym", "category", "country"):
        frame[column] = frame[column].astype("string").str.strip().replace("", pd.NA)
    valid = frame["register_id"].fillna("").str.fullmatch(entries.REGISTER_ID_PATTERN)
    named = frame["name"].notna()
    for row in frame[~(valid & named)].itertuples():
        where = {"line": int(row.line)} if "line" in frame and pd.notna(row.line) else {"record": row.record}
        what = "no name" if pd.isna(row.name) else f"no valid Register ID ({row.register_id!r})"
        problems.append(Problem(str(path), f"{what}; organisation skipped", **where))
    frame = frame[valid & named]
    details = (
        ("Members (FTE): " + frame["members_fte"].astype("string")).fillna("")
        + ("; Costs (closed year): " + frame["costs"].astype("string")).fillna("")
        + ("; Interests: " + frame["interests"].astype("string")).fillna("")
    ).str.lstrip("; ")
    names = frame["name"].astype(str)
    unique = names.drop_duplicates()
    id_of = dict(zip(unique, (ids.actor_id(ORGANISATION, n) for n in unique), strict=True))
    actors = pd.DataFrame(
        {
            "id": names.map(id_of),
            "kind": ORGANISATION,
            "name": names,
            "acronym": frame["acronym"],
            "register_id": frame["register_id"],
            "country": frame["country"],
            "category": frame["category"],
            "description": details.replace("", None),
            "source": NAME,
        }
    )
    return SourceResult(dataset=Dataset.from_frames({"actors": actors}), problems=problems, source=NAME)
