"""``graphkit view``: an interactive HTML network page (``graphkit export`` is in export_commands)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from graphkit.analysis import MEASURES
from graphkit.cache.printed import wrote
from graphkit.cli.app import main, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.graph import ALL_PROJECTIONS, GraphFilter
from graphkit.views.page import DEFAULT_PROJECTION, network_page
from graphkit.workspace import Workspace


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
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write (needed unless --png or --svg is given).",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the picture as PNG (2x pixels, with title, legend, dates, filters, sources "
    "and credit), drawn by headless Chromium.",
)
@click.option(
    "--svg",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the picture as SVG (the same words around it), drawn by headless Chromium.",
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
    output: Path | None,
    png: Path | None,
    svg: Path | None,
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

    --png and --svg write the page's first picture without opening a browser (headless
    Chromium through Playwright): the network framed by its title, the dates and filters, a
    legend of colours and sizes, the data sources and a credit line, ready to publish.

    Example:

    \b
        graphkit view --measure pagerank --top 500 -o network.html
        graphkit view --projection meetings --focus 11.11.11 --depth 2 -o 11-11-11.html
        graphkit view --projection org-org --colour community --png coalitions.png
    """
    if output is None and png is None and svg is None:
        raise click.UsageError("say where to write the view: -o FILE.html, --png FILE or --svg FILE")
    page = output
    if page is None:  # a picture only: the page is drawn from a scratch file
        scratch = tempfile.TemporaryDirectory(prefix="graphkit-view-")
        page = Path(scratch.name) / "view.html"
    network_page(
        workspace.load(),
        page,
        projection=projection,
        filters=filters,
        measure=measure,
        colour=colour,
        top=top,
        focus=focus,
        depth=depth,
        title=title,
    )
    if output is not None:
        wrote(output)  # the same command again writes it back (graphkit.cache.printed)
        say(f"wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    if png is not None or svg is not None:
        from graphkit.views.picture import write_pictures

        for path in write_pictures(page, png=png, svg=svg):
            wrote(path)
            say(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
