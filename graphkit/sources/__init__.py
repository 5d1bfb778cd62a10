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

HEAD_BYTES = 64 * 1024


@dataclass
class SourceResult:
    """One file's canonical tables and the problems found reading it."""

    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    source: str = ""


def source_modules() -> list[ModuleType]:
    """The registered source modules, imported."""
    return [importlib.import_module(name) for name in SOURCE_MODULES]


def detect(path: Path) -> ModuleType:
    """The source module that reads ``path``; a clear error when none does."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        raise SourceError(path, f"cannot open: {err.strerror}") from err
    if not head.strip():
        raise SourceError(path, "the file is empty")
    for module in source_modules():
        if module.sniff(path, head):
            return module
    names = ", ".join(module.DESCRIPTION for module in source_modules())
    raise SourceError(path, f"unknown layout: not one of {names}")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and every non-hidden file below named directories, in sorted order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    and not _is_documentation(p)
                )
            )
        elif path.exists():
            files.append(path)
        else:
            raise SourceError(path, "no such file or directory")
    return files


def _is_documentation(path: Path) -> bool:
    """A README or Markdown file beside the data (skipped when a directory is ingested)."""
    return path.suffix.lower() == ".md" or path.name.upper().startswith("README")


def read_text(path: Path) -> str:
    """A text file's content as UTF-8 (a leading BOM dropped); a clear error naming the line of
    the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            path, "not UTF-8 text (is it Latin-1? save it as UTF-8 and ingest again)", line=line
        ) from err
