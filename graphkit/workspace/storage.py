"""The workspace: a directory holding the dataset as Parquet, replaced atomically.

Layout::

    WORKSPACE/
      tables -> snapshots/<digest>     (a symlink, swapped in one rename)
      snapshots/<digest>/actors.parquet, meetings.parquet, ..., files.parquet
      records/<file digest>-v<parser>/actors.parquet, ...   (what each source file said, as read)
      aliases.csv                      (the user's decisions: which names are one organisation)

A save writes a complete new snapshot, then points ``tables`` at it with ``os.replace``, so a
reader sees either the old dataset or the new one, never half of each, and a failed ingest
leaves the previous workspace as it was. One writer at a time holds the workspace lock
(:meth:`Workspace.writing`, :mod:`graphkit.workspace.lock`) and cleans what killed runs left.

New folders and files take the permission bits of the workspace directory (folders as it is,
files without its execute bits), so a workspace shared with a group stays readable by it.

The resolved tables are a function of the source files' records (``files.parquet`` lists them
by content digest) and the alias file only: every ingest resolves all records again from
scratch, so the order in which files were ingested, or ingesting one twice, changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.errors import GraphkitError
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset, tidy
from graphkit.workspace.lock import LOCK_FILE, hold
from graphkit.workspace.paths import (  # noqa: F401 (DEFAULT_WORKSPACE, default_workspace: kept importable here)
    DEFAULT_WORKSPACE,
    SUMMARY,
    SUMMARY_COUNTERPARTS,
    SUMMARY_VERSION,
    default_workspace,
)

FILES = "files"  # the snapshot's list of source files whose records it was resolved from
FILE_COLUMNS = ["digest", "name", "source", "parser"]
ALIASES = "aliases.csv"
REJECTED = "rejected.csv"
# What a killed writer leaves behind, by folder of the workspace (cleaned by the next writer).
LEFTOVERS = {
    ".": (".tables-*", ".graph-*.kgl", "graph.kgl.json.tmp", f".{ALIASES}.*", f".{REJECTED}.*"),
    "snapshots": (".staging-*",),
    "records": (".staging-*",),
}


class Workspace:
    """A dataset on disk.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.load().counts()["meetings"]
    0
    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> ws.save(ds)
    >>> ws.load().counts()["actors"]
    1
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_workspace()

    @property
    def tables_dir(self) -> Path:
        """The directory of the current snapshot (through the ``tables`` link)."""
        return self.path / "tables"

    @property
    def snapshot(self) -> str:
        """The name of the snapshot ``tables`` points at ("" for a workspace with no data yet):
        what caches of the tables are keyed by.

        >>> Workspace("/nonexistent/ws").snapshot
        ''
        """
        try:
            return Path(os.readlink(self.tables_dir)).name
        except OSError:
            return ""

    def exists(self) -> bool:
        """True once something has been saved here."""
        return (self.tables_dir / "actors.parquet").exists()

    def load(self, tables: Sequence[str] | None = None) -> Dataset:
        """The stored dataset, or an empty one for a new workspace.

        Reads one whole snapshot: if a writer swaps the snapshot while it is read (and removes
        the old one), it is read again from the new one. ``tables``: read only these (the
        others are empty), for a caller that needs a few of them.

        >>> Workspace("/nonexistent").load(tables=["meetings"]).counts()["meetings"]
        0
        """
        for _ in range(5):
            if not self.exists():
                return Dataset.empty()
            snapshot = self.tables_dir.resolve()
            try:
                frames = _read_frames(snapshot, tables)
            except FileNotFoundError:
                frames = None
            expected = len(TABLES) if tables is None else len(set(tables))
            if self.tables_dir.resolve() == snapshot or (frames is not None and len(frames) == expected):
                if frames is None:
                    raise GraphkitError(f"{snapshot}: a stored table went missing while it was read")
                return Dataset.from_frames(frames)
            # The snapshot was swapped (and the old one removed) while it was read: read the new one.
        return _read_tables(self.tables_dir)

    @contextmanager
    def writing(
        self, purpose: str, *, wait: bool = False, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[list[Path]]:
        """Hold the workspace lock while writing (``purpose``: what writes, for the message another
        writer gets); yields the leftovers of killed runs it removed on taking the lock.

        Another writer holding it is a :class:`~graphkit.workspace.lock.WorkspaceBusy` error naming
        the workspace and its pid, or with ``wait`` a line for ``on_wait`` and a wait. Re-entered
        by the same process, it just goes on.
        """
        started = time.time()
        self.path.mkdir(parents=True, exist_ok=True)
        lock = self.path / LOCK_FILE
        with hold(lock, purpose, wait=wait, on_wait=on_wait, place=f"workspace {self.path}") as outermost:
            yield self.clean_leftovers(started) if outermost else []

    def clean_leftovers(self, before: float) -> list[Path]:
        """Remove what writers killed before time ``before`` left: staging folders, ``.tables-PID``
        links, half-written graph files, and snapshots no ``tables`` link points at. Call it only
        while holding the lock (:meth:`writing` does)."""
        removed = []
        current = self.tables_dir.resolve() if self.tables_dir.is_symlink() else None
        candidates = [
            path
            for folder, patterns in LEFTOVERS.items()
            for pattern in patterns
            for path in (self.path / folder).glob(pattern)
        ]
        snapshots = self.path / "snapshots"
        if snapshots.is_dir():
            candidates += [
                path
                for path in snapshots.iterdir()
                if not path.name.startswith(".") and path.resolve() != current
            ]
        for path in candidates:
            try:
                if path.lstat().st_mtime >= before:
                    continue
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
        return removed

    @property
    def alias_file(self) -> Path:
        """The workspace's alias file (``alias,canonical`` rows), replayed by every resolution."""
        return self.path / ALIASES

    @property
    def rejected_file(self) -> Path:
        """The workspace's rejected review clusters (``cluster,names,ids`` rows), replayed by
        every resolution: never suggested again, never merged by a rule."""
        return self.path / REJECTED

    def files(self) -> pd.DataFrame:
        """The source files the current snapshot was resolved from: ``digest, name, source,
        parser`` (the version of graphkit's reading that made their records)."""
        file = self.tables_dir / f"{FILES}.parquet"
        if not file.exists():
            return pd.DataFrame(columns=FILE_COLUMNS)
        return pq.read_table(file).to_pandas()

    def load_records(self, digest: str, parser: str) -> Dataset:
        """What the source file with content ``digest`` said as version ``parser`` of graphkit's
        reading read it (before resolution)."""
        return _read_tables(self.path / "records" / f"{digest}-v{parser}")

    def save_records(self, digest: str, parser: str, dataset: Dataset) -> None:
        """Keep what one source file said (written once: a file's records never change). Tables
        the file gave no rows for are not written (:meth:`load_records` reads them as empty);
        ``actors`` always is: it marks the records as complete."""
        records = self.path / "records"
        final = records / f"{digest}-v{parser}"
        if (final / "actors.parquet").exists():
            return
        _make_dir(records)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=records))
        try:
            for table in TABLES:
                frame = dataset.table(table.name)
                if len(frame) or table.name == "actors":
                    _write_parquet(tidy(frame, table), staging / f"{table.name}.parquet")
            share_modes(staging)
            if final.exists():
                shutil.rmtree(final)
            os.rename(staging, final)
            _fsync_dir(records)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def save(self, dataset: Dataset, files: pd.DataFrame | None = None) -> None:
        """Write ``dataset`` (resolved from the records of ``files``) as the workspace's new
        contents, all at once or not at all."""
        snapshots = self.path / "snapshots"
        _make_dir(snapshots)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=snapshots))
        try:
            digest = hashlib.sha1()
            for table in TABLES:
                frame = tidy(dataset.table(table.name), table)
                file = staging / f"{table.name}.parquet"
                _write_parquet(frame, file)
                digest.update(file.read_bytes())
            if files is not None:
                listed = files[FILE_COLUMNS].sort_values("digest").reset_index(drop=True)
                _write_parquet(listed, staging / f"{FILES}.parquet")
                digest.update((staging / f"{FILES}.parquet").read_bytes())
            _write_summary(dataset, staging / SUMMARY)
            share_modes(staging)
            final = snapshots / digest.hexdigest()[:16]
            if final.exists():
                if not (final / SUMMARY).exists():  # a snapshot written before summaries were kept
                    os.replace(staging / SUMMARY, final / SUMMARY)
                shutil.rmtree(staging)
            else:
                os.rename(staging, final)
            _fsync_dir(snapshots)
            link = self.path / f".tables-{os.getpid()}"
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(Path("snapshots") / final.name)
            previous = self.tables_dir.resolve() if self.tables_dir.is_symlink() else None
            os.replace(link, self.tables_dir)
            _fsync_dir(self.path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if previous is not None and previous != final.resolve() and previous.exists():
            shutil.rmtree(previous, ignore_errors=True)
        if files is not None:
            self._drop_unlisted_records(
                {f"{d}-v{p}" for d, p in zip(files["digest"], files["parser"], strict=True)}
            )

    def _drop_unlisted_records(self, listed: set[str]) -> None:
        """Records no snapshot uses any more (a file re-read by a newer graphkit)."""
        records = self.path / "records"
        if records.is_dir():
            for folder in records.iterdir():
                if folder.name not in listed and not folder.name.startswith("."):
                    shutil.rmtree(folder, ignore_errors=True)


def load_dataset(path: str | Path) -> Dataset:
    """The dataset at ``path``: a workspace (its current snapshot) or one snapshot folder
    (``WORKSPACE/snapshots/<digest>``, or a copy of one kept aside: a save removes the snapshot
    it replaces, so an earlier state lives on only where it was copied).

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> ws.save(Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}]))
    >>> load_dataset(ws.path).counts()["actors"], load_dataset(ws.tables_dir.resolve()).counts()["actors"]
    (1, 1)
    """
    path = Path(path)
    if (path / "actors.parquet").exists():
        return _read_tables(path)
    workspace = Workspace(path)
    if not workspace.exists():
        raise GraphkitError(f"{path}: neither a workspace nor a snapshot folder (no actors.parquet)")
    return workspace.load()


def shared_modes(directory: Path) -> tuple[int, int]:
    """The modes new folders and files in ``directory`` get: its permission bits (and setgid) for
    folders, the same without execute bits for files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> folder.chmod(0o750)
    >>> [oct(mode) for mode in shared_modes(folder)]
    ['0o750', '0o640']
    """
    bits = directory.stat().st_mode
    return bits & 0o2777, bits & 0o666


def share_modes(folder: Path) -> None:
    """Give ``folder`` (made by this process, e.g. by :func:`tempfile.mkdtemp` as 0700) and the
    files in it the modes of its parent folder (:func:`shared_modes`)."""
    folder_mode, file_mode = shared_modes(folder.parent)
    for file in folder.iterdir():
        if file.is_file() and not file.is_symlink():
            file.chmod(file_mode)
    folder.chmod(folder_mode)


def _make_dir(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(shared_modes(folder.parent)[0])


def _read_tables(folder: Path) -> Dataset:
    try:
        return Dataset.from_frames(_read_frames(folder))
    except FileNotFoundError as err:
        raise GraphkitError(f"{err.filename}: cannot read the stored table (it went missing)") from err


def _read_frames(folder: Path, names: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of one snapshot (those it has: one saved by an older graphkit may lack some;
    only ``names`` if given); FileNotFoundError when one is removed while it is read."""
    frames = {}
    for table in TABLES:
        if names is not None and table.name not in names:
            continue
        file = folder / f"{table.name}.parquet"
        if file.exists():
            try:
                frames[table.name] = pq.read_table(file).to_pandas()
            except FileNotFoundError:
                raise
            except (OSError, pa.ArrowException) as err:
                raise GraphkitError(f"{file}: cannot read the stored table ({err})") from err
    return frames


def _write_parquet(frame: pd.DataFrame, file: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, file, compression="zstd")
    with open(file, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_summary(dataset: Dataset, file: Path) -> None:
    """What ``graphkit info`` prints, beside the tables it is counted from (so it is always the
    snapshot's own): info then starts without pandas."""
    import json

    from graphkit.workspace.summary import summarise, top_counterparts

    summary = {
        "version": SUMMARY_VERSION,
        "summary": summarise(dataset),
        "top_counterparts": top_counterparts(dataset, SUMMARY_COUNTERPARTS).to_dict(orient="records"),
    }
    file.write_text(
        json.dumps(summary, ensure_ascii=False, default=lambda value: value.item()), encoding="utf-8"
    )
