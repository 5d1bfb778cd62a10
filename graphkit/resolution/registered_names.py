"""Registered and common names (a rule of :mod:`graphkit.resolution.resolve`): a company's
registered form (``Shell Companies``, ``Amazon Europe Core SARL``, ``Meta Platforms Ireland
Limited and its various subsidiaries``) and the name it is known by (``Shell``, ``Amazon``,
``Meta``) are one organisation when nothing else in the data claims the common name and the
two met the same people.

The name alone is never enough: ``Vodafone Belgium SA`` and ``Vodafone`` (a place after the
name, no corporate word) stay apart, and so do two registered forms of one common name
(``X Group``, ``X Holding``), which leave ``X`` ambiguous.
"""

from __future__ import annotations

import re

import pandas as pd

from graphkit.model.names import ASSOCIATION_FORM, is_legal_form, normalise_name
from graphkit.model.schema import HOST
from graphkit.model.tables import Dataset
from graphkit.resolution.acronyms import acronym_evidence, without_trailing_form
from graphkit.resolution.name_comparison import generic_name, is_acronym, is_place
from graphkit.resolution.name_spellings import closed, organisations

# Words a company's registered name adds to the name it is known by (after OpenCorporates'
# and the Transparency Register's company names: "Microsoft Corporation", "Shell Companies",
# "Enel Holding", "Amazon Europe Core", "Meta Platforms Ireland Limited and its various
# subsidiaries"). Words that say which company ("Cloud", "Energy", "Services") are not here.
CORPORATE_WORDS = frozenset({
    "corporation", "corp", "companies", "company", "group", "holding", "holdings", "incorporated", "inc",
    "platforms", "subsidiaries", "core", "limited", "ltd", "plc", "llc",
})  # fmt: skip
_FILLER = frozenset({"and", "its", "various", "the", "of"})  # "… and its various subsidiaries"
# A foundation a company set up is a body of its own (``Vodafone Stiftung Deutschland gGmbH``,
# ``Robert Bosch Stiftung``): the word is never stripped to reach the company's name, though
# ``Stiftung`` is a legal form. The words: German, English, French, Spanish, Italian.
_OWN_BODY = frozenset({"stiftung", "foundation", "fondation", "fundacion", "fondazione"})
SHARED_COUNTERPARTS = 2  # officials or MEPs both met, at least
_MIN_COMMON = 4  # characters of a common name's key, at least ("BP" is too short to tell)


def common_name(key: str) -> str | None:
    """The name a registered form is known by: ``key`` without the corporate words, legal
    forms and places after it, where at least one corporate word went; else ``None``.

    >>> common_name("meta platforms ireland limited and its various subsidiaries")
    'meta'
    >>> common_name("amazon europe core"), common_name("shell companies"), common_name("vodafone belgium")
    ('amazon', 'shell', None)
    """
    words = key.split()
    corporate = False
    while len(words) > 1:
        last = words[-1]
        if last in CORPORATE_WORDS:
            corporate = True
        elif not (last in _FILLER or is_place(last) or is_legal_form(last)):
            break
        words.pop()
    common = " ".join(words)
    if not corporate or len(common) < _MIN_COMMON or generic_name(common):
        return None
    return common


def registered_merges(dataset: Dataset):
    """Merges of registered forms into their common names: ``(mapping, rules, None)``. Each rule names the evidence: the common name
    no other name claims, and the counterparts both met.

    >>> from graphkit.model.tables import Dataset
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "organisation:shell", "kind": "organisation", "name": "Shell"},
    ...             {"id": "organisation:shell-companies", "kind": "organisation", "name": "Shell Companies"},
    ...             {"id": "official:a", "kind": "official", "name": "A"},
    ...             {"id": "official:b", "kind": "official", "name": "B"}],
    ...     meetings=[{"id": f"meeting:{n}", "institution": "EC"} for n in range(4)],
    ...     participants=[{"meeting_id": f"meeting:{n}", "actor_id": actor, "role": role}
    ...                   for n, (org, host) in enumerate([("shell", "a"), ("shell", "b"),
    ...                                                    ("shell-companies", "a"), ("shell-companies", "b")])
    ...                   for actor, role in ((f"organisation:{org}", "attendee"), (f"official:{host}", "host"))])
    >>> mapping, rules, _ = registered_merges(ds)
    >>> mapping
    {'organisation:shell-companies': 'organisation:shell'}
    >>> rules["organisation:shell-companies"]
    "registered name and common name: 'Shell Companies' is 'Shell' (no other name claims it; both met A, B)"
    """
    orgs = organisations(dataset)
    orgs = orgs[orgs["weight"] > 0]
    if orgs.empty:
        return {}, {}, None
    corporate = orgs["key"].str.split().map(lambda words: len(words) >= 2 and not CORPORATE_WORDS.isdisjoint(words))
    forms = orgs.loc[corporate.astype(bool).to_numpy()]
    forms = forms.assign(common=forms["key"].map(common_name).astype(object)).dropna(subset=["common"])
    id_of_key = dict(zip(orgs["key"], orgs["id"], strict=True))
    forms = forms[forms["common"].isin(list(id_of_key)).to_numpy(dtype=bool)]
    # A common name two registered forms claim is ambiguous; one another registered body
    # starts with (``Vodafone Group`` beside ``Vodafone Belgium``) too.
    forms = forms[~forms["common"].duplicated(keep=False).to_numpy(dtype=bool)]
    if forms.empty:
        return {}, {}, None
    registered = orgs[orgs["register_id"].notna()]
    first_words = registered["key"].str.split(n=1).str[0]
    register_of = dict(zip(orgs["id"], orgs["register_id"], strict=True))
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    counterparts = _counterparts(dataset, {*forms["id"], *(id_of_key[c] for c in forms["common"])})
    host_names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    mapping, rules = {}, {}
    for form, common in zip(forms["id"], forms["common"], strict=True):
        known = id_of_key[common]
        if is_acronym(name_of[known]):
            continue  # "EDF Group" and "EDF": the acronym alone may be another body (the acronym rule's)
        own, other = register_of.get(form), register_of.get(known)
        if isinstance(own, str) and isinstance(other, str) and own != other:
            continue  # two Register entries: two organisations
        claimants = registered[(first_words == common.split()[0]) & registered["key"].str.startswith(common + " ")]
        if len(set(claimants["id"]) - {form, known}):
            continue
        shared = sorted(counterparts.get(form, set()) & counterparts.get(known, set()))
        if len(shared) < SHARED_COUNTERPARTS:
            continue
        # Into the common name: the one a reader looks for (the registered one stays a spelling).
        into, merged = known, form
        if into in mapping or merged in mapping:
            continue
        met = ", ".join(sorted(str(host_names.get(h, h)) for h in shared)[:3]) + (", …" if len(shared) > 3 else "")
        mapping[merged] = into
        rules[merged] = (
            f"registered name and common name: {name_of[form]!r} is {name_of[known]!r} "
            f"(no other name claims it; both met {met})"
        )
    return closed(mapping), rules, None


def legal_form_merges(dataset: Dataset, merged: pd.DataFrame | None = None):
    """``BASF SE`` and ``BASF``: a company named by an acronym and its legal form is the
    acronym written alone when nothing else in the data says what the acronym stands for (no
    ``Full Name (ACR)``, no Register acronym) and no other company is named by it. Where
    something does (``EPPA SA``, ``European Paper Packaging Alliance (EPPA)``), the two stay
    apart, for review. ``merged`` adds names merged away by earlier rules (``id``: the actor
    each belongs to now), whose evidence still counts. ``(mapping, rules, None)``.

    >>> from graphkit.model.tables import Dataset
    >>> from graphkit.model.ids import actor_id
    >>> names = ["BASF SE", "BASF", "EPPA SA", "EPPA", "European Paper Packaging Alliance (EPPA)"]
    >>> ds = Dataset.from_records(actors=[{"id": actor_id("organisation", n), "kind": "organisation", "name": n}
    ...                                   for n in names])
    >>> mapping, rules, _ = legal_form_merges(ds)
    >>> mapping, rules["organisation:basf-se"]
    ({'organisation:basf-se': 'organisation:basf'}, "registered name and common name: 'BASF SE' is 'BASF' (written with a legal form; nothing in the data spells BASF out as another name)")
    """
    orgs = organisations(dataset)
    companies = orgs[orgs["key"].str.contains(" ", regex=False).to_numpy(dtype=bool)]
    companies = companies[companies["name"].map(_acronym_company).to_numpy(dtype=bool)]
    if companies.empty:
        return {}, {}, None
    acronym_keys = companies["name"].map(lambda n: normalise_name(without_trailing_form(n)))
    id_of_key = dict(zip(orgs["key"], orgs["id"], strict=True))
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    # Only names that hold one of these acronyms can say what it stands for.
    wanted = set(acronym_keys)
    names = orgs[["id", "name", "acronym", "source"]]
    if merged is not None and len(merged):
        names = pd.concat([names, merged[["id", "name"]].assign(acronym=None, source=None)], ignore_index=True)
    words = names["name"].str.lower().str.split(r"[^\w&.]+", regex=True)
    holding = names[words.map(lambda ws: isinstance(ws, list) and not wanted.isdisjoint(ws)).to_numpy(dtype=bool)]
    evidence = acronym_evidence(holding)
    once = ~acronym_keys.duplicated(keep=False)  # two companies named by one acronym: which is it?
    mapping, rules = {}, {}
    for company, acronym in zip(companies["id"][once], acronym_keys[once], strict=True):
        bare = id_of_key.get(acronym)
        said = evidence.get(acronym)
        # What the acronym is written out as (a name it abbreviates or translates): another
        # owner. A name merely beside it (``TIM - Telecom Italia``) may be the company's own.
        if bare is None or bare == company or (said and (said.full or said.translated)):
            continue
        mapping[company] = bare
        rules[company] = (
            f"registered name and common name: {name_of[company]!r} is {name_of[bare]!r} "
            f"(written with a legal form; nothing in the data spells {name_of[bare]} out as another name)"
        )
    return closed(mapping), rules, None


def _acronym_company(name: str) -> bool:
    """An acronym and a company's legal form as companies write it (``BASF SE``, ``STEAG
    GmbH``); not a two-letter word rigour also lists as a form somewhere (``AXA IM``: AXA
    Investment Managers, another company)."""
    bare = without_trailing_form(name)
    form = name[len(bare) :].strip()
    return (
        bool(form)
        and not ASSOCIATION_FORM.search(name)
        and is_acronym(bare)
        and re.sub(r"[.\s]", "", form).casefold() in _COMPANY_FORMS
    )


# Company legal forms as the EU's companies write them after their names (the forms of the
# EU company-law directives' annexes, Directive (EU) 2017/1132 Annexes I and II, with their
# usual spellings), dots and spaces removed: evidence strong enough to merge on.
_COMPANY_FORMS = frozenset({
    "se", "sa", "ag", "gmbh", "ab", "abpubl", "as", "asa", "a/s", "aps", "nv", "bv", "oy", "oyj", "plc", "ltd",
    "limited", "inc", "corp", "corporation", "llc", "spa", "srl", "sas", "sarl", "sl", "slu", "kg", "kgaa",
    "gmbh&cokg", "sro", "spzoo", "kft", "zrt", "nyrt", "doo", "dd", "ead", "ood", "eood", "ad", "sca",
    "scrl", "sprl", "ehf", "hf", "uab", "oü", "ou", "sia", "ae", "ike", "epe", "lda",
})  # fmt: skip


def _counterparts(dataset: Dataset, actors: set[str]) -> dict[str, set[str]]:
    """The hosts (officials, MEPs) of the meetings each of ``actors`` attended."""
    participants = dataset.participants
    hosts = participants.loc[participants["role"] == HOST, ["meeting_id", "actor_id"]]
    attended = participants.loc[participants["actor_id"].isin(actors) & (participants["role"] != HOST)]
    pairs = attended[["meeting_id", "actor_id"]].merge(hosts, on="meeting_id", suffixes=("", "_host"))
    return pairs.groupby("actor_id")["actor_id_host"].agg(set).to_dict()


def stripped_name(key: str) -> str | None:
    """``key`` without the corporate words, legal forms, places and filler after the name
    (``vodafone belgium`` -> ``vodafone``), whether or not a corporate word went: the name a
    registered or local form may be known by, for review; ``None`` where nothing went or too
    little is left.

    >>> stripped_name("vodafone belgium"), stripped_name("amazon europe core"), stripped_name("oxfam")
    ('vodafone', 'amazon', None)
    >>> stripped_name("vodafone stiftung deutschland")  # a foundation: never "vodafone"
    'vodafone stiftung'
    """
    words = key.split()
    while len(words) > 1 and words[-1] not in _OWN_BODY and (
        words[-1] in CORPORATE_WORDS or words[-1] in _FILLER or is_place(words[-1]) or is_legal_form(words[-1])
    ):
        words.pop()
    common = " ".join(words)
    if common == key or len(common) < 3 or generic_name(common):
        return None
    return common


def registered_candidates(dataset: Dataset) -> list[tuple[str, str, str]]:
    """What :func:`registered_merges` leaves apart for a reviewer: every pair of a registered
    or local form (``Shell Companies``, ``Vodafone Belgium SA``, ``EDF Group``) and another
    organisation named by what is left of it once the corporate words, legal forms and places
    after the name are gone, with the reason the rule gave no merge. ``(form id, common id,
    reason)``, for a resolved dataset (whatever is still apart).

    >>> from graphkit.model.tables import Dataset
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "organisation:vodafone", "kind": "organisation", "name": "Vodafone"},
    ...             {"id": "organisation:vodafone-belgium", "kind": "organisation", "name": "Vodafone Belgium SA"}],
    ...     meetings=[{"id": "meeting:1", "institution": "EC"}],
    ...     participants=[{"meeting_id": "meeting:1", "actor_id": a, "role": "attendee"}
    ...                   for a in ("organisation:vodafone", "organisation:vodafone-belgium")])
    >>> registered_candidates(ds)
    [('organisation:vodafone-belgium', 'organisation:vodafone', 'no corporate word: a place or legal form after the name may be a branch; met no one both met')]
    """
    orgs = organisations(dataset)
    orgs = orgs[orgs["weight"] > 0]
    if orgs.empty:
        return []
    several = orgs[orgs["key"].str.contains(" ", regex=False).to_numpy(dtype=bool)]
    common = several["key"].map(stripped_name)
    id_of_key = dict(zip(orgs["key"], orgs["id"], strict=True))
    known = common.map(id_of_key)
    pairs = pd.DataFrame({"form": several["id"], "key": several["key"], "common": common, "known": known})
    pairs = pairs.dropna(subset=["known"])
    pairs = pairs[pairs["form"] != pairs["known"]]
    if pairs.empty:
        return []
    name_of = dict(zip(orgs["id"], orgs["name"], strict=True))
    register_of = dict(zip(orgs["id"], orgs["register_id"], strict=True))
    forms_of = pairs.groupby("common")["form"].agg(list).to_dict()
    registered = orgs[orgs["register_id"].notna()]
    registered_keys = pd.Series(registered["key"].to_numpy(), index=registered["id"].to_numpy())
    counterparts = _counterparts(dataset, {*pairs["form"], *pairs["known"]})
    out = []
    for form, key, common_key, known in pairs[["form", "key", "common", "known"]].itertuples(index=False):
        reasons = []
        if common_name(key) != common_key:
            reasons.append("no corporate word: a place or legal form after the name may be a branch")
        if is_acronym(name_of[known]):
            reasons.append(f"{name_of[known]!r} is an acronym other bodies may go by")
        own, other = register_of.get(form), register_of.get(known)
        if isinstance(own, str) and isinstance(other, str) and own != other:
            reasons.append(f"two Register IDs ({own}, {other})")
        rivals = [name_of[f] for f in forms_of[common_key] if f != form]
        if rivals:
            reasons.append("also claimed by " + ", ".join(repr(r) for r in sorted(rivals)[:3]))
        shared = counterparts.get(form, set()) & counterparts.get(known, set())
        if len(shared) < SHARED_COUNTERPARTS:
            reasons.append(f"met {'no one' if not shared else 'one person'} both met")
        claimants = registered_keys[registered_keys.str.startswith(common_key + " ")]
        if len(set(claimants.index) - {form, known}):
            reasons.append("another registered body's name starts with it")
        # Left apart with none of these: the rule saw other names when it ran (or a reviewer
        # rejected the pair).
        out.append((form, known, "; ".join(reasons) or "the rule did not merge them"))
    return sorted(out)
