"""The workspace lock: one writer at a time, readers never wait.

Every command that writes to a workspace (``graphkit ingest``, ``graphkit resolve``, ``graphkit
query --write`` on the embedded store, the embedded graph build, ``graphkit neo4j load``) holds
``WORKSPACE/.lock`` with :func:`fcntl.flock` while it runs. The kernel releases the lock when the
process ends however it ends (SIGKILL too), so a lock is never left behind; the file itself stays
and says who held it last. A second writer fails at once with one line naming the workspace and
the holder's pid, or waits for it (``--wait``). Readers take no lock: a save swaps the whole
snapshot in one rename (:mod:`graphkit.workspace.storage`), so they read the last whole one.

Written by hand rather than with ``filelock``: graphkit needs the holder's pid and purpose in the
message, and re-entry by the same process (an embedded ``--write`` query builds the graph inside
its own lock).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graphkit.errors import GraphkitError

LOCK_FILE = ".lock"

# Locks this process holds, by lock file: a writer that calls another writer (a --write query
# building the graph) re-enters its own lock instead of waiting for itself.
_held: dict[Path, int] = {}
_held_guard = threading.Lock()


class WorkspaceBusy(GraphkitError):
    """Another process is writing to the workspace."""


def holder(file: Path) -> str:
    """What the lock file says of its last holder (``pid 123 on host, graphkit ingest, since …``)."""
    try:
        text = file.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return " ".join(text.split())


def _holder_soon(file: Path, tries: int = 25, pause: float = 0.02) -> str:
    """:func:`holder`, read again for up to half a second while it is empty: a holder signs the
    lock file just after it takes the lock, so a refusal in between would name no one."""
    for _ in range(tries):
        found = holder(file)
        if found:
            return found
        time.sleep(pause)
    return ""


def is_held(file: Path) -> bool:
    """True while this process holds the lock ``file``."""
    with _held_guard:
        return file.parent.resolve() / file.name in _held


@contextmanager
def hold(
    file: Path,
    purpose: str,
    *,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
    place: str | None = None,
) -> Iterator[bool]:
    """Hold the lock ``file`` for ``purpose`` (e.g. ``graphkit ingest``); yields True when this is
    the outermost hold of this process (the one that took the lock).

    When another process holds it: :class:`WorkspaceBusy` at once, or with ``wait`` a line for
    ``on_wait`` and then the wait. ``place`` names what is locked in messages (default: the lock
    file's directory).

    >>> import tempfile
    >>> lock = Path(tempfile.mkdtemp()) / ".lock"
    >>> with hold(lock, "a test") as outermost, hold(lock, "the same test") as inner:
    ...     outermost, inner, "a test" in holder(lock)
    (True, False, True)
    """
    key = file.parent.resolve() / file.name
    with _held_guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield False
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    place = place or str(file.parent)
    file.parent.mkdir(parents=True, exist_ok=True)
    created = not file.exists()
    # Opened without truncating: the holder's line is rewritten only once the lock is ours. A lock
    # file another user made and we may not write is still locked (read-only), just not signed.
    try:
        handle = open(file, "a+", encoding="utf-8")
    except PermissionError:
        handle = open(file, encoding="utf-8")
    if created:
        with contextlib.suppress(PermissionError):  # another user made it first
            os.fchmod(handle.fileno(), file.parent.stat().st_mode & 0o666)  # the group may lock it too
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise GraphkitError(f"{file}: cannot lock the workspace ({err.strerror})") from err
            busy = f"{place} is in use by another writer ({_holder_soon(file) or 'unknown holder'})"
            if not wait:
                raise WorkspaceBusy(
                    f"{busy}: run again when it is done, or give --wait to wait for it"
                ) from None
            if on_wait is not None:
                on_wait(f"waiting: {busy}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        if handle.writable():
            handle.seek(0)
            handle.truncate()
            started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()} on {socket.gethostname()}, {purpose}, since {started}\n")
            handle.flush()
        with _held_guard:
            _held[key] = 1
        try:
            yield True
        finally:
            with _held_guard:
                del _held[key]
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
