"""Ingest: read files with their sources, merge them into the workspace's dataset, resolve
entities and save, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphkit import sources
from graphkit.dataset.aliases import read_aliases
from graphkit.dataset.resolve import known_organisations, merge_counts, register_names, resolve
from graphkit.dataset.workspace import Workspace
from graphkit.errors import Problem
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset, empty_table, tidy

# Sources read first in an ingest: their organisation names help the others split lists.
_READ_FIRST = ("register", "consultations")
_READ_LAST = ("openlobby",)


@dataclass
class FileReport:
    """What one file gave: its source, rows per table, and problems."""

    path: Path
    source: str
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class IngestReport:
    """The result of an ingest: per-file reports, rows per table before and after, and what
    entity resolution merged (``merges``: organisations before/after, meetings merged)."""

    files: list[FileReport]
    before: dict[str, int]
    after: dict[str, int]
    dataset: Dataset
    merges: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        """Every problem from every file, in file order."""
        return [problem for report in self.files for problem in report.problems]

    def added(self) -> dict[str, int]:
        """Rows each table gained (0 for a repeated ingest)."""
        return {name: self.after[name] - self.before.get(name, 0) for name in self.after}


def _reading_order(module_name: str) -> int:
    if module_name in _READ_FIRST:
        return _READ_FIRST.index(module_name)
    return len(_READ_FIRST) + (1 if module_name in _READ_LAST else 0)


def read_files(
    paths: Iterable[str | Path], context: sources.IngestContext
) -> list[tuple[FileReport, Dataset]]:
    """Read every file below ``paths`` with its source; a file no source can read raises
    :class:`graphkit.errors.SourceError` before anything is written.

    Register and consultation files are read first, and every file's organisations and people
    join ``context`` before the next file is read, so names from one file help split the lists
    of the next.
    """
    detected = [(path, sources.detect(path)) for path in sources.expand_paths(paths)]
    detected.sort(key=lambda pair: _reading_order(pair[1].NAME))
    results = []
    for path, module in detected:
        result = module.read(path, context)
        report = FileReport(path, result.source or module.NAME, result.dataset.counts(), result.problems)
        results.append((report, result.dataset))
        context.known_organisations.update(
            {
                k: v
                for k, v in known_organisations(result.dataset).items()
                if k not in context.known_organisations
            }
        )
        context.register_names.update(register_names(result.dataset))
    return results


def ingest(
    paths: Iterable[str | Path], workspace: Workspace | None = None, aliases: str | Path | None = None
) -> IngestReport:
    """Ingest files (or directories of files) into ``workspace`` and save it atomically.

    Ingesting the same files again changes nothing. If any file cannot be read at all, the
    error names it and the workspace is left as it was. ``aliases`` names a CSV of
    ``alias,canonical`` rows (see :mod:`graphkit.dataset.aliases`); the merges it makes are
    kept in the workspace and hold for later ingests too.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> report = ingest(["examples/openlobby/11-11-11.txt"], ws)
    >>> report.after["meetings"], report.after["responses"]
    (18, 3)
    >>> ingest(["examples/openlobby/11-11-11.txt"], ws).added()["meetings"]
    0
    """
    workspace = workspace or Workspace()
    alias_table = read_aliases(aliases) if aliases is not None else None
    existing = workspace.load()
    context = sources.IngestContext(
        known_organisations=known_organisations(existing), register_names=register_names(existing)
    )
    results = read_files(paths, context)
    parts = [existing, *(dataset for _, dataset in results)]
    combined = _with_all_sources(concat(parts), parts)
    merged = resolve(combined, alias_table, str(aliases or "aliases"))
    # The embedded query graph is not built here: it takes longer than the ingest itself on large
    # data, and only users who run graphkit query need it. The store notices the new snapshot and
    # rebuilds on its first query (graphkit.stores.embedded.EmbeddedStore.for_workspace).
    workspace.save(merged)
    return IngestReport(
        files=[report for report, _ in results],
        before=existing.counts(),
        after=merged.counts(),
        dataset=merged,
        merges=merge_counts(merged),
    )


def concat(parts: list[Dataset]) -> Dataset:
    """:meth:`Dataset.concat` for datasets that are already tidy (what sources and workspaces
    give): rows that share a key are combined (earlier parts' values first), every other row is
    kept as it is, and nothing is sorted (the workspace sorts when it saves).

    >>> a = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> b = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A", "country": "Malta"}])
    >>> concat([a, b]).actors[["id", "country"]].values.tolist()
    [['mep:a', 'Malta']]
    """
    frames = {}
    for table in TABLES:
        pieces = [getattr(part, table.name) for part in parts if len(getattr(part, table.name))]
        if not pieces:
            frames[table.name] = getattr(parts[0], table.name) if parts else empty_table(table)
            continue
        frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
        shared = frame.duplicated(list(table.key), keep=False)
        if shared.any():
            frame = pd.concat([frame[~shared], tidy(frame[shared], table)], ignore_index=True)
        frames[table.name] = frame
    return Dataset(**frames)


def _with_all_sources(dataset: Dataset, parts: list[Dataset]) -> Dataset:
    """Meetings that several files (or the workspace and a file) hold keep every source that
    gave them, ``;``-joined, instead of the first one only."""
    frames = [part.meetings[["id", "source"]] for part in parts if len(part.meetings)]
    if len(frames) < 2:
        return dataset
    listed = pd.concat(frames, ignore_index=True).dropna()
    listed = listed.assign(source=listed["source"].str.split(";")).explode("source")
    listed = listed.drop_duplicates()
    counts = listed.groupby("id")["source"].transform("size")
    several = listed[counts > 1].sort_values(["id", "source"])
    if several.empty:
        return dataset
    joined = several.groupby("id")["source"].agg(";".join)
    meetings = dataset.meetings.copy()
    meetings["source"] = meetings["id"].map(joined).fillna(meetings["source"])
    dataset.meetings = meetings
    return dataset
