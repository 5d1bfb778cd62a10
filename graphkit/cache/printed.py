"""What a command printed (and the files it wrote), kept in the workspace, so that the same
command again on the same data prints it back without importing pandas or reading a table.

``graphkit report BEUC``, ``hypergraph``, ``communities``, ``centrality``, ``similar`` and ``view``
are run again and again on an unchanged workspace. Even reading a kept table back
(:mod:`graphkit.cache.results`) costs importing pandas and pyarrow: several times the start-up of
``graphkit --version``. :func:`replay` answers before the command's module is imported, from
``WORKSPACE/cache/printed-<snapshot>-<key>.bin``, written by :func:`capturing` around the first
run.

The key is a digest of everything the bytes depend on: the command line as typed, the working
directory (relative paths), the graphkit environment variables, what rich makes of the
terminal (width, colours, encoding: a table printed for 80 columns is not one for 120), the
snapshot the workspace's ``tables`` points at (a digest of its contents, so an ingest that
changes the data never meets old output) and :func:`graphkit.cache.keys.code_digest`. A run
that fails, that reads a server (``--store``), whose result varies from run to run
(``--parallel``), or whose stream was written to other than as text, is not kept. The files
(JSON header, then the bytes of each file the command wrote) hold data only; each is written to
a temporary name and renamed; an unreadable one is a miss; removing ``WORKSPACE/cache`` is
always safe.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from graphkit.cache.keys import code_digest, snapshot_of
from graphkit.workspace.atomic_files import make_folder, write_atomically

CACHE_DIR = "cache"  # as graphkit.cache.graphs.CACHE_DIR
PREFIX = "printed-"
KEPT_PER_SNAPSHOT = 64
# The commands a journalist repeats on unchanged data, whose output the data, the command line and
# the terminal decide.
COMMANDS = frozenset({"report", "hypergraph", "communities", "centrality", "similar", "view"})
# Options whose output the workspace does not decide (a server; a partition that varies), or that
# print something else than an answer.
UNKEPT_OPTIONS = ("--store", "--parallel", "--help", "-h")
ENVIRONMENT = ("GRAPHKIT_WORKSPACE", "COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE",
               "TTY_INTERACTIVE", "NEO4J_URI")  # fmt: skip
WORKSPACE_OPTION = "--workspace"


@dataclass
class Capture:
    """What a run printed, in order (``(stream, text)``, stream 1 or 2), and the files it wrote."""

    chunks: list[tuple[int, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    whole: bool = True  # False once something wrote past the text streams (their binary buffer)


_current: Capture | None = None


def kept_file(args: Sequence[str], default_workspace: str) -> Path | None:
    """Where the output of ``graphkit ARGS`` is kept, or None for a run that is never kept.

    ``args``: the command's name and its arguments, as typed. ``default_workspace``: the workspace
    of a command line without ``--workspace`` nor ``$GRAPHKIT_WORKSPACE``.

    >>> kept_file(["ingest", "data/"], "ws") is None
    True
    >>> kept_file(["centrality", "--workspace", "/nonexistent"], "ws") is None  # nothing ingested
    True
    """
    if not args or args[0] not in COMMANDS:
        return None
    if any(arg.split("=", 1)[0] in UNKEPT_OPTIONS for arg in args[1:]):
        return None
    workspace = workspace_of(args, default_workspace)
    snapshot = snapshot_of(workspace)
    if not snapshot:
        return None
    key = json.dumps(
        {
            "args": list(args),
            "cwd": os.getcwd(),
            "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
            "terminal": _terminal(),
            "code": code_digest(),
        },
        sort_keys=True,
    )
    digest = hashlib.sha1(key.encode()).hexdigest()[:24]
    return workspace / CACHE_DIR / f"{PREFIX}{snapshot}-{digest}.bin"


def workspace_of(args: Sequence[str], default_workspace: str) -> Path:
    """The workspace ``args`` name (the last ``--workspace``, as click takes it), absolute.

    >>> workspace_of(["report", "BEUC", "--workspace=/data/ws"], "ws")
    PosixPath('/data/ws')
    """
    found = os.environ.get("GRAPHKIT_WORKSPACE") or default_workspace
    for i, arg in enumerate(args):
        if arg == WORKSPACE_OPTION and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(WORKSPACE_OPTION + "="):
            found = arg.split("=", 1)[1]
    return Path(found).absolute()


def replay(file: Path) -> bool:
    """Print what ``file`` kept (and write the files the run wrote); False if it holds nothing
    readable (a miss)."""
    try:
        data = file.read_bytes()
        end = data.index(b"\n")
        header = json.loads(data[:end])
        chunks = [(int(stream), str(text)) for stream, text in header["chunks"]]
        files = [(Path(path), int(size)) for path, size in header["files"]]
    except (OSError, ValueError, KeyError, TypeError):  # missing, half-copied, older
        return False
    start = end + 1
    contents = []
    for path, size in files:
        contents.append((path, data[start : start + size]))
        start += size
    if start != len(data):
        return False
    for path, content in contents:
        write_atomically(path, lambda out, content=content: out.write(content))
    for stream, text in chunks:
        (sys.stdout if stream == 1 else sys.stderr).write(text)
    sys.stdout.flush()
    sys.stderr.flush()
    return True


@contextmanager
def capturing() -> Iterator[Capture]:
    """Pass everything written to ``sys.stdout`` and ``sys.stderr`` through, and note it."""
    global _current
    capture = Capture()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Tee(streams[0], 1, capture), _Tee(streams[1], 2, capture)
    _current = capture
    try:
        yield capture
    finally:
        _current = None
        sys.stdout, sys.stderr = streams


def wrote(path: Path) -> None:
    """Note that the running command wrote ``path`` (replayed with its output)."""
    if _current is not None:
        _current.files.append(Path(path).absolute())


def keep(capture: Capture, file: Path) -> None:
    """Write ``capture`` to ``file`` (nothing if the run wrote past the text streams, or the
    workspace cannot be written to)."""
    if not capture.whole:
        return
    try:
        contents = [path.read_bytes() for path in capture.files]
        header = {
            "chunks": capture.chunks,
            "files": [[str(path), len(content)] for path, content in zip(capture.files, contents, strict=True)],
        }
        make_folder(file.parent)
        _remove_others(file)

        def write(out: io.BufferedIOBase) -> None:
            out.write(json.dumps(header, ensure_ascii=True).encode() + b"\n")
            for content in contents:
                out.write(content)

        write_atomically(file, write)
    except (OSError, ValueError):  # a workspace we may not write to; a file gone meanwhile
        return


def _terminal() -> dict[str, object]:
    """What rich makes of standard output and error: what a table's bytes depend on."""
    from rich.console import Console

    facts = {}
    for name, stderr in (("stdout", False), ("stderr", True)):
        console = Console(stderr=stderr)
        facts[name] = [console.width, console.is_terminal, console.color_system, console.encoding,
                       console.is_dumb_terminal, console.legacy_windows]  # fmt: skip
    return facts


def _remove_others(file: Path) -> None:
    """Drop what other snapshots kept, and the oldest of this one beyond :data:`KEPT_PER_SNAPSHOT`."""
    snapshot = file.name[len(PREFIX) :].rsplit("-", 1)[0]
    same: list[tuple[float, Path]] = []
    for other in file.parent.glob(f"{PREFIX}*.bin"):
        try:
            if other.name[len(PREFIX) :].rsplit("-", 1)[0] != snapshot:
                other.unlink()
            else:
                same.append((other.stat().st_mtime, other))
        except FileNotFoundError:
            continue
    for _, old in sorted(same, reverse=True)[KEPT_PER_SNAPSHOT - 1 :]:
        old.unlink(missing_ok=True)


class _Tee(io.TextIOBase):
    """A text stream that writes through to ``stream`` and notes what it wrote."""

    def __init__(self, stream: TextIO, number: int, capture: Capture) -> None:
        self._stream = stream
        self._number = number
        self._capture = capture

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as a text stream does (click probes streams with b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._capture.chunks.append((self._number, text))
        return self._stream.write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    @property
    def buffer(self) -> object:
        self._capture.whole = False  # bytes written there are not noted: the run is not kept
        return self._stream.buffer


__all__ = ["COMMANDS", "Capture", "capturing", "keep", "kept_file", "replay", "workspace_of", "wrote"]
