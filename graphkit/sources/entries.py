"""Attendee entries as the meeting lists write them: several names in one cell, Register IDs
inside names, persons and job titles among organisations, MEP names as ``SURNAME Given``.

Every function here works on one cell; the sources call them on *unique* cells only and map the
result back, so a 20,000-row file costs a few thousand calls, not one per row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from graphkit.model.names import LEGAL_SUFFIXES, slug, tidy_text
from graphkit.model.names import normalise_name as _normalise_name

# The same short names recur across thousands of cells: normalise each once.
normalise_name = functools.lru_cache(maxsize=1 << 17)(_normalise_name)
cached_slug = functools.lru_cache(maxsize=1 << 17)(slug)

# Transparency Register ID: digits, a hyphen, two check digits (``9505781573-45``).
REGISTER_ID_PATTERN = r"\d{6,15}-\d{2}"
REGISTER_ID = re.compile(rf"\b({REGISTER_ID_PATTERN})\b")
_REGISTER_ID_WITH_GLUE = re.compile(r"[\s:;,(\[]*\b\d{6,15}-\d{2}\b[)\]]?")
_ACRONYM = re.compile(r"^[A-Z0-9ÄÖÜÉÈ&.\-/]{2,14}$")
_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "des", "du", "la", "le", "les", "der", "die", "das",
                        "und", "für", "van", "voor", "en", "et", "di", "del", "della", "to", "in", "on", "a"})  # fmt: skip
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "zu", "ter"}
)
_HONORIFICS = re.compile(r"^(?:(?:mr|mrs|ms|dr|prof|professor|sir|dame|commissioner|executive vice-president)\.?\s+)+",
                         re.IGNORECASE)  # fmt: skip
# Words that make an entry a job title when they open it or follow one word (an organisation's
# name): "Director", "Facebook Director for Social and Economic Policy", "former CEO of SBB".
_TITLE_WORDS = frozenset({
    "director", "director-general", "manager", "head", "officer", "adviser", "advisor", "ceo", "cfo", "cto",
    "coo", "chairman", "chairwoman", "chairperson", "secretary-general", "coordinator", "counsellor",
    "lawyer", "journalist", "consultant", "analyst", "researcher", "founder", "co-founder", "former",
    "vp", "vice-president", "deputy", "intern", "assistant", "spokesperson", "lobbyist",
})  # fmt: skip
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
})  # fmt: skip

_LONGEST_KNOWN_RUN = 4

ORGANISATION_ENTRY, PERSON_ENTRY, TITLE_ENTRY = "organisation", "person", "title"


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
    >>> clean_entry("  ETUC.  ")
    ('ETUC', None)
    """
    text = fix_mojibake(tidy_text(text))
    match = REGISTER_ID.search(text)
    register_id = match.group(1) if match else None
    if match:
        text = tidy_text(_REGISTER_ID_WITH_GLUE.sub("", text))
    text = text.strip(" .,;:-–\\/\"'").replace("( ", "(").replace(" )", ")")
    if text.endswith("()"):
        text = text[:-2].rstrip()
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


def split_cell(cell: str, known: Mapping[str, str] | None = None) -> list[str]:
    """Split a comma-joined attendee cell into entries.

    A piece that is only a legal form (``a.s.``, ``GmbH``) stays with the name before it; two
    pieces that are an acronym and the name it abbreviates stay one entry; pieces that together
    form a name graphkit knows (``known``: normalised name -> name) stay whole.

    >>> split_cell("Facebook, Phillip Malloch, Facebook Director for Social and Economic Policy")
    ['Facebook', 'Phillip Malloch', 'Facebook Director for Social and Economic Policy']
    >>> split_cell("eustream, a.s.")
    ['eustream, a.s.']
    >>> split_cell("Buildings Performance Institute Europe, BPIE ASBL")
    ['Buildings Performance Institute Europe, BPIE ASBL']
    >>> split_cell("11.11.11, Koepel van Internationale Solidariteit",
    ...            {"11 11 11 koepel van internationale solidariteit": "11.11.11"})
    ['11.11.11, Koepel van Internationale Solidariteit']
    """
    pieces = [piece.strip() for piece in cell.split(",")]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) <= 1:
        return pieces
    known = known or {}
    keys = [normalise_name(piece) for piece in pieces] if known else []
    out: list[str] = []
    i = 0
    while i < len(pieces):
        # The longest run (up to four pieces) that names a known organisation stays whole.
        for j in range(min(len(pieces), i + _LONGEST_KNOWN_RUN), i + 1, -1):
            if known and " ".join(keys[i:j]) in known:
                out.append(", ".join(pieces[i:j]))
                i = j
                break
        else:
            piece = pieces[i]
            if out and _is_legal_form(piece):
                out[-1] = f"{out[-1]}, {piece}"
            elif out and len(pieces) == 2 and _acronym_pair(out[-1], piece):
                out[-1] = f"{out[-1]}, {piece}"
            else:
                out.append(piece)
            i += 1
    return out


def _is_legal_form(piece: str) -> bool:
    words = cached_slug(piece).split("-")
    raw = re.sub(r"[\W_]+", "", piece.casefold())
    return all(word in LEGAL_SUFFIXES or len(word) == 1 for word in words) or raw in LEGAL_SUFFIXES


def _acronym_pair(left: str, right: str) -> bool:
    first = right.split()[0] if right.split() else ""
    if is_acronym(left):
        return acronym_fits(left, right)
    return is_acronym(first) and acronym_fits(first, left)


def classify(entry: str, given_names: Iterable[str] | frozenset[str], known: Mapping[str, str]) -> str:
    """Whether an entry names an organisation, a person or a job title.

    A person is two to four capitalised words, the first a given name seen elsewhere in the
    data (MEPs', officials' first names), with no word that only organisations use. A job title
    opens with a title word, or has one right after a one-word name. Anything graphkit already
    knows as an organisation stays one.

    >>> given = {"phillip", "axel"}
    >>> classify("Phillip Malloch", given, {})
    'person'
    >>> classify("Facebook Director for Social and Economic Policy", given, {})
    'title'
    >>> classify("Axel Springer SE", given, {"axel springer": "Axel Springer SE"})
    'organisation'
    """
    if (known and normalise_name(entry) in known) or cached_slug(entry).rsplit("-", 1)[-1] in LEGAL_SUFFIXES:
        # Known, or ends in a legal form (``Axel Springer SE``): an organisation.
        return ORGANISATION_ENTRY
    words = entry.split()
    lowered = [w.casefold().strip(".,()") for w in words]
    if lowered and (lowered[0] in _TITLE_WORDS or (len(lowered) > 2 and lowered[1] in _TITLE_WORDS)):
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
