"""``graphkit query``: ad-hoc Cypher on the embedded store (default) or Neo4j."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from graphkit.cli.app import driver_notifications, main, output_options, print_rows, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.errors import GraphkitError
from graphkit.graph import GraphFilter
from graphkit.stores.bounded import DEFAULT_MAX_MEMORY, GIB
from graphkit.stores.cypher_files import query_to_run
from graphkit.stores.query import (
    DEFAULT_TIMEOUT_SECONDS,
    EMBEDDED,
    STORES,
    choose_store,
    display_frame,
    open_store,
    parse_params,
    prepare_params,
    run_query,
)
from graphkit.stores.redact import scrubbed_errors
from graphkit.workspace import Workspace

# Rows a table shows unless --max-rows says otherwise: more is a runaway query's output, not a table.
DEFAULT_PRINT_ROWS = 1_000


@main.command("query")
@click.argument("cypher", metavar="[NAME|CYPHER]", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Run the query in this .cypher file (one of yours; the shipped ones run by NAME).",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='A parameter: a JSON literal (10, 2.5, true, ["a","b"], "text"), an ISO date '
    "(2024-05-02), or else text. Repeat for several.",
)
@click.option("--write", is_flag=True, help="Allow the query to write, and say what it changed.")
@click.option(
    "--wait",
    is_flag=True,
    help="With --write on the embedded store: if another process writes to the workspace, wait for it.",
)
@click.option(
    "--html",
    "html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the returned nodes, relationships and paths as an HTML network page.",
)
@click.option(
    "--store",
    "store_name",
    type=click.Choice(STORES),
    help="Where to run: the workspace's embedded graph (default) or Neo4j (default when NEO4J_URI is set).",
)
@click.option(
    "--list", "list_files", is_flag=True, help="List the named queries: what each answers, its parameters."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this long (0: no limit).",
)
@click.option(
    "--max-memory",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_MEMORY / GIB,
    show_default=True,
    metavar="GB",
    help="Embedded store: stop the query when it takes more memory than this (0: no limit).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help=f"Print at most N rows (0: all; default {DEFAULT_PRINT_ROWS:,} in a table, all in --csv/--json/…).",
)
@click.option(
    "--allow-files",
    "allow_files",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Let LOAD CSV read the files under this directory (embedded store; refused otherwise).",
)
@click.option("--debug", is_flag=True, help="On an error, also print the traceback (credentials hidden).")
@filter_options
@output_options
@workspace_option(required=False)  # Neo4j needs none; the embedded store says so itself
def query_command(
    cypher: str | None,
    file: Path | None,
    params: tuple[str, ...],
    write: bool,
    wait: bool,
    html: Path | None,
    store_name: str | None,
    list_files: bool,
    timeout: float,
    max_memory: float,
    max_rows: int | None,
    allow_files: Path | None,
    debug: bool,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Run a named query or Cypher text and print its rows. Read-only unless --write.

    NAME is one of the queries graphkit ships (graphkit query --list: what each answers and
    the parameters it takes); anything else is Cypher text. Runs on the workspace's embedded graph (no server; rebuilt on every ingest), or on Neo4j
    with --store neo4j or NEO4J_URI set. Values always go as parameters (-p), never into the
    query text. A named query's (or -f file's) header says which parameters it takes; names
    given for actors are resolved in the workspace.

    The filters (--from, --to, --term, --institution, --category, --country, --min-meetings)
    run the query on an in-memory graph of the meetings and actors they keep, the same ones
    graphkit view, export and centrality hold (embedded store only; read-only).

    Read-only means: no writes, no files (LOAD CSV only with --allow-files DIR on the embedded
    store, only with --write on Neo4j), no TERMINATE, and only the procedures and commands on
    the read list (db.labels, db.schema.*, gds.*.stream/stats/estimate, SHOW INDEXES, …).

    Example:

    \b
        graphkit query "MATCH (o:Organisation)-[:MET]->(m:MEP) RETURN m.name, count(*) AS n ORDER BY n DESC LIMIT 10"
        graphkit query --list
        graphkit query top_lobbyists -p mep="Kathleen Van Brempt" -p limit=5
        graphkit query -f my_query.cypher -p organisation=BEUC
        graphkit query 'MATCH (:Organisation)-[r:MET]->() WHERE r.date >= $since RETURN count(r)' -p since=2024-01-01
        graphkit query top_lobbyists -p mep="Kathleen Van Brempt" --term 2019-2024
    """
    if list_files:
        _print_query_catalogue(fmt)  # run one with graphkit query NAME
        return
    if (cypher is None) == (file is None):
        raise click.UsageError("give either a NAME (see --list), CYPHER text or -f FILE")
    text, query_file = query_to_run(cypher, file)
    values = prepare_params(parse_params(params), query_file, workspace.load)
    name = choose_store(store_name)
    if not filters.is_empty() and (write or name != EMBEDDED):
        raise click.UsageError(
            "the filters cut a read-only copy of the embedded store: not with --write or Neo4j"
        )
    from graphkit.stores.embedded import is_current  # kglite loads only when a query needs it

    if name == EMBEDDED and workspace.exists() and not is_current(workspace) and filters.is_empty():
        say("building the embedded graph from the workspace (first query since the last ingest)…", err=True)
    # An embedded write holds the workspace lock from reading the graph to saving it, so two
    # writes (or a write and an ingest) never overwrite each other.
    locked = name == EMBEDDED and write and workspace.exists()
    lock = (
        workspace.writing("graphkit query --write", wait=wait, on_wait=lambda line: say(line, err=True))
        if locked
        else contextlib.nullcontext()
    )
    # The engine's warnings and the driver's notifications: each distinct one once.
    with scrubbed_errors(debug), lock, driver_notifications(debug) as notices:
        store = open_store(name, workspace, on_wait=lambda line: say(line, err=True), filters=filters)
        try:
            result = run_query(
                store,
                text,
                values,
                write=write,
                store_name=name,
                timeout=timeout,
                allow_files=allow_files,
                max_memory=round(max_memory * GIB),
            )
        finally:
            store.close()
        notices.extend(result.warnings)
    frame = result.frame
    limit = max_rows if max_rows is not None else (DEFAULT_PRINT_ROWS if fmt == "table" else 0)
    if limit and len(frame) > limit:
        say(f"showing the first {limit:,} of {len(frame):,} rows (give --max-rows 0 for all)", err=True)
        frame = frame.head(limit)
    shown = display_frame(frame, fmt)
    # The columns the query asked for, ids too; any text it returns may be a name (a query's
    # column names are its own), so no word of it is cut while the table can fit.
    from pandas.api.types import is_numeric_dtype

    text_columns = [column for column in shown.columns if not is_numeric_dtype(shown[column])]
    print_rows(shown, fmt, wide=True, names=text_columns)
    if write:
        changes = result.changes()
        summary = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in changes.items())
        say(f"{name}: {summary or 'no changes'}", err=True)
    if html is not None:
        _write_html(result.frame, html, query_file.summary if query_file else text)


def _print_query_catalogue(fmt: str) -> None:
    import pandas as pd

    from graphkit.stores.cypher_files import query_catalogue

    columns = ["query", "answers", "parameters"]
    # A query's name and a parameter's default are typed back as they are: never cut.
    print_rows(pd.DataFrame(query_catalogue(), columns=columns), fmt, names=columns)


def _write_html(frame, path: Path, title: str) -> None:
    from graphkit.stores.values import to_networkx
    from graphkit.views import to_html

    graph = to_networkx(frame)
    if graph.number_of_nodes() == 0:
        raise GraphkitError("--html: the query returned no nodes, relationships or paths to draw")
    to_html(graph, path, title=" ".join(title.split())[:120])
    say(f"wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships)", err=True)
