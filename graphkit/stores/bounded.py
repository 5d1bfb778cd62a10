"""Run one piece of work in a child process this process can always stop: a time limit, Ctrl-C
and a memory ceiling that hold whatever the work does.

kglite runs a query in native code and looks at its own ``timeout_ms`` and at Ctrl-C only
where its loops choose to (on the shared data's ``shortestPath`` over every official and
organisation it stopped 0.1-2 s late here, and a run was seen going on 15 s past
``--timeout 10``), and nothing caps the memory a query takes (that one grows by 50-100 MB a
second). So the embedded store runs an ad-hoc query in a forked child (:func:`run_bounded`)
and the parent, which stays in Python, watches it: past the deadline, on Ctrl-C or above the memory ceiling it kills the child with
SIGKILL and reaps it. The child dies with the parent too (``PR_SET_PDEATHSIG``), so a killed
``graphkit query`` leaves nothing running.

The memory ceiling is held two ways: the parent reads the child's resident memory every few
hundredths of a second, and the child's address space is limited (``RLIMIT_AS``) to what it had
when it started plus the ceiling, so one huge allocation fails in the child at once instead of
slipping between two looks.

Linux only (``fork``, ``/proc``, ``prctl``); written by hand because :mod:`multiprocessing`
neither kills on a deadline nor watches memory, and its ``spawn`` would re-import graphkit and
reload the graph for every query.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from graphkit.errors import GraphkitError

T = TypeVar("T")

GIB = 1024**3
# The memory ceiling of an ad-hoc query (``graphkit query --max-memory``): the whole shared
# corpus is an 11 MB graph and its heaviest sensible queries take a few hundred MB, so more
# than this is a runaway (a path search over every pair of nodes), not a result. Fixed, not a
# share of this machine's memory, so the same query is refused the same way everywhere.
DEFAULT_MAX_MEMORY = 4 * GIB
# Seconds the parent waits past the limit before it kills: the engine's own timeout, where it
# works, stops the query first with the same message, and loading the graph takes some of it.
GRACE_SECONDS = 0.5
# Seconds between two looks at the child's memory: at the fastest growth seen (about 1 GB/s)
# that overshoots the ceiling by well under 100 MB, and costs nothing while the child works.
WATCH_SECONDS = 0.05
_PR_SET_PDEATHSIG = 1
_ARENA = 64 * 1024**2  # glibc's HEAP_MAX_SIZE on 64-bit Linux
_PAGE = os.sysconf("SC_PAGE_SIZE")


class QueryTimeout(GraphkitError):
    """A query ran longer than its timeout and was stopped."""


class QueryTooLarge(GraphkitError):
    """A query needed more memory than its ceiling and was stopped."""


def timeout_message(timeout: float) -> str:
    """The line a query stopped at its time limit ends with.

    >>> timeout_message(10)
    'the query ran past the 10 s limit and was stopped (give --timeout SECONDS for more, 0 for none)'
    """
    return (
        f"the query ran past the {timeout:g} s limit and was stopped "
        "(give --timeout SECONDS for more, 0 for none)"
    )


def memory_message(ceiling: int) -> str:
    """The line a query stopped at its memory ceiling ends with.

    >>> memory_message(4 * GIB)
    'the query needed more than 4 GB of memory and was stopped (give --max-memory GB for more, 0 for none)'
    """
    return (
        f"the query needed more than {ceiling / GIB:.3g} GB of memory and was stopped "
        "(give --max-memory GB for more, 0 for none)"
    )


def run_bounded(
    work: Callable[[], T],
    *,
    timeout: float | None = None,
    max_memory: int | None = None,
    grace: float = GRACE_SECONDS,
) -> T:
    """``work()`` run in a forked child; its return value, or the exception it raised.

    Parameters
    ----------
    work : callable
        Called with no arguments in the child. What it returns (or raises) must pickle.
    timeout : float, optional
        Seconds; the child is killed ``grace`` seconds past it (:class:`QueryTimeout`).
        ``None`` or 0: no limit.
    max_memory : int, optional
        Bytes the child may take beyond what it holds when it starts (:class:`QueryTooLarge`).
        ``None`` or 0: no ceiling.

    Ctrl-C (SIGINT) in the parent kills the child and raises :class:`KeyboardInterrupt` as
    usual; the child itself ignores SIGINT, so a terminal's Ctrl-C reaches it only through the
    parent. The child is always reaped before this returns or raises.

    Examples
    --------
    >>> run_bounded(lambda: sum(range(10)))
    45
    >>> run_bounded(lambda: time.sleep(30), timeout=0.2, grace=0.1)
    Traceback (most recent call last):
    ...
    graphkit.stores.bounded.QueryTimeout: the query ran past the 0.2 s limit and was stopped (give --timeout SECONDS for more, 0 for none)
    >>> run_bounded(lambda: b"x" * (2 * GIB), max_memory=GIB // 4)
    Traceback (most recent call last):
    ...
    graphkit.stores.bounded.QueryTooLarge: the query needed more than 0.25 GB of memory and was stopped (give --max-memory GB for more, 0 for none)
    """
    reader, writer = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # or the child's exit would print them twice
        with contextlib.suppress(Exception):
            stream.flush()
    parent = os.getpid()
    baseline = _resident(parent)  # the child starts with the parent's pages
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        _child(work, writer, parent, max_memory)
    os.close(writer)
    started = time.monotonic()
    deadline = started + timeout + grace if timeout else None
    chunks: list[bytes] = []
    reaped = False
    try:
        while True:
            wait = WATCH_SECONDS
            if deadline is not None:
                wait = max(0.0, min(wait, deadline - time.monotonic()))
            ready, _, _ = select.select([reader], [], [], wait)
            if ready:
                chunk = os.read(reader, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            if deadline is not None and time.monotonic() >= deadline:
                raise QueryTimeout(timeout_message(timeout))
            if max_memory and _resident(pid) - baseline > max_memory:
                raise QueryTooLarge(memory_message(max_memory))
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        os.close(reader)
        if not reaped:
            _kill(pid)
    return _outcome(b"".join(chunks), status, max_memory)


def _child(work: Callable[[], Any], writer: int, parent: int, max_memory: int | None) -> None:
    """Run ``work`` and write ``(ok, value)`` to ``writer``; exit without Python's clean-up (the
    parent's buffers, atexit handlers and temporary files are the parent's)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with(parent)
        # What the engine prints as it dies (Rust's "memory allocation of N bytes failed") is
        # not the user's line: the parent says what happened. Nor does the child hold the
        # parent's output open: a reader of it sees the end when the parent ends.
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)
        if max_memory:
            # Beyond what the child holds now: a single allocation past the ceiling fails at once.
            # Each thread the engine starts reserves (not uses) a 64 MB malloc arena: allowed for.
            with contextlib.suppress(OSError, ValueError):  # no /proc (not Linux): no backstop
                limit = _virtual(os.getpid()) + max_memory + _ARENA * (os.cpu_count() or 1)
                resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
        try:
            outcome = (True, work())
        except MemoryError:
            outcome = (False, QueryTooLarge(memory_message(max_memory or 0)))
        except BaseException as err:  # noqa: BLE001  (every failure goes back to the parent)
            outcome = (False, err)
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            if not outcome[0]:
                pickle.loads(payload)  # an exception that cannot be rebuilt goes back as its text
        except Exception as err:  # noqa: BLE001
            ok, value = outcome
            problem = GraphkitError(
                f"the query's result could not be sent back ({err})" if ok else str(value) or repr(value)
            )
            payload = pickle.dumps((False, problem))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001  (the child must never fall back into the parent's code)
        with contextlib.suppress(Exception):
            traceback.print_exc()
        code = 1
    os._exit(code)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (and stop now if it already has)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _outcome(payload: bytes, status: int, max_memory: int | None) -> Any:
    if payload:
        ok, value = pickle.loads(payload)
        if ok:
            return value
        raise value
    if os.WIFSIGNALED(status) and max_memory and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV):
        # A native allocation that failed under RLIMIT_AS aborts the process (Rust's
        # "memory allocation of N bytes failed"): the ceiling, not a bug in the query.
        raise QueryTooLarge(memory_message(max_memory))
    how = (
        f"signal {signal.Signals(os.WTERMSIG(status)).name}"
        if os.WIFSIGNALED(status)
        else f"status {os.WEXITSTATUS(status)}"
    )
    raise GraphkitError(f"the query's process ended without an answer ({how})")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _resident(pid: int) -> int:
    """Resident bytes of ``pid`` (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _virtual(pid: int) -> int:
    """Bytes of address space ``pid`` holds."""
    with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
        return int(handle.read().split()[0]) * _PAGE


__all__ = ["DEFAULT_MAX_MEMORY", "QueryTimeout", "QueryTooLarge", "run_bounded"]
