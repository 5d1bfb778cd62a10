"""The acronym rule of entity resolution (rule 4 of :mod:`graphkit.resolution.resolve`): an
acronym, the full names the data writes with it and the names that retell them are one
organisation, unless the evidence conflicts."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from rapidfuzz import fuzz

from graphkit.model.names import normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.resolution.acronyms import acronym_clusters, acronym_variants
from graphkit.resolution.name_comparison import (
    STOPWORDS,
    concept_counts,
    concepts,
    is_acronym,
    job_title,
    names_agree,
    says_the_same,
    tells_the_same,
    unelided,
)
from graphkit.resolution.name_spellings import closed, organisations
from graphkit.sources.entries import acronym_fits

_MAY_EXPAND = re.compile(r"\b[A-Z][A-Z0-9&\-]+\b")  # a name with an acronym in it
_CLOSE_TO_FULL = 88  # rapidfuzz ratio of a name beside an acronym to the full name it stands for


def acronym_merges(dataset: Dataset, merged: pd.DataFrame | None = None):
    """Merges by acronym evidence (rule 4 of :mod:`graphkit.resolution.resolve`): ``(mapping,
    rules, rows)``. ``merged`` adds names merged away by earlier rules (``id``: the actor each
    belongs to now), so their evidence still counts.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:vda", "kind": "organisation", "name": "VDA"},
    ...     {"id": "organisation:verband-der-automobilindustrie-vda", "kind": "organisation",
    ...      "name": "Verband der Automobilindustrie (VDA)"},
    ...     {"id": "organisation:verband-der-deutschen-automobilindustrie", "kind": "organisation",
    ...      "name": "Verband der deutschen Automobilindustrie"}])
    >>> sorted(acronym_merges(ds)[0])
    ['organisation:verband-der-automobilindustrie-vda', 'organisation:verband-der-deutschen-automobilindustrie']
    """
    orgs = organisations(dataset)
    names = orgs[["id", "name", "acronym", "source"]]
    if merged is not None and len(merged):
        names = pd.concat([names, merged.assign(acronym=None, source=None)], ignore_index=True)
    clusters, evidence, conflicts = acronym_clusters(names)
    if not evidence:
        return {}, {}, None
    actors_of_key: dict[str, list[str]] = {}
    for key, actor in zip(names["name"].map(normalise_name), names["id"], strict=True):
        listed = actors_of_key.setdefault(key, [])
        if actor not in listed:
            listed.append(actor)
    weight = dict(zip(orgs["id"], orgs["weight"], strict=True))
    counts = concept_counts(actors_of_key)
    register_id = dict(zip(orgs["id"], orgs["register_id"], strict=True))
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    member_of_cluster = {}
    for acr_key, keys in clusters.items():
        for key in keys:
            member_of_cluster.setdefault(key, acr_key)
    # Names that differ from a member only by the acronym written out or written inside:
    # "CAN Europe" (Climate Action Network Europe), "Climate Action Network (CAN) Europe".
    expanded = {}
    may_expand = orgs[orgs["name"].str.contains(_MAY_EXPAND, na=False)]
    for actor, name in zip(may_expand["id"], may_expand["name"], strict=True):
        for variant in acronym_variants(name, clusters, evidence):
            key = normalise_name(variant)
            if key in actors_of_key or key in member_of_cluster:
                expanded.setdefault(actor, key)
    clusters = _with_names_it_initials(clusters, evidence, conflicts, names, counts)
    mapping, rules, new_rows = {}, {}, []
    for acr_key, keys in sorted(clusters.items()):
        ev = evidence[acr_key]
        members = {actor for key in keys for actor in actors_of_key.get(key, ())}
        members |= {actor for actor, key in ev.paired.items() if key in keys and actor in weight}
        meant = {concepts(key) for key in keys}
        members |= {actor for actor, key in ev.loose.items() if concepts(key) in meant and actor in weight}
        members |= {actor for actor, key in expanded.items() if key in keys or member_of_cluster.get(key) == acr_key}
        # Written with the acronym and a name close to what it stands for ("BEUC The European
        # Customer Organisation", "ACEA European Automobile manufacturers"): the acronym and
        # the name agree, so the writer is one of them.
        # So is a job title written with it ("Public Affairs Director ACEA").
        stands_for = sorted(keys - {acr_key})
        members |= {
            actor for actor, key in [*ev.paired.items(), *ev.loose.items()]
            if actor in weight and (any(_close(key, full) for full in stands_for) or job_title(key))
        }  # fmt: skip
        # Or says the same in other words or another language, sharing a word few names have:
        # "Association of German Banks (BdB)", "VDA - Office Verband der Automobilindustrie".
        # Then that name written alone is the organisation too.
        # (Written with no separator too: "Europäischer Verband der Automobilhersteller ACEA".)
        retold = {
            key for key in [*ev.beside, *ev.loose.values()] if key not in keys and tells_the_same(key, stands_for, counts, ev.acronym)
        }  # fmt: skip
        members |= {actor for actor, key in [*ev.paired.items(), *ev.loose.items()] if key in retold and actor in weight}
        members |= {actor for key in retold for actor in actors_of_key.get(key, ()) if actor in weight}
        members = {m for m in members if m not in mapping}
        if len(members) < 2:
            continue
        full_key = min(ev.full, key=lambda k: (-len(actors_of_key.get(k, ())), k)) if ev.full else None
        full_actors = actors_of_key.get(full_key, []) if full_key else []
        into = full_actors[0] if full_actors else min(members, key=lambda m: (-weight[m], m))
        members.add(into)
        full_name = ev.full.get(full_key) if full_key else None
        full_name = full_name or next(iter(ev.translated.values()), name_of[into])
        rule = f"acronym {ev.acronym} = {full_name}"
        into_register = register_id.get(into)
        for member in sorted(members - {into}):
            own = register_id.get(member)
            if isinstance(own, str) and isinstance(into_register, str) and own != into_register:
                continue  # a different Register entry: not the same organisation
            if spells_another(name_of.get(member, ""), ev.acronym, [name_of[into], *ev.full.values()]):
                continue  # "CEPI (European Coordination of Independent Producers)": another CEPI
            mapping[member] = into
            rules[member] = rule
        new_rows.append({"id": into, "kind": ORGANISATION, "name": name_of[into], "acronym": ev.acronym})
    # An acronym two names claim says nothing alone, but "Electricité de France (EDF)" still
    # names Electricité de France.
    for acr_key, ev in sorted(evidence.items()):
        if acr_key in clusters:
            continue
        for writer, partner in sorted(ev.paired.items()):
            targets = [a for a in actors_of_key.get(partner, ()) if a != writer and a in weight]
            if writer in weight and writer not in mapping and targets and partner in {*ev.full, *ev.translated}:
                into = min(targets, key=lambda m: (-weight[m], m))
                mapping[writer] = mapping.get(into, into)
                rules[writer] = f"name with its acronym {ev.acronym}"
    rows = pd.DataFrame(new_rows).drop_duplicates("id") if new_rows else None
    return closed(mapping), rules, rows


def spells_another(name: str, acronym: str, full_names: list[str]) -> bool:
    """Whether ``name`` writes ``acronym`` beside another expansion of it than ``full_names``:
    a part in brackets or after a dash, of three words or more, that the acronym's letters fit
    and that agrees with none of them (the audiovisual producers' CEPI is not the paper
    industries' CEPI). A translation the letters do not fit (``VDMA (Mechanical Engineering
    Industry Association)``) is no other expansion.

    >>> spells_another("CEPI (European Coordination of Independent Producers)", "CEPI",
    ...                ["Confederation of European Paper Industries"])
    True
    >>> spells_another("CEPI (Confederation of European Paper Industries)", "CEPI",
    ...                ["Confederation of European Paper Industries"])
    False
    >>> spells_another("VDMA (Mechanical Engineering Industry Association)", "VDMA",
    ...                ["Verband Deutscher Maschinen- und Anlagenbau"])
    False
    """
    for part in _SPELLED_PARTS.findall(name):
        part = next(p for p in part if p).strip()
        if len(part.split()) < 3 or not acronym_fits(acronym, part):
            continue
        if not any(names_agree(part, full) for full in full_names if full):
            return True
    return False


# A part of a name in brackets, or after a dash: where a writer spells an acronym out.
_SPELLED_PARTS = re.compile(r"\(([^()]+)\)|\s[-–—]\s+([^()]+)$")


def _with_names_it_initials(
    clusters: dict[str, set[str]],
    evidence: Mapping,
    conflicts: list,
    names: pd.DataFrame,
    counts: Mapping[str, int],
) -> dict[str, set[str]]:
    """``clusters`` with the names an acronym is the initials of that say the same as a name
    written beside it, in other words or another language: *Verband der deutschen
    Automobilindustrie* for VDA (*Verband der Automobilindustrie*), *Gesamtverband der
    Deutschen Versicherungswirtschaft* for GDV (written *German Insurance Association - GDV*).
    Two names written apart that agree on what an acronym stands for make it a cluster. Never
    for an acronym in conflict, nor where several such names do not agree."""
    claimed = {normalise_name(conflict[1]) for conflict in conflicts}
    by_initials: dict[str, set[str]] = {}
    for name in names["name"].dropna().unique():
        if not is_acronym(name):
            key = normalise_name(name)  # without its legal form: "… e.V." is not a letter
            # (initials() of a key: a key is folded, lower-case, split on spaces only)
            letters = "".join(unelided(word)[0] for word in key.split() if word not in STOPWORDS).upper()
            if len(letters) >= 2:
                by_initials.setdefault(letters, set()).add(key)
    out = dict(clusters)
    for acr_key, ev in evidence.items():
        if acr_key in claimed:
            continue
        found = by_initials.get("".join(ch for ch in ev.acronym.upper() if ch.isalnum()), set())
        keys = out.get(acr_key, {acr_key, *ev.beside})
        said = sorted(keys - {acr_key})
        telling = {key for key in found - keys if any(says_the_same(key, other) for other in said)}
        if telling and _all_agree(sorted(telling)):
            out[acr_key] = {*keys, *telling, *(k for k in said if acr_key in clusters or k in ev.beside)}
    return out


def _all_agree(keys: list[str]) -> bool:
    return all(names_agree(keys[0], other) for other in keys[1:])


def _close(key: str, full: str) -> bool:
    """Whether a name written beside an acronym is close to a full name it stands for: one
    word changed in a long name, or most of its words."""
    if fuzz.ratio(key, full) >= _CLOSE_TO_FULL:
        return True
    words, full_words = set(key.split()) - STOPWORDS, set(full.split()) - STOPWORDS
    return len(words) >= 2 and words <= full_words and 3 * len(words) >= 2 * len(full_words)
