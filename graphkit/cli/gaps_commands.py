"""``graphkit gaps``: meetings one source reports and another covering the same MEP and period
does not (:func:`graphkit.analysis.gaps.gaps`)."""

from __future__ import annotations

import click

from graphkit.cli.app import main, output_options, print_rows, say, workspace_option
from graphkit.workspace.storage import Workspace


@main.command("gaps")
@click.option("--reported-by", metavar="SOURCE", help="Only meetings this source reports (e.g. ep_meetings).")
@click.option("--missing-from", metavar="SOURCE", help="Only gaps in this source (e.g. integritywatch_ep).")
@click.option("--host", metavar="NAME", help="Only this MEP or official (name or id, any case).")
@click.option(
    "--meetings", "list_meetings", is_flag=True, help="List each meeting instead of counts per month."
)
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@output_options
@workspace_option
def gaps_command(
    reported_by: str | None,
    missing_from: str | None,
    host: str | None,
    list_meetings: bool,
    top: int,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Meetings one source reports and another does not, per MEP (or official) and month.

    A source covers a meeting when the date lies in its date span (first to last meeting) and
    it names the host at least once (a profile page: when its organisation attends). Two
    records match on host, day and one organisation in common after entity resolution; a
    meeting the other source has that day with no organisation in common is a gap of its own
    kind ("another meeting that day").
    A table is preceded by one line per pair of sources (records reported, covered, and how
    each covered one was found) and printed per pair, --top rows each. CSV and JSON hold the
    rows only, --top of them (gaps() in Python has the summary too).

    Example:

    \b
        graphkit gaps --reported-by ep_meetings --missing-from integritywatch_ep
        graphkit gaps --host "Tiemo Wölken" --meetings --csv
    """
    from graphkit.analysis.gaps import gap_counts, gaps

    found = gaps(workspace.load(), reported_by=reported_by, missing_from=missing_from)
    summary = found.attrs["summary"]
    if host:
        wanted = host.casefold()
        found = found[(found["host"].str.casefold() == wanted) | (found["host_id"].str.casefold() == wanted)]
    rows = found if list_meetings else gap_counts(found)
    what = "Meetings" if list_meetings else "Gaps per host and month"
    if fmt != "table":
        print_rows(rows.head(top) if top else rows, fmt)
        return
    for line in summary_lines(summary):
        say(f"all hosts: {line}" if host else line)
    if rows.empty:
        say("No gaps.")
        return
    # One table per pair of sources, named in its title: two source columns beside the counts
    # leave a host's name no room at 80 columns.
    for (first, second), pair in rows.groupby(["reported_by", "missing_from"], sort=True):
        shown = f", the first {top:,}" if top and len(pair) > top else ""
        title = f"{what} reported by {first}, missing from {second} ({len(pair):,} rows{shown})"
        pair = pair.drop(columns=["reported_by", "missing_from", *(["month"] if list_meetings else [])])
        print_rows(pair.head(top) if top else pair, title=title)


def summary_lines(summary) -> list[str]:
    """One line per pair of sources that cover some of each other's records: how many one
    reports, how many the other covers, and how each covered one was found."""
    lines = []
    for row in summary.itertuples(index=False):
        if not row.covered:
            continue
        lines.append(
            f"{row.reported_by} → {row.missing_from}: {row.reported:,} reported, {row.covered:,} covered: "
            f"{row.same_record:,} the same record, {row.same_organisation:,} the same organisation, "
            f"{row.another_meeting_that_day:,} another meeting that day, "
            f"{row.no_meeting_that_day:,} no meeting that day"
        )
    uncovered = int((summary["covered"] == 0).sum())
    if uncovered:
        lines.append(f"({uncovered} other pair(s) of sources cover none of each other's records)")
    return lines
