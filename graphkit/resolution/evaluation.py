"""How right entity resolution is, measured on a hand-labelled set of names.

The set has two tables: ``same`` (``group, name, evidence``: every name of a group is one
organisation) and ``not_same`` (``name_a, name_b, kind, evidence``: two names that are different
organisations). Each name is written as the data writes one whole entry; graphkit reads it as
its sources would (:func:`graphkit.sources.entries.clean_entry`) to find the actor it became.

Scores are pairwise, as in the entity-resolution literature: a pair of names is *merged* when
both became the same actor. Precision is the share of merged labelled pairs that are one
organisation (pairs across groups and ``not_same`` pairs count against it); recall the share
of same-organisation pairs merged.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graphkit.model.ids import actor_id
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.sources.entries import clean_entry

EVALUATION_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "resolution"


@dataclass
class Evaluation:
    """Pairwise scores of a resolution on a labelled set, with the evidence behind them."""

    precision: float
    recall: float
    true_pairs: int  # same-organisation pairs merged
    false_pairs: int  # different-organisation pairs merged
    missed_pairs: int  # same-organisation pairs left apart
    by_rule: pd.DataFrame  # rule, correct, wrong: labelled pairs each rule's merges joined
    wrong: pd.DataFrame  # name_a, name_b, actor: the pairs merged that should not be
    missing: list[str]  # labelled names that are no organisation in the dataset


def read_evaluation_set(folder: str | Path = EVALUATION_SET) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The labelled ``same`` and ``not_same`` tables.

    >>> same, not_same = read_evaluation_set()
    >>> same["group"].nunique() >= 80 and len(not_same) >= 40
    True
    """
    folder = Path(folder)
    same = pd.read_csv(folder / "same.csv", dtype=str, keep_default_na=False)
    not_same = pd.read_csv(folder / "not_same.csv", dtype=str, keep_default_na=False)
    return same, not_same


def evaluate(dataset: Dataset, same: pd.DataFrame, not_same: pd.DataFrame) -> Evaluation:
    """Pairwise precision and recall of ``dataset``'s organisation merges on a labelled set.

    >>> ds = Dataset.from_records(actors=[{"id": actor_id("organisation", "BEUC"), "kind": "organisation",
    ...                                     "name": "BEUC"}],
    ...     merges=[{"table": "actors", "from_id": actor_id("organisation", "Bureau Européen des Unions de "
    ...              "Consommateurs"), "into_id": actor_id("organisation", "BEUC"), "rule": "acronym BEUC"}])
    >>> same = pd.DataFrame({"group": ["beuc", "beuc", "ccia"], "name": ["BEUC",
    ...     "Bureau Européen des Unions de Consommateurs", "CCIA"]})
    >>> result = evaluate(ds, same, pd.DataFrame(columns=["name_a", "name_b"]))
    >>> result.precision, result.recall, result.missing
    (1.0, 1.0, ['CCIA'])
    """
    names = pd.Series(sorted(set(same["name"]) | set(not_same["name_a"]) | set(not_same["name_b"])))
    raw = names.map(lambda name: actor_id(ORGANISATION, clean_entry(name)[0]))
    merges = dataset.merges[dataset.merges["table"] == "actors"]
    final_of = dict(zip(merges["from_id"], merges["into_id"], strict=True))
    rule_of = dict(zip(merges["from_id"], merges["rule"].map(rule_family), strict=True))
    organisations = set(dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "id"])
    actor = {n: final_of.get(r, r) for n, r in zip(names, raw, strict=True)}
    missing = [n for n in names if actor[n] not in organisations]
    rules = {n: rule_of.get(r) for n, r in zip(names, raw, strict=True)}

    group_of = dict(zip(same["name"], same["group"], strict=True))
    labelled = {
        tuple(sorted(p)): True for _, g in same.groupby("group") for p in itertools.combinations(g["name"], 2)
    }
    for a, b in zip(not_same["name_a"], not_same["name_b"], strict=True):
        labelled.setdefault(tuple(sorted((a, b))), False)
    # Any two grouped names of different groups are different organisations too.
    by_actor: dict[str, list[str]] = {}
    for name in group_of:
        if actor[name] in organisations:
            by_actor.setdefault(actor[name], []).append(name)
    for members in by_actor.values():
        for a, b in itertools.combinations(sorted(members), 2):
            labelled.setdefault((a, b), group_of[a] == group_of[b])

    true_pairs = false_pairs = missed = 0
    credit: dict[str, list[int]] = {}
    wrong = []
    for (a, b), is_same in sorted(labelled.items()):
        merged = actor[a] == actor[b] and actor[a] in organisations
        if is_same and not merged:
            missed += 1
        if not merged:
            continue
        true_pairs += is_same
        false_pairs += not is_same
        for rule in {rules[a], rules[b]} - {None}:
            credit.setdefault(rule, [0, 0])[0 if is_same else 1] += 1
        if not is_same:
            wrong.append((a, b, actor[a]))
    by_rule = pd.DataFrame(
        [(rule, good, bad) for rule, (good, bad) in sorted(credit.items())],
        columns=["rule", "correct", "wrong"],
    )
    merged_pairs = true_pairs + false_pairs
    return Evaluation(
        precision=true_pairs / merged_pairs if merged_pairs else 1.0,
        recall=true_pairs / (true_pairs + missed) if true_pairs + missed else 1.0,
        true_pairs=true_pairs,
        false_pairs=false_pairs,
        missed_pairs=missed,
        by_rule=by_rule,
        wrong=pd.DataFrame(wrong, columns=["name_a", "name_b", "actor"]),
        missing=missing,
    )


def resolved_ids(dataset: Dataset, names: Iterable[str]) -> dict[str, str | None]:
    """The organisation each name (as the data writes one entry) became in ``dataset``, or
    ``None`` when it is no organisation there.

    >>> ds = Dataset.from_records(actors=[{"id": actor_id("organisation", "BEUC"), "kind": "organisation",
    ...                                     "name": "BEUC"}])
    >>> resolved_ids(ds, ["BEUC AISBL", "Experts"])
    {'BEUC AISBL': 'organisation:beuc', 'Experts': None}
    """
    merges = dataset.merges[dataset.merges["table"] == "actors"]
    final_of = dict(zip(merges["from_id"], merges["into_id"], strict=True))
    organisations = set(dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "id"])
    out = {}
    for name in names:
        raw = actor_id(ORGANISATION, clean_entry(name)[0])
        final = final_of.get(raw, raw)
        out[name] = final if final in organisations else None
    return out


RULE_FAMILIES = (
    "alias", "same Register ID", "same name but for spacing", "same name but for a word's initial", "misspelling", "same name in another word order",
    "name with a description", "same name but for the kind of body", "acronym", "name with its acronym",
    "name in two parts", "registered name and common name", "same EP member id", "same host and date, shared organisations", "same host and date, similar title",
)  # fmt: skip


def rule_family(rule: str) -> str:
    """The rule of a merge without its particulars.

    >>> rule_family("acronym BEUC = Bureau Européen des Unions de Consommateurs")
    'acronym'
    >>> rule_family("same host and date, shared organisations (Eurogroup for Animals)")
    'same host and date, shared organisations'
    """
    return next((family for family in RULE_FAMILIES if rule.startswith(family)), rule)
