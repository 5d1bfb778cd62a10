"""``graphkit demo``: the whole tour on the bundled example, with no server."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from graphkit.analysis import centrality, communities, community_summary
from graphkit.cli.app import main, print_problems, print_rows, say, stdout_console
from graphkit.cli.workspace_commands import print_summary
from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.package_data import package_path
from graphkit.stores.embedded import EmbeddedStore
from graphkit.views import to_html
from graphkit.workspace import Workspace
from graphkit.workspace.summary import top_counterparts

EXAMPLES = package_path("examples")
DEMO_QUERY = (
    "MATCH (o:Organisation)-[r:MET]->(m:MEP) "
    "RETURN m.name AS mep, count(DISTINCT r.meeting_id) AS meetings, count(DISTINCT o) AS organisations "
    "ORDER BY meetings DESC, mep LIMIT 5"
)


@main.command("demo")
@click.option(
    "--workspace",
    "workspace_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("graphkit-demo"),
    show_default=True,
    help="Where to build the demo workspace (replaced if it exists).",
)
def demo_command(workspace_path: Path) -> None:
    """Ingest the bundled example into a fresh workspace and show what graphkit finds:
    counts, the most-met counterparts, who brokers access, the coalitions, an offline HTML
    view, an ad-hoc Cypher answer from the embedded store (no server needed), a dossier on
    11.11.11, a GEXF file for Gephi and a data package.

    Example:

    \b
        graphkit demo
    """
    if workspace_path.exists():
        shutil.rmtree(workspace_path)
    workspace = Workspace(workspace_path)
    ws = f"--workspace {workspace_path}"

    _step(f"graphkit ingest {ws} examples/openlobby/")
    report = ingest([EXAMPLES / "openlobby"], workspace)
    print_problems(report.problems)

    _step(f"graphkit info {ws}")
    dataset = workspace.load()
    print_summary(dataset)
    print_rows(
        top_counterparts(dataset, 10).drop(columns="id"),
        title="Top counterparts (meetings with organisations)",
    )

    _step(f"graphkit centrality {ws} --measure betweenness --projection org-counterpart --top 5")
    graph = build_graph(dataset, "org-counterpart")
    brokers = centrality(graph, "betweenness").head(5)
    print_rows(brokers[["rank", "name", "kind", "betweenness"]], title="Who brokers access (betweenness)")

    _step(f"graphkit communities {ws} --projection org-counterpart")
    found = communities(graph, "louvain", seed=0)
    summary = community_summary(graph, found, dataset)
    print_rows(
        summary[["community", "size", "largest", "institutions"]], title="Coalitions (Louvain communities)"
    )

    page = workspace_path / "11-11-11.html"
    _step(f"graphkit view {ws} --projection meetings --focus 11.11.11 --depth 2 -o {page}")
    to_html(
        build_graph(dataset, "meetings"),
        page,
        focus="11.11.11",
        depth=2,
        title="11.11.11: meetings, co-attendees and topics",
    )
    say(f"wrote {page}: open it in a browser (it works offline)")

    _step(f'graphkit query {ws} "{DEMO_QUERY}"')
    with EmbeddedStore.for_workspace(workspace) as store:
        print_rows(store.run(DEMO_QUERY), title="Cypher on the embedded graph (no server)")

    from graphkit.exports import export
    from graphkit.reports import dossier, write_dossier

    dossier_page = workspace_path / "11-11-11-dossier.html"
    _step(f"graphkit report {ws} 11.11.11 --html {dossier_page}")
    write_dossier(dossier(dataset, "11.11.11"), dossier_page)
    say(f"wrote {dossier_page}: one page on 11.11.11, every figure with its sources")

    gexf = workspace_path / "network.gexf"
    _step(f"graphkit export {ws} -o {gexf}")
    export(dataset, gexf)
    say(f"wrote {gexf}: open it in Gephi, its timeline plays the meetings")

    package = workspace_path / "datapackage"
    _step(f"graphkit export {ws} -o {package}/")
    export(dataset, package, "datapackage")
    say(f"wrote {package}/datapackage.json and a CSV per table: for Datasette, a spreadsheet or pandas")


def _step(command: str) -> None:
    stdout_console().rule(style="cyan")
    say("$ " + command, style="bold")  # whole, so that it can be pasted
