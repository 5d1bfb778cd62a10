"""``graphkit diff``: what changed between two workspaces (or two snapshot folders)."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.app import main, output_options, print_rows, say
from graphkit.cli.graph_options import filter_options
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter

# Columns of names besides ``name`` (a table never cuts their words).
NAME_COLUMNS = ("organisation", "counterpart", "other")
SECTION_NAMES = ("actors", "meetings", "ties", "co-attendance", "file-entrants", "ranks")


@main.command("diff")
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--section", type=click.Choice(SECTION_NAMES), help="Only this kind of change.")
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(1),
    help="Rows per section in a table or page.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the changes as one offline HTML page (no script, no request).",
)
@filter_options
@output_options
def diff_command(
    old: Path,
    new: Path,
    section: str | None,
    top: int,
    html_path: Path | None,
    filters: GraphFilter,
    fmt: str,
) -> None:
    """What NEW holds that OLD did not: new actors, meetings, organisation–MEP/official ties,
    co-attendance pairs, entrants to a legislative file's network (meetings whose procedure
    names its reference), and meeting counts that moved by more than the noise: more than
    2·sqrt(n) for an organisation with n meetings in OLD (two Poisson standard deviations).

    OLD and NEW are workspaces or snapshot folders (WORKSPACE/snapshots/<digest>). A workspace
    keeps only its current snapshot: copy it aside before an ingest to compare later. A table
    shows --top rows per section; --csv, --json… print every row of every section in one
    table, its kind of change in the first column (or of --section alone).

    Example:

    \b
        cp -r graphkit-workspace before
        graphkit ingest new-month.csv
        graphkit diff before graphkit-workspace --html changes.html
        graphkit diff before graphkit-workspace --section ties --csv > new-ties.csv
    """
    from graphkit.analysis.diff import SECTIONS, diff
    from graphkit.workspace.storage import load_dataset

    changes = diff(load_dataset(old), load_dataset(new), filters=filters)
    if html_path is not None:
        from graphkit.reports.diff_page import write_diff

        try:
            write_diff(changes, html_path, str(old), str(new), top=top)
        except OSError as err:
            raise GraphkitError(f"cannot write {html_path}: {err.strerror or err}") from err
        say(f"wrote {html_path}", err=fmt != "table")
    frames = changes.sections()
    if section is not None:
        name = section.replace("-", "_")
        frame = frames[name]
        print_rows(
            frame.head(top) if fmt == "table" else frame,
            fmt,
            title=_title(SECTIONS[name], frame, top),
            names=NAME_COLUMNS,
        )
        return
    if fmt != "table":
        print_rows(changes.table(), fmt)
        return
    if changes.is_empty():
        say("nothing changed")
        return
    for name, frame in frames.items():
        if len(frame):
            print_rows(frame.head(top), fmt, title=_title(SECTIONS[name], frame, top), names=NAME_COLUMNS)


def _title(label: str, frame: object, top: int) -> str:
    count = len(frame)  # type: ignore[arg-type]
    return f"{label}: {count}" + (f" (first {top})" if count > top else "")
