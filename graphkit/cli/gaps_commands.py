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
    meeting the other source has that day with other organisations is a gap of its own kind.
    A table is preceded by one line per pair of sources: records reported, covered, and how
    each covered one was found. CSV and JSON hold the rows only (gaps() has the summary).

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
    if fmt == "table":
        for line in summary_lines(summary):
            say(line)
        # A column that holds one value is said in the title instead (room for the names).
        fixed = {"reported_by": reported_by, "missing_from": missing_from}
        rows = rows.drop(
            columns=[c for c, given in fixed.items() if given] + (["month"] if list_meetings else [])
        )
    if rows.empty:
        say("No gaps.")
        return
    what = "Meetings" if list_meetings else "Gaps per host and month"
    pair = f" reported by {reported_by or 'any source'}, missing from {missing_from or 'another'}"
    shown = f", the first {top:,}" if top and len(rows) > top else ""
    print_rows(rows.head(top) if top else rows, fmt, title=f"{what}{pair} ({len(rows):,} rows{shown})")


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
            f"{row.other_organisations_that_day:,} other organisations that day, "
            f"{row.no_meeting_that_day:,} no meeting that day"
        )
    uncovered = int((summary["covered"] == 0).sum())
    if uncovered:
        lines.append(f"({uncovered} other pair(s) of sources cover none of each other's records)")
    return lines
