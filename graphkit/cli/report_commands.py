"""``graphkit report``: one organisation's, MEP's or official's profile."""

from __future__ import annotations

import click

from graphkit.analysis.profile import profile
from graphkit.cli.app import heading, main, print_json, print_rows, say, workspace_option
from graphkit.dataset import Workspace

SECTION_TITLES = {
    "per_year": "Meetings per year",
    "counterparts": "Met",
    "co_attendees": "Showed up with",
    "topics": "Topics",
    "meetings": "Latest meetings",
    "responses": "Consultation responses",
}


@main.command("report")
@click.argument("name")
@click.option("--top", default=20, show_default=True, help="Rows per section.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@workspace_option
def report_command(name: str, top: int, as_json: bool, workspace: Workspace) -> None:
    """Everything the workspace says about one organisation, MEP or official.

    NAME is an id, a Register ID, a name or an acronym; an ambiguous NAME lists the
    candidates.

    Example:

    \b
        graphkit report "Kathleen Van Brempt"
    """
    result = profile(workspace.load(), name, top=top)
    if as_json:
        print_json(result.to_dict())
        return
    actor = result.actor
    facts = [
        str(actor[key])
        for key in ("kind", "acronym", "register_id", "country", "group", "category", "unit")
        if actor.get(key)
    ]
    heading(actor["name"], characters="═")
    say(" · ".join(facts))
    for key, title in SECTION_TITLES.items():
        frame = result.sections[key]
        if frame.empty:
            continue
        shown = frame.drop(columns=[c for c in ("id",) if c in frame.columns])
        if key == "meetings":
            shown = shown.head(top)
        print_rows(shown, title=title)
