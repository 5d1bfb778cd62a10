"""Honest kinds: after the merges, tell which "organisations" are not interest representatives.

The meeting lists write whatever came to the clerk's mind in the attendee field: EU bodies
(``Europol``), governments (``Embassy of Bangladesh``, ``Georgian Ministry of Foreign
Affairs``), persons (``Harry Tseng``), job titles (``Policy Analyst``) and words that name no
one (``Companies``). The sources keep them as written; this step decides, for every actor of
kind ``organisation``, whether it is

- an EU institution, body or agency (kind ``institution``): a name or an unambiguous acronym of
  the EU's own list (``data/eu_bodies.txt``), or what the sources already call one
  (:func:`graphkit.sources.entries.classify`: DGs, cabinets, Commission representations);
- a government (kind ``government``): ministries, embassies, permanent representations,
  missions, governments, national agencies, regions and cities as authorities
  (``data/government_names.txt``);
- a person (kind ``person``): a given name and a surname as :func:`classify` reads them, with the
  first names of every MEP, official and person in the data as given names, or a name with an
  honorific (``Commissioner-designate Kyriakides``);
- no one the data lets us tell (kind ``unknown``): a job title, a kind of body or a place alone.

It errs on the side of the organisation: an actor with a Register ID, or one the Commission's
lists name (they list registered organisations), is never made a person or unknown; nor is a
name with a legal form or a word only organisations' names hold.

Ids do not change: an actor keeps the ``organisation:`` id it was resolved under, so aliases,
judgements and links made before stay valid; its ``kind`` says what it is, and
``kind_evidence`` says why it changed (``organisation -> government: ministry (Georgian
Ministry of Foreign Affairs)``), so every decision can be audited and replays the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np
import pandas as pd

from graphkit.model.names import TITLE_MODIFIERS, TITLE_WORDS, fold
from graphkit.model.schema import GOVERNMENT, INSTITUTION, MEP, OFFICIAL, ORGANISATION, PERSON, UNKNOWN
from graphkit.model.tables import Dataset
from graphkit.sources.entries import (
    _GENERIC,
    _HONORIFICS,
    _INSTITUTION,
    _ORGANISATION_WORDS,
    GENERIC_ENTRY,
    PERSON_ENTRY,
    TITLE_ENTRY,
    classify,
)
from graphkit.sources.given_names import COMMON_GIVEN_NAMES

EU_BODIES_FILE = "eu_bodies.txt"
GOVERNMENT_FILE = "government_names.txt"
NOT_PERSONS_FILE = "not_persons.txt"
COMMISSIONERS_FILE = "commissioners.txt"

# Words that make a name an organisation's even where a government word stands in it: an
# association of cities is a lobby ("Association of Finnish Local and Regional Authorities",
# "Council of European Municipalities and Regions"), so is a chamber or a society.
_NOT_GOVERNMENT = re.compile(
    r"\b(?:associations?|asociaci[óo]n|associa[çc][ãa]o|associazione|vereniging|verband|vereinigung|verein"
    r"|federation|f[ée]d[ée]ration|federazione|federaci[óo]n|confederation|society|soci[ée]t[ée]"
    r"|chamber(?!\s+of\s+(?:deputies|representatives))"
    r"|kammer|foundation|stiftung|fondation|fundaci[óo]n|network|alliance|forum|platform|club|institute"
    r"|university|universit[ée]|school|company|companies|partnership|coalition|municipalities|regions"
    r"|cities|council\s+of\s+european|law|bar|group|gmbh|ltd|inc|gewerkschaft|syndicat|trade\s+union)\b",
    re.IGNORECASE,
)
# Honorifics that make the words after them a person's name ("Commissioner Kyriakides").
_HONORIFIC = re.compile(
    r"^(?i:mr|mrs|ms|dr|prof|professor|sir|dame|commissioner(?:-designate)?|executive\s+vice[- ]president"
    r"|mep|senator|judge)\.?\s+(?P<name>[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+){0,2})$"
)
# Honorifics and offices written before a name ("Commissioner Frans Timmermans").
_HONORIFIC_WORDS = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|prof|professor|commissioner(?:-designate)?|mep|executive\s+vice[- ]president)\.?\s+)+",
    re.IGNORECASE,
)
# A person's name with who they are in brackets: "Eva Maydell (MEP, Bulgaria)".
_PERSON_IN_BRACKETS = re.compile(
    r"^(?P<name>[^()]+?)\s*\((?P<note>MEP|Member of the European Parliament)\b[^()]*\)$"
)
# A kind of body written alone ("Association", "the Foundation"): names no one.
_BODY_WORDS = frozenset({
    "association", "foundation", "federation", "ngo", "company", "organisation", "organization", "union",
    "institute", "university", "network", "agency", "authority", "ministry", "think-tank", "think tank",
    "cooperative", "firm", "startup", "platform", "coalition", "alliance", "trade", "industry", "academia",
    "business", "private sector", "public sector", "civil society", "consultancy", "law firm", "embassy",
})  # fmt: skip
# Words for many bodies or people ("Companies", "German farmers", "several Youth NGOs"), and the
# words that may qualify them; a name made only of these, one of the first kind among them,
# names no one.
_MANY = frozenset({
    "associations", "foundations", "federations", "ngos", "companies", "organisations", "organizations",
    "unions", "institutes", "universities", "networks", "agencies", "authorities", "ministries",
    "think-tanks", "cooperatives", "firms", "startups", "start-ups", "smes", "businesses", "enterprises",
    "corporations", "employers", "workers", "farmers", "producers", "manufacturers", "academics",
    "researchers", "scientists", "journalists", "consultants", "lawyers", "activists", "students",
    "citizens", "representatives", "experts", "stakeholders", "members", "delegates", "officials",
    "industries", "academic", "activist", "expert", "researcher", "journalist", "consultant",
    "lawyer", "student", "scientist", "representative", "member", "people", "youth", "women", "children",
    "ceos", "banks", "ngo's", "politicians", "mayors", "parliamentarians", "mps", "opposition", "elected", "diplomats",
})  # fmt: skip
_QUALIFIERS = frozenset({
    "several", "various", "other", "some", "many", "few", "two", "three", "four", "five", "local", "regional",
    "national", "public", "private", "international", "european", "eu", "civil", "society", "trade",
    "climate", "environmental", "young", "and", "of", "the", "from", "a", "an", "with", "&", "group",
    "independent", "senior", "junior", "industry", "business", "business's", "youth",
})  # fmt: skip
# Nationality adjectives and their plurals (English, as the lists write them) for the above.
_NATIONALITIES = frozenset({
    "austrian", "belgian", "bulgarian", "croatian", "cypriot", "czech", "danish", "dutch", "estonian",
    "finnish", "french", "german", "greek", "hungarian", "irish", "italian", "latvian", "lithuanian",
    "luxembourgish", "maltese", "polish", "portuguese", "romanian", "slovak", "slovenian", "spanish",
    "swedish", "british", "american", "norwegian", "swiss", "ukrainian", "turkish", "chinese",
    "japanese", "indian", "canadian", "australian", "russian", "african", "asian", "latin",
    "nordic", "baltic", "flemish", "walloon", "catalan", "basque", "scottish", "welsh", "european",
    "kosovar", "albanian", "serbian", "bosnian", "montenegrin", "macedonian", "moldovan", "georgian",
    "armenian", "belarusian", "israeli", "palestinian", "iranian", "brazilian", "mexican", "korean",
})  # fmt: skip


# Words of companies' and groups' names that graphkit.sources.entries does not know, so that
# "Neumann Kaffee Gruppe" or "Max Planck-Institut" is not read as a person.
_NOT_A_NAME = frozenset({
    "gruppe", "groupe", "gruppo", "grupo", "institut", "instituut", "istituto", "instituto", "brauerei",
    "electrical", "electric", "justice", "bier", "kaffee", "research", "consulting", "advisory", "capital",
    "ventures", "solutions", "partners", "holding", "holdings", "motors", "pharma", "foods", "food",
    "werke", "werk", "stadtwerke", "bank", "verlag", "studio", "design", "digital", "tech", "labs", "care", "health",
    "transport", "logistics", "airlines", "air", "rail", "trust", "law", "legal", "finance", "invest",
    "universitat", "universitaet", "universita", "universidad", "universiteit", "uniwersytet", "ferries",
    "sistemas", "sistemi", "systeme", "detectors", "filmlab", "soiree", "forum", "fluchtlingshilfe",
    "hilfe", "against", "cancer",
})  # fmt: skip


@dataclass(frozen=True)
class _Known:
    """What the data says about names, for telling a person from an organisation."""

    given: frozenset[str]  # given names
    names_with: Mapping[str, frozenset[int]]  # the organisation names (numbered) each word stands in
    starts: frozenset[str]  # the first two and three words of every organisation name
    people: frozenset[str] = frozenset()  # the name keys of the MEPs and officials


def decide_kinds(dataset: Dataset) -> Dataset:
    """``dataset`` with every organisation that is not one given its honest kind.

    Parameters
    ----------
    dataset : Dataset
        The resolved tables (merges done).

    Returns
    -------
    Dataset
        The same tables; in ``actors``, ``kind`` changed where the name is an EU body
        (``institution``), a government (``government``), a person (``person``) or tells nothing
        (``unknown``), and ``kind_evidence`` saying from what, by which list entry. A public
        body the sources called an ``institution`` that is a government becomes ``government``.

    Examples
    --------
    >>> ds = Dataset.from_records(actors=[
    ...     {"id": "organisation:europol", "kind": "organisation", "name": "Europol"},
    ...     {"id": "organisation:embassy-of-bangladesh", "kind": "organisation", "name": "Embassy of Bangladesh"},
    ...     {"id": "organisation:policy-analyst", "kind": "organisation", "name": "Policy Analyst"},
    ...     {"id": "organisation:harry-tseng", "kind": "organisation", "name": "Harry Tseng"},
    ...     {"id": "organisation:friends-of-the-earth", "kind": "organisation", "name": "Friends of the Earth"}])
    >>> out = decide_kinds(ds).actors
    >>> out[["name", "kind"]].values.tolist()
    [['Embassy of Bangladesh', 'government'], ['Europol', 'institution'], ['Friends of the Earth', 'organisation'], ['Harry Tseng', 'person'], ['Policy Analyst', 'unknown']]
    >>> out["kind_evidence"].iloc[0]
    "organisation -> government: 'embass(y|ies)|embassador' in 'Embassy of Bangladesh' (government_names.txt)"
    """
    actors = dataset.actors
    judged = actors["kind"].isin([ORGANISATION, INSTITUTION]).to_numpy()
    if not judged.any():
        return dataset
    frame = actors.loc[judged, ["id", "kind", "name", "register_id", "source"]]
    known = _known(actors, dataset.merges)
    # A Register ID, or a Commission list (which names registered organisations), says
    # interest representative: such an actor is never made a person or unknown.
    registered = frame["register_id"].notna() | frame["source"].fillna("").str.contains(
        "ec_meetings|register"
    )
    names = frame["name"].fillna("").str.split().str.join(" ")
    columns = (names.tolist(), frame["kind"].tolist(), registered.tolist(), _governments(names).tolist())
    decisions = [_decision(*row, known) for row in zip(*columns, strict=True)]
    new_kind = pd.Series([d[0] if d else None for d in decisions], index=frame.index, dtype=object)
    why = pd.Series([d[1] if d else None for d in decisions], index=frame.index, dtype=object)
    changed = new_kind.notna() & (new_kind != frame["kind"])
    if not changed.any():
        return dataset
    index = changed[changed].index
    actors = actors.copy()
    actors.loc[index, "kind_evidence"] = (
        frame.loc[index, "kind"] + " -> " + new_kind[index] + ": " + why[index]
    )
    actors.loc[index, "kind"] = new_kind[index]
    return replace(dataset, actors=actors)


def kind_of_name(name: str, registered: bool = False) -> tuple[str, str] | None:
    """The kind a name written as an organisation really has, and why; None for an organisation.

    ``registered``: the actor has a Register ID or a Commission list names it; then it is never
    made a person or unknown (nor an EU body by an acronym alone). Persons are told by the
    common given names alone here (:func:`decide_kinds` knows the data's names too).

    >>> kind_of_name("Euroopan komissio")
    ('institution', "EU institution or body: 'Euroopan komissio' (European Commission; eu_bodies.txt)")
    >>> kind_of_name("Georgian Ministry of Foreign Affairs")[0], kind_of_name("Mission of China to the EU")[0]
    ('government', 'government')
    >>> kind_of_name("Head of Unit"), kind_of_name("Human Rights Watch")
    (('unknown', 'a job title alone'), None)
    >>> kind_of_name("Association of Finnish Local and Regional Authorities")
    """
    name = " ".join(name.split())
    government = _governments(pd.Series([name], dtype=object)).iloc[0]
    return _decision(
        name, ORGANISATION, registered, government, _known(pd.DataFrame(columns=["kind", "name"]), None)
    )


def _decision(
    name: str, kind: str, registered: bool, government: str | None, known: _Known
) -> tuple[str, str] | None:
    """``government``: what :func:`_governments` found in the name."""
    if not name:
        return None
    if kind == INSTITUTION:
        # The sources' institutions: only a government among them changes (a Member State's
        # permanent representation is its government's, not the EU's).
        return (GOVERNMENT, government) if government and not _eu_body(name, True) else None
    eu = _eu_body(name, registered) or _eu_envoy(name)
    if eu:
        return INSTITUTION, eu
    if government:
        return GOVERNMENT, government
    national = _national_authority(name)
    if national:
        return GOVERNMENT, national
    country_to_eu = _COUNTRY_TO_EU.search(name) and _key(_COUNTRY_TO_EU.sub("", name)) in places()
    if country_to_eu or (
        _COUNTRY_REPRESENTATION.match(name) and _key(name.split()[0]) in places() | _NATIONALITIES
    ):
        return GOVERNMENT, f"a country's representation, mission or delegation: {name!r}"
    if registered:
        return None
    return _person_or_unknown(name, known)


def _listed_spellings(name: str) -> list[tuple[str, bool]]:
    """The EU bodies ``name`` is written as (``(body, ambiguous alone)`` per part: "EBA
    (European Banking Authority)" is two spellings of one body), or ``[]`` when any part is no
    spelling on the list."""
    bodies = _eu_forms()
    bare = _EU_PREFIX.sub("", name)
    whole = bodies.get(_key(name)) or bodies.get(_key(bare))  # "EU Commission" is a spelling
    if whole is not None or _PARTS.search(bare) is None:  # most names: one look-up, no split
        found = [whole]
    else:
        found = [bodies.get(_key(p)) for p in _PARTS.split(bare) if p.strip()]
    return [f for f in found if f is not None] if found and all(found) else []


def _listed_body(name: str) -> str | None:
    """The one EU body on the list that ``name`` spells (whatever the strength of its spellings)."""
    named = {body for body, _ in _listed_spellings(name)}
    return next(iter(named)) if len(named) == 1 else None


def _eu_body(name: str, registered: bool) -> str | None:
    found = _listed_spellings(name)
    if found:
        named = {body for body, _ in found}
        # A spelling other bodies also go by ("EBA") names the EU body only beside another
        # of its spellings; a registered organisation is never named by an acronym alone.
        strong = any(not ambiguous for _, ambiguous in found)
        alone = len(found) == 1
        if len(named) == 1 and (strong or not alone) and not (registered and alone and _is_short(name)):
            return f"EU institution or body: {name!r} ({next(iter(named))}; {EU_BODIES_FILE})"
    for pattern, what in _EU_PATTERNS:
        if pattern.match(name):
            return f"EU institution or body: {name!r} ({what})"
    if not registered and _INSTITUTION.match(name):
        return f"EU institution or body: {name!r} (what graphkit.sources.entries calls an institution)"
    return None


def _national_authority(name: str) -> str | None:
    """A country's public authority written with the country first ("UK Department for
    Environment, Food & Rural Affairs", "Belgian Justice Administration", "Italian media
    regulatory authority AGCOM", "UK Mission to Brussels …"), or its head ("Presidente de
    Colombia"); never where a word of organisations' names stands ("Swedish Trade Federation")."""
    words = [w for w in _key(name).split() if w]
    if not words or _NOT_GOVERNMENT.search(name):
        return None
    head = _HEAD_OF_STATE.match(name)
    if head and _key(head["place"]) in places():
        return f"a head of state or government: {name!r}"
    country = words[0] not in _EUROPE_WIDE and (
        words[0] in places() or words[0] in _NATIONALITIES or words[0] in _GERMAN_NATIONALITIES
    )
    authority = next((w for w in words[1:6] if w in _AUTHORITY_WORDS), None)
    if country and authority:
        return f"a country's {authority}: {name!r}"
    return None


_EUROPE_WIDE = frozenset({"european", "eu", "europe", "nordic", "baltic", "african", "asian", "latin"})
# Words for a public authority, in the languages the lists write them.
_AUTHORITY_WORDS = frozenset({
    "department", "administration", "authority", "regulator", "inspectorate", "mission", "delegation",
    "representation", "vertretung", "government", "agency", "ministry", "commission",
    "behorde", "bundesamt", "autorite", "autorita", "autoridad",
})  # fmt: skip
# German nationality adjectives as they open a body's name ("Österreichische Vertretung").
NATIONALITIES = _NATIONALITIES  # for the rules that tell a national branch from its umbrella
_GERMAN_NATIONALITIES = frozenset({
    "osterreichische", "deutsche", "franzosische", "italienische", "spanische", "niederlandische",
    "belgische", "schwedische", "danische", "finnische", "polnische", "tschechische", "ungarische",
    "griechische", "portugiesische", "irische", "luxemburgische", "schweizerische", "britische",
})  # fmt: skip
_HEAD_OF_STATE = re.compile(
    r"^(?:the\s+)?(?:president[ea]?|pr[äa]sident(?:in)?|pr[ée]sident(?:e)?|prime\s+minister|premier|king|queen)"
    r"\s+(?:of|de|du|von|der|of\s+the)\s+(?P<place>.+)$",
    re.IGNORECASE,
)


def _eu_envoy(name: str) -> str | None:
    """The EU's representative, office or delegation in a country ("European Union to
    Switzerland", "European union representative Palestine"): the country checked against
    the list of places."""
    found = _EU_ENVOY.match(name)
    if found and _key(found["place"]) in places():
        return f"EU institution or body: {name!r} (the EU's delegation or representative in {found['place']})"
    return None


# "European Union to Switzerland" (the delegation's own short name), "EU representative
# Palestine", "EU Office in Kosovo".
_EU_ENVOY = re.compile(
    r"^(?:the\s+)?(?:european\s+union|eu)\s+(?:(?:special\s+)?representative|office|delegation|representation)?\s*"
    r"(?:(?:to|in|for|of)\s+)?(?:the\s+)?(?P<place>[A-Z][\w'’ -]+)$",
    re.IGNORECASE,
)
# "Finland EU Representation", "Swiss Mission": a country and its representation (the country
# checked against the places and nationalities).
_COUNTRY_REPRESENTATION = re.compile(
    r"^\S+\s+(?:(?:EU|permanent|diplomatic)\s+)?(?:representation|mission|delegation)(?:\s+to\s+the\s+(?:EU|European\s+Union))?$",
    re.IGNORECASE,
)
# What separates a body's spellings written together: "EBA (European Banking Authority)",
# "OLAF - European Anti-Fraud Office", "CoR- Committee of the Regions".
_PARTS = re.compile(r"\s*(?:[()\[\]]|\s[-–—]|[-–—]\s|,|/)\s*")
# "Ecuador to the European Union": what is left of a country's mission to the EU.
_COUNTRY_TO_EU = re.compile(r"\s+to\s+the\s+(?:EU|European\s+Union)$", re.IGNORECASE)
# "EU Single Resolution Board": the EU's own body, named with the EU in front.
_EU_PREFIX = re.compile(r"^(?:the\s+)?(?:EU|European\s+Union)\s+(?=[A-Z])")
# EU bodies by the shape of their names, where the list cannot name every one.
_EU_PATTERNS = (
    (re.compile(r"^(?:the\s+)?(?:european\s+union|eu)\s+(?:agency|delegation|mission)\b", re.I), "an EU agency, delegation or mission"),
    (re.compile(r"^(?:the\s+)?delegation\s+of\s+the\s+(?:european\s+union|eu)\b", re.I), "an EU delegation"),
    (re.compile(r"^(?:the\s+)?european\s+union\s+in\s+[A-Z]", re.I), "an EU delegation"),
    (re.compile(r"^directorate\s+[A-H](?:\.\d)?\s*[-–—:]"), "a directorate of an EU institution"),
    (re.compile(r"^(?:CE|EC|Commission)\s*[-–—,]\s*DG\s", re.I), "a Directorate-General of the Commission"),
    (re.compile(r"^(?:DG\s+)?[A-Z]{3,6}\.?\s+[A-H]\.?\s?\d{1,2}$"), "a unit of a Commission DG (DG TRADE C.2)"),
    (re.compile(r"^(?:european\s+parliament\s+liaison\s+office|bureau\s+de\s+liaison\s+du\s+parlement\s+europ[ée]en"
                r"|(?:liaison|information)\s+office\s+of\s+the\s+european\s+parliament"
                # the offices' own names in Dutch, German, Finnish, Swedish, Italian, Spanish,
                # Polish (europarl.europa.eu/<country>/ pages: "Liaisonbureau van het Europees
                # Parlement", "Verbindungsbüro des Europäischen Parlaments", "Euroopan
                # parlamentin Suomen-toimisto", "Europaparlamentets kontor i Sverige", "Ufficio
                # del Parlamento europeo in Italia", "Oficina del Parlamento Europeo en España",
                # "Biuro Parlamentu Europejskiego w Polsce")
                r"|liaisonbureau\s+(?:van\s+het\s+europees\s+parlement|ep)|verbindungsb[üu]ro\s+des\s+europ[äa]ischen\s+parlaments"
                r"|euroopan\s+parlamentin\s+(?:\w+\s+)?(?:\w+-)?toimisto|europaparlamentets\s+kontor"
                r"|ufficio\s+del\s+parlamento\s+europeo|oficina\s+del\s+parlamento\s+europeo"
                r"|biuro\s+parlamentu\s+europejskiego)\b", re.I),
     "a liaison office of the European Parliament"),
    (re.compile(r".*\s[-–—]\s+(?:EEAS|European\s+External\s+Action\s+Service)$"), "a unit of the EEAS"),
    (re.compile(r"^(?:the\s+)?(?:EU|European\s+Union)\s+liaison\s+office\b", re.I), "an EU liaison office"),
    (re.compile(r"^europe\s+direct\b", re.I), "a Europe Direct centre (the Commission's information network)"),
    # "EU Special Representative for Central Asia" (not "EU representative Unilever": a company's)
    (re.compile(r"^(?:the\s+)?(?:european\s+union|eu)\s+(?:special\s+representative|representative\s+(?:for|in|to))\b",
                re.I), "an EU special representative"),
    (re.compile(r"^(?i:the\s+)?(?i:cabinet+)\s+(?i:of\s+)?(?:(?i:commissioner|(?:executive\s+)?vice[- ]president)\b"
                r"|[A-ZÀ-Ž][\w'’-]+\s+[A-ZÀ-Ž][\w'’-]+$)"), "a Commissioner's cabinet"),
    (re.compile(r"^(?:the\s+)?(?:ECB|European\s+Central\s+Bank|Eurojust|Europol|Frontex|European\s+Commission"
                r"|European\s+Parliament|EEAS)\s+(?:supervisory\s+board|liaison\s+office|service\s+for\b"
                r"|directorate|secretariat|representation|delegation)", re.I), "a part of an EU institution or body"),
    (re.compile(r"^(?:workers|employers)['’]?\s+group\s+\(group\s+i+\)$|^diversity\s+europe\s+group\s+\(group\s+iii\)$", re.I), "a group of the EESC"),
)  # fmt: skip


_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    """Lower-case words without accents or punctuation, a leading "the" dropped: a cheaper key
    than :func:`normalise_name` (no legal forms to strip in these names), for list look-ups."""
    key = _NOT_WORD.sub(" ", fold(text.casefold())).strip()
    return key[4:] if key.startswith("the ") else key


def _is_short(name: str) -> bool:
    return len(name) <= 8 and " " not in name


def _governments(names: pd.Series) -> pd.Series:
    """For each name, the line of ``data/government_names.txt`` it matches and where (None
    for none; the first line that matches).

    Columnar: the names are joined into one lower-case text. A line's expression runs only on the names that
    hold one of the letter runs it is written with (``minist``, ``embass``: found by plain
    substring search, which is fast), or once over the whole text when those runs are common
    words (``of``)."""
    found = np.full(len(names), None, dtype=object)
    if names.empty:
        return pd.Series(found, index=names.index, dtype=object)
    values = names.tolist()
    lowered = [value.lower() for value in values]
    text = _SEPARATOR.join(lowered)
    starts = np.cumsum([0] + [len(v) + len(_SEPARATOR) for v in lowered[:-1]])
    blocked = names.str.contains(_NOT_GOVERNMENT).to_numpy()
    for pattern, line, runs, overrides in _government_lines():
        offsets = _occurrences(text, runs, _MANY_OCCURRENCES) if runs else None
        if offsets is None:  # common words: one pass over the whole text
            offsets = [m.start() for m in pattern.finditer(text)]
        # Each candidate checked on its own name (a match over the joined text may run on
        # from one name into the next).
        for row in np.unique(np.searchsorted(starts, offsets, side="right") - 1):
            if found[row] is None and (overrides or not blocked[row]) and pattern.search(lowered[row]):
                found[row] = f"{line!r} in {values[row]!r} ({GOVERNMENT_FILE})"
    return pd.Series(found, index=names.index, dtype=object)


_SEPARATOR = "\n"
_MANY_OCCURRENCES = 2_000


def _occurrences(text: str, runs: tuple[str, ...], most: int) -> list[int] | None:
    """Where any of ``runs`` stands in ``text``; None when they stand more than ``most`` times."""
    offsets: list[int] = []
    for run in runs:
        at = text.find(run)
        while at != -1:
            offsets.append(at)
            if len(offsets) > most:
                return None
            at = text.find(run, at + 1)
    return offsets


def _person_or_unknown(name: str, known: _Known) -> tuple[str, str] | None:
    if _LEADING_FUNCTION_WORD.match(name):
        return UNKNOWN, "a fragment: the rest of a longer entry (it opens with 'and', 'of', 'de' …)"
    with_team = _AND_TEAM.sub("", name)
    if with_team != name:  # "Helena Dalli and team": the person, and people not named
        found = _person_or_unknown(with_team, known)
        return (PERSON, f"a person and their team: {found[1]}") if found and found[0] == PERSON else found
    office = _OFFICE_BEFORE_NAME.match(name)
    if office:  # "Vizepräsidentin der Europäischen Kommission Věra Jourová": the last two or three words
        words = office["name"].split()
        for holder in (" ".join(words[-2:]), " ".join(words[-3:])):
            found = _person_or_unknown(holder, known) if holder != name else None
            if found and found[0] == PERSON:
                return PERSON, f"an office and its holder: {found[1]}"
    head, comma, _ = name.partition(",")
    if comma and head.strip() != name:  # "John O'Brien, Secretary to the Independent Inquiry"
        found = _person_or_unknown(head.strip(), known)
        if found and found[0] == PERSON:
            return PERSON, f"a person, then who they are: {found[1]}"
    if _key(_HONORIFIC_WORDS.sub("", name)) in known.people:
        return PERSON, "the name of an MEP or official the data names"
    bracketed = _PERSON_IN_BRACKETS.match(name)
    if bracketed:
        return PERSON, f"a person with who they are in brackets ({bracketed['note']})"
    honorific = _HONORIFIC.match(name)
    if honorific and _may_be_person(honorific["name"], known, count_words=False):
        return PERSON, "a name after an honorific"
    # classify is told only the given names this name holds: a small set hashes at once
    # (classify caches by its arguments), the 40,000 do not.
    first = _HONORIFICS.sub("", name).split()[:1]
    given = frozenset(w.casefold() for w in first if _is_given(w.casefold(), known.given))
    entry = classify(name, given) if _may_be_read(name, known.given) else None
    if entry == PERSON_ENTRY and _may_be_person(name, known):
        return PERSON, f"a given name ({_HONORIFICS_SHORT.sub('', name).split()[0]}) and a surname"
    lowered = [fold(w.casefold()).strip(".,()'’") for w in re.split(r"[\s,/*:]+", name) if w.strip(".,()")]
    sent_by = len(lowered) > 2 and lowered[1] in _SENT_BY  # "Vertreter des ÖGB": the ÖGB came
    if (
        lowered
        and lowered[0] in _TITLES_ABROAD
        and not sent_by
        and not any(w in _ORGANISATION_WORDS for w in lowered[1:])
    ):
        return UNKNOWN, "a job title or a kind of people, written first"
    if _NUMBER_ONLY.match(name):
        return UNKNOWN, "a number (an organisation number or ID), naming no one"
    if _MEETING.match(name):
        return UNKNOWN, "a meeting, not who attended it"
    if _EVENT.search(name) and "bishop" not in name.casefold():
        return UNKNOWN, "an event, not who attended it"
    if (entry == TITLE_ENTRY and not any(w in _ORGANISATION_WORDS for w in lowered)) or (
        any(w in TITLE_WORDS for w in lowered) and all(w in _TITLE_PARTS for w in lowered)
    ):
        return UNKNOWN, "a job title alone"
    if _title_of_a_field(lowered):
        return UNKNOWN, "a job title and its field alone"
    if entry == GENERIC_ENTRY or _key(name) in _generic_keys():
        return UNKNOWN, "a word for many people or bodies, naming no one"
    if " ".join(w for w in lowered if w not in ("the", "a", "an")) in _BODY_WORDS:
        return UNKNOWN, "a kind of body alone, naming no one"
    # A place only after "from" ("Activists from Poland"): "Universities UK" is a body.
    after_from = places() if "from" in lowered else frozenset()
    if any(w in _MANY for w in lowered) and all(
        w in _MANY or w in _QUALIFIERS or w in _NATIONALITIES or w in _FIELDS or w in after_from for w in lowered
    ):
        return UNKNOWN, "bodies or people of a kind, naming no one"
    countries = places()
    if lowered and (
        all(w in _NATIONALITIES for w in lowered)
        or _key(name) in countries
        or all(w in countries or w in ("and", "&") for w in _key(name).replace(" and ", " & ").split(" & "))
    ):
        return UNKNOWN, "a place or a nationality alone"
    return None


# Job titles in the other languages the lists use, written first ("Geschäftsführer", "Direktor
# European Affairs Alstom" is who came for Alstom, named by the two-part rule if at all).
_TITLES_ABROAD = frozenset({
    "geschaftsfuhrer", "geschaftsfuhrerin", "direktor", "direktorin", "directeur", "directrice", "direttore",
    "direttrice", "directora", "presidente", "prasident", "prasidentin", "vorsitzender", "vorsitzende",
    "leiter", "leiterin", "referent", "referentin", "berater", "beraterin", "conseiller", "conseillere",
    "consigliere", "asesor", "asesora", "magistrate", "judge", "juge", "richter", "richterin", "tierarzt",
    "arzt", "arztin", "medecin", "avocat", "avocate", "rechtsanwalt", "rechtsanwaltin", "journaliste",
    "professeur", "professora", "professore", "chargee", "charge", "attache", "attachee",
    "secretaire", "segretario", "secretario", "generalsekretar", "generalsekretarin", "sprecher",
    "sprecherin", "sachbearbeiter", "verbandsvertreter", "vertreter", "vertreterin", "alumnos", "students",
    "referatsleiter", "referatsleiterin", "abteilungsleiter", "abteilungsleiterin",
})  # fmt: skip
# An event written where its attendee belongs ("Event of VNO-NCW and the Egmont Institute",
# "AFME/OMFIF's 2nd Annual European Financial Integration Conference"): "Event of/by" first, or
# a conference or summit with an edition, a year, or a speech. A bare "… Conference", "…
# Summit" or "… Round Table" is often the body that runs it (the Munich Security Conference,
# the European Round Table for Industry, EL*C), so it stays an organisation.
_EVENT = re.compile(
    r"^(?:event\s+(?:of|by)\b|event:)"
    r"|^(?=.*\b(?:summit|conference|webinar|symposium|workshop|seminar)\b)"
    r"(?=.*(?:\bannual\b|\bkeynote\b|\bopening\s+address\b|\b\d+(?:st|nd|rd|th)\b|\b20\d\d\b))",
    re.IGNORECASE,
)
# A number where a name belongs ("802526-9328", a Swedish organisation number).
_NUMBER_ONLY = re.compile(r"^[\d\s./-]+$")
# Words that say who sent the person a title names ("Vertreter des ÖGB", "Directeur de l'AFEP").
_SENT_BY = frozenset({"des", "der", "von", "vom", "du", "de", "della", "del", "of", "from", "at", "bei"})
# A fragment of a longer entry the list split: it opens with a word that only joins ("und
# Holger Thamm", "de la Pêche maritime").
_LEADING_FUNCTION_WORD = re.compile(r"^(?:and|und|et|e|y|och|og|en|of|de|du|des|la|le|les|der|die|das|von|für|for|del|della|di)\s")
# "… and team", "… and her team", "… et son équipe".
_AND_TEAM = re.compile(
    r"\s+(?:and|&|und|et)\s+(?:(?:his|her|their|the|sein|ihr|son|sa|ses)\s+)?(?:team|staff|cabinet|colleagues|team\s+members|[ée]quipe|mitarbeiter(?:innen)?)$",
    re.IGNORECASE,
)
# An office of the EU or a government written before its holder's name ("Vizepräsidentin der
# Europäischen Kommission Věra Jourová", "Vice-President of the European Commission Maroš
# Šefčovič"): the holder is the last two or three capitalised words.
_OFFICE_BEFORE_NAME = re.compile(
    r"^(?:(?:the\s+)?(?:european\s+commission|eu|com)\s+)?"
    r"(?:(?:executive\s+)?vi[cz]e[- ]?pr[äa]sident(?:in)?|(?:executive\s+)?vice[- ]president|e?vp|commissioner|kommissar(?:in)?"
    r"|commissaire|pr[äa]sident(?:in)?|president|minister(?:in)?|ministre)\b.*?\s"
    r"(?P<name>(?-i:[A-ZÀ-Ž][\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+){1,2}))$",
    re.IGNORECASE,
)
# A meeting written where its attendee belongs ("Meeting with LGBTI Representative from Brazil").
_MEETING = re.compile(
    r"^(?:lunch|dinner|breakfast)(?:\s+event)?\b|^(?:meeting|call|visit)\s+with\b|^(?:rencontre|r[ée]union|visite)\s+avec\b"
    r"|^(?:treffen|gespr[äa]ch|besuch)\s+mit\b|^(?:riunione|incontro)\s+con\b",
    re.IGNORECASE,
)
# The words job titles are made of ("Policy Analyst", "Head of Unit", "Public Affairs Manager").
_TITLE_PARTS = (
    TITLE_WORDS
    | TITLE_MODIFIERS
    | frozenset({
        "of", "the", "and", "for", "to", "affairs", "relations", "officer", "advisor", "adviser", "expert",
        "specialist", "representative", "attache", "attaché", "staff", "office", "policy", "unit",
        "sector", "desk", "member", "members", "chief", "executive", "partner", "associate", "fellow",
    })
)  # fmt: skip


def _title_of_a_field(words: list[str]) -> bool:
    """A title word last and only its field, place or rank before it ("EU energy & climate
    journalist", "Research Associate", "Senior Forest Campaigner")."""
    if len(words) < 2 or words[-1] not in TITLE_WORDS | _MORE_TITLE_WORDS:
        return False
    before = [w for w in words[:-1] if w not in ("&", "and")]
    # ("EDPS candidate": an EU body's name before the title says whose post it is.)
    return bool(before) and all(
        w in _TITLE_PARTS or w in _FIELDS or w in _NATIONALITIES or w in places() or w in _eu_forms()
        for w in before
    )


# Job titles graphkit.model.names does not list (it reads the sources, where these words also
# stand in bodies' names before a title: "Associate" partners, "Expert" groups); here, last in
# a name and after a field alone, they are the title.
_MORE_TITLE_WORDS = frozenset({
    "associate", "campaigner", "correspondent", "editor", "reporter", "economist", "engineer", "scientist",
    "activist", "trainee", "fellow", "expert", "specialist", "representative", "delegate", "candidate",
    "ombudsman", "mediator", "rapporteur", "chairman", "spokesman", "spokeswoman",
})  # fmt: skip
# Fields a title names ("energy journalist", "forest campaigner").
_FIELDS = frozenset({
    "energy", "climate", "environment", "environmental", "forest", "forests", "health", "food", "trade",
    "finance", "financial", "tax", "digital", "data", "tech", "technology", "transport", "agriculture",
    "agricultural", "fisheries", "human", "rights", "migration", "security", "defence", "competition",
    "research", "science", "education", "culture", "media", "legal", "social", "labour", "gender",
    "development", "sustainability", "circular", "economy", "water", "ocean", "oceans", "biodiversity",
    "crypto", "fintech", "ai", "tobacco", "automotive", "pharmaceutical", "chemical", "steel", "textile",
    "aviation", "maritime", "shipping", "railway", "insurance", "banking", "telecom", "telecoms", "gaming",
})  # fmt: skip


def _is_given(word: str, given: frozenset[str]) -> bool:
    """A given name, or given names joined by a hyphen ("Ruth-Marie")."""
    return word in given or ("-" in word and all(part in given for part in word.split("-")))


_HONORIFICS_SHORT = re.compile(r"^(?:(?:mr|mrs|ms|dr|prof)\.?\s+)+", re.IGNORECASE)


def _may_be_read(name: str, given: frozenset[str]) -> bool:
    """Whether :func:`classify` could call ``name`` a person or a job title: a given name
    among its first words, or a title word first or second. (A cheap test that spares
    most names the legal-form look-up ``classify`` starts with.)"""
    words = [fold(w.casefold()).strip(".,()") for w in name.split()[:3]]
    return bool(words) and (
        words[0] in TITLE_WORDS
        or (len(words) > 2 and words[1] in TITLE_WORDS)
        or any(_is_given(w, given) for w in words)
    )


@functools.cache
def _generic_keys() -> frozenset[str]:
    return frozenset(_key(word) for word in _GENERIC)


def _may_be_person(name: str, known: _Known, count_words: bool = True) -> bool:
    """A name :func:`classify` reads as a person's that nothing in the data says is a body's:
    no word of companies' names, not the start of another organisation's name (``Eli Lilly``
    of ``Eli Lilly and Company``), no later word that stands in several organisation names
    without the first (``Aurora Lithium``: *lithium*). ``count_words=False`` after an
    honorific, which says person already (``Commissioner Kyriakides``, written many ways)."""
    bare = _HONORIFICS_SHORT.sub("", name)
    words = bare.split()
    if words and words[0].isupper() and len(words[0]) <= 4 and not bare.isupper():
        return False  # an acronym first ("CAO Beroepsgoederenvervoer"), not a given name
    key = _key(bare)
    lowered = key.split()
    if any(w in _NOT_A_NAME or w in _ORGANISATION_WORDS for w in lowered):
        return False
    if key in known.starts or key in _not_persons():
        return False
    if not count_words or not lowered:
        return True
    if lowered[0] in _PARTICLES or any(_CAMEL_CASE.search(w) for w in words):
        return False  # "Van Oord", "Norton LifeLock": a company's name
    if any(w.isupper() and len(w) <= 4 for w in words[1:]) and not bare.isupper():
        return False  # an acronym after ("Royal IHC", "Kai Dittmann GFF"): a body, or one's envoy
    if bare.isupper() and any(len(w) <= 4 for w in words):
        return False  # "FIA EPTA": capitals are names only when long
    with_first = known.names_with.get(lowered[0], frozenset())
    return all(len(known.names_with.get(w, frozenset()) - with_first) < _WORD_IN_NAMES for w in lowered[1:])


# A surname stands in no organisation name but the person's own entries (those with the given
# name too); a word of a body's name stands in others ("Yara Fertilizers": "Fertilizers Europe").
_WORD_IN_NAMES = 1
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "ter", "st"})
# A capital inside a word after small letters, as brands write ("LifeLock", "HaskoningDHV"),
# but not as surnames do (McKay, MacLean, DeLuca, LeFevre, O'Neill).
_CAMEL_CASE = re.compile(r"(?<!^Mc)(?<!^Mac)(?<!^De)(?<!^Le)(?<!^La)(?<!^Di)(?<!^Da)[a-zß-ÿ][A-ZÀ-Þ]")


def _known(actors: pd.DataFrame, merges: pd.DataFrame | None) -> _Known:
    """Given names, and the words and starts of the organisation names the data holds."""
    names = actors.loc[actors["kind"] == ORGANISATION, "name"].dropna().astype(str)
    if merges is not None and len(merges):
        names = pd.concat([names, merges.loc[merges["table"] == "actors", "from_name"].dropna().astype(str)])
    names = names[~names.str.contains(_AND_TEAM)]  # "Helena Dalli and team" starts no body's name
    keys = pd.Series(names.unique(), dtype=object).map(_key).drop_duplicates()
    words = keys.str.split().reset_index(drop=True)
    rows_of: dict[str, list[int]] = {}
    for row, name_words in enumerate(words.tolist()):
        for word in set(name_words):
            rows_of.setdefault(word, []).append(row)
    names_with = {word: frozenset(rows) for word, rows in rows_of.items()}
    starts = pd.concat([words[words.str.len() > n].str[:n].str.join(" ") for n in (2, 3)])
    return _Known(
        given=_given_names(actors), names_with=names_with, starts=frozenset(starts), people=_people(actors)
    )


def _people(actors: pd.DataFrame) -> frozenset[str]:
    """The name keys of the MEPs and officials the data names (the sources' own lists of them,
    not the persons they guessed), in both orders (MEPs are written ``SURNAME Given``)."""
    names = actors.loc[actors["kind"].isin([MEP, OFFICIAL]), "name"].dropna().astype(str)
    keys = names.map(_key)
    keys = keys[keys.str.count(" ") >= 1]
    turned = keys.str.split().map(lambda words: " ".join(words[1:] + words[:1]))
    return frozenset(keys) | frozenset(turned) | _commissioners()


@functools.cache
def _commissioners() -> frozenset[str]:
    """The name keys of the Members of the Commission (``data/commissioners.txt``)."""
    return frozenset(_key(line) for line in _data_lines(COMMISSIONERS_FILE))


def _given_names(actors: pd.DataFrame) -> frozenset[str]:
    """Given names: graphkit's common ones, gender-guesser's dictionary (Jörg Michael's
    ``nam_dict.txt``: about 40,000 first names of Europe and beyond) and the first names of the
    MEPs, officials and persons in the data (MEPs are written ``SURNAME Given``), less every word
    that is also a surname there (``Neumann``) or a word of organisations' names."""
    people = actors[actors["kind"].isin([MEP, OFFICIAL, PERSON])]
    words = people["name"].dropna().astype(str).str.split()
    words = words[words.str.len() >= 2]
    is_mep = people.loc[words.index, "kind"] == MEP
    first = pd.concat([words[~is_mep].str[0], words[is_mep].str[-1]])
    rest = pd.concat([words[~is_mep].str[1:], words[is_mep].str[:-1]]).explode()
    first = first[first.str.isalpha() & (first.str.len() > 2) & ~first.str.isupper()].str.casefold()
    surnames = frozenset(rest.dropna().astype(str).str.casefold())
    words_not_names = _ORGANISATION_WORDS | _NOT_A_NAME | _MANY | _QUALIFIERS | _NATIONALITIES
    return COMMON_GIVEN_NAMES | _dictionary_given_names() | (frozenset(first) - surnames - words_not_names)


@functools.cache
def _dictionary_given_names() -> frozenset[str]:
    """The first names of gender-guesser's ``nam_dict.txt`` (GNU FDL 1.2; names joined with
    ``+`` hyphenated), less the words organisations' names are made of."""
    text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        if line[:1] in ("#", "=", ""):
            continue
        name = line.split()[1].casefold()
        if len(name) > 2:  # "Jean+Pierre": Jean-Pierre, as the data writes it
            names.add(name.replace("+", "-"))
            names.add(fold(name).replace("+", "-"))  # "Anaïs" is often typed "Anais"
    return (
        frozenset(names)
        - _ORGANISATION_WORDS
        - _NOT_A_NAME
        - _MANY
        - _QUALIFIERS
        - _NATIONALITIES
        - places()
        - _BRANDS
    )


# Given names that open organisations' names more often than persons' in lobby lists (as
# graphkit.sources.given_names leaves Max, Mercedes and Victoria out): Max Havelaar, Terra Nova.
_BRANDS = frozenset({"max", "mercedes", "victoria", "terra", "nova", "aurora", "royal", "mission", "justice"})


def eu_acronym_owner(name: str, into_name: str) -> str | None:
    """The EU body that also goes by an acronym written alone in ``name``, when ``into_name``
    is not that body: a second plausible owner the data may not spell out (a bare ``EASO`` is
    the European Asylum Support Office as often as the obesity association).

    >>> eu_acronym_owner("Maria Kostaki (EASO)", "European Association for the Study of Obesity")
    'European Union Agency for Asylum'
    >>> eu_acronym_owner("EBA", "European Banking Authority") is None
    True
    >>> eu_acronym_owner("EEA (European Express Association)", "European Express Association") is None
    True
    >>> eu_acronym_owner("European Institute of Innovation & Technology (EIT)", "EIT") is None
    True
    >>> eu_acronym_owner("EFSA", "European Forum of Securities Associations")
    'European Food Safety Authority'

    """
    bodies = _eu_forms()
    into = _listed_body(into_name)
    into_words = set(_key(into_name).split())
    for token in _ACRONYM_TOKEN.findall(name):
        found = bodies.get(_key(token))
        # An acronym the list marks "~" (ETF: more often the transport workers' federation)
        # is the EU body's only beside its full name, so alone it is no second owner.
        if found is None or found[1] or found[0] == into:
            continue
        spelt_out = re.sub(r"\s*&\s*", " and ", name.replace(token, " ")).strip(" ()-–—,")
        if _listed_body(spelt_out) == found[0]:  # the name spells that EU body out
            continue
        # "EEA (European Express Association)": the name spells its own acronym out.
        rest = set(_key(name.replace(token, " ")).split()) - {"of", "for", "and", "the", "de", "in"}
        if len(rest & into_words) >= 2:
            continue
        return found[0]
    return None


_ACRONYM_TOKEN = re.compile(r"(?<![\w&.-])[A-Z][A-Za-z]*[A-Z](?![\w&.-])")


@functools.cache
def _eu_forms() -> dict[str, tuple[str, bool]]:
    """Name key -> (the body's first name, whether the spelling is ambiguous alone)."""
    forms: dict[str, tuple[str, bool]] = {}
    for line in _data_lines(EU_BODIES_FILE):
        spellings = [s.strip() for s in line.split("|")]
        body = spellings[0]
        for spelling in spellings:
            key = _key(spelling.lstrip("~"))
            if key:
                forms.setdefault(key, (body, spelling.startswith("~")))
    return forms


@functools.cache
def _government_lines() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...], bool], ...]:
    """Each line of the government list: its expression over lower-case names (whole words,
    ``$`` ends a name), its text, and the runs of three or more letters it is written with:
    every alternative of every line holds one, so a name a line matches holds one of its runs
    (a line with none is run over every name), and whether it holds even where a word of
    organisations' names stands (a line written with a leading ``!``: "institute of public
    health" is the state's, whatever "institute" says elsewhere)."""
    out = []
    for written in _data_lines(GOVERNMENT_FILE):
        overrides = written.startswith("!")
        line = written.removeprefix("!")
        plain = re.sub(r"\(\?[=!<-]*[a-z]*:?|\[[^\]]*\]|\\[a-zA-Z]", " ", line)
        runs = tuple(sorted({run.lower() for run in re.findall(r"[^\W\d_]{3,}", plain)}))
        out.append((re.compile(_whole_words(line.lower()), re.MULTILINE), line, runs, overrides))
    return tuple(out)


def _whole_words(line: str) -> str:
    # A line that starts with "\w*" (a compound's end: "Bundesministerium") matches inside a
    # word; written without the "\w*", which would make the search try every start twice over.
    start = "" if line.startswith(r"\w*") else r"(?<!\w)"
    body = line.removeprefix(r"\w*").replace(r"|\w*", "|")
    return rf"{start}(?:{body})(?:(?<=\s)|(?!\w))"


@functools.cache
def places() -> frozenset[str]:
    """Countries' name keys (rigour's territories, English names) and the short forms the
    lists write (UK, USA)."""
    from rigour.territories import get_territories

    names = {t.name for t in get_territories() if t.is_country} | {"UK", "USA", "US", "UAE", "EU", "Europe", "Palestine", "Kosovo"}
    return frozenset(_key(n) for n in names)


@functools.cache
def _not_persons() -> frozenset[str]:
    """Bodies whose names read as a person's (``data/not_persons.txt``)."""
    return frozenset(_key(line) for line in _data_lines(NOT_PERSONS_FILE))


def _data_lines(file: str) -> list[str]:
    text = resources.files("graphkit.resolution").joinpath("data", file).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
