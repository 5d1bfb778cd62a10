"""``graphkit neo4j …``: the workspace's dataset in a Neo4j server."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import click
import pandas as pd
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graphkit.cli.app import (
    driver_notifications,
    main,
    output_options,
    print_rows,
    say,
    stderr_console,
    workspace_option,
)
from graphkit.errors import GraphkitError
from graphkit.stores.neo4j.centrality import (
    MEASURES,
    PATTERNS,
    centrality_in_neo4j,
    projection_size,
    pull_estimate_bytes,
)
from graphkit.stores.neo4j.lock import STALE_AFTER_SECONDS
from graphkit.stores.neo4j.store import LoadProgress, Neo4jStore, changed
from graphkit.stores.redact import scrubbed_errors
from graphkit.stores.rows import DEFAULT_BATCH_SIZE
from graphkit.workspace.storage import Workspace


def connection_options(func: Callable) -> Callable:
    """``--uri``, ``--user``, ``--password``, ``--database`` (each defaulting to its NEO4J_* variable),
    passed to the command as ``store`` (a :class:`Neo4jStore`), and ``--debug``. Whatever the
    command raises has its credentials redacted; with ``--debug`` its traceback is printed too."""

    @click.option("--uri", help="Bolt URI of the server (default: $NEO4J_URI).")
    @click.option("--user", help="User name (default: $NEO4J_USERNAME or $NEO4J_USER, else neo4j).")
    @click.option(
        "--password",
        help="Password (default: $NEO4J_PASSWORD; prefer the variable, so it stays out of your shell history).",
    )
    @click.option("--database", help="Database name (default: $NEO4J_DATABASE, else neo4j).")
    @click.option("--debug", is_flag=True, help="On an error, also print the traceback (credentials hidden).")
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        uri: str | None,
        user: str | None,
        password: str | None,
        database: str | None,
        debug: bool,
        **kwargs: Any,
    ) -> Any:
        with scrubbed_errors(debug), driver_notifications(debug):
            store = Neo4jStore(uri=uri, user=user, password=password, database=database)
            try:
                return func(*args, store=store, **kwargs)
            finally:
                store.close()

    return wrapper


@main.group("neo4j")
def neo4j_group() -> None:
    """Keep the graph in a Neo4j 5 server: load it, rank actors inside it (see also `graphkit query`).

    Example:

    \b
        export NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=…
        graphkit neo4j load
    """


@neo4j_group.command("load")
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows per UNWIND statement; each batch is its own transaction.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--wait", is_flag=True, help="If another load (or a writer of the workspace) is running, wait for it."
)
@click.option(
    "--lock-timeout",
    default=STALE_AFTER_SECONDS,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Take over the database's load lock when its holder gave no sign of life for this long.",
)
@connection_options
@workspace_option
@output_options
def load_command(
    store: Neo4jStore,
    workspace: Workspace,
    batch_size: int,
    quiet: bool,
    wait: bool,
    lock_timeout: float,
    fmt: str,
) -> None:
    """Load (merge) the workspace's dataset into Neo4j and print what changed.

    Creates a uniqueness constraint on each label's id, then MERGEs nodes and relationships in
    batches. Loading the same data again changes nothing; loading more data adds only what is new;
    a load that broke off completes when you run it again. One load into a database at a time,
    from any machine: a second fails at once naming the first (or waits, with --wait); the lock of
    a load that was killed is taken over after --lock-timeout seconds.

    Example:

    \b
        export NEO4J_URI=bolt://localhost:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=…
        graphkit ingest examples/openlobby/
        graphkit neo4j load
    """
    with workspace.writing("graphkit neo4j load", wait=wait, on_wait=_notice):
        dataset = workspace.load()
        agent = store.server_agent()  # connects (and checks the credentials) before any work
        started = time.perf_counter()
        lock = {"wait": wait, "lock_timeout": lock_timeout, "on_notice": _notice}
        if quiet:
            counters = store.load(dataset, batch_size=batch_size, **lock)
        else:
            counters = _load_with_progress(store, dataset, batch_size, lock)
    seconds = time.perf_counter() - started
    rows = pd.DataFrame({"counter": list(counters), "value": list(counters.values())})
    print_rows(rows, fmt, title=f"{agent} at {store.settings.display_uri} ({store.database})")
    verdict = "changed" if changed(counters) else "nothing changed (already loaded)"
    say(f"loaded in {seconds:.1f} s: {verdict}", err=True)


def _notice(line: str) -> None:
    say(line, err=True)


def _load_with_progress(
    store: Neo4jStore, dataset: Any, batch_size: int, lock: dict[str, Any]
) -> dict[str, int]:
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.fields[file]:<12}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>10} rows/s"),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=False,
    ) as progress:
        task = progress.add_task("load", total=None, file="schema", rate="")

        def advance(step: LoadProgress) -> None:
            rate = step.rows_done / max(time.perf_counter() - started, 1e-9)
            progress.update(
                task, total=step.rows_total, completed=step.rows_done, file=step.file, rate=f"{rate:,.0f}"
            )

        try:
            return store.load(dataset, batch_size=batch_size, on_batch=advance, **lock)
        except GraphkitError:
            progress.stop()
            raise


@neo4j_group.command("centrality")
@click.option(
    "--measure",
    type=click.Choice(MEASURES),
    default="pagerank",
    show_default=True,
    help="degree runs in plain Cypher; pagerank, betweenness and louvain need GDS on the server (or --pull).",
)
@click.option(
    "--projection",
    type=click.Choice(list(PATTERNS)),
    default="org-mep",
    show_default=True,
    help="Which graph: organisations ↔ MEPs, officials, both, topics, or organisations by co-attendance.",
)
@click.option(
    "--pull",
    is_flag=True,
    help="Stream the projection into graphkit's own engines (for servers without GDS).",
)
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(min=0),
    help="Rows to print, communities for louvain (0: all).",
)
@click.option("--members", is_flag=True, help="louvain: print every member instead of one row per community.")
@connection_options
@output_options
def centrality_command(
    store: Neo4jStore, measure: str, projection: str, pull: bool, top: int, members: bool, fmt: str
) -> None:
    """Rank actors by a centrality computed inside Neo4j, where the graph lives.

    Degree is plain Cypher. PageRank, betweenness and Louvain communities run in the server's
    Graph Data Science library (the projection is dropped afterwards, even on error); without
    GDS, --pull streams the projection into graphkit's own engines, after saying how big it is.
    Nodes without an edge in the projection are left out. Louvain prints one row per
    community as `graphkit communities` does (size, kinds, largest members, distinct meetings
    attended, topics, institutions); --members prints every member with its community.

    Example:

    \b
        graphkit neo4j centrality --measure betweenness --projection org-org --top 10
        graphkit neo4j centrality --measure louvain --projection org-org --top 5
        graphkit neo4j centrality --measure pagerank --pull
    """
    if members and measure != "louvain":
        raise click.UsageError("--members goes with --measure louvain")
    if pull:
        nodes, edges = projection_size(store, projection)
        say(
            f"pulling {projection}: {nodes:,} nodes, {edges:,} edges, about "
            f"{pull_estimate_bytes(nodes, edges) / 1e6:,.0f} MB in memory",
            err=True,
        )
    frame = centrality_in_neo4j(store, measure, projection, pull=pull)
    where = "in Neo4j" + (" (pulled)" if pull else "")
    if measure == "louvain":
        title = f"louvain communities on {projection} {where}: modularity {frame.attrs.get('modularity', float('nan')):.4f}"
        if not members:
            from graphkit.stores.neo4j.communities import summary_in_neo4j

            frame = summary_in_neo4j(store, frame)
    else:
        title = f"{measure} on {projection} {where}"
    print_rows(frame.head(top) if top else frame, fmt, title=title)
