"""What an ad-hoc query may do without ``--write``: the read policy of both stores.

The engines' own read-only modes stop writes to the graph (kglite's ``read_only``, Neo4j's READ
access mode), but a "read" can still read the machine's files (``LOAD CSV``), abort other
clients' transactions (``TERMINATE TRANSACTION``), or fill the server's memory and disk through
procedures the server calls reads (``gds.graph.generate``, ``gds.graph.export``). So on top of
the engine, a read-only query may only call the procedures and commands listed here, and reads
files only from a directory the caller named (``--allow-files DIR``, embedded store).

The checks work on tokens (:func:`tokens`): strings, comments and quoted names are never taken
for keywords, so ``RETURN 'LOAD CSV'`` is fine and ``LOAD/**/CSV`` is not. Cypher has no
tokenizer for Python that a package keeps (the Neo4j parser is Java, kglite's is Rust), so this
small one is written here; it only needs to tell words from strings, comments and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError

# Neo4j procedures a read-only query may call: they answer from the schema or the catalogue
# and change nothing, in the database, on disk or in the server's memory.
NEO4J_READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.info",
        "db.ping",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
        "dbms.components",
        "gds.graph.list",
        "gds.graph.exists",
        "gds.list",
        "gds.version",
        "apoc.help",
        "apoc.meta.data",
        "apoc.meta.schema",
        "apoc.meta.nodeTypeProperties",
        "apoc.meta.relTypeProperties",
        "apoc.path.expand",
        "apoc.path.expandConfig",
        "apoc.path.subgraphNodes",
        "apoc.path.subgraphAll",
        "apoc.path.spanningTree",
    }
)
# Procedures on the read list that the server runs in DBMS mode: their EXPLAIN query type is
# "s", not "r", though they only read (the server's READ access mode still holds).
NEO4J_DBMS_READ_PROCEDURES = frozenset({"dbms.components"})
# Whole families on the read list: the schema procedures, and the GDS algorithm modes that
# return rows from an existing projection (``stream``, ``stats``, and their ``estimate``).
NEO4J_READ_PREFIXES = ("db.schema.",)
_READ_PROCEDURES_FOLDED = frozenset(name.casefold() for name in NEO4J_READ_PROCEDURES)
GDS_READ_MODES = ("stream", "stats")
# GDS name parts that change the database, the disk or the server's memory.
GDS_WRITE_PARTS = frozenset({"write", "mutate", "export", "generate", "project", "drop", "restore", "backup"})
# SHOW commands a read-only query may run (the schema and the catalogue of procedures).
SHOW_READ_NOUNS = frozenset(
    {"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "PROCEDURE", "PROCEDURES", "FUNCTION", "FUNCTIONS"}
)
SHOW_MODIFIERS = frozenset(
    {
        "ALL", "BUILT", "IN", "USER", "DEFINED", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT",
        "VECTOR", "UNIQUE", "UNIQUENESS", "KEY", "NODE", "REL", "RELATIONSHIP", "PROPERTY", "EXIST",
        "EXISTS", "EXISTENCE", "TYPE", "BTREE",
    }
)  # fmt: skip
_SHOW_END = frozenset({"YIELD", "WHERE", "RETURN", "EXECUTABLE"})

# Whitespace, and the invisible characters (zero-width space, BOM, controls) a lexer may skip as
# whitespace: as separators, "LOAD\u200bCSV" is still LOAD CSV.
_SPACE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"\d[\w.]*")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


class QueryRefused(GraphkitError):
    """A read-only query did something the read policy does not allow; ``rule`` names the rule.

    >>> str(QueryRefused("load-csv", "LOAD CSV reads files"))
    'refused by the load-csv rule: LOAD CSV reads files'
    """

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(f"refused by the {rule} rule: {message}")


@dataclass(frozen=True)
class Token:
    """One token of a Cypher text: ``kind`` is ``word``, ``name`` (a `quoted` name), ``string``,
    ``param``, ``number`` or ``punct``; ``value`` is the text it stands for (a string unescaped),
    ``start``/``end`` its offsets in the query."""

    kind: str
    value: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        """Whether this is an unquoted word, one of ``words`` if given (case-insensitive)."""
        return self.kind == "word" and (not words or self.value.upper() in words)


def tokens(cypher: str) -> list[Token]:
    """The tokens of ``cypher``, without whitespace and comments.

    >>> [(t.kind, t.value) for t in tokens("RETURN 'LOAD CSV' /* CALL x() */ AS `a``b`, $p // x")]
    [('word', 'RETURN'), ('string', 'LOAD CSV'), ('word', 'AS'), ('name', 'a`b'), ('punct', ','), ('param', 'p')]
    """
    return list(_scan(cypher))


def blank_comments(cypher: str, *, line_comments: bool = False) -> str:
    """``cypher`` with its ``/* … */`` comments (and with ``line_comments``, its ``// …`` ones)
    replaced by spaces, newlines kept, so positions in error messages still point at the text.

    >>> blank_comments("RETURN 1 /* x\\n y */ AS a, '/* kept */' AS b")
    "RETURN 1     \\n      AS a, '/* kept */' AS b"
    """
    out = list(cypher)
    for start, end, kind in _comments(cypher):
        if kind == "block" or line_comments:
            for i in range(start, end):
                if out[i] != "\n":
                    out[i] = " "
    return "".join(out)


def one_statement(cypher: str) -> str:
    """``cypher`` as one statement, its ``;`` (a trailing one) blanked; a :class:`MultipleStatements` error
    when a ``;`` outside strings and comments separates two statements.

    Neo4j refuses a text of several statements and kglite would run them all and return the last
    one's rows only, so both stores take one statement per query, the same way.

    >>> one_statement("RETURN ';' AS a; // done")
    "RETURN ';' AS a  // done"
    >>> one_statement("RETURN 1 AS a; RETURN 2 AS b")
    Traceback (most recent call last):
    ...
    graphkit.stores.cypher_policy.MultipleStatements: the query holds 2 statements separated by ';' (the second at character 16): graphkit query runs one statement at a time; run them one by one
    """
    toks = tokens(cypher)
    ends = [i for i, token in enumerate(toks) if token.kind == "punct" and token.value == ";"]
    statements = [
        (start, end)
        for start, end in zip([-1, *ends], [*ends, len(toks)], strict=True)
        if end - start > 1  # at least one token between two semicolons
    ]
    if len(statements) > 1:
        second = toks[statements[1][0] + 1]
        raise MultipleStatements(
            f"the query holds {len(statements)} statements separated by ';' (the second at character "
            f"{second.start + 1}): graphkit query runs one statement at a time; run them one by one"
        )
    # The one statement's semicolons become spaces, so positions in the engine's errors still hold.
    out = list(cypher)
    for i in ends:
        out[toks[i].start] = " "
    return "".join(out)


class MultipleStatements(GraphkitError):
    """A query text held more than one statement."""


def check_neo4j_read(cypher: str) -> set[str]:
    """Raise :class:`QueryRefused` unless ``cypher`` keeps to the read policy of Neo4j; returns
    the procedures it calls (all on the read list).

    >>> check_neo4j_read("MATCH (n) WHERE n.name = 'LOAD CSV' CALL db.labels() YIELD label RETURN label")
    {'db.labels'}
    >>> check_neo4j_read("CALL gds.pageRank.stream('g') YIELD nodeId RETURN nodeId")
    {'gds.pageRank.stream'}
    >>> check_neo4j_read("CALL gds.graph.generate('huge', 50000000, 100)")
    Traceback (most recent call last):
    ...
    graphkit.stores.cypher_policy.QueryRefused: refused by the gds-write rule: gds.graph.generate changes the database, the disk or the server's memory (gds.*.write, mutate, export, generate, project, drop); run it with --write if you mean it
    """
    toks = tokens(cypher)
    _check_load_csv(toks, "the server's files or URLs")
    called: set[str] = set()
    for i, token in enumerate(toks):
        if _starts_function_call(toks, i):
            # A function is named with words or `quoted` parts alike (`gds`.graph.project(...)),
            # and Cypher resolves function names whatever their case.
            name = _dotted_name(toks, i)
            if name is not None and "." in name[0] and _next_punct(toks, name[1] - 1, "("):
                _check_neo4j_function(name[0])
        if not _keyword(toks, i):
            continue
        if token.is_word("TERMINATE") and _next_is(toks, i, "TRANSACTION", "TRANSACTIONS"):
            raise QueryRefused(
                "terminate",
                "TERMINATE TRANSACTION aborts other clients' work; run it with --write if you mean it",
            )
        if token.is_word("SHOW") and i + 1 < len(toks) and toks[i + 1].kind == "word":
            _check_show(toks, i)
        if token.is_word("CALL"):
            name = _dotted_name(toks, i + 1)
            if name is not None:
                _check_neo4j_procedure(name[0])
                called.add(name[0])
    return called


def _starts_function_call(toks: list[Token], i: int) -> bool:
    """Whether token ``i`` can begin a (namespaced) function's name: a word or a `quoted` name
    that does not follow a dot and is not the name after ``CALL`` (a procedure)."""
    if toks[i].kind not in ("word", "name") or _after_dot(toks, i):
        return False
    return not (i > 0 and toks[i - 1].is_word("CALL"))


def neo4j_procedure_allowed(name: str) -> bool:
    """Whether a read-only query may ``CALL`` the Neo4j procedure ``name``.

    >>> [neo4j_procedure_allowed(n) for n in ("db.labels", "db.schema.visualization",
    ...  "gds.louvain.stats.estimate", "gds.graph.export", "db.stats.collect", "apoc.load.json")]
    [True, True, True, False, False, False]
    """
    folded = name.casefold()  # compared as the server may resolve it: after unquoting, in any case
    if folded in _READ_PROCEDURES_FOLDED or folded.startswith(NEO4J_READ_PREFIXES):
        return True
    parts = folded.split(".")
    if parts[0] != "gds" or GDS_WRITE_PARTS.intersection(parts):
        return False
    modes = parts[1:-1] if parts[-1] == "estimate" else parts[1:]
    return len(modes) >= 2 and modes[-1] in GDS_READ_MODES


def check_embedded_read(cypher: str, read_procedures: Collection[str]) -> None:
    """Raise :class:`QueryRefused` if ``cypher`` calls a procedure that is not among
    ``read_procedures`` (the ones kglite lists as READ)."""
    toks = tokens(cypher)
    for i, token in enumerate(toks):
        if _keyword(toks, i) and token.is_word("CALL"):
            name = _dotted_name(toks, i + 1)
            if name is not None and name[0] not in read_procedures:
                raise QueryRefused(
                    "procedures",
                    f"{name[0]} is not a read-only procedure of the embedded store; "
                    "run it with --write if you mean it",
                )


def embedded_files(
    cypher: str, params: Mapping[str, Any], allow_files: str | Path | None
) -> tuple[str, dict[str, Any]]:
    """The query and parameters to run on the embedded store, checked for file access.

    ``LOAD CSV`` is refused unless ``allow_files`` names a directory; then its ``FROM`` must be a
    string or a ``$parameter`` naming a file under that directory (after resolving ``..`` and
    symlinks), and the query is given the resolved path, so what is read is what was checked.
    """
    toks = tokens(cypher)
    loads = [i for i in range(len(toks) - 1) if _is_load_csv(toks, i)]
    if not loads:
        return cypher, dict(params)
    if allow_files is None:
        raise QueryRefused(
            "load-csv",
            "LOAD CSV reads files on this machine; give --allow-files DIR to let it read the files under DIR",
        )
    root = Path(allow_files).expanduser()
    if not root.is_dir():
        raise GraphkitError(f"--allow-files {allow_files}: not a directory")
    root = root.resolve(strict=True)
    out, values, offset = cypher, dict(params), 0
    for number, i in enumerate(loads):
        start, end, given = _load_source(toks, i, values)
        path = _allowed_file(given, root)
        name = f"graphkit_file_{number}"
        values[name] = str(path)
        out = out[: start + offset] + f"${name}" + out[end + offset :]
        offset += len(name) + 1 - (end - start)
    return out, values


# -- the rules -------------------------------------------------------------------------------


def _check_load_csv(toks: list[Token], what: str) -> None:
    for i in range(len(toks) - 1):
        if _is_load_csv(toks, i):
            raise QueryRefused("load-csv", f"LOAD CSV reads {what}; run it with --write if you mean it")


def _check_show(toks: list[Token], i: int) -> None:
    words: list[str] = []
    for token in toks[i + 1 :]:
        if token.kind != "word" or token.value.upper() in _SHOW_END:
            break
        words.append(token.value.upper())
    command = " ".join(["SHOW", *words])
    if words and words[-1] in SHOW_READ_NOUNS and all(w in SHOW_MODIFIERS for w in words[:-1]):
        return
    raise QueryRefused(
        "commands",
        f"{command} is not on the read list (SHOW INDEXES, CONSTRAINTS, PROCEDURES, FUNCTIONS); "
        "run it with --write if you mean it",
    )


def _check_neo4j_procedure(name: str) -> None:
    if neo4j_procedure_allowed(name):
        return
    parts = {part.casefold() for part in name.split(".")}
    if name.casefold().startswith("gds.") and GDS_WRITE_PARTS & parts:
        raise QueryRefused(
            "gds-write",
            f"{name} changes the database, the disk or the server's memory "
            "(gds.*.write, mutate, export, generate, project, drop); run it with --write if you mean it",
        )
    raise QueryRefused(
        "procedures",
        f"{name} is not on the read list of procedures (db.labels, db.schema.*, gds.*.stream/stats/"
        "estimate, gds.graph.list, dbms.components, …); run it with --write if you mean it",
    )


def _check_neo4j_function(name: str) -> None:
    parts = name.casefold().split(".")
    if parts[0] == "gds" and GDS_WRITE_PARTS.intersection(parts):
        raise QueryRefused(
            "gds-write",
            f"{name}() changes the server's memory (a GDS projection); run it with --write if you mean it",
        )


# -- reading tokens --------------------------------------------------------------------------


def _keyword(toks: list[Token], i: int) -> bool:
    """Whether token ``i`` can be a clause keyword: an unquoted word not used as a property,
    label, map key or parameter."""
    token = toks[i]
    if token.kind != "word" or _after_dot(toks, i):
        return False
    if i > 0 and toks[i - 1].kind == "punct" and toks[i - 1].value == ":":
        return False
    return not (i + 1 < len(toks) and toks[i + 1].kind == "punct" and toks[i + 1].value == ":")


def _after_dot(toks: list[Token], i: int) -> bool:
    return i > 0 and toks[i - 1].kind == "punct" and toks[i - 1].value == "."


def _next_is(toks: list[Token], i: int, *words: str) -> bool:
    return i + 1 < len(toks) and toks[i + 1].is_word(*words)


def _next_punct(toks: list[Token], i: int, char: str) -> bool:
    return i + 1 < len(toks) and toks[i + 1].kind == "punct" and toks[i + 1].value == char


def _dotted_name(toks: list[Token], i: int) -> tuple[str, int] | None:
    """The name ``a.b.c`` starting at token ``i`` (words or `quoted` names joined by dots) and
    the index after it; ``None`` if no name starts there."""
    if i >= len(toks) or toks[i].kind not in ("word", "name"):
        return None
    parts = [toks[i].value]
    j = i + 1
    while (
        j + 1 < len(toks)
        and toks[j].kind == "punct"
        and toks[j].value == "."
        and toks[j + 1].kind in ("word", "name")
    ):
        parts.append(toks[j + 1].value)
        j += 2
    return ".".join(parts), j


def _is_load_csv(toks: list[Token], i: int) -> bool:
    return _keyword(toks, i) and toks[i].is_word("LOAD") and toks[i + 1].is_word("CSV")


def _load_source(toks: list[Token], i: int, params: Mapping[str, Any]) -> tuple[int, int, str]:
    """The span of the expression after ``LOAD CSV … FROM`` and the path it names."""
    j = i + 2
    while j < len(toks) and not toks[j].is_word("FROM"):
        j += 1
    source = toks[j + 1 : j + 2]
    after = toks[j + 2 : j + 3]
    if source and after and after[0].is_word("AS"):
        token = source[0]
        if token.kind == "string":
            return token.start, token.end, token.value
        if token.kind == "param":
            value = params.get(token.value)
            if isinstance(value, str):
                return token.start, token.end, value
            raise QueryRefused("load-csv", f"LOAD CSV FROM ${token.value}: give the parameter a path (-p)")
    raise QueryRefused(
        "load-csv",
        "with --allow-files, LOAD CSV FROM takes a string or a $parameter, so graphkit can check the path",
    )


def _allowed_file(given: str, root: Path) -> Path:
    text = given
    if text.lower().startswith("file://"):
        text = text[len("file://") :]
        if not text.startswith("/"):
            raise QueryRefused("load-csv", f"{given!r}: only local file:/// URLs and paths can be read")
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", text):
        raise QueryRefused("load-csv", f"{given!r}: only local files can be read")
    try:
        path = Path(text).expanduser().resolve(strict=True)
    except (OSError, RuntimeError) as err:
        raise QueryRefused("load-csv", f"{given!r}: cannot read it ({err.__class__.__name__})") from err
    if not path.is_relative_to(root):
        raise QueryRefused(
            "load-csv", f"{given!r} is outside --allow-files {root} (symlinks and .. are followed)"
        )
    if not path.is_file():
        raise QueryRefused("load-csv", f"{given!r} is not a regular file")
    return path


def _comments(cypher: str) -> Iterator[tuple[int, int, str]]:
    for token in _scan(cypher, comments=True):
        if token.kind in ("block", "line"):
            yield token.start, token.end, token.kind


def _scan(cypher: str, *, comments: bool = False) -> Iterator[Token]:
    i, n = 0, len(cypher)
    while i < n:
        char = cypher[i]
        if char.isspace() or unicodedata.category(char) in _SPACE_CATEGORIES:
            i += 1
        elif cypher.startswith("//", i):
            end = cypher.find("\n", i)
            end = n if end < 0 else end
            if comments:
                yield Token("line", cypher[i:end], i, end)
            i = end
        elif cypher.startswith("/*", i):
            end = cypher.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if comments:
                yield Token("block", cypher[i:end], i, end)
            i = end
        elif char in "'\"":
            value, end = _string(cypher, i)
            yield Token("string", value, i, end)
            i = end
        elif char == "`":
            value, end = _quoted_name(cypher, i)
            yield Token("name", value, i, end)
            i = end
        elif char == "$":
            match = _WORD.match(cypher, i + 1) or _NUMBER.match(cypher, i + 1)
            if match is None and cypher.startswith("`", i + 1):
                value, end = _quoted_name(cypher, i + 1)
            elif match is not None:
                value, end = match.group(), match.end()
            else:
                value, end = "", i + 1
            yield Token("param", value, i, end)
            i = end
        elif (match := _WORD.match(cypher, i)) is not None:
            yield Token("word", match.group(), i, match.end())
            i = match.end()
        elif (match := _NUMBER.match(cypher, i)) is not None:
            yield Token("number", match.group(), i, match.end())
            i = match.end()
        else:
            yield Token("punct", char, i, i + 1)
            i += 1


def _string(cypher: str, start: int) -> tuple[str, int]:
    quote, out, i, n = cypher[start], [], start + 1, len(cypher)
    while i < n:
        char = cypher[i]
        if char == "\\" and i + 1 < n:
            escape = cypher[i + 1]
            width = {"u": 4, "U": 8}.get(escape)
            if width and re.fullmatch(r"[0-9A-Fa-f]+", cypher[i + 2 : i + 2 + width] or "x"):
                out.append(chr(int(cypher[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            out.append(_ESCAPES.get(escape, "\\" + escape))
            i += 2
            continue
        if char == quote:
            return "".join(out), i + 1
        out.append(char)
        i += 1
    return "".join(out), n


def _quoted_name(cypher: str, start: int) -> tuple[str, int]:
    out, i, n = [], start + 1, len(cypher)
    while i < n:
        if cypher[i] == "`":
            if cypher.startswith("``", i):
                out.append("`")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(cypher[i])
        i += 1
    return "".join(out), n
