"""Measuring resolution: the fixed held-out split of the labelled set, evidence types of merges,
and the audit (a random draw of merges and organisations, judged by hand and scored)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.model.ids import actor_id
from graphkit.model.tables import Dataset
from graphkit.resolution.audit import (
    draw_audit,
    read_judgements,
    score_audit,
    wilson_interval,
    workspace_audit,
)
from graphkit.resolution.evaluation import (
    EVIDENCE_TYPES,
    RULE_FAMILIES,
    evaluate,
    evidence_type,
    read_evaluation_set,
    split_labels,
)
from graphkit.workspace import Workspace

# Commission meetings where resolution merges three names: an acronym written beside its full
# name, a spacing, an acronym with "&". One name and one title are written as rich markup.
MEETINGS = """\
{"EU Member": ["Margrethe Vestager"], "Date": "03/02/2021", "Location": "Brussels", "Entities": ["Bureau Européen des Unions de Consommateurs (BEUC)"], "Subjects": ["Digital Markets Act"]}
{"EU Member": ["Thierry Breton"], "Date": "04/03/2021", "Location": "Brussels", "Entities": ["BEUC", "DIGITALEUROPE"], "Subjects": ["[bold]Data[/bold] Act"]}
{"EU Member": ["Thierry Breton"], "Date": "05/03/2021", "Location": "Brussels", "Entities": ["Digital Europe", "Transport & Environment"], "Subjects": ["Batteries"]}
{"EU Member": ["Frans Timmermans"], "Date": "06/03/2021", "Location": "Brussels", "Entities": ["Transport and Environment (T&E)", "[red]Acme[/red] Lobby"], "Subjects": ["Cars"]}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    file = tmp_path / "ec-meetings.jsonl"
    file.write_text(MEETINGS, encoding="utf-8")
    workspace = Workspace(tmp_path / "ws")
    ingest([file], workspace)
    return workspace


def _is_odd(text: str) -> bool:
    return hashlib.sha256(text.encode()).digest()[0] % 2 == 1


def test_split_is_the_fixed_rule_deterministic_and_disjoint_by_group():
    same, not_same = read_evaluation_set()
    parts = split_labels(same, not_same)
    again = split_labels(same, not_same)
    for part in ("tune", "held_out"):
        assert parts[part][0].equals(again[part][0]) and parts[part][1].equals(again[part][1])
    tune_groups, held_groups = set(parts["tune"][0]["group"]), set(parts["held_out"][0]["group"])
    assert not tune_groups & held_groups and tune_groups | held_groups == set(same["group"])
    assert held_groups == {group for group in same["group"] if _is_odd(group)}
    held_rows = parts["held_out"][1]
    assert all(_is_odd(f"{a}|{b}") for a, b in zip(held_rows["name_a"], held_rows["name_b"], strict=True))
    assert len(parts["tune"][1]) + len(held_rows) == len(not_same)
    assert not set(parts["tune"][1].index) & set(held_rows.index)


def _merged_into_one(names: list[str]) -> Dataset:
    """Every name of ``names`` merged into the first (by a spacing rule, whatever they are)."""
    into = actor_id("organisation", names[0])
    return Dataset.from_records(
        actors=[{"id": into, "kind": "organisation", "name": names[0]}],
        merges=[
            {"table": "actors", "from_id": actor_id("organisation", name), "into_id": into, "from_name": name,
             "into_name": names[0], "rule": "same name but for spacing"}
            for name in names[1:]
        ],
    )  # fmt: skip


def test_a_wrong_merge_across_a_held_out_and_a_tune_group_counts_against_held_out_only():
    # "beuc" is held out, "ccia" and "bdi" tune (by the hash rule).
    same = pd.DataFrame(
        {"group": ["beuc", "beuc", "ccia", "bdi"], "name": ["BEUC", "BEUC AISBL", "CCIA", "BDI"]}
    )
    not_same = pd.DataFrame(columns=["name_a", "name_b"])
    dataset = _merged_into_one(["BEUC", "BEUC AISBL", "CCIA", "BDI"])
    held_out = evaluate(dataset, same, not_same, part="held_out")
    tune = evaluate(dataset, same, not_same, part="tune")
    whole = evaluate(dataset, same, not_same)
    # held out: BEUC = BEUC AISBL (right); BEUC, BEUC AISBL each with CCIA and BDI (wrong).
    assert (held_out.true_pairs, held_out.false_pairs) == (1, 4)
    # tune: CCIA with BDI only, both tune groups.
    assert (tune.true_pairs, tune.false_pairs) == (0, 1)
    assert (whole.true_pairs, whole.false_pairs) == (1, 5)
    assert held_out.precision == pytest.approx(1 / 5)
    assert held_out.by_evidence.set_index("evidence").loc["spelling", "wrong"] == 4


def test_every_rule_family_has_an_evidence_type():
    assert all(evidence_type(family) != "other" for family in RULE_FAMILIES)
    assert set(EVIDENCE_TYPES) >= set(RULE_FAMILIES)
    assert evidence_type("same name in another word order or language") == "word-order/translation"
    assert evidence_type("same host and date, similar title") == "meeting-overlap"


def _organisations(merges: list[tuple[str, str]], organisations: int = 40) -> Dataset:
    return Dataset.from_records(
        actors=[{"id": f"organisation:o{i:03}", "kind": "organisation", "name": f"O {i}"} for i in range(organisations)],
        merges=[
            {"table": "actors", "from_id": f, "into_id": i, "from_name": f.upper(), "into_name": i.upper(),
             "rule": "misspelling of 'x'"}
            for f, i in merges
        ]
        + [{"table": "actors", "from_id": "mep:a", "into_id": "mep:b", "rule": "same EP member id 1"}],
    )  # fmt: skip


def test_audit_draw_is_deterministic_per_seed_and_differs_across_seeds():
    dataset = _organisations([(f"organisation:x{i:03}", f"organisation:o{i % 40:03}") for i in range(60)])
    first = draw_audit(dataset, 10, seed=1)
    assert first.equals(draw_audit(dataset, 10, seed=1))
    other = draw_audit(dataset, 10, seed=2)
    for sample, key in (("merge", "from_id"), ("organisation", "actor_id")):
        drawn = first.loc[first["sample"] == sample, key]
        assert len(drawn) == 10 and drawn.is_unique
        assert list(drawn) != list(other.loc[other["sample"] == sample, key])
    # Organisation merges only: the MEP merge is never drawn.
    assert first["from_id"].str.startswith("mep:").sum() == 0
    # The same rows in another order are the same workspace: the same draw.
    shuffled = Dataset(**{**vars(dataset), "merges": dataset.merges.sample(frac=1, random_state=7)})
    assert first.equals(draw_audit(shuffled, 10, seed=1))


def test_judgements_replay_on_a_new_draw_by_their_ids(tmp_path: Path):
    before = _organisations([(f"organisation:x{i:03}", f"organisation:o{i:03}") for i in range(30)])
    drawn = draw_audit(before, 12, seed=3)
    is_merge = drawn["sample"] == "merge"
    drawn.loc[is_merge, "verdict"] = ["right" if n % 3 else "wrong" for n in drawn.loc[is_merge, "no"]]
    drawn.loc[~is_merge, "verdict"] = [
        "organisation" if n % 4 else "fragment" for n in drawn.loc[~is_merge, "no"]
    ]
    file = tmp_path / "judged.csv"
    drawn.to_csv(file, index=False)
    verdict_of = dict(zip(drawn["from_id"] + ">" + drawn["into_id"], drawn["verdict"], strict=True))

    # After a change: x000-x009 merge as before, x010-x019 into another actor, y000-y019 are new.
    after = _organisations(
        [(f"organisation:x{i:03}", f"organisation:o{i:03}") for i in range(10)]
        + [(f"organisation:x{i:03}", f"organisation:o{i + 10:03}") for i in range(10, 20)]
        + [(f"organisation:y{i:03}", f"organisation:o{i:03}") for i in range(20)]
    )
    redrawn = draw_audit(after, 12, seed=3)
    score = score_audit(redrawn, read_judgements(file))
    merges = redrawn[redrawn["sample"] == "merge"]
    expected = (merges["from_id"] + ">" + merges["into_id"]).map(verdict_of).fillna("unjudged").value_counts()
    assert score.merge_verdicts == {
        v: int(expected[v]) for v in ("right", "wrong", "unjudged") if v in expected
    }
    assert 0 < score.merge_verdicts["unjudged"] < 12  # some drawn again, some never judged
    right = score.merge_verdicts.get("right", 0)
    assert score.merge_precision.hits == right
    assert score.merge_precision.judged == right + score.merge_verdicts.get("wrong", 0)
    # The organisations did not change: every one is judged again, as before.
    fragments = int((drawn.loc[~is_merge, "verdict"] == "fragment").sum())
    assert (score.non_organisations.hits, score.non_organisations.judged) == (fragments, 12)


def test_wilson_interval_against_a_hand_computed_value():
    # 8 of 10, z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10) = 0.716736, half-width
    # z·sqrt(0.8·0.2/10 + z²/400) / (1 + z²/10) = 0.226576.
    low, high = wilson_interval(8, 10)
    assert (low, high) == (pytest.approx(0.490160, abs=1e-5), pytest.approx(0.943312, abs=1e-5))
    # 0 of 20: from 0 to 2·(z²/40) / (1 + z²/20) = 0.161125.
    assert wilson_interval(0, 20) == (0.0, pytest.approx(0.161125, abs=1e-5))


def test_audit_shows_a_merged_away_names_own_meetings(workspace: Workspace):
    drawn = workspace_audit(workspace, 10, seed=1)
    row = drawn[drawn["from_name"] == "DIGITALEUROPE"].iloc[0]
    assert (row["into_name"], row["evidence"]) == ("Digital Europe", "spelling")
    # Its own meeting (4 March, with BEUC), not Digital Europe's of 5 March.
    assert row["meeting_1"] == "2021-03-04 | [bold]Data[/bold] Act | with: Thierry Breton; BEUC"
    assert row["meeting_2"] == ""
    organisation = drawn[drawn["actor_id"] == "organisation:digital-europe"].iloc[0]
    assert (organisation["meetings"], organisation["counterparts"]) == (2, "Thierry Breton (2)")


def test_cli_audit_csv_then_judgements(workspace: Workspace, tmp_path: Path):
    runner = CliRunner()
    common = ["resolve", "--audit", "5", "--seed", "4", "--workspace", str(workspace.path)]
    printed = runner.invoke(main, common)
    assert printed.exit_code == 0, printed.output
    assert "[red]Acme[/red] Lobby" in printed.output  # data, not markup
    file = tmp_path / "audit.csv"
    assert runner.invoke(main, [*common, "--output", str(file)]).exit_code == 0
    judged = pd.read_csv(file, dtype=str, keep_default_na=False)
    merges = judged["sample"] == "merge"
    assert merges.sum() == 3 and (~merges).sum() == 4  # all there are
    judged.loc[merges, "verdict"] = ["right", "wrong", "unsure"]
    judged.loc[~merges, "verdict"] = ["organisation", "", "title", "unsure"]
    judged.to_csv(file, index=False)
    result = runner.invoke(main, [*common, "--judgements", str(file)])
    assert result.exit_code == 0, result.output
    lo, hi = wilson_interval(1, 2)
    assert f"Precision of merges: 0.500 = 1/2 (95% Wilson {lo:.3f}-{hi:.3f})" in result.output
    assert "1 right, 1 wrong, 1 unsure of 3 drawn" in result.output
    assert (
        f"Non-organisations among organisations: 0.500 = 1/2 (95% Wilson {lo:.3f}-{hi:.3f})" in result.output
    )
    assert "1 organisation, 1 title, 1 unsure, 1 unjudged of 4 drawn" in result.output


@pytest.mark.parametrize("column", ["verdict", "into_id", "actor_id"])
def test_cli_names_the_file_and_the_column_a_judgements_file_lacks(workspace, tmp_path, column):
    file = tmp_path / "judged.csv"
    drawn = workspace_audit(workspace, 3, seed=1)
    drawn.drop(columns=column).to_csv(file, index=False)
    result = CliRunner().invoke(
        main, ["resolve", "--audit", "3", "--judgements", str(file), "--workspace", str(workspace.path)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {file}: no column '{column}'")
    assert len(result.output.strip().splitlines()) == 1


def test_an_unknown_verdict_names_the_file_and_line(tmp_path: Path):
    file = tmp_path / "judged.csv"
    pd.DataFrame(
        {"sample": ["organisation", "merge"], "from_id": ["", "a"], "into_id": ["", "b"], "actor_id": ["o", ""],
         "verdict": ["person", "yes"]}
    ).to_csv(file, index=False)  # fmt: skip
    with pytest.raises(
        Exception, match=rf"^{file}:3: verdict 'yes' of a merge is none of right, wrong, unsure$"
    ):
        read_judgements(file)


def test_a_change_elsewhere_leaves_the_rest_of_the_draw_as_it_was():
    """Judgements keep covering the draw after resolution changes: one organisation fewer (or
    one more) changes at most one drawn organisation, not the whole sample."""
    import dataclasses

    from graphkit.resolution.audit import draw_audit
    from graphkit.synthetic import generate

    dataset = generate(organisations=400, meetings=600, seed=4)
    before = draw_audit(dataset, 30, seed=1)
    drawn = before.loc[before["sample"] == "organisation", "actor_id"].tolist()
    not_drawn = dataset.actors[(dataset.actors["kind"] == "organisation") & ~dataset.actors["id"].isin(drawn)]
    smaller = dataclasses.replace(dataset, actors=dataset.actors[dataset.actors["id"] != not_drawn["id"].iloc[0]])
    after = draw_audit(smaller, 30, seed=1)
    assert after.loc[after["sample"] == "organisation", "actor_id"].tolist() == drawn
    fewer = dataclasses.replace(dataset, actors=dataset.actors[dataset.actors["id"] != drawn[0]])
    again = draw_audit(fewer, 30, seed=1).loc[lambda f: f["sample"] == "organisation", "actor_id"].tolist()
    assert len(set(again) - set(drawn)) == 1 and set(drawn) - set(again) == {drawn[0]}
