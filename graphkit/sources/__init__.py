"""Sources: one module per input format, each turning a file into canonical tables plus
problems. A source knows nothing of graphs or stores.

A source module provides:

- ``NAME``: a short name used in ``meetings.source`` and in messages;
- ``sniff(path, head) -> bool``: whether the file looks like this format (``head`` is its first
  64 KiB as bytes);
- ``read(path) -> SourceResult``: the tables and problems for one file, read on its own
  (what other files say never changes how a file reads, so the order of ingests does not
  matter).
"""

from __future__ import annotations

import importlib
import stat
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from graphkit.errors import Problem, SourceError
from graphkit.model.tables import Dataset

# Source modules in the order they are tried; the first whose sniff() says yes reads the file.
SOURCE_MODULES: list[str] = [
    "graphkit.sources.openlobby",
    "graphkit.sources.register",
    "graphkit.sources.ep_meetings",
    "graphkit.sources.ec_meetings",
    "graphkit.sources.consultations",
]

# A source that cannot tell whether a name it read is one organisation or several joined with
# "and" (``European Federation of Pharmaceutical Industries and Associations``) keeps the name as
# written and writes this in the attendee's ``participants.capacity``; resolution, which knows
# every name, decides (graphkit.resolution.splits) and clears it.
POSSIBLY_JOINED = "possibly several organisations joined with 'and'"

HEAD_BYTES = 64 * 1024
# What zipfile raises for a damaged xlsx (a zip): a cut or bad archive, a member packed by a
# method it cannot unpack (NotImplementedError), flagged encrypted (RuntimeError) or whose
# deflate stream is broken (zlib.error).
ZIP_DAMAGE = (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError, NotImplementedError, zlib.error)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class SourceResult:
    """One file's canonical tables and the problems found reading it."""

    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    source: str = ""


def source_modules() -> list[ModuleType]:
    """The registered source modules, imported."""
    return [importlib.import_module(name) for name in SOURCE_MODULES]


class EmptyFile(SourceError):
    """A file with nothing in it but white space: no records (ingest skips it with a problem)."""


def detect(path: Path) -> ModuleType:
    """The source module that reads ``path``; a clear error when none does
    (:class:`EmptyFile` for an empty one)."""
    try:
        head = read_head(path, HEAD_BYTES)
    except OSError as err:
        raise SourceError(path, f"cannot open: {err.strerror}") from err
    if not head.strip():
        raise EmptyFile(path, "the file is empty: no records")
    for module in source_modules():
        if module.sniff(path, head):
            return module
    names = ", ".join(module.DESCRIPTION for module in source_modules())
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as book:
                damaged = book.testzip()
        except ZIP_DAMAGE as err:
            raise SourceError(
                path, f"a damaged xlsx workbook (or zip): {err}; save or download it again"
            ) from err
        if damaged is not None:
            raise SourceError(
                path, f"a damaged xlsx workbook: {damaged} is corrupt; save or download it again"
            )
        raise SourceError(path, f"unknown layout: an xlsx workbook without the headers of {names}")
    if head[:4096].count(b"\x00") > len(head[:4096]) // 4:
        raise SourceError(path, "binary data or UTF-16 text without a byte-order mark, not UTF-8 text")
    raise SourceError(path, f"unknown layout: not one of {names}")


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of ``path`` for telling its layout, as UTF-8: a UTF-16 file
    (told by its byte-order mark) is given transcoded, its mark dropped, so every source sniffs
    one encoding.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("a,é", encoding="utf-16")
    >>> read_head(p)
    b'a,\xc3\xa9'
    """
    with open(path, "rb") as handle:
        head = handle.read(size)
    if not head.startswith(_UTF16_BOMS):
        return head
    # A head cut inside a character (or a surrogate pair) loses only that character.
    return head[: len(head) // 2 * 2].decode("utf-16", errors="ignore").encode("utf-8")


def encoding_note(path: Path) -> str | None:
    """What a file's byte-order mark says of its encoding, for the ingest to say so; ``None``
    for plain UTF-8 (and for anything else: those are told apart where they are read).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("a,b", encoding="utf-16-be")
    >>> print(encoding_note(p))
    None
    >>> _ = p.write_text("a,b", encoding="utf-16")
    >>> encoding_note(p)
    'UTF-16 text (little-endian, with a byte-order mark): read as UTF-16'
    """
    with open(path, "rb") as handle:
        mark = handle.read(3)
    if mark.startswith(b"\xff\xfe"):
        return "UTF-16 text (little-endian, with a byte-order mark): read as UTF-16"
    if mark.startswith(b"\xfe\xff"):
        return "UTF-16 text (big-endian, with a byte-order mark): read as UTF-16"
    if mark == b"\xef\xbb\xbf":
        return "UTF-8 text with a byte-order mark: read as UTF-8, the mark dropped"
    return None


def non_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (a named pipe, a device, a socket), which
    graphkit never opens: reading a named pipe waits for a writer for ever.

    >>> non_regular(Path("/dev/null")), non_regular(Path(__file__))
    ('a device', None)
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def expand_paths(paths: Iterable[str | Path], skipped: list[Problem] | None = None) -> list[Path]:
    """Files named directly, and every non-hidden file below named directories, in sorted order.

    Named pipes, devices and sockets (named, or found in a directory) are left out, each with a
    problem added to ``skipped``."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if not p.is_dir()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not _is_documentation(p)
            )
            files.extend(p for p in found if _regular(p, skipped))
        elif path.exists():
            if _regular(path, skipped):
                files.append(path)
        else:
            raise SourceError(path, "no such file or directory")
    return files


def _regular(path: Path, skipped: list[Problem] | None) -> bool:
    what = non_regular(path)
    if what is not None and skipped is not None:
        skipped.append(Problem(str(path), f"{what}, not a regular file; skipped"))
    return what is None and path.exists()


def _is_documentation(path: Path) -> bool:
    """A README or Markdown file beside the data (skipped when a directory is ingested)."""
    return path.suffix.lower() == ".md" or path.name.upper().startswith("README")


def read_text(path: Path) -> str:
    """A text file's content: UTF-8 (a leading BOM dropped), or UTF-16 where a byte-order mark
    says so; a clear error naming the line of the first byte that does not decode."""
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            line = data[: err.start].decode("utf-16", errors="ignore").count("\n") + 1
            raise SourceError(
                path, "not valid UTF-16 text (its byte-order mark says UTF-16)", line=line
            ) from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            path, "not UTF-8 text (is it Latin-1? save it as UTF-8 and ingest again)", line=line
        ) from err
