"""How right entity resolution is, measured on a hand-labelled set of names.

The set has two tables: ``same`` (``group, name, evidence``: every name of a group is one
organisation) and ``not_same`` (``name_a, name_b, kind, evidence``: two names that are different
organisations). Each name is written as the data writes one whole entry; graphkit reads it as
its sources would (:func:`graphkit.sources.entries.clean_entry`) to find the actor it became.

Scores are pairwise, as in the entity-resolution literature: a pair of names is *merged* when
both became the same actor. Precision is the share of merged labelled pairs that are one
organisation (pairs across groups and ``not_same`` pairs count against it); recall the share
of same-organisation pairs merged.

The labels are split once, by a fixed hash, into a ``tune`` part (rules may be tuned on it) and
a ``held_out`` part (scored only, never read to decide a rule): see :func:`split_labels`. A
number worth quoting is one measured on the held-out part.
"""

from __future__ import annotations

import hashlib
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
    by_rule: pd.DataFrame  # rule, correct, wrong, precision, recall: per rule family
    wrong: pd.DataFrame  # name_a, name_b, actor: the pairs merged that should not be
    missing: list[str]  # labelled names that are no organisation in the dataset
    by_evidence: pd.DataFrame | None = None  # evidence, correct, wrong, precision, recall


TUNE, HELD_OUT = "tune", "held_out"
PARTS = (TUNE, HELD_OUT)


def _odd_hash(text: str) -> bool:
    return hashlib.sha256(text.encode()).digest()[0] % 2 == 1


def group_part(group: str) -> str:
    """The part a ``same`` group belongs to: ``held_out`` iff the first byte of the SHA-256 of
    its name is odd (a fixed rule, so every run and every helper splits alike).

    >>> group_part("ccia"), group_part("beuc")
    ('tune', 'held_out')
    """
    return HELD_OUT if _odd_hash(group) else TUNE


def pair_part(name_a: str, name_b: str) -> str:
    """The part a ``not_same`` row belongs to: ``held_out`` iff the first byte of the SHA-256 of
    ``name_a|name_b`` (as the row writes them, in its order) is odd.

    >>> pair_part("SOS Racisme", "SOS Save Our Spectrum")
    'tune'
    """
    return HELD_OUT if _odd_hash(f"{name_a}|{name_b}") else TUNE


def split_labels(same: pd.DataFrame, not_same: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """The labelled set split into ``tune`` and ``held_out``: ``{part: (same, not_same)}``.

    A ``same`` group goes whole to one part (:func:`group_part`), a ``not_same`` row to one part
    (:func:`pair_part`). To *score* a part, pass the whole set to :func:`evaluate` with
    ``part=``: pairs across a held-out and a tune group are only found with both groups there.

    >>> same, not_same = read_evaluation_set()
    >>> parts = split_labels(same, not_same)
    >>> sum(len(parts[p][0]) for p in PARTS) == len(same)
    True
    >>> set(parts["tune"][0]["group"]) & set(parts["held_out"][0]["group"])
    set()
    """
    same_part = same["group"].map(group_part)
    pair_parts = pd.Series(
        [pair_part(a, b) for a, b in zip(not_same["name_a"], not_same["name_b"], strict=True)],
        index=not_same.index,
        dtype=object,
    )
    return {part: (same[same_part == part], not_same[pair_parts == part]) for part in PARTS}


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


def evaluate(
    dataset: Dataset, same: pd.DataFrame, not_same: pd.DataFrame, part: str | None = None
) -> Evaluation:
    """Pairwise precision and recall of ``dataset``'s organisation merges on a labelled set.

    ``part``: score only the pairs of that part of the split (``"tune"`` or ``"held_out"``;
    ``None``: all). ``same`` and ``not_same`` are still the whole set, so that two grouped
    names of different groups merged into one actor are found whichever parts their groups
    are in. Such a pair belongs to ``held_out`` when *either* name's group is held out, else
    to ``tune``: a wrong merge that reaches a held-out organisation counts against held-out
    precision (the strict choice; a tune-only rule cannot hide it), and every labelled pair
    belongs to exactly one part, so the two parts' pair counts add up to the whole.

    ``by_rule`` and ``by_evidence`` credit each merged pair to the rule family
    (:func:`rule_family`) and evidence type (:func:`evidence_type`) of the merges that moved
    either name (``same name key``/``name-key`` when neither name was moved: their name keys
    were one already); a pair two rules joined counts for both. Their ``recall`` is the share
    of the scored same-organisation pairs that the rule helped join.

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
    rule_of = dict(zip(merges["from_id"], merges["rule"], strict=True))
    # Resolution's organisation ids, whatever kind the last step found them (an EU agency or
    # a ministry keeps its organisation: id and its merges, which are still judged here).
    organisations = set(dataset.actors.loc[dataset.actors["id"].str.startswith(ORGANISATION + ":"), "id"])
    actor = {n: final_of.get(r, r) for n, r in zip(names, raw, strict=True)}
    rules = {n: rule_of.get(r) for n, r in zip(names, raw, strict=True)}

    group_of = dict(zip(same["name"], same["group"], strict=True))
    part_of_group = {group: group_part(group) for group in set(same["group"])}
    labelled: dict[tuple[str, str], bool] = {}
    pair_parts: dict[tuple[str, str], str] = {}
    for group, members in same.groupby("group"):
        for p in itertools.combinations(members["name"], 2):
            labelled[tuple(sorted(p))] = True
            pair_parts[tuple(sorted(p))] = part_of_group[group]
    for a, b in zip(not_same["name_a"], not_same["name_b"], strict=True):
        labelled.setdefault(tuple(sorted((a, b))), False)
        pair_parts.setdefault(tuple(sorted((a, b))), pair_part(a, b))
    # Any two grouped names of different groups are different organisations too.
    by_actor: dict[str, list[str]] = {}
    for name in group_of:
        if actor[name] in organisations:
            by_actor.setdefault(actor[name], []).append(name)
    for members in by_actor.values():
        for a, b in itertools.combinations(sorted(members), 2):
            labelled.setdefault((a, b), group_of[a] == group_of[b])
            held = HELD_OUT in (part_of_group[group_of[a]], part_of_group[group_of[b]])
            pair_parts.setdefault((a, b), HELD_OUT if held else TUNE)
    if part is not None:
        if part not in PARTS:
            raise ValueError(f"part must be one of {PARTS} or None, not {part!r}")
        labelled = {pair: is_same for pair, is_same in labelled.items() if pair_parts[pair] == part}
    in_part = {name for pair in labelled for name in pair} | {
        name for name in group_of if part is None or part_of_group[group_of[name]] == part
    }
    missing = [n for n in names if n in in_part and actor[n] not in organisations]

    true_pairs = false_pairs = missed = 0
    credit: dict[tuple[str, str], list[int]] = {}
    wrong = []
    for (a, b), is_same in sorted(labelled.items()):
        merged = actor[a] == actor[b] and actor[a] in organisations
        if is_same and not merged:
            missed += 1
        if not merged:
            continue
        true_pairs += is_same
        false_pairs += not is_same
        moved_by = {rule_evidence(rule) for rule in (rules[a], rules[b]) if rule is not None}
        for family, evidence in moved_by or {(NAME_KEY, "name-key")}:
            credit.setdefault((family, evidence), [0, 0])[0 if is_same else 1] += 1
        if not is_same:
            wrong.append((a, b, actor[a]))
    merged_pairs = true_pairs + false_pairs
    credits = pd.DataFrame(
        [(family, evidence, good, bad) for (family, evidence), (good, bad) in sorted(credit.items())],
        columns=["rule", "evidence", "correct", "wrong"],
    )
    return Evaluation(
        precision=true_pairs / merged_pairs if merged_pairs else 1.0,
        recall=true_pairs / (true_pairs + missed) if true_pairs + missed else 1.0,
        true_pairs=true_pairs,
        false_pairs=false_pairs,
        missed_pairs=missed,
        by_rule=_scored(credits, "rule", true_pairs + missed),
        wrong=pd.DataFrame(wrong, columns=["name_a", "name_b", "actor"]),
        missing=missing,
        by_evidence=_scored(credits, "evidence", true_pairs + missed),
    )


def _scored(credits: pd.DataFrame, column: str, same_pairs: int) -> pd.DataFrame:
    """Right and wrong pairs per ``column`` (a family's evidence types summed), with their
    precision and the share of all same-organisation pairs they joined."""
    out = credits.groupby(column, as_index=False)[["correct", "wrong"]].sum()
    joined = out["correct"] + out["wrong"]
    return out.assign(
        precision=(out["correct"] / joined.where(joined > 0)).astype(float),
        recall=out["correct"] / same_pairs if same_pairs else float("nan"),
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
    organisations = set(dataset.actors.loc[dataset.actors["id"].str.startswith(ORGANISATION + ":"), "id"])
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


NAME_KEY = "same name key"  # two names with one name key: one actor before any rule ran

# What kind of evidence each rule family merges on. Several families share one kind: the
# spelling rules (spacing, one misspelt word, a word's initial), the rules that read words
# beside a name (a description in brackets, the kind of body after it), and the acronym rules
# (an acronym written beside its full name somewhere in the data).
EVIDENCE_TYPES = {
    "alias": "alias",
    "same Register ID": "register-id",
    "same name but for spacing": "spelling",
    "same name but for a word's initial": "spelling",
    "misspelling": "spelling",
    "same name in another word order": "word-order/translation",
    "name with a description": "description",
    "same name but for the kind of body": "description",
    "acronym": "acronym-in-context",
    "name with its acronym": "acronym-in-context",
    "name in two parts": "two-part",
    # a registered form and its common name: name shape plus the same officials or MEPs met
    "registered name and common name": "registered-name+counterparts",
    "same EP member id": "ep-member-id",
    "same host and date, shared organisations": "meeting-overlap",
    "same host and date, similar title": "meeting-overlap",
    NAME_KEY: "name-key",
}
OTHER_EVIDENCE = "other"  # a rule text no family above begins


def evidence_type(rule: str) -> str:
    """The kind of evidence a merge's rule text rests on (:data:`EVIDENCE_TYPES`).

    >>> evidence_type("misspelling of 'platform'")
    'spelling'
    >>> evidence_type("name with its acronym AECC")
    'acronym-in-context'
    >>> evidence_type("a rule not known yet")
    'other'
    """
    return EVIDENCE_TYPES.get(rule_family(rule), OTHER_EVIDENCE)


def rule_evidence(rule: str) -> tuple[str, str]:
    """A merge's rule text as ``(rule family, evidence type)``.

    >>> rule_evidence("same Register ID 5189768701-12")
    ('same Register ID', 'register-id')
    >>> rule_evidence("same name in another word order or language")
    ('same name in another word order', 'word-order/translation')
    """
    return rule_family(rule), evidence_type(rule)


def merge_evidence(merges: pd.DataFrame) -> pd.DataFrame:
    """The ``merges`` table with two columns more: ``family`` and ``evidence`` of each row's rule.

    >>> merges = pd.DataFrame({"table": ["actors"], "from_id": ["organisation:beuc-aisbl"],
    ...     "into_id": ["organisation:beuc"], "from_name": ["BEUC AISBL"], "into_name": ["BEUC"],
    ...     "rule": ["acronym BEUC = Bureau Européen des Unions de Consommateurs"]})
    >>> merge_evidence(merges)[["family", "evidence"]].values.tolist()
    [['acronym', 'acronym-in-context']]
    """
    rules = merges["rule"].fillna("").astype(str)
    distinct = {rule: rule_evidence(rule) for rule in rules.unique()}
    return merges.assign(
        family=rules.map(lambda rule: distinct[rule][0]), evidence=rules.map(lambda rule: distinct[rule][1])
    )


def rule_family(rule: str) -> str:
    """The rule of a merge without its particulars.

    >>> rule_family("acronym BEUC = Bureau Européen des Unions de Consommateurs")
    'acronym'
    >>> rule_family("same host and date, shared organisations (Eurogroup for Animals)")
    'same host and date, shared organisations'
    """
    return next((family for family in RULE_FAMILIES if rule.startswith(family)), rule)
