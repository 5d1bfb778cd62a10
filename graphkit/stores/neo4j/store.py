"""The Neo4j store: the canonical dataset in a Neo4j 5 server, through the official driver.

Loading runs ``cypher/schema.cypher`` (a uniqueness constraint on each label's ``id``) and then
every ``cypher/load/*.cypher`` file as ``UNWIND $rows … MERGE`` in batches, each batch its own
transaction. The ids are the dataset's, so loading the same data again changes nothing, a load of
new data adds only what is new, and a load that broke off (server gone, network down) completes
when it is run again.

Connection settings come from the arguments or the environment: ``NEO4J_URI``,
``NEO4J_USERNAME`` (or ``NEO4J_USER``), ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``. The password is
never printed: it is not in any ``repr``, and every message, log record and traceback of this
module goes through :func:`graphkit.stores.redact.redact`.

Ad-hoc queries (:meth:`Neo4jStore.run`) without ``write`` keep to the read policy of
:mod:`graphkit.stores.cypher_policy`, are refused unless the server's ``EXPLAIN`` calls them
read-only, and run in a READ access-mode transaction, so the server itself refuses a write.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

import neo4j
import neo4j.exceptions as neo4j_errors
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model.tables import Dataset
from graphkit.stores.cypher_files import CYPHER_DIR, load_file, read_cypher_file, schema_statements
from graphkit.stores.cypher_policy import NEO4J_DBMS_READ_PROCEDURES, QueryRefused, check_neo4j_read
from graphkit.stores.neo4j.bulk import (
    RELATIONSHIP_MODEL,
    actor_labels,
    columns,
    create_parameters,
    create_statement,
    existing_statement,
    existing_table,
    node_element_ids_statement,
    property_names,
    relationship_table,
    split_new_and_changed,
    update_statement,
    with_element_ids,
)
from graphkit.stores.neo4j.lock import STALE_AFTER_SECONDS, load_lock
from graphkit.stores.redact import has_userinfo, install_log_filter, redact, register_secret, scrub_exception
from graphkit.stores.rows import (
    DEFAULT_BATCH_SIZE,
    NODE_FILES,
    NODE_LABELS,
    RELATIONSHIP_FILES,
    batched,
    node_frames,
    node_records,
    relationship_frames,
)

READ_ONLY_REFUSAL = "the query writes to the graph; run it with --write to allow that"
HTTP_SCHEMES = ("http", "https")
# The summary counters a load or a write reports, in this order.
COUNTER_NAMES = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "labels_added",
    "labels_removed",
    "indexes_added",
    "indexes_removed",
    "constraints_added",
    "constraints_removed",
)
# How long the driver keeps retrying a batch on a transient failure before giving up.
RETRY_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 10.0
DEFAULT_WORKERS = 2
# Server error codes of a transaction that ran past its timeout.
TIMEOUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)

install_log_filter()  # the driver's log records name servers too


class Neo4jError(GraphkitError):
    """Neo4j could not be reached, refused us, or failed a statement (one clear line, redacted).

    >>> str(Neo4jError("cannot connect to bolt://neo4j:pw@db:7687"))
    'cannot connect to bolt://neo4j:***@db:7687'
    """

    def __init__(self, message: object = "") -> None:
        super().__init__(redact(message))


class QueryTimeout(Neo4jError):
    """A query ran longer than its timeout and was stopped."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is and who we are there; the password is left out of ``repr``.

    >>> s = Neo4jSettings.resolve(uri="bolt://127.0.0.1:7687", user="neo4j", password="secret",
    ...                           environ={})
    >>> s
    Neo4jSettings(uri='bolt://127.0.0.1:7687', user='neo4j', database='neo4j')
    >>> Neo4jSettings.resolve(environ={"NEO4J_URI": "neo4j://db:7687", "NEO4J_USER": "ann",
    ...                                "NEO4J_DATABASE": "lobby"}).user
    'ann'
    """

    uri: str
    user: str
    password: str = field(repr=False)
    database: str = "neo4j"

    def __post_init__(self) -> None:
        check_uri(self.uri)
        register_secret(self.password)

    @classmethod
    def resolve(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Neo4jSettings:
        """Arguments first, then ``NEO4J_URI``/``NEO4J_USERNAME``/``NEO4J_USER``/``NEO4J_PASSWORD``/
        ``NEO4J_DATABASE``; an error when no server is named at all."""
        env = os.environ if environ is None else environ
        password = password if password is not None else env.get("NEO4J_PASSWORD", "")
        register_secret(password)
        uri = (uri or env.get("NEO4J_URI") or "").strip()
        if not uri:
            raise Neo4jError(
                "no Neo4j server given: pass --uri or set NEO4J_URI (e.g. bolt://localhost:7687)"
            )
        return cls(
            uri=uri,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=password,
            database=database or env.get("NEO4J_DATABASE") or "neo4j",
        )

    @property
    def display_uri(self) -> str:
        """The URI as it may be printed."""
        return redact(self.uri)


def check_uri(uri: str) -> None:
    """Refuse a URI graphkit cannot use, in words that say what to give instead.

    >>> check_uri("bolt://localhost:7687")
    >>> check_uri("bolt://neo4j:pw@localhost:7687")
    Traceback (most recent call last):
    ...
    graphkit.stores.neo4j.store.Neo4jError: the Neo4j URI bolt://neo4j:***@localhost:7687 holds a user name or password: give the URI without them (bolt://HOST:PORT) and the credentials in NEO4J_USERNAME and NEO4J_PASSWORD (or --user/--password)
    """
    if has_userinfo(uri):
        raise Neo4jError(
            f"the Neo4j URI {redact(uri)} holds a user name or password: give the URI without them "
            "(bolt://HOST:PORT) and the credentials in NEO4J_USERNAME and NEO4J_PASSWORD (or --user/--password)"
        )
    if "#" in uri:  # the driver ignores it, and its warning would print the fragment (a secret?)
        raise Neo4jError(f"the Neo4j URI {redact(uri)} has a #fragment, which Neo4j ignores: give bolt://HOST:PORT")
    scheme = uri.partition("://")[0].lower()
    if scheme in HTTP_SCHEMES:
        raise Neo4jError(
            f"{redact(uri)} is an HTTP address: graphkit talks to Neo4j over Bolt, so give "
            "bolt://HOST:7687 or neo4j://HOST:7687 (the Bolt port, not the browser's 7474)"
        )


@dataclass
class LoadProgress:
    """What a load callback is told after each batch."""

    file: str
    rows_done: int
    rows_total: int
    file_rows_done: int
    file_rows_total: int


class Neo4jStore:
    """A Neo4j server as a :class:`~graphkit.stores.base.GraphStore`.

    Parameters
    ----------
    uri, user, password, database : str, optional
        The connection; each falls back to its ``NEO4J_*`` environment variable.
    batch_size : int
        Rows per ``UNWIND`` statement (and transaction) when loading.
    retry_seconds : float
        How long a batch is retried on a transient failure (server restarting, leader switch,
        a deadlock between two batches) before the load stops with an error.
    workers : int
        Batches sent at once when loading (each its own transaction); two keep a server's cores
        busy while the next batch travels.

    Examples
    --------
    >>> store = Neo4jStore(uri="bolt://127.0.0.1:7687", password="x")  # connects on first use
    >>> store
    Neo4jStore(uri='bolt://127.0.0.1:7687', user='neo4j', database='neo4j')
    """

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        retry_seconds: float = RETRY_SECONDS,
        workers: int = DEFAULT_WORKERS,
    ) -> None:
        self.settings = Neo4jSettings.resolve(uri, user, password, database)
        self.batch_size = batch_size
        self.retry_seconds = retry_seconds
        self.workers = workers
        self.last_counters: dict[str, int] = {}
        self.last_warnings: list[str] = []
        self._driver: neo4j.Driver | None = None

    @classmethod
    def from_env(cls) -> Neo4jStore:
        """The store the ``NEO4J_*`` environment variables describe."""
        return cls()

    def __repr__(self) -> str:
        s = self.settings
        return f"Neo4jStore(uri={s.display_uri!r}, user={s.user!r}, database={s.database!r})"

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def database(self) -> str:
        return self.settings.database

    @property
    def driver(self) -> neo4j.Driver:
        """The driver, created and checked (server reachable, credentials accepted) on first use."""
        if self._driver is None:
            s = self.settings
            try:
                driver = neo4j.GraphDatabase.driver(
                    s.uri,
                    auth=(s.user, s.password),
                    connection_timeout=CONNECT_TIMEOUT_SECONDS,
                    max_transaction_retry_time=self.retry_seconds,
                    warn_notification_severity=neo4j.NotificationMinimumSeverity.OFF,
                )
            except (ValueError, neo4j_errors.ConfigurationError) as err:
                scrub_exception(err)
                raise Neo4jError(f"{s.uri!r} is not a Neo4j address ({err})") from err
            with self._translated():
                driver.verify_connectivity()
            self._driver = driver
        return self._driver

    def close(self) -> None:
        """Close the driver's connections."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def server_agent(self) -> str:
        """The server's agent string, e.g. ``Neo4j/5.26.30``."""
        with self._translated():
            return self.driver.get_server_info().agent

    # -- ad-hoc Cypher -------------------------------------------------------------------------

    def query_type(self, cypher: str, params: Mapping[str, Any] | None = None) -> str:
        """The server's query type for ``cypher`` from ``EXPLAIN``: ``r``, ``rw``, ``w`` or ``s``."""
        with (
            self._translated(),
            self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            try:
                # "PROFILE …" and "EXPLAIN …" are typed by the statement they run: the server
                # refuses "EXPLAIN PROFILE".
                summary = session.run(f"EXPLAIN {_PLAN_PREFIX.sub('', cypher, count=1)}", dict(params or {})).consume()
            except neo4j_errors.CypherSyntaxError:
                # Let the server report the error on the statement as written (positions without
                # the EXPLAIN prefix): it is parsed in a transaction that is never committed.
                with session.begin_transaction() as tx:
                    try:
                        tx.run(cypher, dict(params or {})).consume()
                    finally:
                        tx.rollback()
                raise
        return summary.query_type or ""

    def run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> pd.DataFrame:
        """Run one statement and return its rows (the driver's values, one column per key).

        Read-only unless ``write``: the statement must keep to the read policy
        (:func:`~graphkit.stores.cypher_policy.check_neo4j_read`: no ``LOAD CSV``, no
        ``TERMINATE``, only the procedures and commands on the read list), is ``EXPLAIN``-ed and
        refused unless the server calls it read-only, and runs in a READ access-mode
        transaction. ``timeout`` (seconds; ``None`` or 0 for none) is the transaction's timeout
        on the server: past it the server stops the query and :class:`QueryTimeout` says so.
        ``last_counters`` holds what it changed; ``last_warnings`` the server's notifications.
        """
        params = dict(params or {})
        if not write:
            called = check_neo4j_read(cypher)
            kind = self.query_type(cypher, params)
            dbms_read = kind == "s" and called and called <= NEO4J_DBMS_READ_PROCEDURES
            if kind != "r" and not dbms_read:
                raise Neo4jError(READ_ONLY_REFUSAL)
        return self._run(cypher, params, write=write, timeout=timeout)

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run one of graphkit's own read statements (product Cypher such as the GDS projection
        of :mod:`~graphkit.stores.neo4j.centrality`, never a user's) in a READ transaction,
        without the ad-hoc read policy; returns its rows."""
        return self._run(cypher, dict(params or {}), write=False, timeout=None)

    def _run(
        self, cypher: str, params: dict[str, Any], *, write: bool, timeout: float | None
    ) -> pd.DataFrame:
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        # The token finds the query's transaction on the server if Ctrl-C must stop it.
        token = uuid.uuid4().hex
        query = neo4j.Query(cypher, timeout=timeout or None, metadata={CANCEL_KEY: token})
        with (
            self._translated(timeout),
            self.driver.session(database=self.database, default_access_mode=mode) as session,
        ):
            try:
                result = session.run(query, params)
                keys = list(result.keys())
                rows = [record.values() for record in result]
                summary = result.consume()
            except KeyboardInterrupt:
                self.cancel(token)
                raise
        self.last_counters = counters_of(summary)
        self.last_warnings = [
            status.status_description for status in summary.gql_status_objects if status.is_notification
        ]
        return pd.DataFrame(rows, columns=keys)

    def cancel(self, token: str) -> int:
        """Stop on the server the transactions of the query tagged ``token`` (graphkit tags each
        ad-hoc query), and return how many were stopped. After Ctrl-C the driver would wait for
        the query to end before it closes its session, for ever for a query without a timeout;
        stopped, it ends at once. A failure here is left unsaid: Ctrl-C's own line is what counts.
        """
        try:
            with self.driver.session(database=self.database) as session:
                found = session.run(_cancel_statement("find"), token=token)
                ids = [record["transactionId"] for record in found]
                if ids:
                    session.run(_cancel_statement("terminate"), ids=ids).consume()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError):
            return 0
        return len(ids)

    def execute(
        self, cypher: str, params: Mapping[str, Any] | None = None
    ) -> tuple[list[neo4j.Record], dict]:
        """Run one write statement as its own (retried) transaction; its records and counters."""
        with self._translated():
            records, summary, _ = self.driver.execute_query(
                cypher, dict(params or {}), database_=self.database, routing_=neo4j.RoutingControl.WRITE
            )
        return records, counters_of(summary)

    # -- loading -------------------------------------------------------------------------------

    def apply_schema(self) -> dict[str, int]:
        """Create the uniqueness constraints of ``cypher/schema.cypher`` (each is idempotent)."""
        totals: dict[str, int] = {}
        for statement in schema_statements():
            _add(totals, self.execute(statement)[1])
        return totals

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int | None = None,
        on_batch: Callable[[LoadProgress], None] | None = None,
        wait: bool = False,
        lock_timeout: float = STALE_AFTER_SECONDS,
        on_notice: Callable[[str], None] | None = None,
    ) -> dict[str, int]:
        """Load the dataset's nodes and relationships into the database; returns the counters.

        The load holds the database's load lock (:mod:`graphkit.stores.neo4j.lock`), so two
        loads, from anywhere, never run at once: while another holds it this fails at once
        (:class:`~graphkit.stores.neo4j.lock.Neo4jBusy`), or with ``wait`` tells ``on_notice``
        and waits; a lock whose holder gave no sign of life for ``lock_timeout`` seconds is taken
        over (and ``on_notice`` told).
        """
        with load_lock(self, wait=wait, stale_after=lock_timeout, on_notice=on_notice):
            return self._load_locked(dataset, batch_size=batch_size, on_batch=on_batch)

    def _load_locked(
        self,
        dataset: Dataset,
        *,
        batch_size: int | None = None,
        on_batch: Callable[[LoadProgress], None] | None = None,
    ) -> dict[str, int]:
        """The load itself, lock held.

        Schema first; then the nodes, ``MERGE``d by id from ``cypher/load/*.cypher``; then each
        relationship type: what the database already holds is read once and compared with the
        rows, the missing relationships are created and the changed ones rewritten
        (:mod:`graphkit.stores.neo4j.bulk`). Every batch of ``batch_size`` rows is its own
        transaction, so a load that broke off completes when run again, and a second load of the
        same data returns all-zero counters. ``on_batch`` is called after every batch (for a
        progress bar). One load into a database at a time (the lock): two at once could both
        create a relationship the other has not committed yet.
        """
        size = batch_size or self.batch_size
        nodes = {name: node_records(frame) for name, frame in node_frames(dataset).items()}
        totals = dict.fromkeys(COUNTER_NAMES, 0)
        _add(totals, self.apply_schema())
        progress = _Progress(sum(map(len, nodes.values())), on_batch)
        with (
            ThreadPoolExecutor(max_workers=1) as preparing,
            ThreadPoolExecutor(max_workers=self.workers) as pool,
        ):
            # The relationship rows (pandas joins, client CPU) are made while the server loads
            # nodes, and each type's batches are made while the server creates the type before.
            tables_ready = preparing.submit(_relationship_tables, dataset)
            queue = _BatchQueue(pool, self.execute, progress, limit=2 * self.workers + 1)
            for name in NODE_FILES:
                statement = load_file(name).statement
                queue.skip(name, 0, len(nodes[name]))
                for batch in batched(nodes[name], size):
                    queue.submit(name, statement, {"rows": list(batch)}, len(batch))
            _add(totals, queue.wait())  # every node is in before a relationship looks for it
            element_ids = self._node_element_ids()
            tables = tables_ready.result()
            progress.total += sum(map(len, tables.values()))
            try:
                for name in RELATIONSHIP_FILES:
                    self._queue_relationships(queue, name, tables[name], size, element_ids)
            except Neo4jError as err:
                queue.stop(err)
            _add(totals, queue.wait())
        self.last_counters = totals
        return totals

    def _node_element_ids(self) -> dict[str, pd.Series]:
        """Element id of every node of the model's labels, by graphkit id, per label."""
        out: dict[str, pd.Series] = {}
        with (
            self._translated(),
            self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            for label in NODE_LABELS:
                found = pd.DataFrame(
                    session.run(node_element_ids_statement(label)).values(), columns=["id", "e"]
                )
                out[label] = pd.Series(found["e"].to_numpy(object), index=found["id"].to_numpy(object))
        return out

    def _queue_relationships(
        self, queue: _BatchQueue, name: str, table: pd.DataFrame, size: int, element_ids: dict[str, pd.Series]
    ) -> None:
        """Queue the creation of the relationships of one load file that the database lacks, and
        the rewrite of those whose properties changed."""
        relationship_type = RELATIONSHIP_MODEL[name][0]
        properties = property_names(table)
        if table.empty:
            return
        # The type may not exist yet: the server's notice saying so is expected, not news.
        with (
            self._translated(),
            self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            ) as session,
        ):
            result = session.run(existing_statement(relationship_type, properties))
            keys = list(result.keys())
            existing = existing_table(pd.DataFrame(result.values(), columns=keys), properties)
        new, changed_rows = split_new_and_changed(table, existing)
        # Rows whose endpoint has no node cannot be created: they count as done.
        groups = {
            (str(start), str(end)): with_element_ids(group, element_ids)
            for (start, end), group in new.groupby(["start_label", "end_label"], sort=True)
        }
        queue.skip(name, len(table) - sum(map(len, groups.values())) - len(changed_rows), len(table))
        for (start, end), group in groups.items():
            statement = create_statement(relationship_type, start, end, properties)
            for offset in range(0, len(group), size):
                batch = group.iloc[offset : offset + size]
                queue.submit(name, statement, create_parameters(batch, properties), len(batch))
        statement = update_statement(relationship_type, properties)
        for offset in range(0, len(changed_rows), size):
            batch = changed_rows.iloc[offset : offset + size]
            params = columns(batch, ["element_id", "start_id", "end_id", *properties])
            queue.submit(name, statement, params, len(batch))

    # -- errors --------------------------------------------------------------------------------

    @contextmanager
    def _translated(self, timeout: float | None = None) -> Iterator[None]:
        """Turn the driver's exceptions into one clear line naming the server (never the password:
        the driver's own exceptions, kept as causes for ``--debug``, are redacted too)."""
        s = self.settings
        try:
            try:
                yield
            except Exception as err:
                scrub_exception(err)
                raise
        except QueryRefused:
            raise
        except neo4j_errors.AuthError as err:
            raise Neo4jError(
                f"Neo4j at {s.uri} refused the credentials of user {s.user!r}: check NEO4J_USERNAME and "
                "NEO4J_PASSWORD (or --user/--password)"
            ) from err
        except neo4j_errors.CypherSyntaxError as err:
            raise Neo4jError(f"Cypher syntax error: {err.message}") from err
        except neo4j_errors.ClientError as err:
            if err.code in TIMEOUT_CODES:
                limit = f"the {timeout:g} s limit" if timeout else "its time limit"
                raise QueryTimeout(
                    f"the query ran past {limit} and Neo4j stopped it "
                    "(give --timeout SECONDS for more, 0 for none)"
                ) from err
            if err.code == "Neo.ClientError.Statement.AccessMode":
                raise Neo4jError(f"refused by the read-access-mode rule: {READ_ONLY_REFUSAL}") from err
            if err.code == "Neo.ClientError.Security.AuthenticationRateLimit":
                raise Neo4jError(
                    f"Neo4j at {s.uri} locked user {s.user!r} out after too many failed logins: "
                    "wait a few seconds, then check NEO4J_PASSWORD"
                ) from err
            if err.code and "DatabaseNotFound" in err.code:
                raise Neo4jError(f"Neo4j at {s.uri} has no database {s.database!r}") from err
            raise Neo4jError(f"Neo4j refused the statement: {err.message} ({err.code})") from err
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as err:
            if self._driver is None:
                raise Neo4jError(
                    f"cannot connect to Neo4j at {s.uri}: {_reason(err)} (is the server running?)"
                ) from err
            raise Neo4jError(f"lost the connection to Neo4j at {s.uri}: {_reason(err)}") from err
        except neo4j_errors.Neo4jError as err:
            raise Neo4jError(f"Neo4j failed: {err.message} ({err.code})") from err
        except neo4j_errors.DriverError as err:
            raise Neo4jError(f"Neo4j driver error talking to {s.uri}: {err}") from err


class LoadStopped(Neo4jError):
    """A load stopped part-way; the message says where and that a rerun completes it."""


# The transaction metadata key that tags an ad-hoc query (cypher/cancel/find.cypher).
# A leading PROFILE or EXPLAIN (after comments), which asks for the plan of the statement after it.
_PLAN_PREFIX = re.compile(r"^(?:\s|//[^\n]*\n|/\*.*?\*/)*(?:PROFILE|EXPLAIN)\b", re.IGNORECASE | re.DOTALL)
CANCEL_KEY = "graphkit_query"


def _cancel_statement(name: str) -> str:
    return read_cypher_file(CYPHER_DIR / "cancel" / f"{name}.cypher").statement


def _relationship_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    labels = actor_labels(dataset.actors)
    frames = relationship_frames(dataset)
    return {name: relationship_table(frames[name], name, labels) for name in RELATIONSHIP_FILES}


class _BatchQueue:
    """Load batches running ``workers`` at a time, each its own transaction, while more are made.

    Batches are taken in the order they were queued, so the progress and the "stopped after N
    rows" of an error count rows from the start; the first failure cancels what has not started.
    """

    def __init__(
        self, pool: ThreadPoolExecutor, execute: Callable, progress: _Progress, *, limit: int
    ) -> None:
        self.pool, self.execute, self.progress = pool, execute, progress
        self.queued: deque[tuple[str, Future | None, int, int]] = deque()
        self.totals: dict[str, int] = {}
        self.in_flight = 0
        self.limit = limit

    def submit(self, name: str, statement: str, params: dict[str, Any], rows: int) -> None:
        """Queue one batch of ``rows`` rows of load file ``name``; waits while the pool already
        has a few batches per worker to do (so a big load never holds all its batches at once)."""
        self.queued.append((name, self.pool.submit(self.execute, statement, params), rows, 0))
        self.in_flight += 1
        while self.queued and (
            self.queued[0][1] is None or self.queued[0][1].done() or self.in_flight > self.limit
        ):
            self._take_first()

    def skip(self, name: str, rows: int, file_rows: int) -> None:
        """Start load file ``name`` (``file_rows`` rows), of which ``rows`` need no writing."""
        self.queued.append((name, None, rows, file_rows))

    def wait(self) -> dict[str, int]:
        """The counters of every batch queued so far, once all have finished."""
        while self.queued:
            self._take_first()
        totals, self.totals = self.totals, {}
        return totals

    def stop(self, err: Neo4jError) -> NoReturn:
        """Cancel what has not started and raise ``err`` saying how far the load got (once)."""
        name = self.queued[0][0] if self.queued else self.progress.file
        for _, future, _, _ in self.queued:
            if future is not None:
                future.cancel()
        if isinstance(err, LoadStopped):
            raise err
        raise LoadStopped(
            f"{err} (load stopped in {name} after {self.progress.done:,} of {self.progress.total:,} rows; "
            "every batch before is committed: run the load again to complete it)"
        ) from err

    def _take_first(self) -> None:
        name, future, rows, file_rows = self.queued[0]
        if future is None:
            self.progress.start(name, file_rows)
        else:
            try:
                _add(self.totals, future.result()[1])
            except Neo4jError as err:
                self.stop(err)
            self.in_flight -= 1
        self.queued.popleft()
        self.progress.advance(rows)


class _Progress:
    """Rows done so far, reported to a load's ``on_batch`` callback."""

    def __init__(self, total: int, callback: Callable[[LoadProgress], None] | None) -> None:
        self.total, self.callback = total, callback
        self.done = self.file_done = self.file_total = 0
        self.file = ""

    def start(self, file: str, rows: int) -> None:
        self.file, self.file_done, self.file_total = file, 0, rows

    def advance(self, rows: int) -> None:
        self.done += rows
        self.file_done += rows
        if self.callback is not None and rows:
            self.callback(LoadProgress(self.file, self.done, self.total, self.file_done, self.file_total))


def counters_of(summary: neo4j.ResultSummary) -> dict[str, int]:
    """The summary's update counters as a plain dict (every name in :data:`COUNTER_NAMES`)."""
    counters = summary.counters
    return {name: int(getattr(counters, name, 0) or 0) for name in COUNTER_NAMES}


def changed(counters: Mapping[str, int]) -> bool:
    """Whether any counter is non-zero.

    >>> changed({"nodes_created": 0, "properties_set": 0}), changed({"nodes_created": 2})
    (False, True)
    """
    return any(value for value in counters.values())


def _add(totals: dict[str, int], counters: Mapping[str, int]) -> None:
    for key, value in counters.items():
        totals[key] = totals.get(key, 0) + value


def _reason(err: BaseException) -> str:
    """The root cause of a connection failure in a few words.

    >>> _reason(OSError("x")) , _reason(ConnectionRefusedError(111, "Connection refused"))
    ('x', 'connection refused')
    """
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, TimeoutError):
            return "connection timed out"
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return "the server closed the connection"
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(err).split())
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if "timed out" in lowered or "timeout" in lowered:
        return "connection timed out"
    if any(word in lowered for word in ("defunct", "closed", "reset", "broken", "eof")):
        return "the server closed the connection"
    return text or type(err).__name__


def elapsed(start: float) -> float:
    """Seconds since ``start`` (a :func:`time.perf_counter` reading), never zero."""
    return max(time.perf_counter() - start, 1e-9)
