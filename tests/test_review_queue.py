"""The review queue (graphkit resolve --suggest): ranked by the meetings a decision moves among
the top organisations, with evidence that points at the source rows, and rejections that hold
across ingests and stop later merges."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.resolution.review import candidates
from graphkit.resolution.review_ranking import TOP_WEIGHT
from graphkit.workspace.storage import Workspace


def _meetings(rows: list[tuple[str, str]], start: int = 0) -> list[dict]:
    """EC cabinet meetings, one a line: (organisation, host), each on its own day."""
    return [
        {
            "EU Member": [host],
            "Date": f"{1 + (start + n) % 28:02d}/{1 + (start + n) // 28:02d}/2021",
            "Location": "Brussels",
            "Entities": [name],
            "Subjects": [f"Subject {start + n}"],
        }
        for n, (name, host) in enumerate(rows)
    ]


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


# Acme Corporation and Acme met different people: the registered-name rule leaves them apart
# (a candidate). Zeta's misspelling is a close spelling. Acme moves 1 meeting at the top
# (Acme Corporation is the largest organisation); Zeta moves 3 further down.
FIXTURE = (
    [("Acme Corporation", "Anna Meier")] * 8
    + [("Acme", "Bruno Rossi")]
    + [("Zeta Foundation Europe", "Clara Dupont")] * 4
    + [("Zeta Foundation Eurpoe", "Dario Costa")] * 3
)


def test_the_queue_is_ranked_by_meetings_moved_at_the_top(tmp_path):
    source = _write(tmp_path / "ec.jsonl", _meetings(FIXTURE))
    dataset = ingest([source], Workspace(tmp_path / "ws")).dataset
    by_name = lambda found: [names.split(" (")[0] for names in found["names"]]  # noqa: E731

    # Every organisation counts as the top: the one that moves more meetings comes first.
    found = candidates(dataset, top_n=100)
    assert by_name(found) == ["Zeta Foundation Europe", "Acme Corporation"]
    assert found["moved"].tolist() == [3, 1]
    assert found["method"].tolist() == ["close spelling", "registered name and common name"]
    # Only the largest is the top: one meeting moved there outweighs three further down.
    found = candidates(dataset, top_n=1)
    assert by_name(found) == ["Acme Corporation", "Zeta Foundation Europe"]
    assert found["top"].tolist() == [True, False]
    assert found["score"].tolist() == [1 * TOP_WEIGHT, 3]
    # The registered-name rule's refusal is said: the context did not agree.
    assert "met no one both met" in found["evidence"].iloc[0]


def test_evidence_rows_name_the_line_that_wrote_each_name(tmp_path):
    source = _write(tmp_path / "ec.jsonl", _meetings(FIXTURE))
    dataset = ingest([source], Workspace(tmp_path / "ws")).dataset
    found = candidates(dataset)
    lines = source.read_text(encoding="utf-8").splitlines()
    names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    checked = 0
    for ids, rows in zip(found["ids"], found["rows"], strict=True):
        for actor, refs in zip(ids, rows.split(" | "), strict=True):
            for ref in refs.split("; "):
                file, line = ref.rsplit(":", 1)
                assert file == source.name
                assert json.loads(lines[int(line) - 1])["Entities"] == [names[actor]]
                checked += 1
    assert checked >= 4
    acme = found[found["names"].str.startswith("Acme Corporation")].iloc[0]
    assert acme["dates"] == "2021-01-01..2021-01-08 | 2021-01-09..2021-01-09"
    assert acme["counterparts"] == "none met by several"


def test_a_rejected_cluster_stays_rejected_across_ingests_and_no_rule_merges_it(tmp_path):
    first = _write(tmp_path / "ec-2021.jsonl", _meetings(FIXTURE))
    # Later data in which Acme and Acme Corporation met the same two people: the registered-
    # name rule merges them now, unless a reviewer said they are two organisations.
    later = _write(
        tmp_path / "ec-2022.jsonl",
        _meetings(
            [("Acme", "Anna Meier"), ("Acme", "Erik Berg"), ("Acme Corporation", "Erik Berg")], start=40
        ),
    )
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path / "ws")]
    assert runner.invoke(main, ["ingest", str(first), *ws]).exit_code == 0
    suggested = pd.read_json(io.StringIO(runner.invoke(main, ["resolve", "--suggest", "--json", *ws]).output))
    acme = suggested.loc[suggested["names"].str.startswith("Acme Corporation"), "cluster"].item()
    rejected = runner.invoke(main, ["resolve", "--reject", acme, *ws])
    assert rejected.exit_code == 0, rejected.output
    assert acme in (tmp_path / "ws" / "rejected.csv").read_text(encoding="utf-8")

    def organisations(workspace: Path) -> list[str]:
        return sorted(Workspace(workspace).load().actors.query("kind == 'organisation'")["name"])

    for _ in range(2):  # the same ingest again, then the later data: the decision holds
        assert runner.invoke(main, ["ingest", str(first), str(later), *ws]).exit_code == 0
        again = runner.invoke(main, ["resolve", "--suggest", "--json", *ws])
        assert acme not in set(pd.read_json(io.StringIO(again.output))["cluster"])
        assert {"Acme", "Acme Corporation"} <= set(organisations(tmp_path / "ws"))
    # Without the rejection the same files make one Acme: the rejection is what kept them apart.
    control = tmp_path / "control"
    ingest([first, later], Workspace(control))
    assert "Acme" not in organisations(control) or "Acme Corporation" not in organisations(control)
    # An unknown cluster is refused; rejecting the same cluster twice changes nothing.
    assert runner.invoke(main, ["resolve", "--reject", "00000000", *ws]).exit_code == 1
    assert runner.invoke(main, ["resolve", "--reject", acme, *ws]).exit_code == 0


def test_a_joined_name_kept_whole_is_a_split_to_judge_not_an_alias(tmp_path):
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path / "ws")]
    page = Path(__file__).parent / "fixtures" / "sources" / "openlobby-joined-names.txt"
    assert runner.invoke(main, ["ingest", str(page), *ws]).exit_code == 0
    suggested = pd.read_json(io.StringIO(runner.invoke(main, ["resolve", "--suggest", "--json", *ws]).output))
    joined = suggested[suggested["method"] == "joined name kept whole"]
    assert "Oxfam and Save the Children (1)" in set(joined["names"])
    cluster = joined.loc[joined["names"] == "Oxfam and Save the Children (1)", "cluster"].item()
    refused = runner.invoke(main, ["resolve", "--accept", cluster, *ws])
    assert refused.exit_code == 1 and "no alias row" in refused.output
    assert runner.invoke(main, ["resolve", "--reject", cluster, *ws]).exit_code == 0
    again = pd.read_json(io.StringIO(runner.invoke(main, ["resolve", "--suggest", "--json", *ws]).output))
    assert cluster not in set(again["cluster"])
