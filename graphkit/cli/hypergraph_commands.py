"""``graphkit hypergraph``, ``significance``, ``balance`` and ``file``: meetings as groups, access
against chance, whose interests each host hears, and who lobbied on a legislative file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from graphkit.cli.app import main, output_options, print_rows, say, workspace_option
from graphkit.cli.graph_options import filter_options
from graphkit.model.vocabulary import HYPERGRAPH_MEASURES

if TYPE_CHECKING:
    from graphkit.graph import GraphFilter
    from graphkit.workspace import Workspace

# From the vocabulary (not from graphkit.analysis.hypergraph), so that --help loads no numba.
MEASURES = HYPERGRAPH_MEASURES
WITHIN = ("institution", "year")
BY = ("mep", "official", "unit", "group", "committee", "procedure", "institution")


def null_options(func):
    func = click.option(
        "--within",
        type=click.Choice(WITHIN),
        multiple=True,
        help="Reshuffle only among meetings of the same institution and/or year (repeatable).",
    )(func)
    func = click.option("--seed", type=int, default=0, show_default=True, help="Seed of the reshuffles.")(func)
    return func


@main.command("hypergraph")
@click.option("--measure", type=click.Choice(MEASURES), default="degree", show_default=True)
@click.option(
    "--null",
    "samples",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Compare with N reshuffles of the meetings (sizes and actors' meetings kept): z, p.",
)
@null_options
@click.option("--kind", default="organisation", show_default=True, help="Rows of this kind ('all': every kind).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@filter_options
@output_options
@workspace_option
def hypergraph_command(
    measure: str,
    samples: int,
    within: tuple[str, ...],
    seed: int,
    kind: str,
    top: int,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Rank actors with each meeting as one group (hyperedge) over all its participants.

    degree: distinct meeting groups (the count of Azaiez & Mandel's Commission study);
    strength: meetings; normalised_degree: groups weighted 1/(size − 1); hypercoreness:
    depth in the hyper-cores over meeting sizes (Mancastroppa et al. 2023); eigenvector:
    in groups with the well-connected. With --null N, observed value, null mean and spread,
    z-score and empirical p against N seeded reshuffles.

    Example:

    \b
        graphkit hypergraph --measure degree --institution EC --from 2019-12-01 --top 10
        graphkit hypergraph --measure hypercoreness --null 100 --seed 1 --within year
    """
    from graphkit.analysis.hypergraph import build_hypergraph, hypergraph_centrality, significance

    hg = build_hypergraph(workspace.load(), filters=filters)
    kinds = None if kind == "all" else (kind,)
    if samples:
        frame = significance(hg, measure, samples=samples, seed=seed, within=within)
        frame = frame if kinds is None else frame[frame["kind"].isin(kinds)]
        title = f"{measure} against {samples} reshuffles (seed {seed})"
    else:
        frame = hypergraph_centrality(hg, measure, kinds=kinds)
        title = f"hypergraph {measure}: {hg.meetings.shape[0]} meetings, {hg.edges.shape[0]} distinct groups"
    print_rows(frame.head(top) if top else frame, fmt, title=title)


@main.command("significance")
@click.option("--samples", type=click.IntRange(1), default=100, show_default=True, help="Reshuffles.")
@null_options
@click.option("--alpha", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="more_than_chance: p at most this.")
@click.option("--name", help="Only pairs of this organisation or MEP/official (an id, name or acronym).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@filter_options
@output_options
@workspace_option
def significance_command(
    samples: int,
    within: tuple[str, ...],
    seed: int,
    alpha: float,
    name: str | None,
    top: int,
    filters: GraphFilter,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Did an organisation meet an MEP or official more often than chance?

    For each pair that met: meetings, the expected number (mean over seeded reshuffles that
    keep every meeting's size and every actor's number of meetings), z-score, empirical p and
    more_than_chance. Sorted by z.

    Example:

    \b
        graphkit significance --institution EC --samples 200 --seed 1 --top 10
        graphkit significance --name "BusinessEurope" --within institution --within year
    """
    from graphkit.analysis.hypergraph import build_hypergraph, pair_significance
    from graphkit.workspace.lookup import find_actor

    dataset = workspace.load()
    hg = build_hypergraph(dataset, filters=filters)
    frame = pair_significance(hg, samples=samples, seed=seed, within=within, alpha=alpha)
    title = f"meetings against {samples} reshuffles (seed {seed})"
    if name:
        actor = find_actor(dataset, name, notify=lambda note: say(note, err=True))
        frame = frame[(frame["organisation_id"] == actor["id"]) | (frame["counterpart_id"] == actor["id"])]
        title += f": {actor['name']}"
    print_rows(frame.head(top) if top else frame, fmt, title=title)


@main.command("balance")
@click.option("--by", type=click.Choice(BY), default="mep", show_default=True,
              help="One row per MEP, official, unit (DG/cabinet), political group, committee, procedure or institution.")
@click.option("--concentration", type=click.IntRange(1), default=10, show_default=True,
              help="topK_share: the share of the K most-met organisations.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@filter_options
@output_options
@workspace_option
def balance_command(
    by: str, concentration: int, top: int, filters: GraphFilter, fmt: str, workspace: Workspace
) -> None:
    """Whose voice: meetings with companies, trade associations, NGOs, trade unions, think
    tanks, public bodies and others (the Register category of each organisation), their
    shares, the top-K share and the HHI of the organisations met.

    Example:

    \b
        graphkit balance --by mep --top 10
        graphkit balance --by procedure --institution EP --csv > files.csv
    """
    from graphkit.analysis.balance import balance

    frame = balance(workspace.load(), by, filters=filters, top=concentration)
    if frame.empty:
        say("No meetings with organisations.")
        return
    print_rows(frame.head(top) if top else frame, fmt, title=f"balance of interests by {by}")


@main.command("file")
@click.argument("procedure")
@click.option("--timeline", is_flag=True, help="Meetings per period instead of organisations.")
@click.option("--mentions", is_flag=True,
              help="The meetings on the file and how each names it (reference, title or acronym).")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True,
              help="--timeline: the period.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to print (0: all).")
@filter_options
@output_options
@workspace_option
def file_command(
    procedure: str, timeline: bool, mentions: bool, by: str, top: int, filters: GraphFilter, fmt: str,
    workspace: Workspace,
) -> None:
    """Who lobbied on a legislative file, and when.

    PROCEDURE is the file's reference in any spelling (2022/0396(COD), COD 2022/0396), or a
    title or acronym the data gives that file alone (DSA, "Digital Services Act"). Meetings
    count when their procedure names the reference (among others), or when their procedure or
    title names the file by such a title or acronym (--mentions lists each and how).

    Organisations by meetings on the file, with the distinct MEPs/officials met and the
    meetings with the rapporteur, shadows, chair or other members; --timeline: meetings per
    month (quarter, year) from the first meeting on the file to the last.

    Example:

    \b
        graphkit file "2022/0396(COD)" --top 10
        graphkit file "2022/0396(COD)" --timeline --by quarter
        graphkit file DSA --mentions --top 0 --csv
    """
    from graphkit.analysis.files import file_meetings, file_organisations, file_timeline

    dataset = workspace.load()
    if mentions:
        frame = file_meetings(dataset, procedure, filters)[2]
        print_rows(frame.head(top) if top else frame, fmt, title=f"meetings on {procedure} and how they name it")
        return
    if timeline:
        frame = file_timeline(dataset, procedure, by=by, filters=filters)
        print_rows(frame, fmt, title=f"meetings on {procedure} per {by}")
        return
    frame = file_organisations(dataset, procedure, filters=filters)
    span = f"{frame['first'].min().date()} – {frame['last'].max().date()}" if len(frame) else ""
    print_rows(frame.head(top) if top else frame, fmt, title=f"organisations on {procedure} {span}".strip())
