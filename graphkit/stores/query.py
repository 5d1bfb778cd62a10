"""Ad-hoc Cypher on either store: typed parameters, the named query files, the store to use.

``graphkit query`` is a thin layer over :func:`run_query`; everything it does, Python can do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from graphkit.dates import parse_date
from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter
from graphkit.model.tables import Dataset
from graphkit.stores.bounded import DEFAULT_MAX_MEMORY
from graphkit.stores.cypher_files import CypherFile
from graphkit.stores.cypher_policy import one_statement
from graphkit.stores.values import from_neo4j
from graphkit.workspace.lookup import find_actor
from graphkit.workspace.storage import Workspace

EMBEDDED, NEO4J = "embedded", "neo4j"
STORES = (EMBEDDED, NEO4J)
# Seconds an ad-hoc query may run before the engine stops it (``graphkit query --timeout``).
DEFAULT_TIMEOUT_SECONDS = 60.0
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class QueryResult:
    """The rows a query returned, what it changed (write counters) and the engine's warnings."""

    frame: pd.DataFrame
    store: str
    counters: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def changes(self) -> dict[str, int]:
        """The counters that are not zero."""
        return {key: value for key, value in self.counters.items() if value}


def parse_value(text: str) -> Any:
    """A ``-p`` value: a JSON literal if it parses, a date if it is an ISO date, else the text.

    >>> parse_value("10"), parse_value("2.5"), parse_value('["a", 1]'), parse_value("true")
    (10, 2.5, ['a', 1], True)
    >>> parse_value("2024-05-02"), parse_value("Kathleen Van Brempt"), parse_value('"2024-05-02"')
    (datetime.date(2024, 5, 2), 'Kathleen Van Brempt', '2024-05-02')
    """
    try:
        return json.loads(text)
    except ValueError:
        pass
    if _ISO_DATE.match(text.strip()):
        try:
            return parse_date(text, within_range=False)
        except ValueError as err:
            raise GraphkitError(f"{text!r} looks like a date but is not one ({err})") from err
    return text


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``name=value`` pairs (``-p``) as typed parameters (see :func:`parse_value`).

    >>> parse_params(["limit=5", "mep=Kathleen Van Brempt", "since=2024-01-01"])
    {'limit': 5, 'mep': 'Kathleen Van Brempt', 'since': datetime.date(2024, 1, 1)}
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not _NAME.match(name):
            raise GraphkitError(f"parameter {pair!r}: write it as name=value (e.g. -p limit=10)")
        params[name] = parse_value(value)
    return params


def prepare_params(
    given: Mapping[str, Any],
    file: CypherFile | None = None,
    dataset: Dataset | Callable[[], Dataset] | None = None,
) -> dict[str, Any]:
    """The parameters to send: ``given``, plus the file's defaults, typed by the file's header.

    For a query file, a ``date`` parameter given as text becomes a date, an ``integer`` must be
    whole, and an ``actor`` given as a name, acronym or Register ID is resolved to its id in the
    workspace's dataset (:func:`graphkit.workspace.lookup.find_actor`). A parameter the file needs
    and nobody gave is an error that lists it.

    >>> from graphkit.stores.cypher_files import query_files
    >>> top = query_files()["top_lobbyists"]
    >>> ds = Dataset.from_records(actors=[{"id": "mep:anna-meier", "kind": "mep", "name": "Anna Meier"}])
    >>> prepare_params({"mep": "anna meier"}, top, ds)
    {'limit': 10, 'mep': 'mep:anna-meier'}
    >>> prepare_params({}, top, ds)
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: top_lobbyists needs -p mep=… (the MEP's id (graphkit query resolves a name, acronym or Register ID).)
    """
    if file is None:
        return dict(given)
    params = {**file.defaults(), **given}
    missing = [p for p in file.parameters if p.name not in params]
    if missing:
        needs = ", ".join(f"-p {p.name}=… ({p.description})" for p in missing)
        raise GraphkitError(f"{file.name} needs {needs}")
    loaded: Dataset | None = None
    for parameter in file.parameters:
        value = params[parameter.name]
        kind = parameter.type.lower()
        if kind == "date" and isinstance(value, str):
            try:
                params[parameter.name] = parse_date(value, within_range=False)
            except ValueError as err:
                raise GraphkitError(f"-p {parameter.name}: {value!r} is not a date ({err})") from err
        elif kind == "integer" and not (isinstance(value, int) and not isinstance(value, bool)):
            raise GraphkitError(f"-p {parameter.name}: expected a whole number, got {value!r}")
        elif kind == "actor" and isinstance(value, str):
            if loaded is None:
                loaded = dataset() if callable(dataset) else dataset
            if loaded is not None and not loaded.actors.empty:
                params[parameter.name] = str(find_actor(loaded, value)["id"])
    return params


def choose_store(name: str | None = None) -> str:
    """``name`` if given, else ``neo4j`` when ``$NEO4J_URI`` is set, else ``embedded``.

    >>> choose_store("embedded")
    'embedded'
    """
    if name:
        if name not in STORES:
            raise GraphkitError(f"unknown store {name!r}: use one of {', '.join(STORES)}")
        return name
    return NEO4J if os.environ.get("NEO4J_URI") else EMBEDDED


def open_store(
    name: str,
    workspace: Workspace | None = None,
    *,
    on_wait: Callable[[str], None] | None = None,
    filters: GraphFilter | None = None,
) -> Any:
    """The store called ``name``: the workspace's embedded graph, or Neo4j from the environment.

    ``on_wait`` gets a line when the embedded graph must wait for another process's build of it.
    ``filters`` (embedded store only) gives an in-memory graph of what the one filter
    (:func:`graphkit.graph.filters.subset`) keeps, so a query sees the meetings and actors a
    view, an export or a ranking of the same filters holds.

    >>> import tempfile
    >>> from graphkit.synthetic import generate
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.save(generate(organisations=20, meetings=60, seed=1))
    >>> cypher = "MATCH ()-[r:MET]->(:Official) RETURN count(r) AS n"
    >>> int(open_store(EMBEDDED, ws, filters=GraphFilter(institution="EP")).run(cypher)["n"][0])
    0
    """
    if filters is not None and not filters.is_empty() and name != EMBEDDED:
        raise GraphkitError(
            "the filters (--from, --institution, …) cut the embedded store; in Neo4j, filter in the Cypher"
        )
    if name == EMBEDDED:
        from graphkit.stores.embedded import EmbeddedStore

        workspace = workspace or Workspace()
        if not workspace.exists():
            raise GraphkitError(
                f"no dataset in {workspace.path}: run graphkit ingest FILES first (or give --workspace)"
            )
        if filters is not None and not filters.is_empty():
            from graphkit.graph.filters import subset

            store = EmbeddedStore()
            store.load(subset(workspace.load(), filters))
            return store
        return EmbeddedStore.for_workspace(workspace, on_wait=on_wait)
    from graphkit.stores.neo4j.store import Neo4jStore

    factory = getattr(Neo4jStore, "from_env", None)
    return factory() if callable(factory) else Neo4jStore()


def run_query(
    store: Any,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    store_name: str = EMBEDDED,
    timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    allow_files: str | Path | None = None,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
) -> QueryResult:
    """Run ``cypher`` on ``store`` (read-only unless ``write``) and collect what it said.

    ``timeout`` is in seconds (``None`` or 0: no limit). On the embedded store the query runs in
    a child process that is killed at ``timeout``, on Ctrl-C, or above ``max_memory`` bytes
    (``None`` or 0: no ceiling), whatever its shape
    (:meth:`~graphkit.stores.embedded.EmbeddedStore.run` with ``isolated``); on Neo4j the server
    holds the timeout and its own memory limits. ``allow_files`` names the directory an
    embedded ``LOAD CSV`` may read from (none otherwise); on Neo4j the server's own settings
    decide what ``LOAD CSV`` reads, and only with ``write``. The text is one statement on both
    stores (a trailing ``;`` is fine; two statements are refused, see
    :func:`~graphkit.stores.cypher_policy.one_statement`).

    >>> from graphkit.stores.embedded import EmbeddedStore
    >>> result = run_query(EmbeddedStore(), "CREATE (:Topic {id: $id})", {"id": "topic:x"}, write=True)
    >>> result.changes()["nodes_created"]
    1
    >>> run_query(EmbeddedStore(), "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    Traceback (most recent call last):
    ...
    graphkit.stores.cypher_policy.QueryRefused: refused by the load-csv rule: LOAD CSV reads files on this machine; give --allow-files DIR to let it read the files under DIR
    """
    cypher = one_statement(cypher)
    if store_name == NEO4J:
        if allow_files is not None:
            raise GraphkitError(
                "--allow-files is for the embedded store: on Neo4j, LOAD CSV needs --write and reads "
                "what the server allows (dbms.security.allow_csv_import_from_file_urls, "
                "server.directories.import)"
            )
        frame = store.run(cypher, dict(params or {}), write=write, timeout=timeout)
    else:
        frame = store.run(
            cypher,
            dict(params or {}),
            write=write,
            timeout=timeout,
            allow_files=allow_files,
            isolated=True,
            max_memory=max_memory,
        )
    if store_name == NEO4J:
        frame = frame.map(from_neo4j) if not frame.empty else frame
    counters = dict(getattr(store, "last_counters", None) or {})
    warnings = list(getattr(store, "last_warnings", None) or [])
    return QueryResult(frame, store_name, counters, warnings)


def display_frame(frame: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """The rows ready for the table writer: JSON formats get plain JSON values; tables and CSV get
    text for nodes, relationships, paths, lists and maps (dates as ISO).

    >>> display_frame(pd.DataFrame({"a": [["x", 1]], "d": [dt.date(2024, 5, 2)]}), "csv").iloc[0].tolist()
    ['["x", 1]', '2024-05-02']
    """
    from graphkit.stores.values import plain

    convert = plain if fmt in ("json", "nl") else _text
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(convert)
    return out


def _text(value: Any) -> Any:
    from graphkit.stores.values import Node, Path, Relationship, plain

    if isinstance(value, Node | Relationship | Path):
        return str(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(plain(value), ensure_ascii=False)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
