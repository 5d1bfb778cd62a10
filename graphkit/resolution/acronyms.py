"""Acronym evidence: which acronym the data writes with which name (``Name (ACR)``, ``ACR -
Name``, ``ACR, Name``, ``Name - ACR``), and the clusters of names that are one organisation with
an acronym, or the conflicts that keep them apart (rule 4 of :mod:`graphkit.resolution.resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graphkit.model.names import ASSOCIATION_FORM, has_legal_form, is_legal_form, normalise_name
from graphkit.resolution.name_comparison import (
    abbreviates,
    concepts,
    initials,
    is_acronym,
    names_agree,
    rival_names,
    translation_fits,
)

CLEAR_MAJORITY = 3  # a name beside two acronyms goes with one written beside it this many times as often
BESIDE_SUPPORT = 2  # spellings a name merely written beside an acronym needs to count

# How the data writes an acronym with a name: "Name (ACR)", "ACR - Name", "ACR, Name", and with
# no separator "BEUC The European Consumer Organisation", "European Consumer Association BEUC"
# (the full name three words or more, so "IBM Europe" is not read as a pair). Without a
# separator only a full name the acronym abbreviates counts as evidence.
_PAREN = re.compile(r"^(?P<a>[^()\[\]]+?)\s*[(\[](?P<b>[^()\[\]]+)[)\]]$")
_DASH = re.compile(r"^(?P<a>[^–—]+?)\s+[-–—]\s+(?P<b>.+)$")
_COMMA = re.compile(r"^(?P<a>[^,]+),\s*(?P<b>[^,]+)$")
_COLON = re.compile(r"^(?P<a>[^:]+?)\s*:\s+(?P<b>[^:]+)$")
_LEADING = re.compile(r"^(?P<a>[A-Z][A-Z0-9&]{2,13})\s+(?P<b>[A-Z]\S*[a-z]\S*(?:\s+\S+){2,})$")
_TRAILING = re.compile(r"^(?P<a>[A-Z]\S*[a-z]\S*(?:\s+\S+){2,}?)\s+(?P<b>[A-Z][A-Z0-9&]{2,13})$")
_SEPARATED = ("paren", "dash", "comma", "colon")
_PATTERNS = (
    ("paren", _PAREN),
    ("dash", _DASH),
    ("comma", _COMMA),
    ("colon", _COLON),
    ("leading", _LEADING),
    ("trailing", _TRAILING),
)
_INNER_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Z0-9&\-]{1,12})\)\s*")
_MAY_PAIR = re.compile(r"[(,:\-–—]|\b[A-Z][A-Z0-9&.]*[A-Z0-9]\b")  # only such names can pair anything


@dataclass
class AcronymEvidence:
    """What the data says of one acronym: the full names written with it and how."""

    acronym: str
    full: dict[str, str] = field(default_factory=dict)  # key -> a spelling, names it abbreviates
    translated: dict[str, str] = field(default_factory=dict)  # key -> spelling, translations
    beside: dict[str, str] = field(default_factory=dict)  # key -> spelling, other names beside it
    writers: set[str] = field(default_factory=set)  # actors whose name pairs them
    paired: dict[str, str] = field(default_factory=dict)  # writer -> the name key it pairs
    loose: dict[str, str] = field(default_factory=dict)  # written beside it with no separator
    spellings: dict[str, set[str]] = field(default_factory=dict)  # name key -> how it was written
    registered: bool = False


def acronym_evidence(orgs: pd.DataFrame) -> dict[str, AcronymEvidence]:
    """Acronym key -> the evidence in ``orgs`` (``id, name, acronym, source``) for it.

    >>> orgs = pd.DataFrame({"id": ["organisation:x"], "name": ["Bureau Européen des Unions de Consommateurs (BEUC)"],
    ...                      "acronym": [None], "source": [None]})
    >>> acronym_evidence(orgs)["beuc"].full
    {'bureau europeen des unions de consommateurs': 'Bureau Européen des Unions de Consommateurs'}
    """
    found: dict[str, AcronymEvidence] = {}
    unique = orgs[["id", "name"]].dropna()
    unique = unique[unique["name"].str.contains(_MAY_PAIR)]
    for how, pattern in _PATTERNS if len(unique) else ():
        parts = unique["name"].str.extract(pattern)
        parts["id"] = unique["id"]
        parts["written"] = unique["name"]
        parts = parts.dropna(subset=["a", "b"])
        for actor, a, b, written in zip(
            parts["id"], parts["a"].str.strip(), parts["b"].str.strip(), parts["written"], strict=True
        ):
            a, b = without_trailing_form(a), without_trailing_form(b)
            if is_acronym(a) and not is_acronym(b):
                _add_evidence(found, a, b, actor, how).spellings.setdefault(normalise_name(b), set()).add(
                    written
                )
            elif is_acronym(b) and not is_acronym(a):
                _add_evidence(found, b, a, actor, how).spellings.setdefault(normalise_name(a), set()).add(
                    written
                )
    listed = orgs[orgs["acronym"].notna() & orgs["name"].notna()]
    for actor, acronym, name, source in zip(
        listed["id"], listed["acronym"], listed["name"], listed["source"].fillna(""), strict=True
    ):
        evidence = _add_evidence(
            found, acronym.strip(), name, actor, "register" if "register" in source else "listed"
        )
        evidence.registered |= "register" in source
    return found


def _add_evidence(found: dict, acronym: str, name: str, actor: str, how: str) -> AcronymEvidence:
    acronym, name = without_trailing_form(acronym), without_trailing_form(name)
    key = normalise_name(acronym)
    evidence = found.setdefault(key, AcronymEvidence(acronym))
    name_key = normalise_name(name)
    if not name_key or name_key == key:
        return evidence
    if how in ("register", "listed") or abbreviates(acronym, name):
        evidence.full.setdefault(name_key, name)
    elif translation_fits(acronym, name):
        evidence.translated.setdefault(name_key, name)
    elif how in _SEPARATED and len(name_key.split()) >= 2:
        evidence.beside.setdefault(name_key, name)
    else:
        # No evidence alone ("SOS Racisme ..." says nothing of what SOS stands for), but a name
        # written so whose other part the acronym already goes with joins it.
        evidence.loose.setdefault(actor, name_key)
        return evidence
    evidence.writers.add(actor)
    evidence.paired.setdefault(actor, name_key)
    return evidence


def _support(evidence: AcronymEvidence, key: str) -> int:
    """How many spellings write ``key``'s words (in any order) beside the acronym."""
    words = concepts(key)
    return len({w for k, written in evidence.spellings.items() if concepts(k) == words for w in written})


def without_trailing_form(text: str) -> str:
    """``VDMA e.V.`` -> ``VDMA``: a legal form after an acronym or a name is not part of it."""
    words = text.split()
    while len(words) > 1 and is_legal_form(words[-1]):
        words.pop()
    if len(words) > 2 and is_legal_form(" ".join(words[-2:])):
        words = words[:-2]
    return " ".join(words)


def acronym_clusters(orgs: pd.DataFrame) -> tuple[dict[str, set[str]], dict[str, AcronymEvidence], list]:
    """Acronym key -> the name keys that are one organisation with it; the evidence; and the
    conflicts (acronyms several full names claim, names beside several acronyms).

    >>> orgs = pd.DataFrame({"id": ["organisation:a", "organisation:b"], "acronym": [None, None], "source": [None, None],
    ...     "name": ["European Environmental Bureau (EEB)", "European Economic Board (EEB)"]})
    >>> clusters, _, conflicts = acronym_clusters(orgs)
    >>> "eeb" in clusters, conflicts[0][:2]
    (False, ('acronym claimed by several names', 'EEB'))
    """
    evidence = acronym_evidence(orgs)
    conflicts = []
    companies = companies_named_by_acronym(orgs["name"])
    clusters: dict[str, set[str]] = {}
    strength: dict[tuple[str, str], int] = {}  # (acronym, name key) -> 2 abbreviates, 1 translates, 0 beside
    for acr_key, ev in sorted(evidence.items()):
        # The names that say what it stands for: those it abbreviates, else its translations,
        # else (written with a separator beside it) the names beside it. They must agree.
        # A name merely written beside an acronym must be written so twice (two spellings, the
        # same words) to count: once may be a division, a sibling, a person or a typo.
        supported = {k for k in ev.beside if _support(ev, k) >= BESIDE_SUPPORT}
        for named in (ev.full, ev.translated, {k: ev.beside[k] for k in supported}):
            if named:
                break
        if not named:
            continue
        if not _all_agree([named[k] for k in sorted(named)], ev.acronym):
            conflicts.append(("acronym claimed by several names", ev.acronym, sorted(named.values())))
            continue
        if not (ev.full or ev.translated or supported):
            continue  # one "Name (ACR)" alone does not say what ACR alone stands for
        if acr_key in companies:
            # "EPPA SA" is a company named EPPA, and the acronym written alone may be it or
            # the full name: two owners, for a reviewer to tell apart.
            conflicts.append(("acronym also a company's name", companies[acr_key], sorted(named.values())))
            continue
        beside = supported
        members = {acr_key, *ev.full, *ev.translated, *beside}
        clusters[acr_key] = members
        for key in members - {acr_key}:
            strength[acr_key, key] = 2 if key in ev.full else 1 if key in ev.translated else 0
    # A name written beside two acronyms goes with the one it is the full name of; where
    # neither says more than the other, it decides neither.
    claimed: dict[str, list[str]] = {}
    for acr_key, members in clusters.items():
        for member in members - {acr_key}:
            claimed.setdefault(member, []).append(acr_key)
    for member, acronyms in sorted(claimed.items()):
        if len(acronyms) < 2:
            continue
        best = max(strength[a, member] for a in acronyms)
        winners = [a for a in acronyms if strength[a, member] == best]
        if len(winners) > 1:
            # One whose letters are the initials of the name's words beats a typo of it:
            # "European Transport Workers' Federation" is ETF, not EFT.
            by_initials = [a for a in winners if _initials_in_order(evidence[a].acronym, member)]
            winners = by_initials if len(by_initials) == 1 else winners
        if len(winners) > 1:
            # Written far more often beside one acronym (``BEUC`` 30 times, the typo ``BUEC``
            # once): that one.
            counts = sorted(((len(evidence[a].writers), a) for a in winners), reverse=True)
            if counts[0][0] >= CLEAR_MAJORITY * counts[1][0]:
                winners = [counts[0][1]]
        if len(winners) > 1:
            conflicts.append(
                ("name beside several acronyms", member, sorted(evidence[a].acronym for a in acronyms))
            )
            winners = []
        for acr_key in acronyms:
            if acr_key not in winners:
                clusters[acr_key].discard(member)
    return clusters, evidence, conflicts


_ACRONYM_FIRST = re.compile(r"^[A-Z][A-Za-z0-9&\-.]{1,13}\s+\S")  # only such names can be "ACR SA"


def companies_named_by_acronym(names: pd.Series) -> dict[str, str]:
    """Acronym key -> a name that is that acronym and a legal form (``EPPA SA``, ``ABC
    GmbH``): a company named so, not the acronym written alone.

    >>> companies_named_by_acronym(pd.Series(["EPPA SA", "EPPA", "Eni S.p.A.", "ZVEI e.V.", "European Paper Packaging Alliance"]))
    {'eppa': 'EPPA SA'}
    """
    out: dict[str, str] = {}
    shaped = names.dropna()
    for name in sorted(set(shaped[shaped.str.match(_ACRONYM_FIRST)])):
        if has_legal_form(name) and not ASSOCIATION_FORM.search(name) and is_acronym(without_trailing_form(name)):
            out.setdefault(normalise_name(without_trailing_form(name)), name)
    return out


def _initials_in_order(acronym: str, key: str) -> bool:
    """Whether every letter of ``acronym`` is the initial of a word of ``key``, in order."""
    letters = iter(initials(key))
    return all(letter in letters for letter in acronym.upper() if letter.isalnum())


def _all_agree(names: list[str], acronym: str) -> bool:
    """Full names of one acronym that are one body: each agrees with the first, and no two
    are rivals (:func:`rival_names`)."""
    if not all(names_agree(names[0], other) for other in names[1:]):
        return False
    return not any(rival_names(a, b, acronym) for i, a in enumerate(names) for b in names[i + 1 :])


def acronym_variants(
    name: str, clusters: dict[str, set[str]], evidence: dict[str, AcronymEvidence]
) -> list[str]:
    """``name`` with an acronym it holds written out (``CAN Europe`` -> ``Climate Action Network
    Europe``) or with an acronym in brackets dropped (``Climate Action Network (CAN) Europe``).

    >>> acronym_variants("Climate Action Network (CAN) Europe", {}, {})
    ['Climate Action Network Europe']
    """
    out = []
    inner = _INNER_ACRONYM.search(name)
    if inner and inner.end() < len(name) and abbreviates(inner["acr"], name[: inner.start()]):
        out.append(f"{name[: inner.start()]} {name[inner.end() :]}")
    words = name.split()
    if len(words) >= 2:
        for i, word in enumerate(words):
            key = normalise_name(word)
            if is_acronym(word) and key in clusters and evidence[key].full:
                full = next(iter(sorted(evidence[key].full.values())))
                out.append(" ".join([*words[:i], full, *words[i + 1 :]]))
    return out
