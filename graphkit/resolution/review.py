"""The review loop, as OpenRefine's clustering: candidate clusters of organisations that
resolution did *not* merge, each with the method that found it, the meetings behind each name
and the evidence; accepted clusters become rows of the alias file, replayed by every resolution.

Methods:

- ``acronym claimed by several names``: one acronym written with names that do not agree;
- ``name beside several acronyms``: one name written with two acronyms;
- ``acronym also a company's name``: an acronym written out as a name, and a company named by
  it and a legal form (``EPPA SA``): which one the acronym alone is, a reviewer tells;
- ``shared Register ID, different names``: actors that carry one Register ID;
- ``close spelling``: names ``rapidfuzz`` finds close (token-sort ratio), which no rule merged;
- ``registered name and common name``: a registered or local form (``Shell Companies``,
  ``Vodafone Belgium SA``, ``EDF Group``) and the organisation named by what is left once its
  corporate words, legal forms and places are gone, which the registered-name rule refused
  (the evidence says why: the context did not agree);
- ``acronym is the initials, nothing pairs them``: an acronym written alone (``ACEA``) and the
  one name with those initials (``Association des Constructeurs Européens d'Automobiles``),
  which no record writes together;
- ``joined name kept whole``: a text joined with `` and `` that resolution kept whole because a
  part would be a fragment (:mod:`graphkit.resolution.splits`): a split to judge, not a merge
  (it cannot be accepted into the alias file; fix the source or reject it).

The queue is ranked by the meetings each decision would move among the top organisations
(:mod:`graphkit.resolution.review_ranking`), with its evidence; clusters a reviewer rejected
(:mod:`graphkit.resolution.rejections`) are never listed again.
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
from graphkit.resolution.name_comparison import initials, is_acronym
from graphkit.resolution.name_spellings import organisations
from graphkit.resolution.registered_names import registered_candidates
from graphkit.resolution.review_ranking import TOP_N, evidence, rank
from graphkit.resolution.splits import SPLITS

CLOSE_SPELLING = 90  # rapidfuzz token-sort ratio of two name keys, at least
# An acronym is a candidate for the one name it is the initials of; past this many names with
# the same initials it says nothing (``EU``, ``ECB``).
MAX_INITIALS_OWNERS = 1
COLUMNS = [
    "cluster", "method", "names", "meetings", "moved", "top", "score", "evidence",
    "counterparts", "dates", "rows", "ids", "split",
]  # fmt: skip


def candidates(dataset: Dataset, rejected: Iterable[str] = (), top_n: int = TOP_N) -> pd.DataFrame:
    """Candidate clusters for review, the ones that move most meetings among the top ``top_n``
    organisations first (:func:`graphkit.resolution.review_ranking.rank`): ``cluster`` (a
    stable id to accept or reject it by), ``method``, ``names`` (``name (meetings)``,
    ``|``-joined, most meetings first), ``meetings``, ``moved``, ``top``, ``score``,
    ``evidence`` (why it is a candidate, why no rule merged it), ``counterparts``, ``dates``,
    ``rows`` (sample ``file:line`` per name), ``ids``, ``split``. Clusters in ``rejected`` are
    left out.

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
    found += _registered_names(dataset)
    found += _initials_only(orgs)
    rows, seen = [], set(rejected)
    for method, members, why in found:
        members = [m for m in sorted(set(members), key=lambda m: (-meetings.get(m, 0), m)) if m in names]
        cluster = _cluster_id(members)
        if len(members) < 2 or cluster in seen:
            continue
        seen.add(cluster)
        rows.append(_row(cluster, method, members, why, names, meetings, split=False))
    for joined, parts, why in _kept_whole(dataset, names):
        members = [joined, *sorted(set(parts) - {joined}, key=lambda m: (-meetings.get(m, 0), m))]
        cluster = _cluster_id(members)
        if cluster not in seen:
            seen.add(cluster)
            rows.append(_row(cluster, "joined name kept whole", members, why, names, meetings, split=True))
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("moved", "top", "score", "counterparts", "dates", "rows")])
    return evidence(dataset, rank(dataset, frame, top_n))[COLUMNS]


def _row(cluster, method, members, why, names, meetings, split: bool) -> dict:
    return {
        "cluster": cluster,
        "method": method,
        "names": " | ".join(f"{names[m]} ({meetings.get(m, 0)})" for m in members),
        "meetings": sum(meetings.get(m, 0) for m in members),
        "evidence": why,
        "ids": members,
        "split": split,
    }


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
    split = clusters["split"].astype(bool) if "split" in clusters else pd.Series(False, index=clusters.index)
    if split.any():
        shown = ", ".join(clusters.loc[split, "cluster"])
        raise ValueError(f"{shown}: a joined name to split is no alias row (reject it, or correct the source)")
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


def _registered_names(dataset: Dataset) -> list[tuple[str, list[str], str]]:
    return [
        ("registered name and common name", [form, known], f"no merge: {reason}")
        for form, known, reason in registered_candidates(dataset)
    ]


def _initials_only(orgs: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    """An acronym written alone and the one name (of three words or more) it is the initials
    of, which no rule paired: nothing in the data writes them together."""
    met = orgs[orgs["weight"] > 0]
    acronyms = met[met["name"].map(is_acronym).to_numpy(dtype=bool) & (met["name"].str.len() >= 3).to_numpy()]
    if acronyms.empty:
        return []
    wanted = set(acronyms["name"].str.upper())
    long = met[met["key"].str.count(" ") >= 2]
    owners = long.assign(initials=long["name"].map(initials))
    owners = owners[owners["initials"].isin(wanted)]
    out = []
    for acronym, group in owners.groupby("initials", sort=True):
        if len(group) > MAX_INITIALS_OWNERS:
            continue
        (owner,) = group["id"]
        for actor in acronyms.loc[acronyms["name"].str.upper() == acronym, "id"]:
            if actor != owner:
                out.append(("acronym is the initials, nothing pairs them", [owner, actor], f"{acronym} = initials"))
    return out


def _kept_whole(dataset: Dataset, names: dict[str, str]) -> list[tuple[str, list[str], str]]:
    """Joined names resolution kept whole for review, with the parts the data knows."""
    from graphkit.model.ids import actor_id
    from graphkit.resolution.splits import split_names

    merges = dataset.merges
    review = merges[(merges["table"] == SPLITS) & merges["rule"].fillna("").str.startswith("kept whole (review)")]
    known = {normalise_name(n) for n in names.values() if isinstance(n, str)}
    out = []
    for joined, name, rule in review[["from_id", "from_name", "rule"]].itertuples(index=False):
        if joined not in names:
            continue
        parts = [actor_id(ORGANISATION, part) for part in split_names(name, known)]
        out.append((joined, [p for p in parts if p in names], rule))
    return out
