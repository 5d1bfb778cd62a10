"""The Cypher that is part of the product, read from ``cypher/``: the schema, the load files and
the named queries, each with the description and parameters its header comment gives.

A file's header is its leading ``//`` comment lines. The lines before ``Parameters:`` describe
what the file answers (the first one is its one-line summary); after it, one line per parameter::

    // Top organisations per MEP: the organisations that met one MEP most often.
    // Parameters:
    //   $mep (actor): the MEP, by id (graphkit query resolves a name).
    //   $limit (integer, default 10): how many organisations.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.package_data import package_path

CYPHER_DIR = package_path("cypher")

_PARAMETER_LINE = re.compile(r"^\$(?P<name>\w+)\s*(?:\((?P<spec>[^)]*)\))?\s*:\s*(?P<text>.*)$")
# One word and nothing else: a named query's name, never a Cypher statement (every statement has a
# clause and something it acts on, so at least two words).
_BARE_WORD = re.compile(r"^[\w./\\-]+$")
_SPEC = re.compile(r"^(?P<type>[^,]*?)\s*(?:,\s*default\s+(?P<default>.+?))?\s*$")


@dataclass(frozen=True)
class Parameter:
    """One ``$name`` a Cypher file takes: its type word, default (if any) and meaning."""

    name: str
    type: str = ""
    description: str = ""
    default: Any = None
    has_default: bool = False


@dataclass(frozen=True)
class CypherFile:
    """A ``.cypher`` file: its name (the stem), text, summary, description and parameters."""

    name: str
    path: Path
    text: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    @property
    def statements(self) -> list[str]:
        """The file's statements, split at top-level semicolons (comments dropped)."""
        return split_statements(self.text)

    @property
    def statement(self) -> str:
        """The file's single statement; an error names the file when it holds several."""
        statements = self.statements
        if len(statements) != 1:
            raise GraphkitError(f"{self.path}: expected one Cypher statement, found {len(statements)}")
        return statements[0]

    def defaults(self) -> dict[str, Any]:
        """The parameters that have a default, with it."""
        return {p.name: p.default for p in self.parameters if p.has_default}


def read_cypher_file(path: str | Path) -> CypherFile:
    """Read a ``.cypher`` file and its header comment.

    >>> f = read_cypher_file(CYPHER_DIR / "load" / "mep.cypher")
    >>> f.name, f.parameters[0].name
    ('mep', 'rows')
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GraphkitError(f"{path}: cannot read the Cypher file ({err})") from err
    summary, description, parameters = parse_header(text)
    return CypherFile(path.stem, path, text, summary, description, parameters)


def parse_header(text: str) -> tuple[str, str, tuple[Parameter, ...]]:
    """The summary, description and parameters of a Cypher text's leading ``//`` comment.

    >>> summary, _, params = parse_header(
    ...     "// Who met whom.\\n// Parameters:\\n//   $limit (integer, default 10): rows.\\nRETURN 1")
    >>> summary, params[0].name, params[0].type, params[0].default
    ('Who met whom.', 'limit', 'integer', 10)
    """
    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            header.append(stripped[2:].strip())
        elif stripped:
            break
    description_lines: list[str] = []
    parameters: list[Parameter] = []
    in_parameters = False
    for line in header:
        if line.lower().startswith("parameters"):
            in_parameters = True
            continue
        match = _PARAMETER_LINE.match(line) if in_parameters else None
        if match:
            parameters.append(_parameter(match))
        elif in_parameters and parameters and line and not line.startswith("$"):
            last = parameters[-1]
            parameters[-1] = Parameter(
                last.name, last.type, f"{last.description} {line}".strip(), last.default, last.has_default
            )
        elif not in_parameters:
            description_lines.append(line)
    description = "\n".join(description_lines).strip()
    paragraph = " ".join(description.split())
    summary = paragraph.split(". ", 1)[0].rstrip(".") + "." if paragraph else ""
    return summary, description, tuple(parameters)


def _parameter(match: re.Match[str]) -> Parameter:
    spec = (match["spec"] or "").strip()
    found = _SPEC.match(spec)
    type_word = found["type"].strip() if found else spec
    raw = found["default"] if found else None
    default: Any = None
    if raw is not None:
        try:
            default = json.loads(raw, parse_float=_finite, parse_constant=_not_a_number)
        except (json.JSONDecodeError, ValueError, RecursionError):
            # Not JSON (or JSON no driver can send: NaN, 1e999, nested past Python's stack):
            # the default is the text as written, as a word such as ``Rapporteur`` is.
            default = raw.strip()
    return Parameter(match["name"], type_word, match["text"].strip(), default, raw is not None)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number")
    return value


def _not_a_number(text: str) -> float:
    raise ValueError(f"{text} is not a number JSON allows")


def split_statements(text: str) -> list[str]:
    """Split Cypher text into statements at semicolons outside strings, backticks and comments.

    >>> split_statements("// a; comment\\nRETURN 'x;y' AS a;\\nRETURN 2 /* ; */;\\n")
    ["RETURN 'x;y' AS a", 'RETURN 2']
    """
    statements: list[str] = []
    current: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            current.append(" ")
            continue
        if char in "'\"`":
            end = _closing_quote(text, i)
            current.append(text[i:end])
            i = end
            continue
        if char == ";":
            statements.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    statements.append("".join(current))
    return [statement.strip() for statement in statements if statement.strip()]


def _closing_quote(text: str, start: int) -> int:
    """Index just past the quote that closes the one at ``start`` (backslash escapes honoured)."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\" and quote != "`":
            i += 2
            continue
        if text[i] == quote:
            if quote == "`" and text.startswith("``", i):
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)


def schema_statements(directory: Path = CYPHER_DIR) -> list[str]:
    """The statements of ``cypher/schema.cypher`` (constraints), in order.

    >>> schema_statements()[0].startswith("CREATE CONSTRAINT organisation_id")
    True
    """
    return read_cypher_file(directory / "schema.cypher").statements


@cache
def load_file(name: str, directory: Path = CYPHER_DIR) -> CypherFile:
    """The load file ``cypher/load/<name>.cypher`` (see :data:`graphkit.stores.rows.LOAD_ORDER`).

    >>> "MERGE (attendee)-[r:MET" in load_file("met").statement
    True
    """
    return read_cypher_file(directory / "load" / f"{name}.cypher")


def query_files(directory: Path = CYPHER_DIR) -> dict[str, CypherFile]:
    """Every named query in ``cypher/queries/``, by name, sorted.

    >>> all(f.summary for f in query_files().values())
    True
    """
    folder = directory / "queries"
    return {path.stem: read_cypher_file(path) for path in sorted(folder.glob("*.cypher"))}


def named_query(name: str, directory: Path = CYPHER_DIR) -> CypherFile:
    """The named query ``cypher/queries/<name>.cypher``; an unknown name is an error that lists
    the known ones (and the nearest, if one is close).

    >>> named_query("top_lobbyists").parameters[0].name
    'mep'
    >>> named_query("top_lobyists")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: 'top_lobyists' is not a named query (did you mean top_lobbyists?) nor Cypher; the named queries: co_attendance_partners, ..., topics_by_organisation (graphkit query --list says what each answers)
    """
    files = query_files(directory)
    if name in files:
        return files[name]
    # A file's path is the user's file, never swapped for the shipped query of the same name.
    is_file = name.endswith(".cypher") or "/" in name or "\\" in name
    close = difflib.get_close_matches(Path(name).name.removesuffix(".cypher"), list(files), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    if is_file:
        hint += f" (to run a file, give -f {name})"
    raise GraphkitError(
        f"{name!r} is not a named query{hint} nor Cypher; the named queries: {', '.join(files)} "
        "(graphkit query --list says what each answers)"
    )


def query_to_run(
    query: str | None = None, file: str | Path | None = None, directory: Path = CYPHER_DIR
) -> tuple[str, CypherFile | None]:
    """The Cypher text to run and the file it came from (whose header types its parameters).

    ``query`` is a named query's name (one word: ``top_lobbyists``) or Cypher text; ``file`` a
    ``.cypher`` file anywhere. Give one of the two. A single word that names no shipped query
    is an error listing those that exist, since one word is never a Cypher statement.

    >>> text, source = query_to_run("top_lobbyists")
    >>> source.name, "$mep" in text
    ('top_lobbyists', True)
    >>> query_to_run("MATCH (n) RETURN count(n)")
    ('MATCH (n) RETURN count(n)', None)
    """
    if (query is None) == (file is None):
        raise GraphkitError("give either a named query, CYPHER text or -f FILE")
    if file is not None:
        source = read_cypher_file(file)
        return source.text, source
    assert query is not None
    if _BARE_WORD.match(query.strip()):
        source = named_query(query.strip(), directory)
        return source.text, source
    return query, None


def query_catalogue(directory: Path = CYPHER_DIR) -> list[dict[str, str]]:
    """One row per named query: its name, what it answers and its parameters (with its default,
    as JSON, where it has one), from the files' headers; what ``graphkit query --list`` prints.

    >>> [row for row in query_catalogue() if row["query"] == "top_lobbyists"][0]["parameters"]
    'mep, limit (default 10)'
    """
    return [
        {
            "query": source.name,
            "answers": source.summary,
            "parameters": ", ".join(
                # "(default …)", not "=…": a list default (["Rapporteur", …]) then starts a word of
                # its own, so a table at 80 columns need not cut it.
                p.name + (f" (default {json.dumps(p.default, ensure_ascii=False)})" if p.has_default else "")
                for p in source.parameters
            ),
        }
        for source in query_files(directory).values()
    ]
