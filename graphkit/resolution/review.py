"""The review loop, as OpenRefine's clustering: candidate clusters of organisations that
resolution did *not* merge, each with the method that found it, the meetings behind each name
and the evidence; accepted clusters become rows of the alias file, replayed by every resolution.

Methods:

- ``acronym claimed by several names``: one acronym written with names that do not agree;
- ``name beside several acronyms``: one name written with two acronyms;
- ``acronym also a company's name``: an acronym written out as a name, and a company named by
  it and a legal form (``EPPA SA``): which one the acronym alone is, a reviewer tells;
- ``shared Register ID, different names``: actors that carry one Register ID;
- ``close spelling``: names ``rapidfuzz`` finds close (token-sort ratio), which no rule merged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd
from rapidfuzz import fuzz, process

from graphkit.model.names import normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.resolution.acronyms import acronym_clusters, without_trailing_form
from graphkit.resolution.name_spellings import organisations

CLOSE_SPELLING = 90  # rapidfuzz token-sort ratio of two name keys, at least
COLUMNS = ["cluster", "method", "names", "meetings", "evidence", "ids"]


def candidates(dataset: Dataset) -> pd.DataFrame:
    """Candidate clusters for review, most meetings first: ``cluster`` (a stable id to accept it
    by), ``method``, ``names`` (``name (meetings)``, ``|``-joined, most meetings first),
    ``meetings``, ``evidence``, ``ids``.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:right-to-repair-europe", "kind": "organisation", "name": "Right to Repair Europe"},
    ...     {"id": "organisation:right-to-repair-europa", "kind": "organisation", "name": "Right to Repair Europa"}])
    >>> found = candidates(ds)
    >>> found[["method", "names"]].values.tolist()
    [['close spelling', 'Right to Repair Europa (0) | Right to Repair Europe (0)']]
    """
    orgs = organisations(dataset)
    if orgs.empty:
        return pd.DataFrame(columns=COLUMNS)
    meetings = dict(zip(orgs["id"], orgs["weight"], strict=True))
    names = dict(zip(orgs["id"], orgs["name"], strict=True))
    found: list[tuple[str, list[str], str]] = []
    found += _acronym_conflicts(dataset, orgs)
    found += _shared_register_ids(orgs)
    found += _close_spellings(orgs)
    rows, seen = [], set()
    for method, members, evidence in found:
        members = sorted(set(members), key=lambda m: (-meetings.get(m, 0), m))
        cluster = _cluster_id(members)
        if len(members) < 2 or cluster in seen:
            continue
        seen.add(cluster)
        rows.append(
            {
                "cluster": cluster,
                "method": method,
                "names": " | ".join(f"{names[m]} ({meetings.get(m, 0)})" for m in members),
                "meetings": sum(meetings.get(m, 0) for m in members),
                "evidence": evidence,
                "ids": members,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["meetings", "cluster"], ascending=[False, True]).reset_index(drop=True)


def aliases_for(dataset: Dataset, clusters: pd.DataFrame) -> pd.DataFrame:
    """Alias rows that make each of ``clusters`` (rows of :func:`candidates`) one organisation:
    every spelling of each member, merged-away ones included, aliased to the name of the member
    with the most meetings.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:a-b-europe", "kind": "organisation", "name": "A B Europe"},
    ...     {"id": "organisation:a-b-europa", "kind": "organisation", "name": "A B Europa"}])
    >>> aliases_for(ds, candidates(ds))[["alias", "canonical"]].values.tolist()
    [['A B Europe', 'A B Europa']]
    """
    names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    merges = dataset.merges[dataset.merges["table"] == "actors"]
    spellings = merges.groupby("into_id")["from_name"].agg(list).to_dict()
    rows = []
    for members in clusters["ids"]:
        canonical = names[members[0]]
        for member in members[1:]:
            for spelling in [names[member], *spellings.get(member, [])]:
                if isinstance(spelling, str) and normalise_name(spelling) != normalise_name(canonical):
                    rows.append({"alias": spelling, "canonical": canonical})
    frame = pd.DataFrame(rows, columns=["alias", "canonical"]).drop_duplicates("alias")
    return frame.assign(line=range(2, len(frame) + 2)).reset_index(drop=True)


def _cluster_id(members: Iterable[str]) -> str:
    return hashlib.sha1("\x1f".join(sorted(members)).encode("utf-8")).hexdigest()[:8]


def _acronym_conflicts(dataset: Dataset, orgs: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    merged = dataset.merges[
        (dataset.merges["table"] == "actors") & dataset.merges["from_id"].str.startswith(ORGANISATION)
    ]
    names = pd.concat(
        [
            orgs[["id", "name", "acronym", "source"]],
            pd.DataFrame({"id": merged["into_id"], "name": merged["from_name"]}),
        ],
        ignore_index=True,
    )
    _, _, conflicts = acronym_clusters(names)
    id_of_key = {}
    for key, actor in zip(names["name"].map(normalise_name), names["id"], strict=True):
        id_of_key.setdefault(key, actor)
    out = []
    for method, subject, claimed in conflicts:
        keys = [normalise_name(subject), *(normalise_name(c) for c in claimed)]
        if method == "acronym also a company's name":
            keys.append(normalise_name(without_trailing_form(subject)))  # the acronym alone: "EPPA"
        members = [id_of_key[k] for k in keys if k in id_of_key]
        evidence = f"{subject!r} written with " + ", ".join(repr(c) for c in claimed)
        out.append((method, members, evidence))
    return out


def _shared_register_ids(orgs: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    registered = orgs[orgs["register_id"].notna()]
    shared = registered[registered.duplicated("register_id", keep=False)]
    return [
        ("shared Register ID, different names", list(group["id"]), f"Register ID {register_id}")
        for register_id, group in shared.groupby("register_id", sort=True)
    ]


def _close_spellings(orgs: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    """Pairs of names close by token-sort ratio, compared within blocks of the same first word
    (names that start alike), so the search stays near-linear."""
    keyed = orgs[orgs["key"].str.len() >= 6][["id", "key", "name"]]
    first = keyed["key"].str.split(" ", n=1).str[0]
    out = []
    for _, block in keyed.groupby(first, sort=True):
        if len(block) < 2:
            continue
        keys = block["key"].tolist()
        scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=CLOSE_SPELLING)
        ids = block["id"].tolist()
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j:
                out.append(("close spelling", [ids[i], ids[j]], f"token-sort ratio {scores[i, j]:.0f}"))
    return out
