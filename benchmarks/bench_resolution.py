"""What graphkit makes of all of ../shared/data, and how right its entity resolution is.

Prints four tables, each figure beside a baseline computed in the same run:

1. meetings per source, graphkit against pandas counting the same identity in the raw files
   (EP export: distinct title, member, date, capacity, procedure; Integrity Watch: distinct rows
   with a date, MEP and lobbyists; Commission: distinct officials, date, subjects, location and
   organisations; the profile page: its ``Meeting with`` blocks);
2. actors by kind, and organisations before and after resolution;
3. merges per rule;
4. pairwise precision and recall on the hand-labelled set in tests/data/resolution (80+ groups
   that are one organisation, 40+ pairs that are not), overall and per rule, against the
   baseline of merging nothing but identical name keys.

Run: ``.venv/bin/python benchmarks/bench_resolution.py``
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from graphkit.ingest import concat, ingest, read_files
from graphkit.model.names import slug
from graphkit.resolution.evaluation import evaluate, read_evaluation_set, rule_family
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
    ep_count = len(ep[["title", "member_id", "meeting_date", "member_capacity", "procedure_reference"]].drop_duplicates())
    iw = pd.read_csv(IW, dtype=str, index_col=0)
    iw = iw[pd.to_datetime(iw["date"], format="%d-%m-%Y", errors="coerce").notna()].dropna(subset=["mep", "lobbyists"])
    iw = iw.assign(title=iw["title"].fillna("").map(slug))
    iw_count = len(iw[["title", "epid", "date", "role", "dossier", "location", "lobbyists"]].fillna("").drop_duplicates())
    lines = [json.loads(line) for line in EC.read_text(encoding="utf-8").splitlines() if line.strip()]
    ec_count = len(
        {
            (tuple(sorted(m.strip() for m in r["EU Member"])), r["Date"], slug("; ".join(r["Subjects"])),
             r.get("Location") or "", tuple(sorted(" ".join(e.split()) for e in r["Entities"])))
            for r in lines
        }
    )  # fmt: skip
    page_count = sum(line.startswith("Meeting with ") for line in PAGE.read_text(encoding="utf-8").splitlines())
    return {"ep_meetings": ep_count, "integritywatch_ep": iw_count, "ec_meetings": ec_count, "openlobby": page_count}


def table(title: str, columns: list[str]) -> Table:
    out = Table(title=title)
    for n, column in enumerate(columns):
        out.add_column(column, justify="left" if n == 0 else "right")
    return out


def main() -> None:
    console = Console()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        report = ingest([DATA], Workspace(Path(tmp) / "ws"))
    seconds = time.perf_counter() - started
    dataset = report.dataset
    by_source = {}
    for _, _, records in read_files([DATA]):
        for source, count in records.meetings["source"].value_counts().items():
            by_source[source] = by_source.get(source, 0) + int(count)
    expected = pandas_meetings()
    meetings = table(f"Meetings per source (ingest of all data: {seconds:.1f} s)", ["source", "graphkit", "pandas", "ratio"])
    for source, count in sorted(expected.items()):
        got = by_source.get(source, 0)
        meetings.add_row(source, str(got), str(count), f"{got / count:.3f}" if count else "")
    merged = int((dataset.merges["table"] == "meetings").sum())
    meetings.add_row("after resolution (cross-source merges)", str(len(dataset.meetings)), str(sum(expected.values())), str(merged))
    console.print(meetings)

    kinds = table("Actors by kind", ["kind", "actors"])
    for kind, count in dataset.actors["kind"].value_counts().sort_index().items():
        kinds.add_row(str(kind), str(count))
    kinds.add_row("organisations before resolution", str(report.merges["organisations_before"]))
    kinds.add_row("organisations after resolution", str(report.merges["organisations_after"]))
    console.print(kinds)

    merges = dataset.merges
    rules = merges["rule"].map(rule_family)
    per_rule = table("Merges per rule", ["rule", "merges"])
    for (kind, rule), count in rules.groupby([merges["table"], rules]).size().sort_index().items():
        per_rule.add_row(f"{kind}: {rule}", str(count))
    console.print(per_rule)

    same, not_same = read_evaluation_set()
    result = evaluate(dataset, same, not_same)
    baseline = evaluate(concat([records for _, _, records in read_files([DATA])]), same, not_same)
    scores = table(
        f"Labelled set: {same['group'].nunique()} groups ({len(same)} names), {len(not_same)} pairs that differ",
        ["resolution", "precision", "recall", "pairs merged right", "pairs merged wrong", "pairs missed"],
    )
    for label, scored in (("name keys only (baseline)", baseline), ("graphkit", result)):
        scores.add_row(
            label, f"{scored.precision:.4f}", f"{scored.recall:.4f}", str(scored.true_pairs),
            str(scored.false_pairs), str(scored.missed_pairs),
        )  # fmt: skip
    console.print(scores)
    by_rule = table("Labelled pairs joined, per rule", ["rule", "right", "wrong", "precision"])
    for rule, row in result.by_rule.groupby("rule")[["correct", "wrong"]].sum().iterrows():
        total = row["correct"] + row["wrong"]
        by_rule.add_row(rule, str(row["correct"]), str(row["wrong"]), f"{row['correct'] / total:.4f}" if total else "")
    console.print(by_rule)
    if len(result.wrong):
        console.print(result.wrong.to_string())


if __name__ == "__main__":
    main()
