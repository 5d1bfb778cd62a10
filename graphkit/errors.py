"""Errors and problems: what went wrong, where, in words a user can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class GraphkitError(Exception):
    """An error graphkit reports to the user as one clear line (the CLI prints ``str(err)``)."""


class SourceError(GraphkitError):
    """A whole input file could not be read (unknown layout, truncated, wrong encoding).

    >>> str(SourceError("data/x.csv", "not a known layout"))
    'data/x.csv: not a known layout'
    """

    def __init__(self, file: str | Path, message: str, line: int | None = None):
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}:{line}" if line is not None else self.file
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # so that the error of a file read in another process comes back whole
        return (type(self), (self.file, self.message, self.line))


@dataclass(frozen=True)
class Problem:
    """One record that could not be read (or read only partly); the rest of the file still counts.

    ``line`` is the 1-based line in the file where the record starts; ``record`` names the record
    when a line means nothing (a JSON object's index, an XML element's id).

    >>> str(Problem("page.txt", "missing date line", line=12))
    'page.txt:12: missing date line'
    >>> str(Problem("m.jsonl", "no Date", record="#4"))
    'm.jsonl:#4: no Date'
    """

    file: str
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        elif self.record is not None:
            where += f":{self.record}"
        return f"{where}: {self.message}"

    @property
    def kind(self) -> str:
        """The message without the values it quotes or counts, so that problems of one kind group
        together.

        >>> Problem("a.csv", "'Lawyer' looks like a job title, not an attendee; left out", line=3).kind
        '… looks like a job title, not an attendee; left out'
        >>> Problem("a.xml", "7 control character(s) that XML 1.0 forbids were dropped").kind
        'N control character(s) that XML 1.0 forbids were dropped'
        >>> Problem("a.csv", "UTF-16 text (with a byte-order mark): read as UTF-16").kind
        'UTF-16 text (with a byte-order mark): read as UTF-16'
        """
        return _VALUES.sub(lambda match: "N" if match.group().isdigit() else "…", self.message)


# A value a message quotes with repr() ('Lawyer', "O'Neill") or counts (7); not an apostrophe
# inside a word, nor the digits of a version (1.0) or of a name such as UTF-16.
_VALUES = re.compile(
    r"""(?<!\w)(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?!\w)|(?<![\w.])(?<![A-Za-z]-)\d+(?![\w.])"""
)
