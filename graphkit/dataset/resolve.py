"""Entity resolution: decide which records name the same organisation, MEP or meeting, and
merge them, keeping a log of every merge and the rule that made it (the ``merges`` table).

Organisation ids are built from normalised names, so spellings that differ only in case,
accents, punctuation or legal form already share an id before this step runs. On top of that,
in this order, each rule merging what the rules before it left:

1. merges made before (stored in the workspace) hold again for records ingested again;
2. user aliases (``alias,canonical`` CSV; canonical a name or a Register ID);
3. the same Register ID;
4. acronym and full name, from the Register (an entry's ``acronym``) or from evidence in the
   data: a name written ``Full Name (ACR)``, ``ACR (Full Name)``, ``ACR - Full Name`` or ``ACR,
   Full Name`` pairs the two. An acronym is trusted when its letters are the initials of one of
   its full names (``BEUC`` ↔ ``Bureau Européen des Unions de Consommateurs``) or the Register
   gives it, and only when that full name is the one such name for the acronym; other names
   written beside it (``The European Consumer Organisation (BEUC)``) then join too;
5. MEPs with the same EP member id;
6. meetings from different sources with the same hosts and date and shared organisations or a
   similar title are one meeting, whose ``source`` lists every source.

No merge is made by fuzzy similarity of names alone.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.model import ids
from graphkit.model.names import normalise_name as _normalise_name
from graphkit.model.schema import (
    ACTORS,
    ATTENDEE,
    HOST,
    MEETING_TOPICS,
    MEETINGS,
    MEP,
    MERGES,
    ORGANISATION,
    PARTICIPANTS,
    RESPONSES,
)
from graphkit.model.tables import Dataset, sorted_join, tidy

normalise_name = functools.lru_cache(maxsize=1 << 17)(_normalise_name)

_PAREN = re.compile(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)$")
_DASH = re.compile(r"^(?P<a>[^–—]+?)\s+[-–—]\s+(?P<b>.+)$")
_COMMA = re.compile(r"^(?P<a>[^,]+),\s*(?P<b>[^,]+)$")
# No separator: ``BEUC The European Consumer Organisation``, ``European Consumer Association BEUC``
# (the full name three words or more, so ``IBM Europe`` is not read as a pair).
_LEADING = re.compile(r"^(?P<a>[A-Z][A-Z0-9&]{2,13})\s+(?P<b>[A-Z]\S*[a-z]\S*(?:\s+\S+){2,})$")
_TRAILING = re.compile(r"^(?P<a>[A-Z]\S*[a-z]\S*(?:\s+\S+){2,}?)\s+(?P<b>[A-Z][A-Z0-9&]{2,13})$")
_ACRONYM = re.compile(r"^[A-Z0-9ÄÖÜÉÈ&.\-/]{2,14}$")
_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "des", "du", "la", "le", "les", "der", "die", "das",
                        "und", "für", "van", "voor", "en", "et", "di", "del", "della", "to", "in", "on", "a"})  # fmt: skip
_TITLE_SIMILARITY = 0.5
_MAY_PAIR = re.compile(r"[(,\-–—]|[A-Z]{3}")
_WORD = re.compile(r"\w+")


def resolve(dataset: Dataset, aliases: pd.DataFrame | None = None, alias_file: str = "aliases") -> Dataset:
    """Merge duplicate actors and meetings in ``dataset`` and return the merged dataset, with
    every merge logged in ``merges``.

    ``aliases`` is what :func:`graphkit.dataset.aliases.read_aliases` returns.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC"},
    ...     {"id": "organisation:bureau-europeen-des-unions-de-consommateurs-beuc", "kind": "organisation",
    ...      "name": "Bureau Européen des Unions de Consommateurs (BEUC)"}])
    >>> out = resolve(ds)
    >>> out.actors[["id", "acronym"]].values.tolist()
    [['organisation:bureau-europeen-des-unions-de-consommateurs', 'BEUC']]
    >>> bool(out.merges["rule"].str.startswith("acronym").all())
    True
    """
    previous = dataset.merges
    dataset = _apply_previous(dataset)
    logs = []
    if aliases is not None and len(aliases):
        dataset, log = _merge_actors(dataset, *_alias_merges(dataset, aliases, alias_file))
        logs.append(log)
    dataset, log = _merge_actors(dataset, *_register_merges(dataset))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *_acronym_merges(dataset, _seen_names(previous, logs)))
    logs.append(log)
    dataset, log = _merge_actors(dataset, *_mep_merges(dataset))
    logs.append(log)
    dataset, log = _merge_meetings(dataset, _meeting_merges(dataset))
    logs.append(log)
    new = (
        pd.concat([log for log in logs if len(log)], ignore_index=True) if any(len(x) for x in logs) else None
    )
    merges = previous if new is None else pd.concat([previous, new], ignore_index=True)
    merges = _with_current_names(_follow_chains(merges), dataset)
    return Dataset(
        actors=dataset.actors,
        meetings=dataset.meetings,
        participants=dataset.participants,
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=dataset.responses,
        merges=tidy(merges, MERGES),
    )


def _with_current_names(merges: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """``into_name`` as the kept record is called now (a chain of merges may have moved it)."""
    if merges.empty:
        return merges
    names = pd.concat(
        [
            dataset.actors.set_index("id")["name"].rename(index=lambda i: ("actors", i)),
            dataset.meetings.set_index("id")["title"].rename(index=lambda i: ("meetings", i)),
        ]
    )
    keys = pd.Series(list(zip(merges["table"], merges["into_id"], strict=True)), index=merges.index)
    current = keys.map(names)
    return merges.assign(into_name=current.where(current.notna(), merges["into_name"]))


def _seen_names(previous: pd.DataFrame, logs: list[pd.DataFrame]) -> pd.DataFrame:
    """Names merged away before (``id``: the actor they now belong to)."""
    merges = pd.concat([previous, *logs], ignore_index=True)
    merges = _follow_chains(merges[merges["table"] == "actors"])
    return pd.DataFrame(
        {"id": merges["into_id"], "name": merges["from_name"], "acronym": None, "source": None}
    )


def known_organisations(dataset: Dataset) -> dict[str, str]:
    """Normalised name (and acronym) -> name of every organisation in ``dataset``.

    >>> ds = Dataset.from_records(actors=[{"id": "organisation:x", "kind": "organisation",
    ...                                    "name": "Bureau Européen des Unions de Consommateurs",
    ...                                    "acronym": "BEUC"}])
    >>> sorted(known_organisations(ds))
    ['beuc', 'bureau europeen des unions de consommateurs']
    """
    orgs = dataset.actors[dataset.actors["kind"] == ORGANISATION]
    known: dict[str, str] = {}
    for column in ("name", "acronym"):
        present = orgs[orgs[column].notna()]
        known.update(zip(present[column].map(normalise_name), present["name"], strict=True))
    known.pop("", None)
    return known


def register_names(dataset: Dataset) -> dict[str, str]:
    """Normalised name (and acronym) -> name of the organisations that came from the
    Transparency Register.

    >>> register_names(Dataset.from_records(actors=[{"id": "organisation:beuc", "kind": "organisation",
    ...     "name": "BEUC", "source": "register"}]))
    {'beuc': 'BEUC'}
    """
    actors = dataset.actors
    registered = actors[actors["source"].fillna("").str.contains("register")]
    return known_organisations(Dataset.from_frames({"actors": registered}))


def merge_counts(dataset: Dataset) -> dict[str, int]:
    """How resolution changed the counts: organisations before and after, meetings merged.

    >>> merge_counts(Dataset.empty())
    {'organisations_before': 0, 'organisations_after': 0, 'meetings_merged': 0}
    """
    merges = dataset.merges
    after = int((dataset.actors["kind"] == ORGANISATION).sum())
    merged_orgs = int(
        ((merges["table"] == "actors") & merges["from_id"].str.startswith("organisation:")).sum()
    )
    return {
        "organisations_before": after + merged_orgs,
        "organisations_after": after,
        "meetings_merged": int((merges["table"] == "meetings").sum()),
    }


# --- actors ---------------------------------------------------------------------------------


def _weights(dataset: Dataset) -> pd.Series:
    """How often each actor appears (meetings and responses): the most-used spelling wins."""
    counts = pd.concat([dataset.participants["actor_id"], dataset.responses["actor_id"]]).value_counts()
    return dataset.actors["id"].map(counts).fillna(0).astype(int)


def _apply_previous(dataset: Dataset) -> Dataset:
    merges = _follow_chains(dataset.merges)
    actors = merges[merges["table"] == "actors"]
    mapping = dict(zip(actors["from_id"], actors["into_id"], strict=True))
    mapping = {k: v for k, v in mapping.items() if k in set(dataset.actors["id"])}
    if mapping:
        dataset, _ = _merge_actors(dataset, mapping, {}, None, log=False)
    meetings = merges[merges["table"] == "meetings"]
    present = set(dataset.meetings["id"])
    pairs = [
        (f, i, "") for f, i in zip(meetings["from_id"], meetings["into_id"], strict=True) if f in present
    ]
    if pairs:
        dataset, _ = _merge_meetings(dataset, pairs, log=False)
    return dataset


def _alias_merges(dataset: Dataset, aliases: pd.DataFrame, alias_file: str):
    orgs = dataset.actors[dataset.actors["kind"] == ORGANISATION]
    keys = _keys_from_ids(orgs["id"])
    acronyms = orgs["acronym"].fillna("").map(normalise_name)
    mapping, rules, new_rows = {}, {}, []
    for alias, canonical in zip(aliases["alias"], aliases["canonical"], strict=True):
        if re.fullmatch(r"\d{6,15}-\d{2}", canonical):
            targets = orgs.loc[orgs["register_id"] == canonical, "id"]
        else:
            key = normalise_name(canonical)
            targets = orgs.loc[(keys == key) | (acronyms == key), "id"]
        if len(targets):
            into = targets.iloc[0]
        else:
            into = ids.actor_id(ORGANISATION, canonical)
            new_rows.append({"id": into, "kind": ORGANISATION, "name": canonical, "source": "alias"})
        key = normalise_name(alias)
        for from_id in orgs.loc[(keys == key) | (acronyms == key), "id"]:
            if from_id != into:
                mapping[from_id] = into
                rules[from_id] = f"alias ({Path(alias_file).name}): {alias!r} is {canonical!r}"
    return mapping, rules, pd.DataFrame(new_rows) if new_rows else None


def _register_merges(dataset: Dataset):
    actors = dataset.actors
    orgs = actors[(actors["kind"] == ORGANISATION) & actors["register_id"].notna()].copy()
    if orgs.empty:
        return {}, {}, None
    orgs["weight"] = _weights(dataset).loc[orgs.index]
    orgs["from_register"] = orgs["source"].fillna("").str.contains("register")
    orgs = orgs.sort_values(
        ["register_id", "from_register", "weight", "id"], ascending=[True, False, False, True]
    )
    orgs["into"] = orgs.groupby("register_id")["id"].transform("first")
    moved = orgs[orgs["id"] != orgs["into"]]
    mapping = dict(zip(moved["id"], moved["into"], strict=True))
    rules = {i: f"same Register ID {r}" for i, r in zip(moved["id"], moved["register_id"], strict=True)}
    return mapping, rules, None


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(ch.isalpha() for ch in text) >= 3


def _initials_fit(acronym: str, name: str) -> bool:
    words = re.split(r"[\s\-/]+", name)
    pool = [w[0].upper() for w in words if w and w.casefold() not in _STOPWORDS and w[0].isalpha()]
    for ch in (c for c in acronym.upper() if c.isalpha()):
        if ch not in pool:
            return False
        pool.remove(ch)
    return True


def _acronym_pairs(names: pd.DataFrame) -> list[tuple[str, str, str, bool, str | None]]:
    """(actor, acronym, full name, from the Register, name as written) for every name that
    pairs the two.

    ``names`` has ``id, name, acronym, source``; ``id`` is the actor the name now belongs to.
    """
    found = []
    unique = names[["id", "name"]].dropna().drop_duplicates()
    # Only names with a bracket, a dash, a comma or a run of capitals can pair anything.
    unique = unique[unique["name"].str.contains(_MAY_PAIR)]
    for pattern in (_PAREN, _DASH, _COMMA, _LEADING, _TRAILING):
        parts = unique["name"].str.extract(pattern)
        parts["id"] = unique["id"]
        parts["written"] = unique["name"]
        parts = parts.dropna(subset=["a", "b"])
        for actor, a, b, written in zip(
            parts["id"], parts["a"].str.strip(), parts["b"].str.strip(), parts["written"], strict=True
        ):
            if _is_acronym(a) and not _is_acronym(b):
                found.append((actor, a, b, False, written))
            elif _is_acronym(b) and not _is_acronym(a):
                found.append((actor, b, a, False, written))
    listed = names[names["acronym"].notna() & names["name"].notna()]
    for actor, acronym, name, source in zip(
        listed["id"], listed["acronym"], listed["name"], listed["source"].fillna(""), strict=True
    ):
        found.append((actor, acronym.strip(), name, "register" in source, None))
    return sorted(set(found), key=lambda row: (normalise_name(row[1]), str(row)))


def _keys_from_ids(actor_ids: pd.Series) -> pd.Series:
    """Organisations' normalised names, read back from their ids (an organisation's id is its
    normalised name with hyphens), which saves normalising every name again."""
    return actor_ids.str.slice(len(ORGANISATION) + 1).str.replace("-", " ", regex=False)


def _acronym_merges(dataset: Dataset, seen: pd.DataFrame):
    """Merges by acronym evidence. ``seen`` adds names merged away earlier (``id`` the actor
    they now belong to, ``name``), so evidence survives the merges made before this rule."""
    actors = dataset.actors
    orgs = actors[actors["kind"] == ORGANISATION].copy()
    names = pd.concat([orgs[["id", "name", "acronym", "source"]], seen], ignore_index=True)
    pairs = _acronym_pairs(names)
    if not pairs:
        return {}, {}, None
    orgs["weight"] = _weights(dataset).loc[orgs.index]
    orgs = orgs.sort_values(["weight", "id"], ascending=[False, True])
    keys = _keys_from_ids(orgs["id"])
    id_of_key = dict(zip(keys[::-1], orgs["id"][::-1], strict=True))  # the heaviest spelling wins
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    register_id = dict(zip(orgs["id"], orgs["register_id"], strict=True))
    present = set(orgs["id"])
    mapping, rules, new_rows = {}, {}, []
    for acr_key, rows in itertools.groupby(pairs, key=lambda row: normalise_name(row[1])):
        group = list(rows)
        fitting = [row for row in group if row[3] or _initials_fit(row[1], row[2])]
        evidence_count = collections.Counter(normalise_name(row[2]) for row in fitting)
        ranked = evidence_count.most_common()
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            continue  # unverified, or an acronym two organisations share equally: leave it
        long_key = ranked[0][0]
        if len(ranked) > 1:
            # Several full names fit: only the best-attested one and its own spellings join.
            group = [row for row in group if normalise_name(row[2]) == long_key]
        fitting = [row for row in fitting if normalise_name(row[2]) == long_key]
        registered = [row for row in fitting if row[3]]
        acronym = fitting[0][1]
        if registered:
            into, name = registered[0][0], registered[0][2]
        elif long_key in id_of_key:
            into = id_of_key[long_key]
            name = name_of[into]
        else:
            into, name = ids.actor_id(ORGANISATION, fitting[0][2]), fitting[0][2]
        # The names written with the acronym, the acronym alone and the full name alone; not a
        # full name that does not fit the acronym on its own (``European Central Bank (SSM)``
        # joins SSM, but ``European Central Bank`` does not).
        members = {row[0] for row in group}
        members |= {id_of_key[k] for k in (acr_key, long_key) if k in id_of_key}
        members = (members & present) - {into}
        if into not in present and not members:
            continue
        new_rows.append({"id": into, "kind": ORGANISATION, "name": name, "acronym": acronym})
        evidence = next((row[4] for row in group if row[4]), None)
        rule = f"acronym {acronym} = {name}" + (
            f" (written together as {evidence!r})" if evidence else " (Register)"
        )
        target_register = register_id.get(into)
        for member in sorted(members):
            own = register_id.get(member)
            if isinstance(own, str) and isinstance(target_register, str) and own != target_register:
                continue  # a different Register entry: not the same organisation
            if member not in mapping:
                mapping[member] = into
                rules[member] = rule
    rows = pd.DataFrame(new_rows).drop_duplicates("id") if new_rows else None
    return mapping, rules, rows


def _mep_merges(dataset: Dataset):
    actors = dataset.actors
    meps = actors[(actors["kind"] == MEP) & actors["ep_member_id"].notna()].copy()
    if meps.empty:
        return {}, {}, None
    meps["weight"] = _weights(dataset).loc[meps.index]
    meps = meps.sort_values(["ep_member_id", "weight", "id"], ascending=[True, False, True])
    meps["into"] = meps.groupby("ep_member_id")["id"].transform("first")
    moved = meps[meps["id"] != meps["into"]]
    rules = {i: f"same EP member id {m}" for i, m in zip(moved["id"], moved["ep_member_id"], strict=True)}
    return dict(zip(moved["id"], moved["into"], strict=True)), rules, None


def _merge_actors(
    dataset: Dataset,
    mapping: Mapping[str, str],
    rules: Mapping[str, str],
    new_rows: pd.DataFrame | None,
    log: bool = True,
) -> tuple[Dataset, pd.DataFrame]:
    """Point every record of a merged-away actor at the actor it merged into; attributes the
    kept actor lacks are taken from the merged ones."""
    if not mapping and new_rows is None:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    mapping = _closed(mapping)
    actors = dataset.actors
    names = actors.set_index("id")["name"]
    moved = actors["id"].isin(list(mapping))
    kept, merged = actors[~moved], actors[moved].assign(id=actors.loc[moved, "id"].map(mapping))
    merged = merged.drop(columns=["name", "kind"]) if log else merged
    parts = [kept, merged] if new_rows is None else [new_rows, kept, merged]
    # Only the actors that gained records need their attributes combined (the kept actor's
    # own values first, then anything it lacks); the others stay as they are.
    touched = set(mapping.values()) | (set(new_rows["id"]) if new_rows is not None else set())
    is_touched = kept["id"].isin(touched)
    parts = [kept[is_touched], merged] if new_rows is None else [new_rows, kept[is_touched], merged]
    combined = tidy(pd.concat(parts, ignore_index=True), ACTORS)
    participants = _kept_first(dataset.participants, "actor_id", mapping)
    participants = participants.assign(actor_id=_remap(participants["actor_id"], mapping))
    responses = _kept_first(dataset.responses, "actor_id", mapping)
    responses = responses.assign(actor_id=_remap(responses["actor_id"], mapping))
    out = Dataset(
        actors=pd.concat([kept[~is_touched], combined], ignore_index=True),
        meetings=dataset.meetings,
        participants=_deduplicated(participants, PARTICIPANTS),
        topics=dataset.topics,
        meeting_topics=dataset.meeting_topics,
        responses=_deduplicated(responses, RESPONSES),
        merges=dataset.merges,
    )
    if not log:
        return out, pd.DataFrame(columns=list(MERGES.columns))
    into_names = out.actors.set_index("id")["name"]
    entries = pd.DataFrame(
        {
            "table": "actors",
            "from_id": list(mapping),
            "into_id": list(mapping.values()),
            "from_name": [names.get(k) for k in mapping],
            "into_name": [into_names.get(v) for v in mapping.values()],
            "rule": [rules.get(k, "") for k in mapping],
        }
    )
    return out, entries


# --- meetings -------------------------------------------------------------------------------


def _title_tokens(title: object) -> frozenset[str]:
    return frozenset(_WORD.findall(title.casefold())) if isinstance(title, str) else frozenset()


def _similar_titles(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= _TITLE_SIMILARITY or a <= b or b <= a


def _host_keys(participants: pd.DataFrame) -> pd.Series:
    """Each meeting's hosts as one sorted ``;``-joined key."""
    return sorted_join(participants[participants["role"] == HOST], "meeting_id", "actor_id")


def _meeting_merges(dataset: Dataset) -> list[tuple[str, str, str]]:
    """(merged meeting, kept meeting, rule) for meetings that different sources report twice."""
    meetings = dataset.meetings
    participants = dataset.participants
    frame = meetings[["id", "institution", "date", "title", "source"]].copy()
    frame["hosts"] = frame["id"].map(_host_keys(participants))
    frame = frame.dropna(subset=["hosts", "date"])
    candidates = frame[frame.duplicated(["institution", "date", "hosts"], keep=False)].copy()
    if candidates.empty:
        return []
    attending = participants[
        (participants["role"] == ATTENDEE) & participants["meeting_id"].isin(candidates["id"])
    ]
    orgs_of: dict[str, set[str]] = {}
    for meeting, actor in zip(attending["meeting_id"].tolist(), attending["actor_id"].tolist(), strict=True):
        orgs_of.setdefault(meeting, set()).add(actor)
    candidates["n"] = candidates["id"].map(lambda m: len(orgs_of.get(m, ())))
    candidates["n_sources"] = candidates["source"].fillna("").str.count(";") + 1
    candidates = candidates.sort_values(
        ["institution", "date", "hosts", "n_sources", "n", "id"],
        ascending=[True, True, True, False, False, True],
    )
    names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    columns = [candidates[c].tolist() for c in ("institution", "date", "hosts", "id", "source", "title")]
    merges = []
    kept: list[dict] = []
    group_key = None
    for institution, date, hosts, meeting, source, title in zip(*columns, strict=True):
        if (institution, date, hosts) != group_key:
            group_key, kept = (institution, date, hosts), []
        sources = set(str(source or "").split(";"))
        orgs = orgs_of.get(meeting, set())
        tokens = _title_tokens(title)
        for canon in kept:
            if canon["sources"] & sources:
                continue
            shared = canon["orgs"] & orgs
            if shared:
                shown = ", ".join(sorted(str(names.get(a, a)) for a in shared)[:3])
                rule = f"same host and date, shared organisations ({shown})"
            elif _similar_titles(canon["tokens"], tokens):
                rule = "same host and date, similar title"
            else:
                continue
            merges.append((meeting, canon["id"], rule))
            canon["sources"] |= sources
            canon["orgs"] |= orgs
            break
        else:
            kept.append({"id": meeting, "sources": sources, "orgs": set(orgs), "tokens": tokens})
    return merges


def _merge_meetings(
    dataset: Dataset, merges: list[tuple[str, str, str]], log: bool = True
) -> tuple[Dataset, pd.DataFrame]:
    if not merges:
        return dataset, pd.DataFrame(columns=list(MERGES.columns))
    mapping = {f: i for f, i, _ in merges}
    meetings = dataset.meetings
    titles = meetings.set_index("id")["title"]
    sources = meetings[["id", "source"]].assign(id=_remap(meetings["id"], mapping))
    sources = sources.assign(source=sources["source"].fillna("").str.split(";")).explode("source")
    sources = sources[sources["source"] != ""].drop_duplicates()
    joined = _joined_sources(sources[sources["id"].isin(set(mapping.values()))])
    moved = meetings["id"].isin(list(mapping))
    combined = pd.concat(
        [meetings[~moved], meetings[moved].assign(id=meetings.loc[moved, "id"].map(mapping))]
    )
    combined = combined.assign(source=combined["id"].map(joined).fillna(combined["source"]))
    participants = _kept_first(dataset.participants, "meeting_id", mapping)
    participants = participants.assign(meeting_id=_remap(participants["meeting_id"], mapping))
    topics = dataset.meeting_topics.assign(meeting_id=_remap(dataset.meeting_topics["meeting_id"], mapping))
    out = Dataset(
        actors=dataset.actors,
        meetings=tidy(combined, MEETINGS),
        participants=_deduplicated(participants, PARTICIPANTS),
        topics=dataset.topics,
        meeting_topics=_deduplicated(topics, MEETING_TOPICS),
        responses=dataset.responses,
        merges=dataset.merges,
    )
    entries = pd.DataFrame(
        {
            "table": "meetings",
            "from_id": [f for f, _, _ in merges],
            "into_id": [i for _, i, _ in merges],
            "from_name": [titles.get(f) for f, _, _ in merges],
            "into_name": [titles.get(i) for _, i, _ in merges],
            "rule": [r for _, _, r in merges],
        }
    )
    return out, entries if log else pd.DataFrame(columns=list(MERGES.columns))


def _joined_sources(sources: pd.DataFrame) -> pd.Series:
    """``id, source`` rows (one source each) -> each id's sources, sorted and ``;``-joined."""
    frame = sources.sort_values(["id", "source"]).assign(source=lambda f: f["source"].astype(object))
    return frame.groupby("id", sort=False)["source"].agg(";".join)


def _closed(mapping: Mapping[str, str]) -> dict[str, str]:
    """``mapping`` with chains followed (a -> b, b -> c gives a -> c, b -> c) and cycles cut."""
    out = {}
    for start in mapping:
        seen, node = {start}, mapping[start]
        while node in mapping and node not in seen:
            seen.add(node)
            node = mapping[node]
        if node != start:
            out[start] = node
    return out


def _kept_first(frame: pd.DataFrame, column: str, mapping: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with the rows of kept records before those of merged-away ones, so that where
    both say something (a host's capacity) the kept record's word stands, in every ingest."""
    moved = frame[column].isin(list(mapping)).to_numpy()
    if not moved.any():
        return frame
    return pd.concat([frame[~moved], frame[moved]], ignore_index=True)


def _deduplicated(frame: pd.DataFrame, table) -> pd.DataFrame:
    """Rows that now share a key (after ids were repointed) kept once: the first. The
    workspace sorts every table when it saves, so no sort here."""
    key = list(table.key)
    return frame[~frame.duplicated(key)].reset_index(drop=True)


def _remap(values: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """``values`` with every key of ``mapping`` replaced by its value (a dict lookup, not
    ``Series.replace``, which is slow for large mappings)."""
    mapped = values.map(mapping)
    return pd.Series(
        np.where(mapped.isna(), values.astype(object), mapped.astype(object)), index=values.index
    )


def _follow_chains(merges: pd.DataFrame) -> pd.DataFrame:
    """Point every merge at the final record (a -> b, b -> c gives a -> c)."""
    if merges.empty:
        return merges
    mapping = dict(zip(merges["from_id"], merges["into_id"], strict=True))
    final = {}
    for start in mapping:
        seen, node = {start}, mapping[start]
        while node in mapping and node not in seen:
            seen.add(node)
            node = mapping[node]
        final[start] = node
    merges = merges.assign(into_id=merges["from_id"].map(final))
    # A record merged away and later chosen as the one to keep is no longer a merge.
    return merges[merges["from_id"] != merges["into_id"]].reset_index(drop=True)
