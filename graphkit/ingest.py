"""Ingest: read files with their sources, keep what each said, resolve entities over all of it
and save the workspace, all or nothing.

This sits above both :mod:`graphkit.sources` (which read one file each, on its own) and
:mod:`graphkit.workspace` (resolution and the workspace). The tables an ingest saves depend only on
the set of source files the workspace holds and its alias file: each file is read on its own,
its records are kept by content digest, and every ingest resolves all records from scratch, so
ingesting the same files in any order, or twice, gives byte-identical tables.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd

from graphkit import sources
from graphkit.errors import GraphkitError, Problem
from graphkit.model.schema import TABLES
from graphkit.model.tables import Dataset, empty_table, tidy
from graphkit.resolution.aliases import combine_aliases, read_aliases, unmatched_aliases, write_aliases
from graphkit.resolution.rejections import read_rejections
from graphkit.resolution.resolve import merge_counts, resolve
from graphkit.workspace.storage import FILE_COLUMNS, Workspace

# The version of how graphkit reads source files: records kept by an older version are read
# again when their file is ingested again.
PARSER_VERSION = "5"  # 4: bodies named in job titles kept, profile pages keep joined names as written,
# and an acronym with a company legal form keeps it in its key (EPPA SA); 5: a body or a person
# with job titles written after it ("Eurometaux (Public Affairs Manager)") is the body or the person
LEGACY = "legacy"  # a workspace saved before records were kept: its tables stand as one file


@dataclass
class FileReport:
    """What one file gave: its source, rows per table, and problems (``new`` is false for a file
    the workspace already held)."""

    path: Path
    source: str
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    new: bool = True


@dataclass
class IngestReport:
    """The result of an ingest: per-file reports, rows per table before and after, what entity
    resolution merged (``merges``: organisations before/after, meetings merged) and the alias
    rows that matched nothing."""

    files: list[FileReport]
    before: dict[str, int]
    after: dict[str, int]
    dataset: Dataset
    merges: dict[str, int] = field(default_factory=dict)
    alias_problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """The files left unread (named pipes, devices), every problem from every file, in file
        order, then the alias file's."""
        return self.skipped + [problem for report in self.files for problem in report.problems] + self.alias_problems

    def added(self) -> dict[str, int]:
        """Rows each table gained (0 for a repeated ingest)."""
        return {name: self.after[name] - self.before.get(name, 0) for name in self.after}


def file_digest(path: Path) -> str:
    """The content digest that names a source file's records in the workspace.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_text("hello")
    >>> file_digest(p)
    'aaf4c61ddcc5e8a2'
    """
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def read_files(
    paths: Iterable[str | Path], workspace: Workspace | None = None, skipped: list[Problem] | None = None
) -> list[tuple[FileReport, str, Dataset]]:
    """Read every file below ``paths`` with its source, each on its own: ``(report, content
    digest, records)`` per distinct file. A file no source can read raises
    :class:`graphkit.errors.SourceError` before anything is written; an empty one is left out
    with a problem in ``skipped``. A file ``workspace``
    already holds, read by this version of graphkit, is not read again: its records are.
    Files that are not regular files are left out with a problem in ``skipped``; when nothing
    is left to read, a :class:`graphkit.errors.GraphkitError` says so.
    """
    paths = list(paths)
    skipped = [] if skipped is None else skipped
    found = sources.expand_paths(paths, skipped)
    detected = []
    for path in found:
        try:
            detected.append((path, sources.detect(path)))
        except sources.EmptyFile as empty:  # nothing to lose: said, and the other files read
            skipped.append(Problem(empty.file, f"{empty.message}; skipped"))
    if not detected:
        why = "; ".join(str(problem) for problem in skipped) or "no data files (hidden files and READMEs are skipped)"
        raise GraphkitError(f"nothing to read in {', '.join(str(p) for p in paths)}: {why}")
    held = workspace.files() if workspace is not None else pd.DataFrame(columns=FILE_COLUMNS)
    current = set(held.loc[held["parser"] == PARSER_VERSION, "digest"])
    results: dict[str, tuple[FileReport, str, Dataset]] = {}
    to_read = []
    digests = [file_digest(path) for path, _ in detected]
    for (path, module), digest in zip(detected, digests, strict=True):
        if digest in results or any(digest == d for _, _, d in to_read):
            continue
        if digest in current and workspace is not None:
            dataset = workspace.load_records(digest, PARSER_VERSION)
            source = held.loc[held["digest"] == digest, "source"].iloc[0]
            results[digest] = (FileReport(path, source, dataset.counts(), new=False), digest, dataset)
        else:
            to_read.append((path, module, digest))
    for (path, module, digest), result in zip(to_read, _read_all([(p, m) for p, m, _ in to_read]), strict=True):
        report = FileReport(path, result.source or module.NAME, result.dataset.counts(), result.problems)
        encoding = sources.encoding_note(path)
        if encoding is not None:
            report.problems.insert(0, Problem(str(path), encoding))
        if not any(report.counts.values()):
            report.problems.append(Problem(str(path), "no records: the file holds none graphkit could read"))
        results[digest] = (report, digest, result.dataset)
    return [results[digest] for digest in dict.fromkeys(digests)]


def _read_one(path: Path, module_name: str) -> sources.SourceResult:
    return importlib.import_module(module_name).read(path)


def _read_all(files: list[tuple[Path, ModuleType]]) -> list[sources.SourceResult]:
    """Each file read by its source: on every core at once where the machine has several (each
    file is read on its own, so the results are the same), the largest files first."""
    workers = min(len(files), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [module.read(path) for path, module in files]
    by_size = sorted(range(len(files)), key=lambda i: -files[i][0].stat().st_size)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(_read_one, files[i][0], files[i][1].__name__) for i in by_size}
        return [futures[i].result() for i in range(len(files))]


def ingest(
    paths: Iterable[str | Path],
    workspace: Workspace | None = None,
    aliases: str | Path | None = None,
    *,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files (or directories of files) into ``workspace`` and save it atomically.

    Ingesting the same files again, or in another order, changes nothing. If any file cannot be
    read at all, the error names it and the workspace is left as it was. ``aliases`` names a
    CSV of ``alias,canonical`` rows (see :mod:`graphkit.resolution.aliases`); its rows join the
    workspace's alias file and hold for later ingests too. The workspace lock is held throughout:
    while another process writes to the workspace this fails at once
    (:class:`~graphkit.workspace.lock.WorkspaceBusy`), or with ``wait`` tells ``on_wait`` and waits.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> report = ingest(["examples/openlobby/11-11-11.txt"], ws)
    >>> report.after["meetings"], report.after["responses"]
    (18, 3)
    >>> ingest(["examples/openlobby/11-11-11.txt"], ws).added()["meetings"]
    0
    """
    workspace = workspace or Workspace()
    with workspace.writing("graphkit ingest", wait=wait, on_wait=on_wait):
        return _ingest_locked(paths, workspace, aliases)


def _ingest_locked(
    paths: Iterable[str | Path], workspace: Workspace, aliases: str | Path | None
) -> IngestReport:
    given_aliases = read_aliases(aliases) if aliases is not None else None
    stored_aliases = read_aliases(workspace.alias_file) if workspace.alias_file.exists() else None
    alias_table = combine_aliases(stored_aliases, given_aliases)
    existing = workspace.load()
    held = workspace.files()
    skipped: list[Problem] = []
    results = read_files(paths, workspace, skipped)
    fresh = {digest for report, digest, _ in results}
    # Files the workspace holds that this ingest did not read again (or read with the same
    # version of graphkit's reading) keep their records as they are.
    kept = held[~held["digest"].isin(fresh)] if len(held) else held
    parts: dict[str, Dataset] = {
        digest: workspace.load_records(digest, parser)
        for digest, parser in zip(kept["digest"], kept["parser"], strict=True)
    }
    if not len(held) and existing.counts()["actors"]:
        parts[LEGACY] = _without_merges(existing)
    listed = [kept]
    reports = []
    for report, digest, dataset in results:
        parts[digest] = dataset
        listed.append(pd.DataFrame([[digest, report.path.name, report.source, PARSER_VERSION]], columns=FILE_COLUMNS))
        reports.append((report, digest, dataset))
    files = pd.concat([frame for frame in listed if len(frame)], ignore_index=True) if any(
        len(frame) for frame in listed
    ) else pd.DataFrame(columns=FILE_COLUMNS)
    files = files.drop_duplicates("digest", keep="last")
    # The new files' records are written while resolution runs (Parquet writing leaves the
    # interpreter free); the snapshot that lists them is saved only after both are done.
    with ThreadPoolExecutor(max_workers=1) as writer:
        written = [
            writer.submit(workspace.save_records, digest, PARSER_VERSION, dataset)
            for report, digest, dataset in reports
            if report.new
        ]
        # Records in digest order: the same files give the same input to resolution, however
        # and whenever they came.
        ordered = [parts[digest] for digest in sorted(parts)]
        combined = _with_all_sources(concat(ordered), ordered)
        alias_label = str(aliases) if aliases is not None else str(workspace.alias_file)
        merged = resolve(combined, alias_table, alias_label, _rejected(workspace))
        for future in written:
            future.result()
    if given_aliases is not None:
        write_aliases(alias_table, workspace.alias_file)
    # The embedded query graph is not built here: it takes longer than the ingest itself on large
    # data, and only users who run graphkit query need it. The store notices the new snapshot and
    # rebuilds on its first query (graphkit.stores.embedded.EmbeddedStore.for_workspace).
    workspace.save(merged, files[files["digest"] != LEGACY] if LEGACY not in parts else None)
    return IngestReport(
        files=[report for report, _, _ in reports],
        before=existing.counts(),
        after=merged.counts(),
        dataset=merged,
        merges=merge_counts(merged),
        alias_problems=unmatched_aliases(combined, alias_table, alias_label),
        skipped=skipped,
    )


def resolve_workspace(
    workspace: Workspace, *, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Dataset:
    """Resolve the workspace's records again with its alias file (after the alias file changed)
    and save the result, holding the workspace lock (as :func:`ingest`); returns the resolved
    dataset.

    >>> import tempfile
    >>> ws = Workspace(tempfile.mkdtemp())
    >>> _ = ingest(["examples/openlobby/11-11-11.txt"], ws)
    >>> resolve_workspace(ws).counts()["meetings"]
    18
    """
    with workspace.writing("graphkit resolve", wait=wait, on_wait=on_wait):
        return _resolve_locked(workspace)


def _resolve_locked(workspace: Workspace) -> Dataset:
    held = workspace.files()
    aliases = read_aliases(workspace.alias_file) if workspace.alias_file.exists() else None
    ordered = [
        workspace.load_records(digest, parser)
        for digest, parser in sorted(zip(held["digest"], held["parser"], strict=True))
    ]
    if not ordered:
        ordered = [_without_merges(workspace.load())]
    combined = _with_all_sources(concat(ordered), ordered)
    merged = resolve(combined, aliases, str(workspace.alias_file), _rejected(workspace))
    workspace.save(merged, held if len(held) else None)
    return merged


def _rejected(workspace: Workspace) -> list[list[str]]:
    """The member ids of each cluster a reviewer rejected (``graphkit resolve --reject``)."""
    return read_rejections(workspace.rejected_file)["ids"].tolist()


def _without_merges(dataset: Dataset) -> Dataset:
    return Dataset(
        **{**{t.name: getattr(dataset, t.name) for t in TABLES}, "merges": empty_table(TABLES[-1])}
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
    """Meetings that several files hold keep every source that gave them, ``;``-joined,
    instead of the first one only."""
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
