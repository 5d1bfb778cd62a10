"""The rule of names in two parts (rule 5 of :mod:`graphkit.resolution.resolve`): ``Known Name
(what it is)``, ``ACR - what it stands for``, ``Name : a person`` are the known organisation,
where the other part names no one else."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from graphkit.model.names import TITLE_WORDS, fold, normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.resolution.name_comparison import (
    TITLE_CONTEXT,
    abbreviates,
    generic_name,
    is_acronym,
    names_a_body,
    names_agree,
    rival_names,
    shares_concepts,
    translation_fits,
)
from graphkit.resolution.name_spellings import closed
from graphkit.sources.entries import acronym_fits

# "A - B", "A | B", "A: B", "A (B)"; not "A / B", which as often joins two organisations.
_TWO_PARTS = re.compile(r"^(?P<a>[^()|:–—]+?)(?P<sep>\s+[-–—|]\s+|\s*:\s+)(?P<b>[^()]+)$|^(?P<a2>[^()]+?)\s*\((?P<c>[^()]+)\)$")
_JOINED = re.compile(r"\s(?:and|&|und|et)\s+[A-Z]|,\s*[A-Z]")  # "… and European Society …": two bodies
_MORE_TITLES = frozenset({"delegate", "ambassadeur", "representative", "officers", "advisors", "staff"})
# Countries beyond the EU member states (which the data names as MEPs' countries).
_MORE_PLACES = frozenset({"united kingdom", "uk", "norway", "switzerland", "iceland", "ukraine", "turkey", "serbia",
                          "usa", "us", "united states", "canada", "china", "japan", "india", "brazil"})  # fmt: skip
_REGIONS = frozenset({"europe", "eu", "european region", "europe region", "region europe", "emea", "international",
                      "global", "world", "worldwide", "european office", "eu office", "brussels office"})  # fmt: skip
_GENERIC_WORDS = frozenset({"europe", "european", "industry", "international", "association", "federation",
                            "foundation", "council", "network", "alliance", "coalition", "office", "group", "ngo",
                            "commission", "parliament", "government", "ministry"})  # fmt: skip


def two_part_merges(spellings: pd.DataFrame, dataset: Dataset):
    """A name in two parts, one of them a known organisation and the other no one the data
    knows, written in a way that names one organisation: ``IBERDROLA (IBE)``, ``Association of
    Retailers (EuroCommerce)``, ``Hydrogen Europe (Junior Policy Officer)``, ``FEAD – The
    European Waste Management Association``, ``Caisse des Dépôts : Laurent Zylberberg``.
    Returns ``(mapping, rules, None)``.

    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:hydrogen-europe", "kind": "organisation", "name": "Hydrogen Europe"},
    ...     {"id": "organisation:hydrogen-europe-junior-policy-officer", "kind": "organisation",
    ...      "name": "Hydrogen Europe (Junior Policy Officer)"}])
    >>> from graphkit.resolution.name_spellings import spellings_of
    >>> two_part_merges(spellings_of("Hydrogen Europe", "Hydrogen Europe (Junior Policy Officer)"), ds)[0]
    {'organisation:hydrogen-europe-junior-policy-officer': 'organisation:hydrogen-europe'}

    Nothing merges where both parts are known and differ (``France Assureurs - German Insurance
    Association``), where the unknown part holds a known name, an acronym, a place
    (``Union of International Haulers – Bulgaria``: a branch) or a person the data knows, where
    the known part is short, generic or a description, nor for ``Name - Other Name`` (as often
    two organisations, ``Ystad Hamn - Ehrenberg Sörensen Kommunikation``, as one).
    """
    id_of_key = dict(zip(spellings["key"][::-1], spellings["id"][::-1], strict=True))
    spelled: dict[str, list[str]] = {}
    written: dict[str, set[str]] = {}
    for actor, name in zip(spellings["id"], spellings["name"], strict=True):
        if not is_acronym(name):
            spelled.setdefault(actor, []).append(name)
        written.setdefault(actor, set()).add(name.strip())
    names_of = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    acronym_of = dataset.actors.set_index("id")["acronym"].dropna().to_dict()
    places = frozenset(dataset.actors["country"].dropna().map(normalise_name)) | _MORE_PLACES
    others = dataset.actors.loc[dataset.actors["kind"] != ORGANISATION, "name"].dropna()
    other_keys = set(others.map(normalise_name))
    two_part = spellings[spellings["name"].str.contains(r" [-–—|] |: |\(", na=False)]
    mapping, rules = {}, {}
    for actor, name in zip(two_part["id"], two_part["name"], strict=True):
        if actor in mapping:
            continue
        parts = _two_parts(name)
        if parts is None:
            continue
        first, second, how = parts
        known = [id_of_key.get(normalise_name(first)), id_of_key.get(normalise_name(second))]
        if (
            known[0] and known[1] and known[0] != known[1] and how == "brackets" and _contracts(second, first)
            and second in written.get(known[1], ())  # as the data writes it ("New Era" is not "New ERA")
        ):  # fmt: skip
            # "American Chamber of Commerce to the European Union (AmCham EU)": both known,
            # the one written short for the other.
            for member in {actor, known[1]} - {known[0]}:
                if mapping.get(known[0]) != member:
                    mapping[member] = known[0]
                    rules[member] = f"name in two parts, one of them {second!r} written short"
            continue
        if bool(known[0]) == bool(known[1]):
            continue  # both unknown, or both known (the same already, or two organisations)
        side = 0 if known[0] else 1
        into, shown, unknown = known[side], (first, second)[side], (first, second)[1 - side]
        if how == "dash" and not _says_what(shown, unknown, side):
            continue
        if how == "colon" and side == 1:
            continue  # "EGDF: Jari-Pekka Kaleva": the organisation comes first, then who came
        if is_acronym(shown) and not _fits(shown, unknown, spelled.get(into, ())):
            continue  # "EBU (European Media Association)": not the EBU the data knows
        if is_acronym(shown) and shown != shown.upper() and shown not in written.get(into, ()):
            continue  # "AbL" is not "ABL GmbH": a mixed-case acronym as the data writes it
        if is_acronym(unknown) and _other_acronym(unknown, acronym_of.get(into), [names_of.get(into, ""), *spelled.get(into, ())]):
            continue  # "Verband kommunaler Unternehmen (VKÖ)" is the Austrian one, not the VKU
        if generic_name(shown) or generic_name(names_of.get(into, "")):
            continue  # "ProDESC (Mexican NGO)" is not "Mexican"; "… GmbH (Berlin)" is not "Berlin"
        if not _tells(shown) or _is_place(shown, places) or _is_place(unknown, places) or _names_someone(unknown, id_of_key, other_keys, into):
            continue
        if into != actor and mapping.get(into) != actor:
            mapping[actor] = into
            rules[actor] = f"name in two parts, one of them {shown!r}"
    return closed(mapping), rules, None


def _other_acronym(written: str, known: str | None, names: Iterable[str]) -> bool:
    """Whether an acronym written beside a body's name is another body's: the body is known by
    a different acronym and the written one fits none of its names (``Verband kommunaler
    Unternehmen (VKÖ)`` is the Austrian association, not the German VKU). A body the data knows
    by no acronym may be written with one in its own language (``Confederation of Norwegian
    Enterprise (NHO)``).

    >>> _other_acronym("VKÖ", "VKU", ["Verband Kommunaler Unternehmen e.V"])
    True
    >>> _other_acronym("NHO", None, ["Confederation of Norwegian Enterprise"])
    False
    >>> _other_acronym("DBG", "DGB", ["Deutscher Gewerkschaftsbund"])
    False
    """
    written_letters, known_letters = fold(written.casefold()), fold(str(known).casefold()) if known else ""
    if not known or sorted(written_letters) == sorted(known_letters):
        return False  # the same, or its letters transposed ("DBG - Deutscher Gewerkschaftsbund": a typo of DGB)
    return not any(acronym_fits(written, name) for name in names if name)


def _contracts(short: str, name: str) -> bool:
    """Whether ``short`` is ``name`` written short from the starts of its words, not as an
    acronym: ``AmCham EU`` for *American Chamber of Commerce to the European Union*. Two words
    at most, with capitals inside."""
    words = short.split()
    if not 1 <= len(words) <= 2 or is_acronym(short) or short == short.lower() or short == short.upper():
        return False
    compact = "".join(words)
    capitals = sum(ch.isupper() for ch in compact)
    return capitals >= 3 and len(name.split()) >= 3 and abbreviates(compact, name)


def _two_parts(name: str) -> tuple[str, str, str] | None:
    """``A - B`` (also ``–``, ``—``, ``|``), ``A: B`` or ``A (B)`` as ``(A, B, how)``, ``how``
    one of ``dash``, ``colon``, ``brackets``."""
    match = _TWO_PARTS.match(name)
    if not match:
        return None
    if match["c"]:
        a, b, how = match["a2"], match["c"], "brackets"
    else:
        a, b, how = match["a"], match["b"], "colon" if match["sep"].strip() == ":" else "dash"
    a, b = a.strip(), b.strip()
    return (a, b, how) if normalise_name(a) and normalise_name(b) else None


def _says_what(shown: str, unknown: str, side: int) -> bool:
    """Whether ``shown - unknown`` (a dash between) says what one organisation is: an acronym
    first and what it stands for or does after it, three words or more and not two bodies
    joined (``CEMA - European Agricultural Machinery Industry Association``), or a name and a
    lower-case description (``CGT – livreurs``). Not ``VNO-NCW - MKB-Nederland`` nor ``WHO -
    Europe and European Society for Clinical Nutrition``: two organisations."""
    if unknown == unknown.lower():
        return True
    if side == 1 and is_acronym(unknown) and not is_acronym(shown) and len(shown.split()) >= 2:
        return True  # "DBG - Deutscher Gewerkschaftsbund": an acronym the data does not know, then the name
    if side != 0 or not is_acronym(shown) or is_acronym(unknown) or len(unknown.split()) < 3:
        return False
    return abbreviates(shown, unknown) or not _JOINED.search(unknown)


def _fits(acronym: str, other: str, names: Iterable[str]) -> bool:
    """Whether the other part of a name written with a known acronym can be what that acronym
    is known as (``names``, its organisation's spellings): it agrees with one of them, or it
    names no body at all (a job
    title, a person, a description: no organisation word). A name the acronym abbreviates is
    left to the acronym rule, which weighs every name claiming it: ``Comité économique des
    produits de santé (CEPS)`` is not the CEPS the data knows, *Centre for European Policy
    Studies*."""
    # Compared without acronyms: "CEPS - Centre for European Policy Studies" agrees with any
    # name CEPS abbreviates.
    names = [" ".join(w for w in n.split() if not is_acronym(w.strip("()-–,:"))) for n in names]
    names = [n for n in names if normalise_name(n)]
    if abbreviates(acronym, other) or translation_fits(acronym, other):
        return False  # a full name of the acronym: the acronym rule's to judge, conflicts and all
    if any(
        (names_agree(other, name) or shares_concepts(other, name)) and not rival_names(other, name, acronym)
        for name in names
    ):
        return True  # not a branch: "Wirtschaftskammer Wien (WKO)" is not Wirtschaftskammer Österreich
    return not names_a_body(normalise_name(other))


def _is_place(part: str, places: frozenset[str]) -> bool:
    """Whether ``part`` is a country or region (``Bulgaria``, ``European Region``): a branch of
    the organisation, not the organisation. ``places``: the countries the data names."""
    key = normalise_name(part)
    return key in _REGIONS or key in places


def _tells(part: str, key_only: bool = False) -> bool:
    """Whether a known part says which organisation: an acronym of three letters or more, or a
    name of five characters or more that is not one generic word (*Europe*, *Industry*), a
    place or a job title (*Executive Director*)."""
    key = normalise_name(part)
    words = key.split()
    if len(words) <= 3 and any(word in TITLE_WORDS or word in _MORE_TITLES for word in words):
        return False
    if is_acronym(part.strip()):
        return len(key.replace(" ", "")) >= 3
    if part == part.lower() and not key_only:
        return False  # a description ("trade union"), not a name (a key is lower-case anyway)
    if key in _REGIONS:
        return False
    return len(key) >= 5 and (len(key.split()) >= 2 or key not in _GENERIC_WORDS)


def _names_someone(part: str, id_of_key: Mapping[str, str], other_keys: set[str], into: str) -> bool:
    """Whether ``part`` names a person, MEP or official the data knows, or holds a known
    organisation other than ``into`` (``German Insurance Association (Gesamtverband …)``)."""
    key = normalise_name(part)
    if key in other_keys:
        return True
    # Any run of its words that is another organisation's name ("Bureau Brussel Vewin").
    words = key.split()
    runs = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 6) + 1))
    return any(id_of_key.get(run) not in (None, into) and _another_body(run) for run in runs)


def _another_body(run: str) -> bool:
    """Whether a run of a name's words (a key) that is a known organisation's name says which
    other body (``france assureurs``), not a job title or a word (``policy officer``)."""
    words = set(run.split())
    if len(words) < 2 or words & (TITLE_WORDS | _MORE_TITLES | TITLE_CONTEXT):
        return False
    return _tells(run, key_only=True)
