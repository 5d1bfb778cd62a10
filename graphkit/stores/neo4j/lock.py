"""The load lock of a Neo4j database: one ``graphkit neo4j load`` into a database at a time.

Two loads at once would both create the relationships the other has not committed yet, doubling
them. The workspace lock (:mod:`graphkit.workspace.lock`) keeps two loads of one workspace apart;
this lock keeps apart loads from anywhere, two machines included: a ``(:GraphkitLock {name:
'load'})`` node in the database, created by the load with a random token (a uniqueness
constraint makes the creation atomic), kept alive while it runs and deleted when it ends,
however it ends short of being killed. A load that finds the node held fails at once naming the
holder (or waits). A node whose holder has not said it is alive for ``stale_after`` seconds was
left by a killed load: the next load takes it over, and says so.

The statements are ``cypher/lock/*.cypher``.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from graphkit.errors import GraphkitError
from graphkit.stores.cypher_files import CYPHER_DIR, read_cypher_file

if TYPE_CHECKING:
    from graphkit.stores.neo4j.store import Neo4jStore

LOCK_NAME = "load"
# Seconds without a sign of life after which a lock node counts as left by a killed load.
STALE_AFTER_SECONDS = 120.0
POLL_SECONDS = 2.0
# Tokens of this process's loads whose lock could not be removed (the server went away): the
# next load of this process takes such a lock over at once.
_unreleased: set[str] = set()


class Neo4jBusy(GraphkitError):
    """Another load holds the database's load lock."""


@cache
def _statement(name: str) -> str:
    return read_cypher_file(CYPHER_DIR / "lock" / f"{name}.cypher").statement


@contextmanager
def load_lock(
    store: Neo4jStore,
    *,
    wait: bool = False,
    stale_after: float = STALE_AFTER_SECONDS,
    on_notice: Callable[[str], None] | None = None,
    purpose: str = "graphkit neo4j load",
) -> Iterator[str]:
    """Hold the load lock of ``store``'s database while the block runs; yields the lock's token.

    Held by another load: :class:`Neo4jBusy` at once, or with ``wait`` a line for ``on_notice``
    and a wait. A lock whose holder went quiet for ``stale_after`` seconds is taken over, with a
    line for ``on_notice``.
    """
    notice = on_notice or (lambda line: None)
    token = secrets.token_hex(16)
    host, pid = socket.gethostname(), os.getpid()
    params = {
        "name": LOCK_NAME,
        "token": token,
        "holder": f"pid {pid} on {host}, {purpose}",
        "host": host,
        "pid": pid,
    }
    store.execute(_statement("constraint"))
    told = False
    while True:
        records, _ = store.execute(_statement("acquire"), params)
        found = records[0]
        if found["token"] == token:
            break
        idle = float(found["idle"] or 0)
        where = f"Neo4j database {store.database!r} at {store.settings.display_uri}"
        gone = _gone(found, host)
        if idle >= stale_after or gone:
            taken, _ = store.execute(_statement("take_over"), {**params, "stale": found["token"]})
            if taken and taken[0]["token"] == token:
                _unreleased.discard(found["token"])
                why = gone or f"gave no sign of life for {idle:.0f} s (a load that was killed?)"
                notice(
                    f"taking over the load lock of {where}: its holder ({found['holder']}, since {found['started']}) {why}"
                )
                break
            continue
        busy = (
            f"{where} is being loaded by another graphkit ({found['holder']}, since {found['started']}, "
            f"alive {idle:.0f} s ago)"
        )
        if not wait:
            raise Neo4jBusy(
                f"{busy}: run again when it is done, or give --wait to wait for it (a lock left by a "
                f"killed load is taken over after {stale_after:g} s without a sign of life)"
            )
        if not told:
            notice(f"waiting: {busy}")
            told = True
        time.sleep(min(POLL_SECONDS, max(stale_after / 4, 0.1)))
    beating = _Heartbeat(store, {"name": LOCK_NAME, "token": token}, interval=min(15.0, stale_after / 4))
    beating.start()
    failed = False
    try:
        yield token
    except GraphkitError:
        failed = True
        raise
    finally:
        beating.stop()
        try:
            store.execute(_statement("release"), {"name": LOCK_NAME, "token": token})
        except GraphkitError as err:
            _unreleased.add(token)
            # After a failed load its own error is the one line (a rerun takes the lock over, saying so).
            if not failed:
                notice(
                    f"could not remove the load lock ({err}); the next load takes it over after {stale_after:g} s"
                )
        if beating.lost:
            notice("warning: another load took over the load lock while this one ran; run the load again")


def _gone(found: dict, host: str) -> str:
    """Why the lock's holder is surely gone ("" when it may be alive): a load of this process that
    broke off, or a process of this machine that no longer runs."""
    if found["token"] in _unreleased:
        return "is an earlier load of this process that broke off"
    if found["host"] != host or not isinstance(found["pid"], int) or found["pid"] == os.getpid():
        return ""
    try:
        os.kill(found["pid"], 0)
    except ProcessLookupError:
        return "no longer runs on this machine (a load that was killed)"
    except PermissionError:
        pass  # runs, as another user
    return ""


class _Heartbeat(threading.Thread):
    """Tells the lock node, every ``interval`` seconds, that its holder is alive."""

    def __init__(self, store: Neo4jStore, params: dict[str, str], interval: float) -> None:
        super().__init__(name="graphkit-neo4j-lock", daemon=True)
        self.store, self.params, self.interval = store, params, max(interval, 0.05)
        self.lost = False
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            try:
                records, _ = self.store.execute(_statement("heartbeat"), self.params)
            except GraphkitError:
                continue  # the load itself reports a server gone
            if not records:
                self.lost = True
                return

    def stop(self) -> None:
        self._stopped.set()
        self.join()
