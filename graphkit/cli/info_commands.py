"""``graphkit info``: what the workspace holds, from the snapshot's ``summary.json`` (written with
the tables at every save) so that it starts without pandas; from the tables when it must
(``--merges``, ``--top`` beyond what the summary keeps, a workspace written before summaries)."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.app import main, print_json, print_records, say, workspace_option
from graphkit.workspace.paths import SUMMARY_COUNTERPARTS, read_summary

# The tables of graphkit.model.schema.TABLES, in its order (a test checks they agree): the
# schema module brings pandas.
TABLE_NAMES = ("actors", "meetings", "participants", "topics", "meeting_topics", "responses", "merges")
# hosted (every meeting listed) is in --json: a fifth column would fold names at 80 columns.
COUNTERPART_COLUMNS = ("name", "kind", "meetings", "organisations")


@main.command("info")
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(0), help="How many counterparts to list."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--merges", "show_merges", is_flag=True, help="List every merge entity resolution made, and its rule."
)
@workspace_option(path_only=True)
def info_command(top: int, as_json: bool, show_merges: bool, workspace: Path) -> None:
    """What the workspace holds: rows per table, actors per kind, meetings per source, dates,
    organisations before and after entity resolution, top counterparts.

    Example:

    \b
        graphkit info --json
        graphkit info --merges
    """
    stored = None if show_merges or top > SUMMARY_COUNTERPARTS else read_summary(workspace)
    if stored is None:
        from graphkit.cli.workspace_commands import show_info
        from graphkit.workspace.storage import Workspace

        show_info(top, as_json, show_merges, Workspace(workspace))
        return
    print_info(stored["summary"], stored["top_counterparts"][:top], as_json)


def print_info(summary: dict, counterparts: list[dict], as_json: bool) -> None:
    """Print ``graphkit info``'s summary and top counterparts (records of
    :func:`graphkit.workspace.summary.top_counterparts`), as a table or one JSON object."""
    if as_json:
        print_json({**summary, "top_counterparts": counterparts})
        return
    print_summary_dict(summary)
    print_records(counterparts, COUNTERPART_COLUMNS, title="Top counterparts (meetings with organisations)")
    say(
        "meetings, organisations: at least one organisation present, as the graph's MET relationships "
        "count them (graphkit query); --json adds hosted: every meeting listed, with only persons, "
        "institutions or no attendee named too"
    )


def print_summary_dict(summary: dict) -> None:
    """Print the tables, kinds, institutions, sources, dates and resolution of a
    :func:`graphkit.workspace.summary.summarise` dict."""
    print_records(
        [{"table": name, "rows": summary[name]} for name in TABLE_NAMES], ("table", "rows"), title="Tables"
    )
    for key in ("kinds", "institutions", "sources"):
        mapping = summary[key]
        if mapping:
            rows = [{key[:-1]: name, "count": count} for name, count in mapping.items()]
            print_records(rows, (key[:-1], "count"), title=key.title())
    say(f"Meetings from {summary['first_meeting']} to {summary['last_meeting']}")
    say(resolution_line(summary))


def resolution_line(counts: dict) -> str:
    """What entity resolution did, in one line."""
    return (
        f"Organisations: {counts['organisations_before']} before entity resolution, "
        f"{counts['organisations_after']} after ({counts.get('organisations_merged', 0)} merged into others, "
        f"{counts.get('organisations_rekinded', 0)} found to be persons, governments, EU bodies or unknown); "
        f"{counts['meetings_merged']} meeting(s) reported by "
        "several sources merged (graphkit info --merges lists every merge)"
    )
