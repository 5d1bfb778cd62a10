"""Ingest: read files with their sources, merge them into the workspace's dataset, resolve
entities and save, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit import sources
from graphkit.dataset.resolve import known_organisations, resolve
from graphkit.dataset.tables import Dataset
from graphkit.dataset.workspace import Workspace
from graphkit.errors import Problem


@dataclass
class FileReport:
    """What one file gave: its source, rows per table, and problems."""

    path: Path
    source: str
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class IngestReport:
    """The result of an ingest: per-file reports, rows per table before and after."""

    files: list[FileReport]
    before: dict[str, int]
    after: dict[str, int]
    dataset: Dataset

    @property
    def problems(self) -> list[Problem]:
        """Every problem from every file, in file order."""
        return [problem for report in self.files for problem in report.problems]

    def added(self) -> dict[str, int]:
        """Rows each table gained (0 for a repeated ingest)."""
        return {name: self.after[name] - self.before.get(name, 0) for name in self.after}


def read_files(
    paths: Iterable[str | Path], context: sources.IngestContext
) -> list[tuple[FileReport, Dataset]]:
    """Read every file below ``paths`` with its source; a file no source can read raises
    :class:`graphkit.errors.SourceError` before anything is written."""
    results = []
    for path in sources.expand_paths(paths):
        module = sources.detect(path)
        result = module.read(path, context)
        report = FileReport(path, module.NAME, result.dataset.counts(), result.problems)
        results.append((report, result.dataset))
    return results


def ingest(paths: Iterable[str | Path], workspace: Workspace | None = None) -> IngestReport:
    """Ingest files (or directories of files) into ``workspace`` and save it atomically.

    Ingesting the same files again changes nothing. If any file cannot be read at all, the
    error names it and the workspace is left as it was.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> report = ingest(["examples/openlobby/11-11-11.txt"], ws)
    >>> report.after["meetings"], report.after["responses"]
    (18, 3)
    >>> ingest(["examples/openlobby/11-11-11.txt"], ws).added()["meetings"]
    0
    """
    workspace = workspace or Workspace()
    existing = workspace.load()
    context = sources.IngestContext(known_organisations=known_organisations(existing))
    results = read_files(paths, context)
    merged = resolve(Dataset.concat([existing, *(dataset for _, dataset in results)]))
    workspace.save(merged)
    from graphkit.stores.embedded import build_workspace_graph  # here: stores import the dataset

    build_workspace_graph(workspace, merged)  # so graphkit query sees the new dataset
    return IngestReport(
        files=[report for report, _ in results],
        before=existing.counts(),
        after=merged.counts(),
        dataset=merged,
    )
