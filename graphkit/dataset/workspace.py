"""The workspace: a directory holding the dataset as Parquet, replaced atomically.

Layout::

    WORKSPACE/
      tables -> snapshots/<digest>     (a symlink, swapped in one rename)
      snapshots/<digest>/actors.parquet, meetings.parquet, ..., files.parquet
      records/<file digest>-v<parser>/actors.parquet, ...   (what each source file said, as read)
      aliases.csv                      (the user's decisions: which names are one organisation)

A save writes a complete new snapshot, then points ``tables`` at it with ``os.replace``, so a
reader sees either the old dataset or the new one, never half of each, and a failed ingest
leaves the previous workspace as it was.

The resolved tables are a function of the source files' records (``files.parquet`` lists them
by content digest) and the alias file only: every ingest resolves all records again from
scratch, so the order in which files were ingested, or ingesting one twice, changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.errors import GraphkitError
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset, tidy

DEFAULT_WORKSPACE = "graphkit-workspace"
FILES = "files"  # the snapshot's list of source files whose records it was resolved from
FILE_COLUMNS = ["digest", "name", "source", "parser"]
ALIASES = "aliases.csv"


def default_workspace() -> Path:
    """``$GRAPHKIT_WORKSPACE`` if set, else ``./graphkit-workspace``."""
    return Path(os.environ.get("GRAPHKIT_WORKSPACE", DEFAULT_WORKSPACE))


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

    def exists(self) -> bool:
        """True once something has been saved here."""
        return (self.tables_dir / "actors.parquet").exists()

    def load(self) -> Dataset:
        """The stored dataset, or an empty one for a new workspace."""
        if not self.exists():
            return Dataset.empty()
        return _read_tables(self.tables_dir)

    @property
    def alias_file(self) -> Path:
        """The workspace's alias file (``alias,canonical`` rows), replayed by every resolution."""
        return self.path / ALIASES

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
        """Keep what one source file said (written once: a file's records never change)."""
        records = self.path / "records"
        final = records / f"{digest}-v{parser}"
        if (final / "actors.parquet").exists():
            return
        records.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=records))
        try:
            for table in TABLES:
                _write_parquet(tidy(dataset.table(table.name), table), staging / f"{table.name}.parquet")
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
        snapshots.mkdir(parents=True, exist_ok=True)
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
            final = snapshots / digest.hexdigest()[:16]
            if final.exists():
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
            self._drop_unlisted_records({f"{d}-v{p}" for d, p in zip(files["digest"], files["parser"], strict=True)})

    def _drop_unlisted_records(self, listed: set[str]) -> None:
        """Records no snapshot uses any more (a file re-read by a newer graphkit)."""
        records = self.path / "records"
        if records.is_dir():
            for folder in records.iterdir():
                if folder.name not in listed and not folder.name.startswith("."):
                    shutil.rmtree(folder, ignore_errors=True)


def _read_tables(folder: Path) -> Dataset:
    frames = {}
    for table in TABLES:
        file = folder / f"{table.name}.parquet"
        if file.exists():
            try:
                frames[table.name] = pq.read_table(file).to_pandas()
            except (OSError, pa.ArrowException) as err:
                raise GraphkitError(f"{file}: cannot read the stored table ({err})") from err
    return Dataset.from_frames(frames)


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
