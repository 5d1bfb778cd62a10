"""The one name normaliser: how graphkit decides two spellings name the same organisation.

The comparison key follows OpenRefine's fingerprint idea (case, accents, punctuation and spacing
do not count) and OpenSanctions' ``rigour`` for company legal forms, which knows the forms of
every EU language, dotted or not (``S.p.A.``, ``SpA``, ``e.V.``, ``Oyj``, ``AB``, ``Spółka
Akcyjna``). Word order still counts: ``Bank of Europe`` and ``Europe of Banks`` stay apart.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rigour.names import extract_org_types, remove_org_types
from rigour.names import normalize_name as _rigour_normalize

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")
# Characters that are never part of a name: C0/C1 controls, bidi overrides and zero-width marks.
INVISIBLE = _INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_AMPERSAND = re.compile(r"\s*&\s*")
_DOTTED_NUMBER = re.compile(r"(?<=\d)\.(?=\d)")
_MARK = "\x01"
# A legal form written before the name is stripped only when it is an abbreviation (``AB
# Volvo``); a spelled-out one (``Stiftung Warentest``) is part of how the body is known.
_SHORT_PREFIX = 3
_ISATION = re.compile(r"(?<=\w)iz(ation|ations|ed|ing)\b")


# Words that make an entry a job title when they open it or follow one word (an organisation's
# name): "Director", "Facebook Director for Social and Economic Policy", "former CEO of SBB".
TITLE_WORDS = frozenset({
    "director", "director-general", "manager", "head", "officer", "adviser", "advisor", "ceo", "cfo", "cto",
    "coo", "chairman", "chairwoman", "chairperson", "secretary-general", "coordinator", "counsellor",
    "lawyer", "journalist", "consultant", "analyst", "researcher", "founder", "co-founder", "former",
    "vp", "vice-president", "vice", "deputy", "intern", "assistant", "spokesperson", "lobbyist", "acting",
    "senior", "president", "chair", "administrator", "ambassador", "minister", "mayor", "professor",
    "secretary", "chief",
})  # fmt: skip
# Words that qualify a title word ("Managing Director", "Policy Officer", "Executive Director"):
# never an organisation's whole name when they stand before one.
TITLE_MODIFIERS = frozenset({
    "executive", "managing", "general", "legal", "policy", "international", "european", "global", "eu",
    "regional", "national", "technical", "financial", "political", "public", "interim", "associate",
    "honorary", "founding", "principal", "lead", "junior", "corporate", "government", "external",
    "internal", "scientific", "medical", "commercial", "strategic", "research", "communications",
    "press", "media", "programme", "program", "project", "country", "business", "sustainability",
    "economic", "digital", "board", "council", "committee", "division", "department", "unit", "team",
})  # fmt: skip


def slug(text: str, fold_accents: bool = True) -> str:
    """Lower-case, accent-free, hyphen-joined form of ``text`` for use inside an id.

    Letters of any script survive (Greek stays Greek); punctuation does not, and neither do
    accents unless ``fold_accents`` is false (topics keep them: ``Indonésie`` is French,
    ``Indonesië`` Dutch, and both spellings stay as written).

    >>> slug("Aktionsbündnis Menschenrechte – Philippinen")
    'aktionsbundnis-menschenrechte-philippinen'
    >>> slug("11.11.11")
    '11-11-11'
    >>> slug("Indonésie", fold_accents=False)
    'indonésie'
    """
    if text.isascii():  # most names and titles: nothing to normalise, and 2.5x faster
        return _NON_WORD.sub("-", text.lower()).strip("-")
    text = fold(text) if fold_accents else unicodedata.normalize("NFC", text)
    return _NON_WORD.sub("-", text.casefold()).strip("-")


def fold(text: str) -> str:
    """``text`` without accents (``Européen`` -> ``Europeen``), other letters unchanged.

    >>> fold("Spółka Akcyjna Miedź")
    'Spolka Akcyjna Miedz'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 18)
def normalise_name(name: str) -> str:
    """The comparison key of an organisation name.

    Case, accents, punctuation, spacing, ``&`` against ``and``, a leading ``The`` and legal
    forms (at the end, or abbreviated at the start) do not count; word order does. Cached: the
    same names recur across thousands of records.

    >>> normalise_name("Bureau Européen des Unions de Consommateurs AISBL")
    'bureau europeen des unions de consommateurs'
    >>> normalise_name("Eni S.p.A.") == normalise_name("Eni SpA") == normalise_name("ENI")
    True
    >>> normalise_name("Neste Oyj"), normalise_name("AB Volvo"), normalise_name("Deutscher Gewerkschaftsbund e.V.")
    ('neste', 'volvo', 'deutscher gewerkschaftsbund')
    >>> normalise_name("The European Consumer Organization") == normalise_name("European Consumer Organisation")
    True
    >>> normalise_name("Transport & Environment") == normalise_name("Transport and Environment")
    True
    >>> normalise_name("GmbH")  # a legal form alone stays what it is
    'gmbh'

    An acronym with a company's legal form is a company named so, which the acronym written
    alone may or may not be: the form stays (an association's form goes, as ever).

    >>> normalise_name("EPPA SA"), normalise_name("ZVEI e.V."), normalise_name("Eni SpA")
    ('eppa sa', 'zvei', 'eni')
    """
    text = _rigour_normalize(_DOTTED_NUMBER.sub(" ", _AMPERSAND.sub(" and ", tidy_text(name))))
    if not text:
        return fold(slug(name).replace("-", " "))
    stripped = _without_legal_forms(text)
    if stripped != text and _is_acronym_company(name, stripped):
        stripped = text  # "EPPA SA" is a company named so, not "EPPA" written alone
    words = stripped.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    key = _ISATION.sub(lambda m: "is" + m.group(1), fold(" ".join(words)))
    return key or fold(text)


# Legal forms of associations, not companies: "ZVEI e.V." is the association ZVEI.
ASSOCIATION_FORM = re.compile(
    r"\s(?:e\.?\s?V\.?|a\.?i\.?s\.?b\.?l\.?|a\.?s\.?b\.?l\.?|i?vzw|ry|ideell förening|vzw/asbl|asbl/vzw)$",
    re.IGNORECASE,
)
_ACRONYM_TOKEN = re.compile(r"^[A-Z0-9][A-Z0-9&.\-]{1,13}$")


def _is_acronym_company(name: str, stripped: str) -> bool:
    """Whether ``name`` is an acronym and a company's legal form after it (``EPPA SA``, ``E.ON
    SE``): ``stripped`` (its key without forms) is its first word, written in capitals."""
    written = tidy_text(name)
    first = written.split()[0] if written else ""
    if not _ACRONYM_TOKEN.match(first) or sum(ch.isalpha() for ch in first) < 2 or ASSOCIATION_FORM.search(written):
        return False
    return stripped == fold(_rigour_normalize(first) or "")


def _without_legal_forms(text: str) -> str:
    """``text`` (normalised) without the legal forms at its end and abbreviated ones at its start."""
    found = extract_org_types(text)
    if not found:
        return text
    marked = remove_org_types(text, replacement=f" {_MARK} ").split()
    matched = iter(found)
    forms = [next(matched) if word == _MARK else None for word in marked]
    if sum(form is not None for form in forms) != len(found):
        return text  # rigour matched inside a word: leave the name as it is
    words = [form[0] if form else word for word, form in zip(marked, forms, strict=True)]
    # A form that is a noun of its own (``Stiftung``: Robert Bosch Stiftung is not Robert Bosch)
    # stays; abbreviations and spelled-out company forms (``Aktiengesellschaft``) go.
    kinds = [form is not None and _is_company_form(*form) for form in forms]
    end = len(words)
    while end > 1 and kinds[end - 1]:
        end -= 1
    start = 0
    while start < end - 1 and kinds[start] and len(words[start].replace(" ", "")) <= _SHORT_PREFIX:
        start += 1
    kept = " ".join(word for word in words[start:end] if word)
    return kept or text


# Forms rigour knows that are mostly ordinary words in a name (``Europe Unlimited``).
_WORDS_NOT_FORMS = frozenset({"unlimited"})


def _is_company_form(written: str, compare: str) -> bool:
    if written in _WORDS_NOT_FORMS:
        return False
    return len(written.replace(" ", "")) <= 5 or written != compare


@functools.lru_cache(maxsize=1 << 16)
def has_legal_form(name: str) -> bool:
    """Whether ``name`` ends in (or, abbreviated, starts with) a company legal form: a sign
    that it names an organisation, not a person.

    >>> has_legal_form("TIM S.p.A"), has_legal_form("Elisa Oyj"), has_legal_form("Anna Meier")
    (True, True, False)
    """
    text = _rigour_normalize(tidy_text(name))
    return bool(text) and _without_legal_forms(text) != text


@functools.lru_cache(maxsize=1 << 16)
def is_legal_form(text: str) -> bool:
    """Whether ``text`` is nothing but a legal form (``a.s.``, ``GmbH``, ``Inc.``, ``S.A.``).

    >>> is_legal_form("S.A."), is_legal_form("Incorporated"), is_legal_form("Europe")
    (True, True, False)
    """
    normal = _rigour_normalize(tidy_text(text))
    return bool(normal) and not remove_org_types(normal).strip()


def tidy_text(text: str) -> str:
    """Collapse runs of white space (line and paragraph separators too) and trim, and drop
    characters that are never part of a name (controls, bidi overrides, zero-width marks).

    >>> tidy_text("  Indonésie \\t ")
    'Indonésie'
    >>> tidy_text("Acme\\u2028Lobby\\u200b\\u202e")
    'Acme Lobby'
    """
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()
