"""``graphkit ingest``, ``graphkit resolve`` and ``graphkit info``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.app import (
    main,
    output_options,
    print_problems,
    print_rows,
    say,
    workspace_option,
)
from graphkit.cli.info_commands import print_info, print_summary_dict, resolution_line
from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    import pandas as pd

    from graphkit.workspace import Dataset, Workspace

# `info` is meant to answer at once: what only `ingest` and `resolve` use (the sources' readers,
# resolution, rapidfuzz) is imported inside them.


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--aliases",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV of alias,canonical rows (canonical: a name or a Register ID) to merge organisations by.",
)
@click.option(
    "--wait", is_flag=True, help="If another process writes to the workspace, wait for it (default: fail)."
)
@click.option(
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every problem to this file, one a line (FILE:LINE: WHAT).",
)
@workspace_option(required=False)  # ingest makes the workspace
def ingest_command(
    paths: tuple[Path, ...],
    workspace: Workspace,
    aliases: Path | None,
    wait: bool,
    problems_file: Path | None,
) -> None:
    """Read lobbying records from files or directories into the workspace.

    Prints the problems grouped by kind (a count and the first three of each; --problems FILE
    keeps every one as FILE:LINE: WHAT), then the rows each table holds and gained.
    Ingesting the same files again changes nothing; if a file cannot be read at all, nothing
    is written. One process writes to a workspace at a time: while another does, this fails at
    once naming it (or waits, with --wait); queries keep reading the last whole dataset.

    Example:

    \b
        graphkit ingest examples/openlobby/11-11-11.txt
        graphkit ingest downloads/ --aliases my-aliases.csv   (the folder graphkit fetch fills)
    """
    from graphkit.ingest import ingest

    report = ingest(paths, workspace, aliases=aliases, wait=wait, on_wait=_say_err)
    problems = report.problems
    if problems_file is not None:
        problems_file.write_text("".join(f"{problem}\n" for problem in problems), encoding="utf-8")
    # The problems first and the summary last, so that hundreds of problems never push it away.
    print_problems(
        problems, more=f" (all in {problems_file})" if problems_file else " (--problems FILE lists all)"
    )
    for file in report.files:
        counts = ", ".join(f"{count} {name}" for name, count in file.counts.items() if count)
        say(f"{file.path} ({file.source}): {counts}")
    added = report.added()
    print_rows(
        _frame(
            {
                "table": list(report.after),
                "rows": list(report.after.values()),
                "added": [added[name] for name in report.after],
            }
        ),
        title=f"workspace {workspace.path}",
    )
    if report.merges.get("organisations_before") != report.merges.get("organisations_after"):
        say(resolution_line(report.merges))
    if report.alias_problems:
        lines = ", ".join(
            str(line) for line in sorted(problem.line or 0 for problem in report.alias_problems)
        )
        say(
            f"Aliases: {len(report.alias_problems)} row(s) of {report.alias_problems[0].file} match no "
            f"organisation and change nothing (line(s) {lines})"
        )
    if problems:
        kinds = len({problem.kind for problem in problems})
        say(
            f"{len(problems)} problem(s) of {kinds} kind(s), above; every other record was ingested.",
            err=True,
        )


@main.command("resolve")
@click.option(
    "--suggest",
    is_flag=True,
    help="List candidate clusters resolution did not merge (and joined names it kept whole), the "
    "ones that move most meetings among the top organisations first, with their evidence.",
)
@click.option(
    "--accept",
    "accepted",
    multiple=True,
    metavar="CLUSTER",
    help="Make this suggested cluster one organisation (repeatable): its rows join the alias file.",
)
@click.option(
    "--reject",
    "rejected",
    multiple=True,
    metavar="CLUSTER",
    help="These names are not one organisation (repeatable): the cluster joins WORKSPACE/rejected.csv, "
    "is never suggested again and never merged by a rule.",
)
@click.option("--top", default=50, show_default=True, help="How many suggestions to list (0: all).")
@click.option(
    "--wait", is_flag=True, help="If another process writes to the workspace, wait for it (default: fail)."
)
@click.option(
    "--audit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Draw N random organisation merges and N random organisations to judge by hand (CSV).",
)
@click.option("--seed", default=1, show_default=True, help="Seed of the --audit draw (same seed, same draw).")
@click.option(
    "--judgements",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --audit: the drawn CSV with verdicts filled; print precision of merges and the "
    "share of non-organisations, with 95% Wilson intervals.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --audit: write the CSV to judge to this file (default: print it).",
)
@output_options
@workspace_option
def resolve_command(
    suggest: bool,
    accepted: tuple[str, ...],
    rejected: tuple[str, ...],
    top: int,
    wait: bool,
    audit: int | None,
    seed: int,
    judgements: Path | None,
    output: Path | None,
    fmt: str,
    workspace: Workspace,
) -> None:
    """Review entity resolution, as OpenRefine's clustering: list the candidate clusters it did
    not merge (an acronym several names claim, a Register ID shared by names that disagree,
    close spellings), each with its names, meetings and evidence; accept the ones that are one
    organisation. Accepted clusters become rows of WORKSPACE/aliases.csv (edit it by hand too);
    rejected ones rows of WORKSPACE/rejected.csv: every ingest and every run of this command
    replays both (a rejected cluster is never listed again, and no rule merges its names). Without
    options, resolves the workspace again with its alias file and reports alias rows that match
    nothing.

    The queue is ranked by what a decision changes: moved = the meetings the largest name would
    gain (the union of the names' meetings less its own; a split moves the joined name's
    meetings); score = moved, times 10 where a name has, or the merged one would have, as many
    meetings as the 40th organisation. Each cluster shows the counterparts several of its names
    met, each name's first and last meeting, and sample source rows (file:line).

    --audit N draws N random organisation merges and N random organisations (the same for the
    same workspace and --seed) as a CSV to judge: fill its verdict column with right, wrong or
    unsure for a merge, and organisation, person, title, fragment, eu_body, government, other or
    unsure for an organisation. --judgements FILE scores the filled CSV against the draw: items
    are matched by their ids, so an old judgements file replays on a new draw after resolution
    changed (an item nobody judged is reported as unjudged).

    Example:

    \b
        graphkit resolve --suggest
        graphkit resolve --accept 3f9a01bc --accept 9d2c4e11
        graphkit resolve --reject 5be0c2d7
        graphkit resolve
        graphkit resolve --audit 200 --seed 1 --output audit.csv
        graphkit resolve --audit 200 --seed 1 --judgements audit.csv
    """
    from graphkit.resolution.review import candidates

    if audit is None and (judgements is not None or output is not None):
        raise click.UsageError("--judgements and --output go with --audit N")
    if audit is not None:
        if suggest or accepted or rejected:
            raise click.UsageError("--audit reads the workspace as it is: not with --suggest, --accept or --reject")
        _audit_and_say(workspace, audit, seed, judgements, output, fmt)
        return
    dataset = workspace.load()  # workspace_option has said so if there is none
    if suggest:
        from graphkit.resolution.rejections import read_rejections

        found = candidates(dataset, read_rejections(workspace.rejected_file)["cluster"])
        shown = found if top == 0 else found.head(top)
        print_rows(shown.drop(columns=["ids", "split"]), fmt, title=f"{len(shown)} of {len(found)} candidate cluster(s)")
        return
    with workspace.writing("graphkit resolve", wait=wait, on_wait=_say_err):  # aliases.csv and the snapshot
        _resolve_and_say(workspace, accepted, rejected)


def _resolve_and_say(workspace: Workspace, accepted: tuple[str, ...], rejected: tuple[str, ...] = ()) -> None:
    from graphkit.ingest import resolve_workspace
    from graphkit.resolution.aliases import combine_aliases, read_aliases, unmatched_aliases, write_aliases
    from graphkit.resolution.rejections import read_rejections, write_rejections
    from graphkit.resolution.review import aliases_for, candidates
    from graphkit.workspace.summary import summarise

    dataset = workspace.load()  # again, now that no other process writes to it
    if accepted or rejected:
        both = sorted(set(accepted) & set(rejected))
        if both:
            raise GraphkitError(f"cluster {', '.join(both)} both accepted and rejected: say which")
        stored_rejections = read_rejections(workspace.rejected_file)
        found = candidates(dataset, stored_rejections["cluster"])
        already = set(rejected) & set(stored_rejections["cluster"])  # rejecting twice changes nothing
        unknown = sorted((set(accepted) | set(rejected)) - set(found["cluster"]) - already)
        if unknown:
            raise GraphkitError(
                f"no suggested cluster {', '.join(unknown)} (graphkit resolve --suggest lists them)"
            )
    if rejected:
        import pandas as pd

        chosen = found[found["cluster"].isin(rejected)]
        write_rejections(pd.concat([stored_rejections, chosen[["cluster", "names", "ids"]]]), workspace.rejected_file)
        say(f"{len(chosen)} cluster(s) rejected in {workspace.rejected_file}: never suggested nor merged again")
    if accepted:
        chosen = found[found["cluster"].isin(accepted)]
        if chosen["split"].any():
            raise GraphkitError(
                f"{', '.join(chosen.loc[chosen['split'], 'cluster'])}: a joined name to split is no alias row "
                "(correct the source, or --reject it)"
            )
        rows = aliases_for(dataset, chosen)
        stored = read_aliases(workspace.alias_file) if workspace.alias_file.exists() else None
        write_aliases(combine_aliases(stored, rows), workspace.alias_file)
        say(f"{len(rows)} alias row(s) written to {workspace.alias_file}")
    before = dataset.counts()["actors"]
    merged = resolve_workspace(workspace)
    say(f"Resolved again: {before} actors before, {merged.counts()['actors']} after")
    say(resolution_line(summarise(merged)))
    aliases = read_aliases(workspace.alias_file) if workspace.alias_file.exists() else None
    print_problems(unmatched_aliases(merged, aliases, str(workspace.alias_file)))


def _audit_and_say(
    workspace: Workspace, n: int, seed: int, judgements: Path | None, output: Path | None, fmt: str
) -> None:
    from graphkit.resolution.audit import read_judgements, score_audit, workspace_audit

    drawn = workspace_audit(workspace, n, seed)
    if judgements is None:
        if output is None:
            print_rows(drawn, "csv" if fmt == "table" else fmt)
            return
        from graphkit.spreadsheet import formula_safe_frame

        formula_safe_frame(drawn).to_csv(output, index=False)
        merges = int((drawn["sample"] == "merge").sum())
        say(f"{merges} merge(s) and {len(drawn) - merges} organisation(s) to judge written to {output}")
        return
    score = score_audit(drawn, read_judgements(judgements))
    precision, non_organisations = score.merge_precision, score.non_organisations
    say(
        f"Precision of merges: {_estimate(precision)}, right / (right + wrong); "
        f"{_counted(score.merge_verdicts)} of {sum(score.merge_verdicts.values())} drawn"
    )
    say(
        f"Non-organisations among organisations: {_estimate(non_organisations)}, every verdict but "
        f"'organisation' / every one but 'unsure'; {_counted(score.organisation_verdicts)} of "
        f"{sum(score.organisation_verdicts.values())} drawn"
    )
    print_rows(score.by_evidence, fmt, title="Drawn merges by evidence type")


def _estimate(estimate) -> str:
    if not estimate.judged:
        return "nothing judged"
    return (
        f"{estimate.share:.3f} = {estimate.hits}/{estimate.judged} "
        f"(95% Wilson {estimate.low:.3f}-{estimate.high:.3f})"
    )


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {verdict}" for verdict, count in counts.items())


def show_info(top: int, as_json: bool, show_merges: bool, workspace: Workspace) -> None:
    """``graphkit info`` read from the tables (graphkit.cli.info_commands answers from the
    snapshot's summary.json when it can)."""
    from graphkit.workspace.summary import merges_table, summarise, top_counterparts

    dataset = workspace.load()
    if show_merges:
        print_rows(merges_table(dataset), "json" if as_json else "table", title="Merges (entity resolution)")
        return
    print_info(summarise(dataset), top_counterparts(dataset, top).to_dict(orient="records"), as_json)


def print_summary(dataset: Dataset) -> None:
    """Print what ``graphkit info`` prints about a dataset (tables, kinds, dates, resolution)."""
    from graphkit.workspace.summary import summarise

    print_summary_dict(summarise(dataset))


def _say_err(line: str) -> None:
    say(line, err=True)


def _frame(columns: dict) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns)
