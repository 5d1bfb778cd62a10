"""``graphkit report``: one organisation's, MEP's or official's profile."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from graphkit.analysis.profile import profile
from graphkit.cache.printed import wrote
from graphkit.cli.app import heading, main, print_json, print_rows, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter
from graphkit.model.schema import MEP, OFFICIAL
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace
from graphkit.workspace.lookup import candidate_table, find_actor, find_actors
from graphkit.workspace.summary import meetings_with_organisations

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
@click.option("--all", "all_candidates", is_flag=True, help="List every actor NAME could mean, and stop.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the dossier as one self-contained HTML page (no script, no request).",
)
@click.option(
    "--md", "md_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the dossier as Markdown."
)
@filter_options
@workspace_option
def report_command(
    name: str,
    top: int,
    as_json: bool,
    all_candidates: bool,
    html_path: Path | None,
    md_path: Path | None,
    filters: GraphFilter,
    workspace: Workspace,
) -> None:
    """Everything the workspace says about one organisation, MEP or official.

    NAME is an id (always wins), a Register ID, a name or an acronym. An ambiguous NAME
    lists the candidates, most meetings first; a typo gets "did you mean"; a name taken
    without an exact match is said on stderr.

    --html and --md write a dossier instead: the profile, meetings per month as a chart, the
    ranks in degree, PageRank and betweenness, the community and its members, and every
    record behind the page.

    The filters (--from, --term, --institution, …) cut the profile or dossier to the meetings
    and actors they keep, the same ones graphkit view, export and centrality hold.

    Example:

    \b
        graphkit report "Kathleen Van Brempt"
        graphkit report Greenpeace --all
        graphkit report 11.11.11 --html 11-11-11.html --md 11-11-11.md
        graphkit report Greenpeace --institution EC --term 2024-2029
    """
    dataset = workspace.load()
    if all_candidates:
        candidates = candidate_table(find_actors(dataset, name), evidence=as_json)
        if as_json:
            print_json(candidates.to_dict(orient="records"))
        else:
            print_rows(candidates, title=f"actors {name!r} could mean", wide=True)
        return
    hint = f"graphkit report --all {shlex.quote(name)} lists every candidate"
    actor = find_actor(dataset, name, notify=lambda note: say(note, err=True), hint=hint)
    dataset = _in_scope(dataset, actor, filters)
    if html_path is not None or md_path is not None:
        from graphkit.reports import dossier, write_dossier

        gathered = dossier(dataset, actor["id"], top=top)
        for path, fmt in ((html_path, "html"), (md_path, "md")):
            if path is not None:
                try:
                    write_dossier(gathered, path, fmt, top=top)
                except OSError as err:
                    raise GraphkitError(f"cannot write {path}: {err.strerror or err}") from err
                wrote(path)  # the same command again writes it back (graphkit.cache.printed)
                say(f"wrote {path}")
        return
    result = profile(dataset, actor["id"], top=top)
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
        if key == "per_year" and actor["kind"] in (MEP, OFFICIAL):
            listed, with_organisations = meetings_with_organisations(dataset, actor["id"])
            say(
                f"{listed} meetings listed, {with_organisations} with an organisation present (what the "
                "graph's MET relationships count in graphkit query); the others had only persons, "
                "institutions or no attendee named"
            )


def _in_scope(dataset: Dataset, actor: dict, filters: GraphFilter) -> Dataset:
    """The dataset cut by the one filter; an actor it leaves out is said in one line."""
    from graphkit.graph.filters import subset

    scoped = subset(dataset, filters)
    if scoped is not dataset and not scoped.actors["id"].eq(actor["id"]).any():
        raise GraphkitError(f"{actor['name']} ({actor['id']}) has no meetings or responses for these filters")
    return scoped
