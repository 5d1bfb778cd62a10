"""``graphkit centrality``, ``graphkit communities``, ``graphkit similar`` and ``graphkit trends``.

The analysis (networkx, scipy, the engines) is imported inside the commands, and what
``centrality``, ``communities`` and ``similar`` compute is kept in the workspace
(:mod:`graphkit.cache.results`), so that the same command again (another ``--top``, another
format) reads its table back instead of loading the dataset and measuring again.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Callable

import click
import pandas as pd

from graphkit.cache.results import cached_result
from graphkit.cli.app import main, output_options, print_rows, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.cli.store_options import store_options
from graphkit.graph.filters import TERMS, GraphFilter
from graphkit.graph.names import ALL_PROJECTIONS, MEASURES, METHODS, PERIODS, SIMILARITIES, SUMMARY_TABLES
from graphkit.workspace.storage import Workspace

ONE_MODE_OR_TWO = [name for name in ALL_PROJECTIONS if name != "meetings"]


def projection_option(default: str = "org-mep") -> Callable:
    return click.option(
        "--projection",
        type=click.Choice(ONE_MODE_OR_TWO),
        default=default,
        show_default=True,
        help="Which graph: organisation ↔ MEP/official/topic, or co-attendance (org-org, mep-mep, …).",
    )


@main.command("centrality")
@click.option("--measure", type=click.Choice(MEASURES), default="pagerank", show_default=True)
@projection_option()
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@click.option("--kind", help="Only rows of this kind (organisation, mep, official, topic).")
@click.option("--k", "k", type=click.IntRange(1), help="Betweenness: sample K source nodes.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --k.")
@click.option(
    "--by",
    type=click.Choice(["category"]),
    help="Rank organisations within their interest group (Register category); --top K of each group.",
)
@store_options  # --store neo4j [--pull]: computed in the Neo4j server (graphkit/cli/store_options.py)
@filter_options
@output_options
@workspace_option
def centrality_command(
    measure: str,
    projection: str,
    top: int,
    kind: str | None,
    k: int | None,
    seed: int,
    by: str | None,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Rank actors by a centrality measure: who has the most access, who brokers it.

    degree: distinct counterparts; weighted_degree: meetings; pagerank: access to the
    well-connected; betweenness: brokers between groups; eigenvector, closeness, harmonic.

    Example:

    \b
        graphkit centrality --measure betweenness --projection org-mep --top 10
        graphkit centrality --measure degree --by category --top 5
    """
    by_category = by == "category"
    if by_category and kind and kind != "organisation":
        raise click.UsageError("--by category ranks organisations: --kind can only be organisation")

    def compute(note: Callable[[str], None]) -> tuple[pd.DataFrame, str]:
        from graphkit.analysis.centrality import centrality
        from graphkit.cache.graphs import cached_graph

        graph = cached_graph(workspace, projection, filters=filters)
        frame = centrality(graph, measure, k=k, seed=seed if k else None, by_category=by_category)
        return frame, f"{measure} on {projection}"

    parameters = {"measure": measure, "projection": projection, "k": k, "seed": seed if k else None,
                  "by_category": by_category, "filters": dataclasses.asdict(filters)}  # fmt: skip
    frame = cached_result(workspace, "centrality", parameters, compute).frame
    if by_category:
        from graphkit.analysis.interest_ranks import head_per_group

        if _no_categories(frame, projection):
            return
        title = f"{measure} on {projection}, ranked within each interest group"
        # Every row is an organisation: the kind column would only take room from names.
        print_rows(head_per_group(frame, top).drop(columns="kind"), fmt, title=title)
        return
    if kind:
        frame = frame[frame["kind"] == kind]
    print_rows(frame.head(top) if top else frame, fmt, title=f"{measure} on {projection}")


@main.command("communities")
@click.option("--method", type=click.Choice(METHODS), default="louvain", show_default=True)
@projection_option("org-org")
@click.option(
    "--resolution", type=float, default=1.0, show_default=True, help="Above 1: more, smaller communities."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Same seed, same communities (one thread)."
)
@click.option(
    "--parallel", is_flag=True, help="Use every core, about twice as fast; results may vary run to run."
)
@click.option("--members", is_flag=True, help="Print every member instead of one row per community.")
@click.option(
    "--top", default=20, show_default=True, type=click.IntRange(0), help="Communities to print (0: all)."
)
@filter_options
@output_options
@workspace_option
def communities_command(
    method: str,
    projection: str,
    resolution: float,
    seed: int,
    parallel: bool,
    members: bool,
    top: int,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Find coalitions: communities of actors that meet together (Louvain or Leiden).

    Prints one row per community and the modularity: size, kinds, its name (largest: the
    members with the most meetings), meetings_attended (distinct meetings at which at least
    one member was present), topics, institutions; --members prints every member with its
    community.

    Example:

    \b
        graphkit communities --projection org-org --method leiden --term 2019-2024
    """

    def compute(note: Callable[[str], None]) -> tuple[pd.DataFrame, str]:
        from graphkit.analysis.communities import communities, community_summary
        from graphkit.cache.graphs import cached_graph

        graph = cached_graph(workspace, projection, filters=filters)
        frame = communities(graph, method, resolution=resolution, seed=None if parallel else seed)
        title = f"{method} communities on {projection}: modularity {frame.attrs['modularity']:.4f}"
        if members:
            return frame, title
        return community_summary(graph, frame, workspace.load(tables=SUMMARY_TABLES), filters=filters), title

    if parallel:  # the partition may differ from run to run: computed each time
        frame, title = compute(lambda note: None)
    else:
        parameters = {"method": method, "projection": projection, "resolution": resolution, "seed": seed,
                      "members": members, "filters": dataclasses.asdict(filters)}  # fmt: skip
        result = cached_result(workspace, "communities", parameters, compute)
        frame, title = result.frame, result.title
    if members:
        print_rows(frame, fmt)
        return
    shown = frame.head(top) if top else frame
    if fmt == "table":
        shown, title = _one_kind_in_title(shown, title)
    print_rows(shown, fmt, title=title)


def _one_kind_in_title(summary: pd.DataFrame, title: str) -> tuple[pd.DataFrame, str]:
    """A community table whose communities are all of one kind (org-org: "organisation 818",
    the size again) without its kinds column, the kind said in the title instead: at 80 columns
    the column would only take room from the names.

    >>> table = pd.DataFrame({"community": [0, 1], "size": [3, 2], "kinds": ["organisation 3", "organisation 2"]})
    >>> shown, title = _one_kind_in_title(table, "louvain communities on org-org")
    >>> list(shown.columns), title
    (['community', 'size'], 'louvain communities of organisations on org-org')
    """
    if "kinds" not in summary.columns or summary.empty:
        return summary, title
    kinds = summary["kinds"].astype(str)
    single = kinds.str.fullmatch(r"\S+ \d+")
    kind = kinds.str.rsplit(" ", n=1).str[0]
    if not single.all() or kind.nunique() != 1:
        return summary, title
    # "louvain communities on org-org" → "louvain communities of organisations on org-org"
    head, sep, tail = title.partition(" on ")
    return summary.drop(columns="kinds"), f"{head} of {kind.iloc[0]}s{sep}{tail}"


@main.command("similar")
@click.argument("name")
@projection_option("org-mep")
@click.option("--measure", type=click.Choice(SIMILARITIES), default="jaccard", show_default=True)
@click.option("--top", default=20, show_default=True, type=click.IntRange(1))
@click.option("--all", "all_candidates", is_flag=True, help="List every actor NAME could mean, and stop.")
@filter_options
@output_options
@workspace_option
def similar_command(
    name: str,
    projection: str,
    measure: str,
    top: int,
    all_candidates: bool,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Actors whose counterparts most resemble NAME's (an id, Register ID, name or acronym).

    For an organisation: organisations that met the same MEPs/officials. For an MEP: MEPs
    lobbied by the same organisations.

    Example:

    \b
        graphkit similar "European Environmental Bureau" --measure overlap
    """
    if all_candidates:
        from graphkit.workspace.lookup import candidate_table, find_actors

        candidates = candidate_table(find_actors(workspace.load(), name), evidence=fmt != "table")
        print_rows(candidates, fmt, f"actors {name!r} could mean", wide=True)
        return

    def compute(note: Callable[[str], None]) -> tuple[pd.DataFrame, str]:
        from graphkit.analysis.similarity import similar
        from graphkit.cache.graphs import cached_graph
        from graphkit.workspace.lookup import find_actor

        hint = f"graphkit similar --all {shlex.quote(name)} lists every candidate"
        actor = find_actor(workspace.load(), name, notify=note, hint=hint)
        graph = cached_graph(workspace, projection, filters=filters)
        return similar(graph, actor["id"], measure=measure, top=top), f"like {actor['name']}"

    parameters = {"name": name, "projection": projection, "measure": measure, "top": top,
                  "filters": dataclasses.asdict(filters)}  # fmt: skip
    result = cached_result(workspace, "similar", parameters, compute)
    for note in result.notes:
        say(note, err=True)
    print_rows(result.frame, fmt, title=result.title)


@main.command("trends")
@click.option("--measure", type=click.Choice(MEASURES), default="degree", show_default=True)
@projection_option()
@click.option(
    "--by",
    "by_options",
    type=click.Choice([*PERIODS, "category"]),
    multiple=True,
    help="Windows per year (default) or EP term; 'category' (repeatable: --by term --by category) "
    "ranks organisations within their interest group.",
)
@click.option("--kind", default="organisation", show_default=True, help="Rank actors of this kind.")
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="Rows per window (per group with --by category).",
)
@click.option(
    "--changes",
    nargs=2,
    metavar="BEFORE AFTER",
    help="Risers and fallers between two windows: EP terms (2019-2024 2024-2029), years (2021 2023) "
    "or spans of years (2019-2021 2022-2024).",
)
@click.option(
    "--allow-uneven",
    is_flag=True,
    help="With --changes: rank even when one window holds under a fifth of the other's meetings "
    "(refused by default: such ranks compare what the sources cover, not lobbying).",
)
@filter_options
@output_options
@workspace_option
def trends_command(
    measure: str,
    projection: str,
    by_options: tuple[str, ...],
    kind: str,
    top: int,
    changes: tuple[str, str] | None,
    allow_uneven: bool,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """A measure per year or EP term, or who rose and fell most between two windows.

    Every row carries its window's meetings and their sources (a table prints them above the
    ranks). --changes refuses two windows when one holds under a fifth of the other's meetings,
    unless --allow-uneven.

    Example:

    \b
        graphkit trends --measure degree --by year
        graphkit trends --changes 2020 2021
        graphkit trends --changes 2020-2021 2022-2023 --institution EC
        graphkit trends --by term --by category --top 3
    """
    periods = [option for option in by_options if option in PERIODS]
    if len(set(periods)) > 1:
        raise click.UsageError("--by takes one period: year or term (and category)")
    by = periods[0] if periods else "year"
    by_category = "category" in by_options
    if by_category and kind != "organisation":
        raise click.UsageError("--by category ranks organisations: --kind can only be organisation")
    from graphkit.analysis.trends import (
        UnevenWindowsError,
        rank_changes,
        shifted_sources,
        thin_windows,
        trend,
    )

    within = ", ranked within each interest group" if by_category else ""
    dataset = workspace.load()
    if changes:
        before, after = (_window(label, filters) for label in changes)
        try:
            frame = rank_changes(
                dataset, measure, projection, before=before, after=after, kinds=(kind,), top=top, labels=changes,
                by_category=by_category, allow_uneven=allow_uneven,
            )  # fmt: skip
        except UnevenWindowsError as err:
            raise click.ClickException(
                f"{err.why}; pick windows the data fills (graphkit info: dates per source) or pass --allow-uneven"
            ) from err
        if by_category and _no_categories(frame, projection):
            return
        # Every row is of --kind, said in the title: the column would only take room from names.
        title = f"{measure} rank of {kind}s, {changes[0]} → {changes[1]}{within}"
        if fmt == "table":
            _print_windows(frame.attrs["meetings"], frame.attrs["sources"])
            _print_by_direction(frame.drop(columns=["kind", *WINDOW_COLUMNS]), title)
        else:
            print_rows(frame.drop(columns="kind"), fmt, title=title)
    else:
        frame = trend(
            dataset,
            measure,
            projection,
            by=by,
            filters=filters,
            kinds=(kind,),
            top=top,
            by_category=by_category,
        )
        if frame.empty:
            say("No meetings in any window.")
            return
        if by_category and _no_categories(frame, projection):
            return
        shown = frame.drop(columns="kind")
        if fmt == "table":
            _print_windows(frame.attrs["meetings"], frame.attrs["sources"])
            shown = shown.drop(columns=["window_meetings", "window_sources"])
        print_rows(shown, fmt, title=f"{measure} of {kind}s per {by} on {projection}{within}")
    for warning in [
        *thin_windows(frame.attrs["meetings"]),
        *shifted_sources(frame.attrs["meetings"], frame.attrs["sources"]),
    ]:
        say(f"warning: {warning}", err=True)


WINDOW_COLUMNS = ["meetings_before", "meetings_after", "sources_before", "sources_after"]


def _print_windows(meetings: dict[str, int], sources: dict[str, dict[str, int]]) -> None:
    """What each window rests on, as one table above the ranks (the machine formats carry it in
    every row instead)."""
    from graphkit.analysis.trends import sources_text

    rows = pd.DataFrame(
        {
            "window": list(meetings),
            "meetings": list(meetings.values()),
            "sources": [sources_text(sources[label]) for label in meetings],
        }
    )
    print_rows(rows, title="Windows: meetings and their sources")


def _print_by_direction(frame: pd.DataFrame, title: str) -> None:
    """Risers and fallers as one table per direction (rose, fell, new, gone, in the order the
    rows give them), the direction in each table's title: at 80 columns a direction column
    beside six numbers has no room left and cuts its words ("ros/e")."""
    if "direction" not in frame.columns or frame.empty:
        print_rows(frame, title=title)
        return
    for direction in frame["direction"].drop_duplicates():
        rows = frame[frame["direction"] == direction].drop(columns="direction")
        print_rows(rows, title=f"{title}: {direction}")


def _no_categories(frame: pd.DataFrame, projection: str) -> bool:
    """Say so and return True when ``--by category`` has nothing to group: no organisation in
    the result, or none with a Register category."""
    from graphkit.analysis.interest_ranks import NO_CATEGORY_NOTE, no_category

    if frame.empty:
        say(f"No organisations to rank by interest group on {projection}.")
        return True
    if no_category(frame):
        say(NO_CATEGORY_NOTE)
        return True
    return False


def _window(label: str, filters: GraphFilter) -> GraphFilter:
    if label in TERMS:
        return dataclasses.replace(filters, term=label, date_from=None, date_to=None)
    first, _, last = label.partition("-")
    last = last or first
    if all(year.isdigit() and len(year) == 4 for year in (first, last)) and first <= last:
        return dataclasses.replace(filters, term=None, date_from=f"{first}-01-01", date_to=f"{last}-12-31")
    raise click.BadParameter(
        f"{label!r} is neither an EP term ({', '.join(TERMS)}), a year nor a span of years (2019-2021)",
        param_hint="--changes",
    )
