"""The embedded graph store: Cypher on the workspace with no server, through kglite.

The graph lives beside the dataset as ``WORKSPACE/graph.kgl``, built from the canonical tables
with the same ``cypher/schema.cypher`` and ``cypher/load/*.cypher`` files that load Neo4j. It is
rebuilt after every ``graphkit ingest``, and again whenever it is found older than the
workspace's dataset, so a query always sees the current workspace.

Where kglite differs from Neo4j, the difference is handled here and nowhere else
(:data:`KGLITE_DIFFERENCES`); callers see the :class:`~graphkit.stores.base.GraphStore`
interface and graphkit's own values (:mod:`graphkit.stores.values`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import kglite
import numpy as np
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.tables import Dataset
from graphkit.stores.bounded import QueryTimeout, run_bounded, timeout_message
from graphkit.stores.cypher_files import CYPHER_DIR, load_file, schema_statements
from graphkit.stores.cypher_policy import blank_comments, check_embedded_read, embedded_files
from graphkit.stores.rows import LOAD_ORDER, batched, load_rows
from graphkit.stores.values import Node, Relationship
from graphkit.stores.values import Path as GraphPath
from graphkit.workspace.lock import LOCK_FILE as WORKSPACE_LOCK
from graphkit.workspace.lock import WorkspaceBusy, hold
from graphkit.workspace.storage import Workspace, shared_modes

GRAPH_FILE = "graph.kgl"
STAMP_FILE = "graph.kgl.json"
# Taken by the process that builds the graph, so a second first query waits for that build
# instead of building the same graph again beside it.
BUILD_LOCK_FILE = ".graph.lock"
BATCH_SIZE = 10_000
READ_ONLY_REFUSAL = "the query writes to the graph; run it with --write to allow that"

# How kglite's Cypher differs from Neo4j's for what graphkit does, and what this module does
# about it. The schema and load files run unchanged; these are the only adaptations.
KGLITE_DIFFERENCES = {
    "block comments": "kglite rejects /* … */; they are blanked (outside strings) before a query runs",
    "virtual keys": "kglite adds virtual `title` and `type` keys to nodes; queries run with "
    "hide_structural_keys=True and returned nodes drop them, as Neo4j has neither",
    "title mirrors name": "kglite keeps `title` equal to `name`, so properties(n) of a named node "
    "also lists `title`, and a repeated node load counts properties_set (it creates nothing)",
    "read-only": "no EXPLAIN query type: a read runs with kglite's read_only(True), which refuses "
    "every mutation (CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, DDL, write procedures), and "
    "may call only the procedures kglite lists as READ",
    "files": "kglite's LOAD CSV reads any local file the process can; graphkit refuses it unless "
    "the caller names a directory (allow_files, --allow-files DIR), then lets it read only files "
    "under that directory and hands kglite the resolved path it checked",
    "timeout": "kglite looks at its timeout_ms and at Ctrl-C only where its own loops do, and "
    "caps no memory: an ad-hoc query runs in a child process that graphkit kills at the deadline, "
    "on Ctrl-C or above --max-memory (graphkit.stores.bounded); loads run in the process, "
    "without a limit",
    "name/title": "kglite reads `name` and `title` as aliases of one another (a Consultation has a "
    "`name`, a named node a `title`); query consultations by `title`",
    "CREATE with a new key": "kglite refuses CREATE with a property key the label never had "
    "(SET is fine): the load files only MERGE and SET, so loading is unaffected",
    "counters": "kglite does not count the `id` key of a created node in properties_set "
    "(it is the node's identity there); nodes_created and relationships_created agree",
    "warnings": "kglite's query warnings (unknown label, missing property) are collected in "
    "last_warnings instead of printed",
}

kglite.set_query_warning_policy("silent")


class EmbeddedStore:
    """A kglite graph answering Cypher, in memory or saved at ``path``.

    Parameters
    ----------
    path : Path, optional
        A ``.kgl`` file to open (and to save writes to); ``None`` keeps the graph in memory.

    Examples
    --------
    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "Anna"}])
    >>> store = EmbeddedStore()
    >>> store.load(ds)["nodes_created"]
    1
    >>> store.run("MATCH (m:MEP) RETURN m.name AS name")["name"].tolist()
    ['Anna']
    >>> store.run("MATCH (m:MEP) SET m.name = 'x'")
    Traceback (most recent call last):
    ...
    graphkit.errors.GraphkitError: the query writes to the graph; run it with --write to allow that
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        # A saved graph is read when first needed: an isolated query reads it in its own
        # process, and this one never has to.
        self._graph: Any = None if self.path is not None and self.path.exists() else kglite.KnowledgeGraph()
        self._closed = False
        self.last_counters: dict[str, int] = {}
        self.last_warnings: list[str] = []

    @classmethod
    def for_workspace(
        cls, workspace: Workspace, *, on_wait: Callable[[str], None] | None = None
    ) -> EmbeddedStore:
        """The workspace's graph, rebuilt first if the dataset changed since it was built.

        One build at a time: a process that finds another building the graph waits for it
        (``on_wait`` gets a line saying so) and then reads what it built. While another process
        writes to the workspace (an ingest), a graph that needs rebuilding is built in memory
        from the last whole snapshot instead, and not saved: readers never wait for a writer."""
        if is_current(workspace):
            return cls(graph_path(workspace))
        in_memory = False
        build_lock = workspace.path / BUILD_LOCK_FILE
        place = f"the embedded graph of {workspace.path}"
        with hold(build_lock, "the embedded graph build", wait=True, on_wait=on_wait, place=place):
            if not is_current(workspace):  # another query may have built it while this one waited
                try:
                    with workspace.writing("the embedded graph build"):
                        if not is_current(workspace):
                            build_workspace_graph(workspace)
                except WorkspaceBusy:
                    in_memory = True
        if in_memory:  # outside the build lock: other readers need not wait for this one
            store = cls()
            store.load(workspace.load())
            return store
        return cls(graph_path(workspace))

    def load(self, dataset: Dataset) -> dict[str, int]:
        """Merge the dataset's nodes and relationships in (schema first); returns the counters.

        Loading the same dataset again creates nothing.
        """
        totals: dict[str, int] = {}
        for statement in schema_statements():
            self._execute(statement, None, write=True)
            _add(totals, self.last_counters)
        rows = load_rows(dataset)
        for name in LOAD_ORDER:
            statement = load_file(name).statement
            for batch in batched(rows[name], BATCH_SIZE):
                self._execute(statement, {"rows": list(batch)}, write=True)
                _add(totals, self.last_counters)
        self.last_counters = totals
        if self.path is not None:
            self.save()
        return totals

    def run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
        allow_files: str | Path | None = None,
        isolated: bool = False,
        max_memory: int | None = None,
    ) -> pd.DataFrame:
        """Run one Cypher statement and return its rows (one column per returned expression).

        Read-only unless ``write=True``: kglite refuses every mutation, and only the procedures
        it lists as READ may be called. ``LOAD CSV`` is refused unless ``allow_files`` names a
        directory, and then reads only files under it
        (:func:`~graphkit.stores.cypher_policy.embedded_files`). ``timeout`` (seconds; ``None``
        or 0 for none) stops a query that runs longer, with a :class:`QueryTimeout`. After a
        write, :attr:`last_counters` says what changed and a graph opened from a file is saved
        back to it.

        ``isolated`` runs the query in a child process (:func:`~graphkit.stores.bounded.run_bounded`)
        that is killed at ``timeout``, on Ctrl-C, or when it takes more than ``max_memory`` bytes
        (:class:`~graphkit.stores.bounded.QueryTooLarge`), whatever the query does: kglite's own
        timeout misses some shapes. A graph opened from a file is read by the child from the
        file. A write to a graph that lives only in memory runs in this process all the same
        (a child's changes would be lost with it).
        """
        cypher, params = embedded_files(cypher, params or {}, allow_files)
        if not write:
            check_embedded_read(cypher, read_procedures())
        if not isolated or (write and self.path is None):
            return self._execute_and_save(cypher, params, write=write, timeout=timeout)

        def work() -> tuple[pd.DataFrame, dict[str, int], list[str]]:
            frame = self._execute_and_save(cypher, params, write=write, timeout=timeout)
            return frame, self.last_counters, self.last_warnings

        frame, self.last_counters, self.last_warnings = run_bounded(
            work, timeout=timeout, max_memory=max_memory
        )
        if write and self.path is not None and any(self.last_counters.values()):
            self._graph = None  # the child saved the changed graph: read it again when needed
        return frame

    def _execute_and_save(
        self, cypher: str, params: Mapping[str, Any], *, write: bool, timeout: float | None
    ) -> pd.DataFrame:
        frame = self._execute(cypher, params, write=write, timeout=timeout)
        if write and self.path is not None and any(self.last_counters.values()):
            self.save()
        return frame

    def save(self) -> None:
        """Write the graph to :attr:`path` atomically (a new file renamed over the old one)."""
        if self.path is None:
            raise GraphkitError("this embedded graph lives in memory; give a path to save it")
        # The workspace lock of the graph's folder: not while another process writes there (an
        # ingest, a graph build); a --write query holds it already, and so goes on.
        with hold(self.path.parent / WORKSPACE_LOCK, "an embedded graph write"):
            _save_atomically(self._engine(), self.path)

    def copy(self) -> EmbeddedStore:
        """An independent in-memory copy (writes to it leave this store as it is)."""
        clone = EmbeddedStore()
        clone._graph = self._engine().copy()
        return clone

    def close(self) -> None:
        """Release the graph."""
        self._graph = None
        self._closed = True

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(
        self, cypher: str, params: Mapping[str, Any] | None, *, write: bool, timeout: float | None = None
    ) -> pd.DataFrame:
        graph = self._engine()
        query = blank_block_comments(cypher)
        arguments = {key: engine_value(value) for key, value in (params or {}).items()}
        graph.read_only(not write)
        try:
            result = graph.cypher(
                query,
                params=arguments or None,
                timeout_ms=max(1, round(timeout * 1000)) if timeout else 0,
                hide_structural_keys=True,
            )
        except kglite.CypherTimeoutError as err:
            raise QueryTimeout(timeout_message(timeout or 0)) from err
        except kglite.ReadOnlyError as err:
            raise GraphkitError(READ_ONLY_REFUSAL) from err
        except kglite.CypherSyntaxError as err:
            raise GraphkitError(_message(err)) from err
        except (kglite.KgError, ValueError, TypeError, OverflowError) as err:
            message = _message(err)
            raise GraphkitError(
                message if message.startswith("Cypher") else f"Cypher error: {message}"
            ) from err
        finally:
            graph.read_only(False)
        stats = graph.last_mutation_stats if write else None
        self.last_counters = {key: int(value) for key, value in (stats or {}).items()}
        self.last_warnings = list(getattr(result, "warnings", []) or [])
        return _frame(result)

    def _engine(self) -> Any:
        """The kglite graph, read from :attr:`path` the first time it is needed."""
        if self._closed:
            raise GraphkitError("the embedded store is closed")
        if self._graph is None:
            try:
                self._graph = kglite.load(str(self.path))
            except (kglite.KgError, OSError, ValueError) as err:
                raise GraphkitError(f"{self.path}: cannot open the embedded graph ({err})") from err
        return self._graph


@functools.cache
def read_procedures() -> frozenset[str]:
    """The procedures kglite lists as READ (none of them reads a file or changes the graph)."""
    result = kglite.KnowledgeGraph().cypher("SHOW PROCEDURES")
    return frozenset(row["name"] for row in result.to_list() if str(row.get("mode")).upper() == "READ")


def graph_path(workspace: Workspace) -> Path:
    """Where the workspace's embedded graph lives."""
    return workspace.path / GRAPH_FILE


def build_workspace_graph(workspace: Workspace, dataset: Dataset | None = None) -> dict[str, int]:
    """(Re)build ``WORKSPACE/graph.kgl`` from the workspace's dataset; returns the load counters.

    The new graph is written beside the old one and renamed over it, so a reader sees the old
    graph or the new one, never half of either. :meth:`EmbeddedStore.for_workspace` calls this on
    the first query after an ingest changed the dataset. It holds the workspace lock
    (:meth:`~graphkit.workspace.storage.Workspace.writing`), so fails at once while another
    process writes to the workspace.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.save(Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "Anna"}]))
    >>> build_workspace_graph(ws)["nodes_created"], is_current(ws)
    (1, True)
    >>> EmbeddedStore.for_workspace(ws).run("MATCH (m:MEP) RETURN m.name AS name")["name"].tolist()
    ['Anna']
    """
    with workspace.writing("the embedded graph build"):  # one writer of the workspace at a time
        dataset = workspace.load() if dataset is None else dataset
        snapshot = workspace.snapshot
        store = EmbeddedStore()
        counters = store.load(dataset)
        _save_atomically(store._graph, graph_path(workspace))
        store.close()
        _write_stamp(workspace, snapshot)
    return counters


def is_current(workspace: Workspace) -> bool:
    """True when ``graph.kgl`` was built from the workspace's current dataset with the current
    Cypher files and kglite version."""
    stamp = workspace.path / STAMP_FILE
    if not graph_path(workspace).exists() or not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == _stamp(workspace.snapshot)


def blank_block_comments(cypher: str) -> str:
    """``/* … */`` comments (outside strings) replaced by spaces, newlines kept, so positions in
    error messages still point at the user's text (the tokenizer of the read policy finds them).

    >>> blank_block_comments("RETURN 1 /* x\\n y */ AS a, '/* kept */' AS b")
    "RETURN 1     \\n      AS a, '/* kept */' AS b"
    """
    return blank_comments(cypher) if "/*" in cypher else cypher


def engine_value(value: Any) -> Any:
    """A parameter value as kglite takes it (numpy and pandas scalars become Python ones).

    >>> engine_value({"d": pd.Timestamp("2024-05-02"), "n": np.int64(3), "l": (1, 2)})
    {'d': datetime.datetime(2024, 5, 2, 0, 0), 'n': 3, 'l': [1, 2]}
    """
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(key): engine_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [engine_value(item) for item in value]
    return value


def from_kglite(value: Any) -> Any:
    """kglite's result values as graphkit's: nodes, relationships and paths become
    :class:`~graphkit.stores.values.Node` and friends, without kglite's virtual keys.

    >>> from_kglite({"id": 3, "labels": ["MEP"], "properties": {"id": "mep:a", "name": "A",
    ...              "title": "A", "type": "MEP"}})
    Node(key='3', labels=('MEP',), properties={'id': 'mep:a', 'name': 'A'})
    """
    if isinstance(value, dict):
        keys = set(value)
        if keys == {"id", "labels", "properties"}:
            return Node(str(value["id"]), tuple(value["labels"]), _node_properties(value["properties"]))
        if keys == {"id", "start", "end", "type", "properties"}:
            return Relationship(
                str(value["id"]),
                value["type"],
                str(value["start"]),
                str(value["end"]),
                from_kglite(value["properties"]),
            )
        if keys == {"nodes", "relationships"}:
            return GraphPath(
                tuple(from_kglite(node) for node in value["nodes"]),
                tuple(from_kglite(rel) for rel in value["relationships"]),
            )
        return {key: from_kglite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_kglite(item) for item in value]
    return value


def _node_properties(properties: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: from_kglite(item) for key, item in properties.items() if key != "type"}
    title = out.get("title")
    if title is not None and (title == out.get("name") or title == out.get("id")):
        del out["title"]
    return out


def _frame(result: Any) -> pd.DataFrame:
    if isinstance(result, str):  # FORMAT CSV
        return pd.DataFrame({"csv": [result]})
    columns = list(result.columns)
    rows = [[from_kglite(row.get(column)) for column in columns] for row in result.to_list()]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.infer_objects()


def _save_atomically(graph: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".graph-", suffix=".kgl", dir=path.parent)
    os.close(fd)
    try:
        graph.save(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, shared_modes(path.parent)[1])  # mkstemp made it 0600
        os.replace(temporary, path)
    except kglite.KgError as err:
        # A full disk (or a file size limit) while kglite writes: one line, and the graph as the
        # last whole save left it.
        Path(temporary).unlink(missing_ok=True)
        cause = str(err).removeprefix("File I/O error: ")
        raise GraphkitError(
            f"{path}: cannot save the embedded graph ({cause}); free some space and run again"
        ) from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _stamp(snapshot: str) -> dict[str, str]:
    cypher = hashlib.sha1()
    for file in [CYPHER_DIR / "schema.cypher", *sorted((CYPHER_DIR / "load").glob("*.cypher"))]:
        cypher.update(file.read_bytes())
    return {"snapshot": snapshot, "kglite": kglite.__version__, "cypher": cypher.hexdigest()[:16]}


def _write_stamp(workspace: Workspace, snapshot: str) -> None:
    stamp = workspace.path / STAMP_FILE
    temporary = stamp.with_name(stamp.name + ".tmp")
    temporary.write_text(json.dumps(_stamp(snapshot)), encoding="utf-8")
    temporary.chmod(shared_modes(workspace.path)[1])
    os.replace(temporary, stamp)


def _add(totals: dict[str, int], counters: Mapping[str, int]) -> None:
    for key, value in counters.items():
        totals[key] = totals.get(key, 0) + int(value)


def _message(err: Exception) -> str:
    return str(err).strip()


__all__ = ["EmbeddedStore", "KGLITE_DIFFERENCES", "QueryTimeout", "build_workspace_graph", "is_current"]
