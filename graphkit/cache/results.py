"""Tables the analysis commands printed, kept in the workspace, so the same command again answers
without loading the dataset, projecting it or running the measure.

``graphkit communities``, ``centrality`` and ``similar`` are run again and again on one
workspace (with another ``--top``, another output format). :func:`cached_result` keeps what
such a command computed (its table, its title and the notes it said) in
``WORKSPACE/cache/result-<snapshot>-<key>.parquet``, beside the graphs of
:mod:`graphkit.cache.graphs`. The key is a digest of the command, its parameters (everything but
how the rows are printed), the snapshot the workspace's ``tables`` points at (so an ingest that
changes the dataset never meets an old result) and the code that computes it: graphkit's
version and sources and the versions of the libraries whose engines give the numbers.

Parquet holds data only (read with pyarrow: nothing in a received workspace runs code when
read). Each file is written to a temporary name and renamed, so a reader sees a whole file or
none; an unreadable file is a miss; a workspace that cannot be written to is not cached; the
files of other snapshots are removed when a new one is written, and at most
:data:`KEPT_PER_SNAPSHOT` files are kept per snapshot. Removing ``WORKSPACE/cache`` is always safe.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphkit.cache.keys import code_digest
from graphkit.workspace.atomic_files import make_folder, write_atomically
from graphkit.workspace.storage import Workspace

CACHE_DIR = "cache"  # as graphkit.cache.graphs.CACHE_DIR (that module brings networkx and scipy)
PREFIX = "result-"
KEPT_PER_SNAPSHOT = 64
_METADATA_KEY = b"graphkit.result"


@dataclass(frozen=True)
class Result:
    """What a command computed: its table, its title and the notes it said (on stderr)."""

    frame: pd.DataFrame
    title: str
    notes: tuple[str, ...] = ()


def cached_result(
    workspace: Workspace,
    command: str,
    parameters: dict[str, Any],
    compute: Callable[[Callable[[str], None]], tuple[pd.DataFrame, str]],
) -> Result:
    """``compute(note)``'s table and title (and the notes it passed to ``note``), kept in
    ``WORKSPACE/cache/`` for the next call with the same command, parameters and snapshot.

    Parameters
    ----------
    workspace
        The workspace the command reads.
    command
        The command's name (part of the key).
    parameters
        Every parameter that changes the result, JSON-serialisable (``default=str`` is used for
        dates); not the output format.
    compute
        Computes the result: called with a function that records a note, returns the table and
        its title. A raised error is not cached.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.synthetic import generate
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.save(generate(organisations=10, meetings=20, seed=0))
    >>> calls = []
    >>> def compute(note):
    ...     calls.append(1)
    ...     note("a note")
    ...     return pd.DataFrame({"name": ["A", "B"], "meetings": [3, 1]}), "a title"
    >>> first = cached_result(ws, "example", {"top": 2}, compute)
    >>> again = cached_result(ws, "example", {"top": 2}, compute)
    >>> len(calls), again.title, again.notes, again.frame.equals(first.frame)
    (1, 'a title', ('a note',), True)
    """
    snapshot = workspace.snapshot
    file = None
    if snapshot:
        file = result_file(workspace, snapshot, command, parameters)
        kept = _read(file)
        if kept is not None:
            return kept
    notes: list[str] = []
    frame, title = compute(notes.append)
    result = Result(frame, title, tuple(notes))
    if file is not None and workspace.snapshot == snapshot:  # else an ingest ran meanwhile
        _write(result, file)
    return result


def result_file(workspace: Workspace, snapshot: str, command: str, parameters: dict[str, Any]) -> Path:
    """Where the result of ``command`` with ``parameters`` on ``snapshot`` is kept."""
    key = json.dumps(
        {"command": command, "parameters": parameters, "code": code_digest()}, sort_keys=True, default=str
    )
    digest = hashlib.sha1(key.encode()).hexdigest()[:24]
    return workspace.path / CACHE_DIR / f"{PREFIX}{snapshot}-{digest}.parquet"




def _read(file: Path) -> Result | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(file).read()  # (read_table would import pyarrow.dataset)
        kept = json.loads(table.schema.metadata[_METADATA_KEY])
        frame = table.to_pandas()
        for column in kept["objects"]:  # read back as strings: object again, None where missing
            values = frame[column]
            frame[column] = values.astype(object).where(values.notna(), None)
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):  # missing, half-copied, older
        return None
    return Result(frame, kept["title"], tuple(kept["notes"]))


def _write(result: Result, file: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = file.parent
    try:
        table = pa.Table.from_pandas(result.frame, preserve_index=False)
        objects = [str(name) for name, dtype in result.frame.dtypes.items() if dtype is np.dtype(object)]
        kept = json.dumps({"title": result.title, "notes": list(result.notes), "objects": objects})
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _METADATA_KEY: kept})
        make_folder(folder)
        _remove_others(file)
        write_atomically(file, lambda out: pq.write_table(table, out))
    except (OSError, TypeError, ValueError, pa.ArrowException):  # a workspace we may not write to, odd values
        return


def _remove_others(file: Path) -> None:
    """Drop the results of other snapshots, and the oldest of this one beyond
    :data:`KEPT_PER_SNAPSHOT`."""
    snapshot = file.name[len(PREFIX) :].rsplit("-", 1)[0]
    same: list[tuple[float, Path]] = []
    for other in file.parent.glob(f"{PREFIX}*.parquet"):
        try:
            if other.name[len(PREFIX) :].rsplit("-", 1)[0] != snapshot:
                other.unlink()
            else:
                same.append((other.stat().st_mtime, other))
        except FileNotFoundError:
            continue
    for _, old in sorted(same, reverse=True)[KEPT_PER_SNAPSHOT - 1 :]:
        old.unlink(missing_ok=True)


__all__ = ["KEPT_PER_SNAPSHOT", "Result", "cached_result", "result_file"]
