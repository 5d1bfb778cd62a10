"""``graphkit export``: the graph or the tables as files for other tools."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.analysis import MEASURES
from graphkit.cli.app import main, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.errors import GraphkitError
from graphkit.exports import FORMATS, export
from graphkit.graph import ALL_PROJECTIONS, GraphFilter
from graphkit.workspace import Workspace


@main.command("export")
@click.option(
    "--projection",
    type=click.Choice(ALL_PROJECTIONS),
    default="org-counterpart",
    show_default=True,
    help="Which graph: organisations and the MEPs/officials they met (org-counterpart), "
    "co-attendance (org-org), topics (org-topic), every meeting (meetings), ...",
)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="gexf (Gephi, with a timeline), graphml, json (node-link), csv or parquet (NAME.nodes.* + "
    "NAME.edges.*), ftm (FollowTheMoney JSON lines), datapackage (a folder), cypher (a script for "
    "Neo4j); by default from the file's name.",
)
@click.option("--top", type=click.IntRange(min=1), help="Keep only the N most central nodes (by --measure).")
@click.option(
    "--measure",
    type=click.Choice(MEASURES),
    default="pagerank",
    show_default=True,
    help="Centrality that ranks nodes for --top and sizes them in GEXF.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file (or, for a data package, the folder) to write.",
)
@workspace_option
def export_command(
    projection: str,
    filters: GraphFilter,
    fmt: str | None,
    top: int | None,
    measure: str,
    output: Path,
    workspace: Workspace,
) -> None:
    """Write the graph or the tables for Gephi, a spreadsheet, Aleph, Datasette or Neo4j.

    Graph files keep node attributes (kind, name, acronym, category, country, group) and edge
    attributes (weight, meetings; for the meetings graph meeting_id, date, title). GEXF adds
    meeting dates as spells (Gephi's timeline), community, degree, PageRank and betweenness,
    and sizes, colours and positions. NAME.ftm.json, a datapackage folder and NAME.cypher hold
    the tables, cut to the same filters and --top.

    Example:

    \b
        graphkit export --projection org-org -o coalitions.gexf
        graphkit export --from 2024-07-16 --top 200 -o network.csv
        graphkit export -o lobbying.ftm.json
        graphkit export -o lobbying-package/
        graphkit export -o graph.cypher
    """
    dataset = workspace.load()
    try:
        written = export(
            dataset, output, fmt, projection=projection, filters=filters, top=top, measure=measure
        )
    except OSError as err:
        raise GraphkitError(f"cannot write {output}: {err.strerror or err}") from err
    for path in written:
        say(f"wrote {path}")
