"""Attendee entries as the meeting lists write them: several names in one cell, Register IDs
inside names, persons, job titles and public institutions among organisations, MEP names as
``SURNAME Given``.

Every function here works on one cell or entry; the sources call them on *unique* cells only
and map the result back, so a 20,000-row file costs a few thousand calls, not one per row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from graphkit.model.names import TITLE_MODIFIERS as _TITLE_MODIFIERS
from graphkit.model.names import TITLE_WORDS as _TITLE_WORDS
from graphkit.model.names import fold, has_legal_form, is_legal_form, normalise_name, tidy_text
from graphkit.sources.public_bodies import is_place, is_public_office, public_body

# Transparency Register ID: digits, a hyphen, two check digits (``9505781573-45``).
REGISTER_ID_PATTERN = r"\d{6,15}-\d{2}"
REGISTER_ID = re.compile(rf"\b({REGISTER_ID_PATTERN})\b")
# An ID with what glues it to its name: ``(TR: 1414929419-24)``, ``, 60975211600-74``,
# ``- Transparency Register Number 123456789-01``.
_ID_LABEL = (
    r"(?:(?:EU\s+)?Transparency\s+Register(?:\s+(?:ID|Number|No\.?|Nr\.?|number))?|TR(?:\s+ID)?|ID"
    r"|Identification\s+number|Register(?:ed)?\s+ID|Registriernummer|EU\s+register\s+N°)"
)
_REGISTER_ID_WITH_GLUE = re.compile(
    rf"[\s:;,\-–(\[]*(?:{_ID_LABEL}(?:\s+[A-Z]{{2,10}})?\s*[:.]?\s*)?\b{REGISTER_ID_PATTERN}\b\s*[)\]]?",
    re.IGNORECASE,
)
_DANGLING_ID_LABEL = re.compile(rf"[\s,\-–:(]*\b{_ID_LABEL}\s*[:.]?\s*\)?$", re.IGNORECASE)
_LEADING_ID_LABEL = re.compile(
    r"^(?:EU\s+)?Transparency\s+Register\s+(?:ID|Number|No\.?|Nr\.?)?\s*(?:of|for)?\s*[:.]?\s*", re.IGNORECASE
)
_LABEL_WORDS = re.compile(r"(?i)\b(?:register|TR|ID|identification)\b")
_ACRONYM = re.compile(r"^[A-Z0-9ÄÖÜÉÈ&.\-/]{2,14}$")
_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "des", "du", "la", "le", "les", "der", "die", "das",
                        "und", "für", "van", "voor", "en", "et", "di", "del", "della", "to", "in", "on", "a"})  # fmt: skip
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "zu", "ter"}
)
_HONORIFICS = re.compile(r"^(?:(?:mr|mrs|ms|dr|prof|professor|sir|dame|commissioner|executive vice-president)\.?\s+)+",
                         re.IGNORECASE)  # fmt: skip
# Words that only organisations' names hold: an entry with one of them is never a person.
_ORGANISATION_WORDS = frozenset({
    "aid", "association", "europe", "european", "eu", "group", "foundation", "council", "network", "institute",
    "federation", "union", "company", "bank", "partners", "consulting", "international", "alliance",
    "society", "agency", "office", "committee", "coalition", "forum", "platform", "centre", "center",
    "university", "embassy", "mission", "ministry", "chamber", "trust", "fund", "club", "global", "campaign",
    "energy", "services", "systems", "technologies", "industries", "industry", "media", "news", "bureau",
    "now", "watch", "action", "friends", "greenpeace", "wwf", "confederation", "organisation", "organization",
    "initiative", "project", "commission", "parliament", "government", "representation", "movement",
    "worldwide", "solidarity", "akademie", "academy", "stiftung", "verband", "hub", "lab", "labs",
    # bodies named inside job titles in the EP and Integrity Watch meeting lists
    # (../shared/data/ep-meetings/: "Senior Researcher Tampere University", "… at Istituto Affari
    # Internazionali", "Mayor of the Municipality of Famagusta")
    "universität", "université", "universidad", "universiteit", "università", "istituto", "institut",
    "instituto", "corporation", "airways", "airlines", "municipality", "greens/efa",
})  # fmt: skip
# Entries that name no one: a kind of people, not an organisation (the data writes "Experts",
# "MEPs", "Industry representatives" where it did not name them).
_GENERIC = frozenset({
    "experts", "expert", "meps", "mep", "industry", "industries", "industry representatives",
    "representatives", "representative", "stakeholders", "ngos", "ngo", "companies", "company",
    "businesses", "business", "various", "several", "others", "other", "europe", "eu", "citizens",
    "students", "scientists", "doctors", "medical doctors", "researchers", "academics", "journalists",
    "members", "delegation", "visitors", "guests", "participants", "civil society", "trade unions",
    "unions", "young people", "youth", "incorporated", "staff", "colleagues", "team", "consultants",
    "lobbyists", "local authorities", "farmers", "producers", "manufacturers", "stakeholder",
    "stakeholder dialogue", "think tanks", "think tank", "panel", "panelists", "speakers", "experts group",
    "office", "european office", "europe office", "brussels office", "eu office", "brussels", "belgium",
    # a part of a body, left alone by a split ("Arcelor Mittal, Members of the Board")
    "board", "the board", "supervisory board", "management board", "executive board", "board of directors",
    "board members", "executive committee", "steering committee", "management", "executive",
    "general assembly",
    # more kinds of people, and job titles in other languages, written alone
    "activist", "activists", "individual", "individuals", "women", "scholars", "physicians",
    "philosophers", "politicians", "tourists", "economists", "lawyers", "mothers", "firefighters",
    "student", "artist", "artists", "pastor", "speaker", "panellist", "panelist", "veterinarian",
    "beneficiaries", "citizen", "journaliste", "konsultant", "direktorin", "directrice",
    "abteilungsleiter", "forstamtsleiter", "toimitusjohtaja", "ambassadeur", "institutsleitung",
    # labels of a Register ID written where a name belongs
    "eu transparency register", "transparency register", "eu transparency registry", "eu register n",
    "eu register", "register number", "registration number", "transparency level", "registriernummer",
})  # fmt: skip
# EU institutions and their units, and the Member States' representations: public bodies, not
# interest representatives (they get a kind of their own).
_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:"
    r"(?:DG|Directorate[- ]General)\s+[A-Z(].*"
    r"|(?:European\s+Commission|Commission\s+europ[ée]enne|Europ[äa]ische\s+Kommission|EC|Commission)"
    r"(?:(?:\s*[-–,(:/]\s*|\s+)(?:DG\s*)?[A-Z]{2,8}\)?)?(?:\s*[-–(]\s*DG.*)?"
    r"|(?:DG\s*)?[A-Z]{2,8}\s*[-–]\s*European\s+Commission"
    r"|Cabinet\s+(?:of\s+)?(?:the\s+)?(?:Commissioner|Vice[- ]President|Executive|President)\b.*"
    r"|EEAS|European\s+External\s+Action(?:\s+Service)?(?:\s*\(EEAS\))?"
    r"|European\s+Parliament|Council(?:\s+of\s+the\s+(?:EU|European\s+Union))?|General\s+Secretariat\s+of\s+the\s+Council"
    r"|(?:Secretariat[- ]General|General\s+Secretariat)\s+of\s+the\s+(?:European\s+)?(?:Commission|Parliament|Council|Ombudsman)"
    r"|European\s+Ombudsman|European\s+Court\s+of\s+Auditors|European\s+Central\s+Bank"
    r"|(?:European\s+)?Commission\s+Representation\b.*|Representation\s+of\s+the\s+European\s+Commission\b.*"
    r"|Permanent\s+Representation\b.*|.*\bPermanent\s+Representation\s+(?:of\s+.+\s+)?to\s+the\s+(?:EU|European\s+Union)"
    r")$",
    re.IGNORECASE,
)
# People sent by a body: "Representatives of European Trade Union Confederation",
# "Representatives Digitaleurope", "members of the Greens/EFA".
_ON_BEHALF = re.compile(
    r"^(?:(?:a|the|two|three|several)\s+)?(?:representatives?|members?|delegation|delegates?|staff|colleagues|team)"
    r"(?:\s+(?:of|from))?(?:\s+the)?\s+(?P<org>\S.*)$",
    re.IGNORECASE,
)
_PERSONS_FROM = re.compile(
    r"^(?P<people>.+?)\s+(?:from|of|at|with|for)\s+(?:the\s+)?(?P<org>\S.*)$", re.IGNORECASE
)
_WITH_PERSON = re.compile(r"^(?P<org>\S.*?)\s*(?:\s[-–]\s|/|\|)\s*(?P<person>[^-–/|]+)$")
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\b.*$")
_OPEN, _CLOSE = "([{", ")]}"

ORGANISATION_ENTRY, PERSON_ENTRY, TITLE_ENTRY = "organisation", "person", "title"
INSTITUTION_ENTRY, GENERIC_ENTRY = "institution", "generic"


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1 once (``FranÃ§aise`` -> ``Française``).

    Text that is not such mojibake comes back unchanged.

    >>> fix_mojibake("Association FranÃ§aise des Entreprises PrivÃ©es")
    'Association Française des Entreprises Privées'
    >>> fix_mojibake("LEITÃO-MARQUES")
    'LEITÃO-MARQUES'
    """
    if "Ã" not in text and "Â" not in text:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def clean_entry(text: str) -> tuple[str, str | None]:
    """One entry's name and the Register ID written inside it, if any.

    >>> clean_entry("Bureau Européen des Unions de Consommateurs (BEUC): 9505781573-45")
    ('Bureau Européen des Unions de Consommateurs (BEUC)', '9505781573-45')
    >>> clean_entry("Global Witness (GW) (TR 10439809375-73)")
    ('Global Witness (GW)', '10439809375-73')
    >>> clean_entry("Acme Lobby - Transparency Register Number")
    ('Acme Lobby', None)
    >>> clean_entry("Transparency register number of Liquid Gas Europe: 12345678901-23")
    ('Liquid Gas Europe', '12345678901-23')
    >>> clean_entry("  ETUC.  ")
    ('ETUC', None)
    """
    text = fix_mojibake(tidy_text(text))
    match = REGISTER_ID.search(text)
    register_id = match.group(1) if match else None
    if match:
        text = tidy_text(_REGISTER_ID_WITH_GLUE.sub("", text))
    if _LABEL_WORDS.search(text):
        text = _LEADING_ID_LABEL.sub("", _DANGLING_ID_LABEL.sub("", text))
    text = text.strip(" .,;:-–\\/\"'").replace("( ", "(").replace(" )", ")")
    if text.endswith("()"):
        text = text[:-2].rstrip()
    if text.count("(") > text.count(")"):
        text = (
            text + ")" if text.rfind("(") > text.rfind(")") and not text.endswith("(") else text.rstrip("( ")
        )
    return text, register_id


def is_acronym(text: str) -> bool:
    """Whether ``text`` looks like an acronym: one short token, capitals and digits.

    >>> is_acronym("BEUC"), is_acronym("ENTSO-E"), is_acronym("Facebook"), is_acronym("EU")
    (True, True, False, True)
    """
    return bool(_ACRONYM.match(text)) and sum(ch.isalpha() for ch in text) >= 2


def initials(name: str) -> str:
    """Capital initials of the words of ``name`` that count (stop words skipped; hyphenated
    words give one initial each part).

    >>> initials("Bureau Européen des Unions de Consommateurs")
    'BEUC'
    """
    words = re.split(r"[\s\-/]+", name)
    return "".join(w[0].upper() for w in words if w and w.casefold() not in _STOPWORDS and w[0].isalpha())


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether the letters of ``acronym`` are all among the initials of ``name`` (in any order,
    as in translated names: ``UIRR`` for ``International Union for Road-Rail ...``).

    >>> acronym_fits("BEUC", "Bureau Européen des Unions de Consommateurs")
    True
    >>> acronym_fits("BEUC", "Access Now")
    False
    """
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    pool = list(initials(name))
    for ch in letters:
        if ch not in pool:
            return False
        pool.remove(ch)
    return bool(letters)


def split_outside_brackets(text: str, separator: str = ",") -> list[str]:
    """``text`` split at ``separator`` except inside brackets, pieces stripped, empty ones
    dropped.

    >>> split_outside_brackets("Global Witness (GW, UK), Fern")
    ['Global Witness (GW, UK)', 'Fern']
    """
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == separator and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _register_segments(cell: str) -> list[str]:
    """A cell cut after each Register ID written in it, so that ``BEUC (9505781573-45) CAN
    (55888811123-49)`` gives one segment per organisation, each with its own ID."""
    ends = [match.end() for match in _REGISTER_ID_WITH_GLUE.finditer(cell)]
    if len(ends) < 2 and not (ends and cell[ends[-1] :].strip(" ,;")):
        return [cell]
    segments, start = [], 0
    for end in ends:
        segments.append(cell[start:end])
        start = end
    segments.append(cell[start:])
    return [segment.strip(" ,;") for segment in segments if segment.strip(" ,;")]


def split_cell(cell: str, known: Collection[str] = ()) -> list[str]:
    """Split a comma-joined attendee cell (Integrity Watch's ``lobbyists``) into entries.

    Never inside brackets; a Register ID ends the entry it follows; a piece that is only a
    legal form (``a.s.``, ``Inc.``, ``S.A.``) or only a place or office (``Europe``, ``EU
    Office``) stays with the name before it; an acronym and the name it abbreviates stay one
    entry; pieces that together form a name ``known`` from the same file (normalised keys) stay
    whole.

    >>> split_cell("Facebook, Phillip Malloch, Facebook Director for Social and Economic Policy")
    ['Facebook', 'Phillip Malloch', 'Facebook Director for Social and Economic Policy']
    >>> split_cell("Bentley Systems, Incorporated")
    ['Bentley Systems, Incorporated']
    >>> split_cell("Centre for Democracy & Technology, Europe")
    ['Centre for Democracy & Technology, Europe']
    >>> split_cell("BEUC (9505781573-45) CAN (55888811123-49) T&E (58744833263-19)")
    ['BEUC (9505781573-45)', 'CAN (55888811123-49)', 'T&E (58744833263-19)']
    >>> split_cell("European Region of the International Lesbian, Gay, Bisexual, Trans and Intersex Association, Fern")
    ['European Region of the International Lesbian, Gay, Bisexual, Trans and Intersex Association', 'Fern']
    >>> split_cell("Google, Apple, Meta and Amazon")
    ['Google', 'Apple', 'Meta and Amazon']
    >>> split_cell("Buildings Performance Institute Europe, BPIE ASBL")
    ['Buildings Performance Institute Europe, BPIE ASBL']
    >>> split_cell("11.11.11, Koepel van Internationale Solidariteit", {"11 11 11 koepel van internationale solidariteit"})
    ['11.11.11, Koepel van Internationale Solidariteit']
    """
    out: list[str] = []
    for listed in split_outside_brackets(cell, ";"):  # a semicolon never sits inside a name
        for segment in _register_segments(listed):
            pieces = split_outside_brackets(segment)
            out.extend(_joined_pieces(pieces, known))
    return out


def _joined_pieces(pieces: list[str], known: Collection[str]) -> list[str]:
    if len(pieces) <= 1:
        return pieces
    pieces = _enumerations_kept(pieces)
    keys = [normalise_name(piece) for piece in pieces] if known else []
    out: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 4), i + 1, -1):
            if known and " ".join(keys[i:j]) in known:
                out.append(", ".join(pieces[i:j]))
                i = j
                break
        else:
            piece = pieces[i]
            bare = REGISTER_ID.sub("", piece).strip(" ()[]:")
            if out and (not bare or is_legal_form(bare) or _is_place(bare)):
                out[-1] = f"{out[-1]}, {piece}"
            elif out and len(pieces) == 2 and _acronym_pair(out[-1], piece):
                out[-1] = f"{out[-1]}, {piece}"
            else:
                out.append(piece)
            i += 1
    return out


_AND = re.compile(r"\s(?:and|und|et|e|y|och|og|en|i|&)\s", re.IGNORECASE)


def _enumerations_kept(pieces: list[str]) -> list[str]:
    """Pieces that are one name's enumeration (``International Lesbian, Gay, Bisexual, Trans and
    Intersex Association``; ``Bundesministerium für Klimaschutz, Umwelt, Energie, ... und
    Technologie``) joined back: a run of one-word pieces after a piece of several words, ended
    by a piece that joins its last words with *and* and goes on to name the body."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j = i + 1
        while j < len(pieces) and len(pieces[j].split()) == 1 and not is_acronym(pieces[j]):
            j += 1
        ends = j < len(pieces) and _AND.search(pieces[j]) and not is_acronym(pieces[j].split()[0])
        if j > i + 1 and ends and len(pieces[i].split()) >= 2 and len(pieces[j].split()) >= 3:
            out.append(", ".join(pieces[i : j + 1]))
            i = j + 1
        else:
            out.append(pieces[i])
            i += 1
    return out


def _is_place(piece: str) -> bool:
    """A piece that only says where: ``Europe``, ``EU Office``, ``Brussels Office``."""
    return normalise_name(piece) in {"europe", "eu", "office", "european office", "europe office",
                                     "brussels office", "eu office", "brussels", "belgium"}  # fmt: skip


def _acronym_pair(left: str, right: str) -> bool:
    first = right.split()[0] if right.split() else ""
    if is_acronym(left):
        return acronym_fits(left, right)
    return is_acronym(first) and acronym_fits(first, left)


@dataclass(frozen=True)
class Entry:
    """One attendee entry read: its kind and name, and the organisation named inside a job
    title (``researcher from E3G`` -> ``E3G``), if any."""

    kind: str
    name: str
    employer: str | None = None


def read_entry(entry: str, given_names: Collection[str], known: Collection[str] = ()) -> list[Entry]:
    """What one entry names: an organisation, a person, a public institution, nothing (a job
    title or a kind of people), or what a job title says of its holder's employer and name.

    ``known`` holds the name keys (:func:`normalise_name`) of names the same file gives alone:
    a job title's employer may be one of those even when it does not look like a name
    (``Director of Eurofound``).

    >>> given = frozenset({"phillip", "anni"})
    >>> read_entry("Phillip Malloch", given)
    [Entry(kind='person', name='Phillip Malloch', employer=None)]
    >>> read_entry("TIM S.p.A", given)
    [Entry(kind='organisation', name='TIM S.p.A', employer=None)]
    >>> read_entry("researcher from E3G", given)
    [Entry(kind='organisation', name='E3G', employer=None)]
    >>> read_entry("Director of Greenpeace's European Unit", given)
    [Entry(kind='organisation', name='Greenpeace', employer=None)]
    >>> [(e.kind, e.name) for e in read_entry("Deputy mayor of Helsinki Anni Sinnemäki", given)]
    [('organisation', 'City of Helsinki'), ('person', 'Anni Sinnemäki')]
    >>> [(e.kind, e.name) for e in read_entry("Senior policy officer Greenpeace Polska", given)]
    [('organisation', 'Greenpeace Polska')]
    >>> [(e.kind, e.name) for e in read_entry("Researcher of the Friedrich-Ebert-Foundation", given)]
    [('organisation', 'Friedrich-Ebert-Foundation')]
    >>> [(e.kind, e.name) for e in read_entry("VNO-NCW (Head of Brussels Office)", given)]
    [('organisation', 'VNO-NCW')]
    >>> [(e.kind, e.name) for e in read_entry("Director of Eurofound", given, {"eurofound"})]
    [('organisation', 'Eurofound')]
    >>> [(e.kind, e.name) for e in read_entry("Mayor of Budapest", given)]
    [('organisation', 'City of Budapest')]
    >>> [(e.kind, e.name) for e in read_entry("BEUC / Phillip Malloch", given)]
    [('organisation', 'BEUC'), ('person', 'Phillip Malloch')]
    >>> [(e.kind, e.name) for e in read_entry("Phillip Malloch from Transparency International", given)]
    [('organisation', 'Transparency International'), ('person', 'Phillip Malloch')]
    >>> read_entry("Representatives of European Trade Union Confederation", given)[0].name
    'European Trade Union Confederation'
    >>> [e.kind for e in read_entry("DG SANTE", given)], read_entry("acting Director", given), read_entry("MEPs", given)
    (['institution'], [], [])
    >>> read_entry("Director Energy policy (ENER.A)", given), read_entry("Head of Brussels Office", given)
    ([], [])
    """
    # Cached per (entry, given names, known names): the same entries recur across thousands of
    # cells, and one file passes the same sets every time.
    return list(_read_entry(entry, frozenset(given_names), frozenset(known)))


@functools.lru_cache(maxsize=1 << 16)
def _read_entry(entry: str, given_names: frozenset[str], known: frozenset[str]) -> tuple[Entry, ...]:
    return tuple(_entries_of(entry, given_names, known))


def _entries_of(entry: str, given_names: frozenset[str], known: frozenset[str]) -> list[Entry]:
    """What :func:`read_entry` returns, uncached."""
    from_body = _PERSONS_FROM.match(entry)
    if from_body:
        people = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", from_body["people"]) if p]
        if people and all(classify(p, given_names) == PERSON_ENTRY for p in people):
            # "Nicholas Aiossa from Transparency International", "Paul Wujek and Stefano Marmo
            # from SEAP": the body, and who came for it.
            body = read_entry(from_body["org"], given_names, known)
            return [*body, *(Entry(PERSON_ENTRY, person_name(p)) for p in people)]
    with_person = _WITH_PERSON.match(entry)
    if with_person and classify(with_person["person"], given_names) == PERSON_ENTRY:
        # "BEUC / Phillip Malloch", "ECRE - Petra Baeyens": the body and who came for it.
        return [
            *read_entry(with_person["org"], given_names, known),
            Entry(PERSON_ENTRY, person_name(with_person["person"])),
        ]
    on_behalf = _ON_BEHALF.match(entry)
    if on_behalf:
        sent_by = classify(on_behalf["org"], given_names)
        if sent_by in (ORGANISATION_ENTRY, INSTITUTION_ENTRY):
            entry = on_behalf["org"]
        elif sent_by == GENERIC_ENTRY:  # "Members of the Board", "representatives of industry"
            return []
    with_titles = _with_titles(entry, given_names, known)
    if with_titles is not None:
        return with_titles
    kind = classify(entry, given_names)
    if kind in (ORGANISATION_ENTRY, INSTITUTION_ENTRY):
        return [Entry(kind, entry)]
    if kind == PERSON_ENTRY:
        return [Entry(kind, person_name(entry))]
    if kind == GENERIC_ENTRY:
        return []
    return _from_title(entry, given_names, known)


# "VNO-NCW (Head of Brussels Office)", "KPN (Director Public and Regulatory Affairs, Adviser …)":
# a body with its people's titles in brackets.
_BODY_THEN_TITLES = re.compile(r"^(?P<body>[^()]+?)\s*\((?P<titles>[^()]+)\)$")
# Where a job title's employer may begin: after "of", "from", "at", "with" or a comma (never
# "for" or "in": "Minister for Migration", "Researcher in Statistical Genetics" name a field).
_EMPLOYER_AFTER = re.compile(r"(?:\s+(?:of|from|at|with)\s+|,\s+)(?:the\s+)?", re.IGNORECASE)
# "sne": a Seconded National Expert, the Commission's name for a post ("Executive Director SNE").
_TITLE_PARTS = _TITLE_WORDS | _TITLE_MODIFIERS | {"affairs", "relations", "&", "and", "of", "the", "sne"}


def _from_title(entry: str, given_names: frozenset[str], known: frozenset[str]) -> list[Entry]:
    """The person and the body a job title names, never a guess at either: the body after
    ``of``/``from``/``at`` or after the title words (``Senior policy officer Greenpeace
    Polska``) when it looks like an organisation's name or the file gives it alone, the body
    before titles in brackets, or the public body an office serves (``Mayor of Budapest``)."""
    text, person = _trailing_person(entry, given_names)
    body = _body_before_titles(text, given_names, known)
    if body is None:
        public = public_body(text)
        body = Entry(ORGANISATION_ENTRY, public) if public else None
    if body is None:
        body = _employer(text, given_names, known, office=is_public_office(text))
    return [found for found in (body, person) if found is not None]


def _with_titles(entry: str, given_names: frozenset[str], known: frozenset[str]) -> list[Entry] | None:
    """A body or a person with job titles written after it: in brackets ("Eurometaux (Public
    Affairs Manager)"), after a colon, a dash or a slash ("The European LPG Association /
    General manager", "Alice Echtermann: Journalist"), or straight after ("OpenDoors EU advocacy
    officer", "Anahita Yousefi senior advisor"). The body when it plainly is one or the file gives
    it alone, the person when the words before are a person's name; None when neither (or when
    the words after are no titles)."""
    found = _TITLES_AFTER.match(entry)
    titles = (found["t1"] or found["t2"]) if found else None
    if found and titles and _all_title_words(titles):
        head = found["head"].strip(" ,-–:/")
    else:
        words = entry.split()
        start = _trailing_titles_start(words)
        if start is None:
            return None
        head = " ".join(words[:start]).strip(" ,-–:/")
    if not head or head.count("(") != head.count(")"):
        return None  # "Poorter Fund Services (case manager)": the title is in the bracket
    kind = classify(head, given_names)
    if kind == PERSON_ENTRY:
        return [Entry(PERSON_ENTRY, person_name(head))]
    if kind in (ORGANISATION_ENTRY, INSTITUTION_ENTRY) and not is_place(head) and (
        _plainly_a_name(head) or normalise_name(head) in known
    ):
        return [Entry(kind, head)]
    return None


# A head and what follows it in brackets, or after a colon, a spaced dash or a slash.
_TITLES_AFTER = re.compile(r"^(?P<head>[^()]+?)\s*(?:\((?P<t1>[^()]+)\)|(?::|\s[-–]|/)\s*(?P<t2>[^()/:]+))$")
# The words job titles are made of, written after a name: the title words, what qualifies them,
# and the fields they name ("Director External Relations & Resource Mobilization").
_TITLE_TAIL_WORDS = _TITLE_PARTS | {
    "advocacy", "regulatory", "government", "external", "representative", "officer", "advisor", "adviser",
    "associate", "campaigner", "correspondent", "editor", "expert", "specialist", "for", "in", "on",
}  # fmt: skip


def _all_title_words(text: str) -> bool:
    words = [fold(w.casefold()).strip(".,()") for w in re.split(r"[\s,]+", text) if w.strip(".,()")]
    return bool(words) and any(w in _TITLE_WORDS for w in words) and all(w in _TITLE_TAIL_WORDS for w in words)


def _trailing_titles_start(words: list[str]) -> int | None:
    """Where a run of title words that ends the entry, and holds a title word, begins (never
    at the start: the whole entry would be a title)."""
    lowered = [fold(w.casefold()).strip(".,()") for w in words]
    if len(lowered) < 2 or lowered[-1] not in _TITLE_WORDS | {"affairs", "relations", "officer", "advisor", "adviser"}:
        return None
    start = len(lowered)
    while start > 0 and lowered[start - 1] in _TITLE_TAIL_WORDS and lowered[start - 1] not in {"for", "in", "on"}:
        start -= 1
    if start == 0 or not any(w in _TITLE_WORDS for w in lowered[start:]):
        return None
    return start


def _trailing_person(entry: str, given_names: frozenset[str]) -> tuple[str, Entry | None]:
    """A title with the name of its holder at the end (``State Secretary of Finland, Ms. Terhi
    Lehtonen``, ``Ambassador Agron Bajrami``): the title, and the person."""
    head, _, last = entry.rpartition(",")
    if head and classify(last.strip(), given_names) == PERSON_ENTRY:
        return head.strip(), Entry(PERSON_ENTRY, person_name(last.strip()))
    words = entry.split()
    if len(words) >= 3 and classify(" ".join(words[-2:]), given_names) == PERSON_ENTRY:
        return " ".join(words[:-2]), Entry(PERSON_ENTRY, " ".join(words[-2:]))
    return entry, None


def _body_before_titles(text: str, given_names: frozenset[str], known: frozenset[str]) -> Entry | None:
    found = _BODY_THEN_TITLES.match(text)
    if found is None:
        return None
    titles = [word.casefold().strip(".,()") for word in found["titles"].split()]
    if not titles or not (titles[0] in _TITLE_PARTS or (len(titles) > 1 and titles[1] in _TITLE_WORDS)):
        return None
    body = found["body"].strip(" ,-–")
    kind = classify(body, given_names)
    plausible = body[:1].isupper() or normalise_name(body) in known
    if kind in (ORGANISATION_ENTRY, INSTITUTION_ENTRY) and plausible and not is_place(body):
        return Entry(kind, body)
    return None


def _employer(text: str, given_names: frozenset[str], known: frozenset[str], office: bool) -> Entry | None:
    """The organisation a job title says its holder works for, if one is plainly named; after
    the title words themselves only when the title is no public office (``Minister MV
    Backhaus`` names a person, not a body)."""
    candidates = []
    for match in _EMPLOYER_AFTER.finditer(text):
        rest = text[match.end() :].strip(" ,.")
        possessive = _POSSESSIVE.match(rest)
        candidates.append(possessive["owner"] if possessive else rest)
    words = text.split()
    lead = _title_words_end(words)
    strict = set()  # candidates that must look like a name by themselves
    if 0 < lead < len(words) and not office:
        rest = " ".join(words[lead:]).strip(" ,.-–:")
        # After the title words only a name written as one: capitalised words ("Huawei Europe"),
        # never a field ("Energy policy (ENER.A)", "Director European Policy").
        if all(w[:1].isupper() or not w[:1].isalpha() or w.casefold() in _STOPWORDS for w in rest.split()):
            candidates.append(rest)
            strict.add(rest)
    if office:  # "Baden-Württemberg Minister of Transport": the portfolio, not a body
        strict.update(candidates)
    for candidate in candidates:
        key = normalise_name(candidate)
        if not candidate or not (candidate[:1].isupper() or candidate[:1].isdigit() or key in known):
            continue
        if key in _TITLE_PARTS or len(candidate.split()) > 10:  # a title word, or a sentence
            continue
        kind = classify(candidate, given_names)
        if is_place(candidate):
            continue
        if kind == INSTITUTION_ENTRY:
            return Entry(kind, candidate)
        if office and set(key.split()) & _PORTFOLIO_WORDS:
            continue  # "Minister of Industry/Mineral Ressources": a portfolio, not a body
        if kind == ORGANISATION_ENTRY and (
            _plainly_a_name(candidate) or (key in known and not office)
            if candidate in strict
            else looks_like_organisation(candidate) or key in known
        ):
            return Entry(kind, candidate)
    first = re.sub(r"['’]s$", "", words[0].strip(".,;:")) if words else ""
    if (
        # "Facebook Director for ...": a one-word name before the title word, but not a word
        # that qualifies the title ("Executive Director", "Senior Director", "Managing Director")
        # nor an office's ("German Minister of Justice", "Prime Minister").
        len(words) > 2
        and not office
        and words[1].casefold().strip(".,()") in _TITLE_WORDS
        and first[:1].isupper()
        and first.casefold() not in _TITLE_WORDS | _TITLE_MODIFIERS
        and classify(first, given_names) == ORGANISATION_ENTRY
    ):
        return Entry(ORGANISATION_ENTRY, first)
    return None


def _title_words_end(words: list[str]) -> int:
    """Where the title words that open an entry end: after the last title word (or the
    ``Affairs``/``Relations`` of its field) in the opening run of title words, so that a
    qualifier that begins a name stays with it (``Senior Policy Coordinator European Society
    for Paediatric Oncology``)."""
    end = 0
    for n, word in enumerate(words):
        folded = fold(word.casefold()).strip(".,()-–:")
        if folded not in _TITLE_PARTS:
            break
        if folded in _TITLE_WORDS or folded in {"affairs", "relations", "general"}:
            end = n + 1
    return end


_CAMEL = re.compile(r"[a-z][A-Z]")
# Words that say where or how widely, not what: alone beside a field they make no name
# ("Policy Officer EU Integrity", "Director European Policy").
# Organisation words that after a public office name its portfolio ("Minister of Industry").
_PORTFOLIO_WORDS = frozenset({"industry", "industries", "energy", "media", "services", "technologies"})
_WEAK_ORGANISATION_WORDS = frozenset({"eu", "europe", "european", "international", "global", "national"})


def _plainly_a_name(text: str) -> bool:
    """:func:`looks_like_organisation` without the words that only say where (``EU``,
    ``European``): what a name must be to be read straight after a job title."""
    words = [word.casefold().strip(".,()") for word in re.split(r"[\s\-–/]+", text) if word]
    first = text.split()[0]
    return (
        (is_acronym(first) and first.upper() not in {"EU", "UN", "UK", "US"})
        or has_legal_form(text)
        or any(word in _ORGANISATION_WORDS - _WEAK_ORGANISATION_WORDS for word in words)
        or bool(_CAMEL.search(first))
    )


def looks_like_organisation(text: str) -> bool:
    """A name graphkit may take from inside a job title: an acronym, a legal form, an
    organisation word or a word in camel case (``OpenEXP``), never a bare place (``Deputy
    mayor of Helsinki``).

    >>> looks_like_organisation("OpenEXP"), looks_like_organisation("Friedrich-Ebert-Foundation")
    (True, True)
    >>> looks_like_organisation("Helsinki"), looks_like_organisation("Parlimentary affairs")
    (False, False)
    """
    words = [word.casefold().strip(".,()") for word in re.split(r"[\s\-–/]+", text) if word]
    first = text.split()[0]
    return (
        is_acronym(first)
        or has_legal_form(text)
        or any(word in _ORGANISATION_WORDS for word in words)
        or bool(_CAMEL.search(first))
        # one word with a capital inside ("eu-LISA"), not an Irish surname ("O'Flaherty")
        or (len(text.split()) == 1 and any(ch.isupper() for ch in text[1:]) and not re.search("['’]", text))
    )


def classify(entry: str, given_names: Iterable[str] | frozenset[str]) -> str:
    """Whether an entry names an organisation, a person, a public institution, a job title or
    no one in particular (``Experts``).

    A legal form says organisation. A person is two to four capitalised words, the first a
    given name seen elsewhere in the data (MEPs', officials' first names), with no word that only
    organisations use. A job title opens with a title word, or has one right after a one-word
    name.

    >>> given = {"phillip", "axel"}
    >>> classify("Phillip Malloch", given)
    'person'
    >>> classify("Facebook Director for Social and Economic Policy", given)
    'title'
    >>> classify("Axel Springer SE", given), classify("Elisa Oyj", {"elisa"})
    ('organisation', 'organisation')
    >>> classify("European Commission", given), classify("EC - DG MOVE", given), classify("Experts", given)
    ('institution', 'institution', 'generic')
    >>> classify("ECRE", given)
    'organisation'
    """
    return _classify(entry, given_names if isinstance(given_names, frozenset) else frozenset(given_names))


@functools.lru_cache(maxsize=1 << 17)
def _classify(entry: str, given_names: frozenset[str]) -> str:
    """What :func:`classify` returns, uncached."""
    if has_legal_form(entry):
        return ORGANISATION_ENTRY
    if _INSTITUTION.match(entry):
        return INSTITUTION_ENTRY
    key = normalise_name(entry)
    if key in _GENERIC:
        return GENERIC_ENTRY
    words = entry.split()
    lowered = [fold(w.casefold()).strip(".,()") for w in words]
    if lowered and (
        lowered[0] in _TITLE_WORDS
        or (len(lowered) > 2 and lowered[1] in _TITLE_WORDS and not _is_capitals(words[1]))
    ):
        return TITLE_ENTRY
    bare = _HONORIFICS.sub("", entry).split()
    bare_lowered = [w.casefold() for w in bare]
    if (
        2 <= len(bare) <= 4
        and bare_lowered[0] in given_names
        and not any(w.strip(".,") in _ORGANISATION_WORDS for w in bare_lowered)
        and all(w[:1].isupper() or w.casefold() in _PARTICLES for w in bare)
        and all(w.replace("-", "").replace("'", "").replace(".", "").isalpha() for w in bare)
    ):
        return PERSON_ENTRY
    return ORGANISATION_ENTRY


def person_name(entry: str) -> str:
    """A person entry without honorifics (``Dr. Kurt Scheel`` -> ``Kurt Scheel``).

    >>> person_name("Commissioner Elisa Ferreira")
    'Elisa Ferreira'
    """
    return _HONORIFICS.sub("", entry).strip()


def mep_display_name(name: str) -> str:
    """An MEP's name as ``Given Surname`` from the EP's ``SURNAME Given`` or Integrity Watch's
    ``Given SURNAME``; capitals-only words are the surname.

    >>> mep_display_name("VOSS Axel")
    'Axel Voss'
    >>> mep_display_name("Alex AGIUS SALIBA")
    'Alex Agius Saliba'
    >>> mep_display_name("LEITÃO-MARQUES Maria-Manuel")
    'Maria-Manuel Leitão-Marques'
    >>> mep_display_name("Kathleen Van Brempt")
    'Kathleen Van Brempt'
    """
    words = tidy_text(name).split()
    surname = [w for w in words if _is_capitals(w)]
    given = [w for w in words if not _is_capitals(w)]
    if not surname or not given:
        return " ".join(words)
    return " ".join(given + [w.title() for w in surname])


def given_name(name: str) -> str | None:
    """The first given name in an MEP's or official's name, case-folded (``VOSS Axel`` ->
    ``axel``).

    >>> given_name("VOSS Axel"), given_name("Dimitri Lorenzani")
    ('axel', 'dimitri')
    """
    words = [w for w in tidy_text(name).split() if not _is_capitals(w)]
    return words[0].casefold() if words else None


def _is_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
