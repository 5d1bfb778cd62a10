"""``graphkit view``: an interactive HTML network page (``graphkit export`` is in export_commands)."""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx
import pandas as pd

from graphkit.analysis import MEASURES, centrality, communities
from graphkit.cli.app import main, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.errors import GraphkitError
from graphkit.graph import ALL_PROJECTIONS, GraphFilter, build_graph
from graphkit.views import node_meetings, to_html
from graphkit.views.html import simple_graph
from graphkit.workspace import Workspace
from graphkit.workspace.lookup import find_actor

DEFAULT_PROJECTION = "org-counterpart"


def _graph_options(func):
    """The options that choose the graph: projection, and the filters every graph command has."""
    func = filter_options(func)
    return click.option(
        "--projection",
        type=click.Choice(ALL_PROJECTIONS),
        default=DEFAULT_PROJECTION,
        show_default=True,
        help="Which graph: organisations and the MEPs/officials they met (org-counterpart), "
        "co-attendance (org-org), topics (org-topic), every meeting (meetings), ...",
    )(func)


@main.command("view")
@_graph_options
@click.option(
    "--measure",
    type=click.Choice(MEASURES),
    default="pagerank",
    show_default=True,
    help="Centrality that sizes the nodes and ranks them for --top.",
)
@click.option("--colour", "--color", "colour", type=click.Choice(["kind", "community"]), default="kind",
              show_default=True, help="Colour nodes by kind or by detected community.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=1), help="Keep only the N most central nodes.")
@click.option(
    "--focus", metavar="NAME", help="Draw one actor's neighbourhood (id, Register ID, name or acronym)."
)
@click.option(
    "--depth", type=click.IntRange(min=0), default=2, show_default=True, help="Steps around --focus."
)
@click.option("--title", help="Page title (default: says what the page shows).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@workspace_option
def view_command(
    projection: str,
    filters: GraphFilter,
    measure: str,
    colour: str,
    top: int | None,
    focus: str | None,
    depth: int,
    title: str | None,
    output: Path,
    workspace: Workspace,
) -> None:
    """Write an interactive network page: one HTML file that opens offline, anywhere.

    Nodes are sized by --measure and coloured by kind (or community); links are as wide as
    their meeting count. Drawn with WebGL (sigma.js), it stays fast at 50,000 nodes, opens on
    the largest component and never lets labels overlap. The page has a search box, filters
    by kind, community, minimum meetings and links, dates with a month slider and playback,
    tooltips on nodes and links, a side panel with each meeting's counterparts and source,
    PNG/SVG export, and keeps its state in the URL. It makes no network request and shows
    every name as text, so it is safe to share.

    Example:

    \b
        graphkit view --measure pagerank --top 500 -o network.html
        graphkit view --projection meetings --focus 11.11.11 --depth 2 -o 11-11-11.html
    """
    dataset = workspace.load()
    graph = build_graph(dataset, projection, filters=filters)
    if graph.number_of_nodes() == 0:
        raise GraphkitError(f"the {projection} graph of {workspace.path} is empty (ingest records first)")
    focus_id = None
    if focus is not None:
        actor = find_actor(dataset, focus)
        focus_id = actor["id"]
        if focus_id not in graph:
            raise GraphkitError(f"{actor['name']} ({focus_id}) has no links in the {projection} graph")
    # Measures need one undirected edge per pair; the meetings graph has one per meeting.
    analysed = nx.Graph(simple_graph(graph)[0]) if graph.is_multigraph() else graph
    sizes = centrality(analysed, measure)
    groups = communities(analysed) if colour == "community" else None
    meetings = None
    if projection != "meetings":  # the meeting graph carries its own meetings on its edges
        meetings = node_meetings(dataset, graph.nodes)
        meetings = _in_window(meetings, filters)
    if title is None:
        title = f"graphkit: {projection} network" + (
            f" around {graph.nodes[focus_id]['name']}" if focus_id else ""
        )
    to_html(
        graph,
        output,
        size_by=sizes,
        colour_by=colour,
        communities=groups,
        meetings=meetings,
        top=top,
        focus=focus_id,
        depth=depth,
        title=title,
    )
    say(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")


def _in_window(meetings: pd.DataFrame, filters: GraphFilter) -> pd.DataFrame:
    start, end = filters.window()
    keep = pd.Series(True, index=meetings.index)
    if start is not None:
        keep &= meetings["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= meetings["date"] <= pd.Timestamp(end)
    return meetings[keep]
