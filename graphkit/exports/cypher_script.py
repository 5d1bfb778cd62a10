"""A Cypher script that rebuilds the graph in any Neo4j 5: paste it into Neo4j Browser, or run
``cypher-shell -f graph.cypher``; no graphkit needed where it runs.

It is the product's own Cypher: the constraints of ``cypher/schema.cypher``, then each load file
of ``cypher/load/`` in :data:`~graphkit.stores.rows.LOAD_ORDER`, with its ``$rows`` parameter
written out as a list literal of the same rows ``graphkit neo4j load`` sends
(:func:`graphkit.stores.rows.load_rows`), in batches. So the script and ``graphkit neo4j load``
give the same nodes, relationships and properties, and running it twice changes nothing.

Values are written as Cypher literals that no text can break out of: a string is quoted with
``'``; a quote is written ``\\'`` and a backslash ``\\\\``, and every other character but
letters, digits, space and plain punctuation as a ``\\uXXXX`` escape (semicolons, slashes,
newlines included), so a name such as ``x'}) DETACH DELETE n //`` stays a name, and a tool that
splits statements at ``;`` or drops ``//`` comments cannot cut one. Never ``\\u0027`` or
``\\u005C``: Neo4j decodes ``\\u`` escapes before it reads the string (as Java does), so those
would end the string or escape the next character; a backslash of the data is always doubled, so
no ``u`` after it starts an escape. Map keys are backtick-quoted. Dates are ``date('YYYY-MM-DD')``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from graphkit.exports.graph_files import atomic_write
from graphkit.model.tables import Dataset
from graphkit.stores.cypher_files import load_file, schema_statements
from graphkit.stores.rows import LOAD_ORDER, batched, load_rows

ROWS_PARAMETER = "UNWIND $rows AS row"
SCRIPT_BATCH = 1000
# Kept as they are inside a string literal; everything else is \u-escaped.
_PLAIN = frozenset(" -_.,:()&+@#%!?=<>[]{}|~^*$")


def cypher_string(text: str) -> str:
    """``text`` as a Cypher string literal, escaped so nothing in it can end the string.

    >>> print(cypher_string("BEUC"), cypher_string("x'}) DETACH DELETE n //"))
    'BEUC' 'x\\'}) DETACH DELETE n \\u002F\\u002F'
    >>> print(cypher_string("Sinnemäki; a\\\\u0027\\n"))
    'Sinnemäki\\u003B a\\\\u0027\\u000A'
    """
    out = []
    for char in text:
        if char.isalnum() or char in _PLAIN:
            out.append(char)
        elif char in "'\\":
            out.append("\\" + char)
        elif ord(char) > 0xFFFF:  # outside the BMP: a UTF-16 surrogate pair, as Java strings hold it
            code = ord(char) - 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}")
        else:
            out.append(f"\\u{ord(char):04X}")
    return "'" + "".join(out) + "'"


def cypher_literal(value: Any) -> str:
    """A Python value (what :func:`~graphkit.stores.rows.load_rows` gives) as a Cypher literal.

    >>> cypher_literal({"id": "mep:a", "date": dt.date(2024, 5, 2), "n": 2, "ok": True, "x": None})
    "{`id`: 'mep:a', `date`: date('2024-05-02'), `n`: 2, `ok`: true, `x`: null}"
    >>> cypher_literal(["a", 1.5])
    "['a', 1.5]"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, dt.datetime):
        return f"datetime({cypher_string(value.isoformat())})"
    if isinstance(value, dt.date):
        return f"date({cypher_string(value.isoformat())})"
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(key)}: {cypher_literal(item)}" for key, item in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    item = getattr(value, "item", None)  # NumPy scalars
    if callable(item):
        return cypher_literal(item())
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def script_statements(dataset: Dataset, batch_size: int = SCRIPT_BATCH) -> Iterator[str]:
    """The script's statements: the schema, then each load file once per batch of rows.

    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> statements = list(script_statements(ds))
    >>> statements[0].startswith("CREATE CONSTRAINT"), statements[-1].splitlines()[0]
    (True, "UNWIND [{`id`: 'mep:a', `props`: {`id`: 'mep:a', `name`: 'A'}}] AS row")
    """
    yield from schema_statements()
    rows = load_rows(dataset)
    for name in LOAD_ORDER:
        statement = load_file(name).statement
        if ROWS_PARAMETER not in statement:
            raise ValueError(f"cypher/load/{name}.cypher does not start with {ROWS_PARAMETER!r}")
        for batch in batched(rows[name], batch_size):
            literal = "[" + ",\n  ".join(cypher_literal(row) for row in batch) + "]"
            yield statement.replace(ROWS_PARAMETER, f"UNWIND {literal} AS row", 1)


def write_cypher_script(dataset: Dataset, path: str | Path, batch_size: int = SCRIPT_BATCH) -> Path:
    """Write :func:`script_statements` to ``path``, each statement ending with ``;`` on its line.

    >>> import tempfile
    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> text = write_cypher_script(ds, Path(tempfile.mkdtemp()) / "g.cypher").read_text()
    >>> text.startswith("// graphkit"), text.count(";\\n") == len(list(script_statements(ds)))
    (True, True)
    """
    path = Path(path)
    header = (
        "// graphkit: the lobbying graph, rebuilt in any Neo4j 5 (constraints, then nodes, then\n"
        "// relationships, as graphkit neo4j load does). Run: cypher-shell -f FILE, or paste into\n"
        "// Neo4j Browser. Safe to run again: every node and relationship is MERGEd by its id.\n"
    )

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8") as out:
            out.write(header)
            for statement in script_statements(dataset, batch_size):
                out.write(statement + ";\n")

    atomic_write(path, write)
    return path


def _key(key: object) -> str:
    return "`" + str(key).replace("`", "``") + "`"
