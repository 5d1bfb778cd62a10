"""What the name rules of :mod:`graphkit.resolution.resolve` read: the organisations with their
weights and name keys, every spelling known so far of each, and the merges a rule makes
from groups of spellings (closed, so that no merge points at a merged actor)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from graphkit.model.ids import actor_id
from graphkit.model.names import normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset


def weights(dataset: Dataset) -> pd.Series:
    """How often each actor appears (meetings and responses): the most-used spelling wins.

    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> weights(ds).tolist()
    [0]
    """
    counts = pd.concat([dataset.participants["actor_id"], dataset.responses["actor_id"]]).value_counts()
    return dataset.actors["id"].map(counts).fillna(0).astype(int)


def organisations(dataset: Dataset) -> pd.DataFrame:
    """The organisations with their name key (read back from the id) and weight, heaviest
    first (ties by id), the order in which every rule picks the spelling to keep.

    >>> organisations(Dataset.from_records(actors=[
    ...     {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC"}]))[["id", "key", "weight"]].values.tolist()
    [['organisation:beuc', 'beuc', 0]]
    """
    actors = dataset.actors
    orgs = actors[actors["kind"] == ORGANISATION].copy()
    orgs["weight"] = weights(dataset).loc[orgs.index]
    orgs["key"] = keys_from_ids(orgs["id"])
    return orgs.sort_values(["weight", "id"], ascending=[False, True])


def spellings(dataset: Dataset, merged: pd.DataFrame) -> pd.DataFrame:
    """Every spelling known so far of each organisation (``id, name, key, weight``): its name
    and the names merged into it (``merged``: ``id, name``), heaviest organisation first, its
    own name before the others.

    >>> ds = Dataset.from_records(actors=[{"id": "organisation:beuc", "kind": "organisation", "name": "BEUC"}])
    >>> merged = pd.DataFrame({"id": ["organisation:beuc"], "name": ["The European Consumer Organisation"]})
    >>> spellings(ds, merged)["name"].tolist()
    ['BEUC', 'The European Consumer Organisation']
    """
    orgs = organisations(dataset)[["id", "name", "key", "weight"]]
    if len(merged):
        weight = dict(zip(orgs["id"], orgs["weight"], strict=True))
        merged_weights = merged["id"].map(weight)  # (a dict lookup: isin on Arrow strings is slow)
        extra = merged[merged_weights.notna()]
        extra = pd.DataFrame(
            {"id": extra["id"], "name": extra["name"], "key": extra["name"].map(normalise_name),
             "weight": merged_weights[merged_weights.notna()].astype(int)}
        )  # fmt: skip
        # Each merged name right after its organisation's own (orgs is in rule order already).
        position = pd.Series(np.arange(len(orgs)), index=orgs["id"].to_numpy())
        both = pd.concat([orgs, extra], ignore_index=True)
        own = np.r_[np.zeros(len(orgs), dtype=np.int8), np.ones(len(extra), dtype=np.int8)]
        order = np.lexsort((np.arange(len(both)), own, position.reindex(both["id"]).to_numpy()))
        orgs = both.iloc[order]
    return orgs[orgs["key"] != ""].drop_duplicates(["id", "key"])


def grouped(spellings: pd.DataFrame, by: pd.Series, rule: str):
    """Merge the organisations whose spellings share a value of ``by`` (several spellings of one
    organisation may join several groups): each group into its heaviest, transitively.

    >>> frame = spellings_of("DIGITALEUROPE", "Digital Europe")
    >>> grouped(frame, frame["key"], "same key")[0]
    {}
    >>> grouped(frame, frame["key"].str.replace(" ", ""), "same letters")[0]
    {'organisation:digitaleurope': 'organisation:digital-europe'}
    """
    order = {actor: n for n, actor in enumerate(dict.fromkeys(spellings["id"]))}
    parent: dict[str, str] = {}

    def root(actor: str) -> str:
        while parent.get(actor, actor) != actor:
            actor = parent[actor]
        return actor

    frame = spellings.assign(by=by)
    frame = frame[frame["by"].notna() & frame.duplicated("by", keep=False)]
    for _, members in frame.groupby("by", sort=False)["id"]:
        roots = sorted({root(m) for m in members}, key=order.__getitem__)
        for other in roots[1:]:
            parent[other] = roots[0]
    mapping = {actor: root(actor) for actor in parent}
    mapping = {a: r for a, r in mapping.items() if a != r}
    return mapping, dict.fromkeys(mapping, rule), None


def keys_from_ids(actor_ids: pd.Series) -> pd.Series:
    """Organisations' normalised names, read back from their ids (an organisation's id is its
    normalised name with hyphens), which saves normalising every name again.

    >>> keys_from_ids(pd.Series(["organisation:friends-of-the-earth-europe"])).tolist()
    ['friends of the earth europe']
    """
    return actor_ids.str.slice(len(ORGANISATION) + 1).str.replace("-", " ", regex=False)


def closed(mapping: Mapping[str, str]) -> dict[str, str]:
    """``mapping`` with chains followed (a -> b, b -> c gives a -> c, b -> c) and cycles cut.

    >>> closed({"a": "b", "b": "c", "x": "y", "y": "x"})
    {'a': 'c', 'b': 'c'}
    """
    out = {}
    for start in mapping:
        seen, node = {start}, mapping[start]
        while node in mapping and node not in seen:
            seen.add(node)
            node = mapping[node]
        if node != start:
            out[start] = node
    return out


def spellings_of(*names: str) -> pd.DataFrame:
    """:func:`spellings` of organisations named ``names`` and nothing else, to try a rule on.

    >>> spellings_of("DIGITALEUROPE", "Digital Europe")[["id", "key"]].values.tolist()
    [['organisation:digital-europe', 'digital europe'], ['organisation:digitaleurope', 'digitaleurope']]
    """
    actors = [{"id": actor_id(ORGANISATION, name), "kind": ORGANISATION, "name": name} for name in names]
    return spellings(Dataset.from_records(actors=actors), pd.DataFrame(columns=["id", "name"]))
