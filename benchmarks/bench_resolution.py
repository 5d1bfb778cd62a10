"""What graphkit makes of all of ../shared/data, and how right its entity resolution is.

Prints, each figure beside a baseline computed in the same run:

1. meetings per source, graphkit against pandas counting the same identity in the raw files
   (EP export: distinct title, member, date, capacity, procedure; Integrity Watch: distinct rows
   with a date, MEP and lobbyists; Commission: distinct officials, date, subjects, location and
   organisations; the profile page: its ``Meeting with`` blocks);
2. actors by kind, and organisations before and after resolution;
3. merges per rule family and per evidence type;
4. pairwise precision and recall on the hand-labelled set in tests/data/resolution (80+ groups
   that are one organisation, 40+ pairs that are not), on its tune part, its held-out part
   (the number to quote: no rule was tuned on it) and all of it, against the baseline of
   merging nothing but identical name keys; then, on the held-out part, per rule family and
   per evidence type. Wrong pairs are listed for the tune part only: the held-out part's are
   counted, not shown, so that nobody tunes a rule on them.

Run: ``.venv/bin/python benchmarks/bench_resolution.py`` (ingests all data into a temporary
workspace), or ``… --workspace PATH`` to measure a workspace already ingested (by this or an
older graphkit) without ingesting again: its stored records give the baseline and the
meetings per source.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graphkit.ingest import concat, ingest, read_files
from graphkit.model.names import slug
from graphkit.model.tables import Dataset
from graphkit.resolution.evaluation import HELD_OUT, PARTS, evaluate, merge_evidence, read_evaluation_set
from graphkit.resolution.resolve import merge_counts
from graphkit.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
EP = DATA / "ep-meetings" / "ep-export-per-attendee-2019-2024.csv"
IW = DATA / "ep-meetings" / "integritywatch-mepmeetings-2019-2022.csv"
EC = DATA / "ec-meetings" / "ec-cabinet-meetings-2019-2023.jsonl"
PAGE = DATA / "openlobby" / "11-11-11.txt"


def pandas_meetings() -> dict[str, int]:
    """Meetings per source as plain pandas counts them from the raw files."""
    ep = pd.read_csv(EP, dtype=str, keep_default_na=False)
    ep_count = len(
        ep[["title", "member_id", "meeting_date", "member_capacity", "procedure_reference"]].drop_duplicates()
    )
    iw = pd.read_csv(IW, dtype=str, index_col=0)
    iw = iw[pd.to_datetime(iw["date"], format="%d-%m-%Y", errors="coerce").notna()].dropna(
        subset=["mep", "lobbyists"]
    )
    iw = iw.assign(title=iw["title"].fillna("").map(slug))
    iw_count = len(
        iw[["title", "epid", "date", "role", "dossier", "location", "lobbyists"]].fillna("").drop_duplicates()
    )
    lines = [json.loads(line) for line in EC.read_text(encoding="utf-8").splitlines() if line.strip()]
    ec_count = len(
        {
            (tuple(sorted(m.strip() for m in r["EU Member"])), r["Date"], slug("; ".join(r["Subjects"])),
             r.get("Location") or "", tuple(sorted(" ".join(e.split()) for e in r["Entities"])))
            for r in lines
        }
    )  # fmt: skip
    page_count = sum(
        line.startswith("Meeting with ") for line in PAGE.read_text(encoding="utf-8").splitlines()
    )
    return {
        "ep_meetings": ep_count,
        "integritywatch_ep": iw_count,
        "ec_meetings": ec_count,
        "openlobby": page_count,
    }


def table(title: str, columns: list[str]) -> Table:
    out = Table(title=title)
    for n, column in enumerate(columns):
        out.add_column(column, justify="left" if n == 0 else "right")
    return out


def row(*cells: object) -> list[Text]:
    """Cells as plain text: names and rules from the data are never read as rich markup."""
    return [Text(str(cell)) for cell in cells]


def share(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.4f}"


def measured(workspace_path: Path | None) -> tuple[Dataset, list[Dataset], str]:
    """The resolved dataset, the records of each source file before resolution, and how they
    were got: ingested now into a temporary workspace, or read from ``workspace_path``."""
    if workspace_path is None:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            dataset = ingest([DATA], Workspace(Path(tmp) / "ws")).dataset
        seconds = time.perf_counter() - started
        return (
            dataset,
            [records for _, _, records in read_files([DATA])],
            f"ingest of all data: {seconds:.1f} s",
        )
    workspace = Workspace(workspace_path)
    if not workspace.exists():
        raise SystemExit(f"no workspace at {workspace_path}")
    files = workspace.files()
    records = [
        workspace.load_records(digest, parser)
        for digest, parser in sorted(zip(files["digest"], files["parser"], strict=True))
    ]
    return workspace.load(), records, f"workspace {workspace_path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="measure this workspace instead of ingesting all data")
    args = parser.parse_args()
    console = Console(markup=False, emoji=False, highlight=False)
    dataset, records, how = measured(args.workspace)

    by_source: dict[str, int] = {}
    for part in records:
        for source, count in part.meetings["source"].value_counts().items():
            by_source[source] = by_source.get(source, 0) + int(count)
    expected = pandas_meetings()
    meetings = table(f"Meetings per source ({how})", ["source", "graphkit", "pandas", "ratio"])
    for source, count in sorted(expected.items()):
        got = by_source.get(source, 0)
        meetings.add_row(*row(source, got, count, f"{got / count:.3f}" if count else ""))
    merged = int((dataset.merges["table"] == "meetings").sum())
    meetings.add_row(
        *row("after resolution (cross-source merges)", len(dataset.meetings), sum(expected.values()), merged)
    )
    console.print(meetings)

    counts = merge_counts(dataset)
    kinds = table("Actors by kind", ["kind", "actors"])
    for kind, count in dataset.actors["kind"].value_counts().sort_index().items():
        kinds.add_row(*row(kind, count))
    kinds.add_row(*row("organisations before resolution", counts["organisations_before"]))
    kinds.add_row(*row("organisations after resolution", counts["organisations_after"]))
    console.print(kinds)

    merges = merge_evidence(dataset.merges)
    per_rule = table("Merges per rule family", ["rule family", "evidence", "merges"])
    for (kind, family, evidence), count in (
        merges.groupby(["table", "family", "evidence"]).size().sort_index().items()
    ):
        per_rule.add_row(*row(f"{kind}: {family}", evidence, count))
    console.print(per_rule)
    per_evidence = table("Merges per evidence type", ["evidence", "merges"])
    for (kind, evidence), count in merges.groupby(["table", "evidence"]).size().sort_index().items():
        per_evidence.add_row(*row(f"{kind}: {evidence}", count))
    console.print(per_evidence)

    same, not_same = read_evaluation_set()
    baseline_dataset = concat(records)
    scores = table(
        f"Labelled set: {same['group'].nunique()} groups ({len(same)} names), {len(not_same)} pairs that differ",
        ["part", "resolution", "precision", "recall", "merged right", "merged wrong", "missed"],
    )
    results = {}
    for part in (*PARTS, None):
        for label, scored_dataset in (("baseline: name keys", baseline_dataset), ("graphkit", dataset)):
            scored = evaluate(scored_dataset, same, not_same, part=part)
            results[part, label] = scored
            scores.add_row(
                *row(part or "all", label, f"{scored.precision:.4f}", f"{scored.recall:.4f}",
                     scored.true_pairs, scored.false_pairs, scored.missed_pairs)
            )  # fmt: skip
    console.print(scores)
    held_out = results[HELD_OUT, "graphkit"]
    for column, frame in (("rule family", held_out.by_rule), ("evidence", held_out.by_evidence)):
        shown = table(
            f"Held-out labelled pairs joined, per {column} (recall: share of all held-out same pairs)",
            [column, "right", "wrong", "precision", "recall"],
        )
        for values in frame.itertuples(index=False):
            shown.add_row(
                *row(values[0], values.correct, values.wrong, share(values.precision), share(values.recall))
            )
        console.print(shown)
    tune_wrong = results["tune", "graphkit"].wrong
    console.print(
        Text(f"Held-out pairs merged wrong: {held_out.false_pairs} (not listed: tune on the tune part)")
    )
    if len(tune_wrong):
        console.print(Text("Tune pairs merged wrong:\n" + tune_wrong.to_string()))


if __name__ == "__main__":
    main()
