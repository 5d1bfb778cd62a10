"""The public body a public office's title names: ``Mayor of Budapest`` is the City of Budapest,
``Minister of Labour of the State of Qatar`` and ``Ambassador Japan`` speak for the Government of
Qatar and of Japan.

Meeting lists write such visitors by their office, not by a body; dropping them loses the
meeting's other side. graphkit keeps the body the office belongs to, named the one way
(``City of …``, ``Government of …``), and leaves its kind to resolution. Places are told by
``rigour.territories`` (countries, their regions and capitals); a name it finds only loosely
(``Chechen Republic of Ichkeria`` looks like Russia to it) is never taken.
"""

from __future__ import annotations

import re

from rigour.territories import lookup_territory

from graphkit.model.names import normalise_name

# Offices that speak for a state or region (words read in the EP and Integrity Watch meeting
# lists, ../shared/data/ep-meetings/: "Prime Minister of …", "Ambassador of …", "State Secretary
# of …", "Sveriges ambassadör", "Ambassadeur").
_GOVERNMENT_OFFICE = re.compile(
    r"\b(?:minister|ambassador|ambassad[öo]r|ambassadeur|president|premier|secretary\s+of\s+state"
    r"|state\s+secretary|permanent\s+representative|governor|vice[- ]minister)\b",
    re.IGNORECASE,
)
# An office of a parliament, a court or a party speaks for no government.
_NOT_GOVERNMENT = re.compile(
    r"\b(?:parliament|assembly|sobranie|chamber|senate|congress|house|court|party|former|ancien|eu|un)\b",
    re.IGNORECASE,
)
_MAYOR = re.compile(r"^(?:(?:deputy|vice|first|lord)[- ])?mayor\s+of\s+(?P<place>.+)$", re.IGNORECASE)
# Where the office's place is written: after "of" or "from", after a comma, or right after the
# office ("Ambassador Japan").
_PLACE_AFTER = re.compile(r"(?:\bof\b|\bfrom\b|,)\s+(?:the\s+)?", re.IGNORECASE)
_PLACE_ENDS = re.compile(r"\s+(?:to|in|at|for)\s+.*$", re.IGNORECASE)
_STATE_FORMS = frozenset({"republic", "kingdom", "state", "grand", "federal", "plurinational",
                          "principality", "commonwealth", "federation", "democratic", "islamic", "united", "rep"})  # fmt: skip
_TERRITORIES_NOT_GOVERNMENTS = frozenset({"eu", "un", "zz"})
_MUNICIPAL = re.compile(r"^(?:city|municipality|town|commune|comune|gemeente|stadt)\s+of\s+", re.IGNORECASE)


def public_body(title: str) -> str | None:
    """The body a public office's title names, or ``None``.

    >>> public_body("Mayor of Budapest"), public_body("Mayor of the Municipality of Famagusta")
    ('City of Budapest', 'Municipality of Famagusta')
    >>> public_body("Minister of Labour of the State of Qatar"), public_body("Ambassador Japan")
    ('Government of Qatar', 'Government of Japan')
    >>> public_body("Deputy Prime Minister of Republic of Kosovo"), public_body("Ambassador of Sri Lanka to Belgium")
    ('Government of Kosovo', 'Government of Sri Lanka')
    >>> print(public_body("Prime Minister of the Chechen Republic of Ichkeria"), public_body("Ambassador Bucher"))
    None None
    >>> print(public_body("President of the National Assembly of Kosovo"), public_body("Deputy Mayor Ecology"))
    None None
    >>> print(public_body("Minister of Foreign Affairs of the Republic of China"))
    None
    >>> public_body("Ambassador of Georgia to the Kingdom of Belgium")
    'Government of Georgia'
    """
    mayor = _MAYOR.match(title.strip())
    if mayor:
        place = _PLACE_ENDS.sub("", mayor["place"]).strip(" ,.")
        place = re.sub(r"^the\s+", "", place, flags=re.IGNORECASE)
        if _MUNICIPAL.match(place):
            return place
        words = place.split()
        if 1 <= len(words) <= 3 and all(word[:1].isupper() for word in words):
            return f"City of {place}"
        return None
    if not _GOVERNMENT_OFFICE.search(title) or _NOT_GOVERNMENT.search(title):
        return None
    for place in _places_written(title):
        name = _territory_name(place)
        if name:
            return f"Government of {name}"
    return None


def is_public_office(title: str) -> bool:
    """Whether a job title is an office of a state, a region or a city (a minister, an
    ambassador, a mayor): its holder speaks for a public body, not for the words after the title.

    >>> is_public_office("German Minister of Justice"), is_public_office("Evonik Head of Office")
    (True, False)
    """
    return bool(_GOVERNMENT_OFFICE.search(title) or _MAYOR.match(title.strip()))


def _places_written(title: str) -> list[str]:
    """Where the title may name its place, the last first (``Minister of Labour of Qatar``),
    never the place it is posted to (``Ambassador of Georgia to the Kingdom of Belgium``) nor
    the last words of a state's name (``China`` of ``the Republic of China``)."""
    office = _GOVERNMENT_OFFICE.search(title)
    if office:
        posted = _PLACE_ENDS.search(title, office.end())
        title = title[: posted.start()] if posted else title
    starts = [match.end() for match in _PLACE_AFTER.finditer(title)]
    if office:
        starts.append(office.end())
    places = []
    for start in sorted(set(starts), reverse=True):
        before = title[:start].split()
        if (
            len(before) >= 2
            and before[-1].casefold() == "of"
            and before[-2].casefold().strip(".") in _STATE_FORMS
        ):
            continue
        place = title[start:].strip(" ,.-–")
        if place and place[:1].isupper():
            places.append(place)
    return places


def _territory_name(place: str) -> str | None:
    """The name of the country or region ``place`` is, when it is one and no loose match: the
    territory's name, a short alias (``Viet Nam``, ``UK``) or ``<state form> of <name>``
    (``Republic of Kosovo``). Capitals are not governments."""
    territory = lookup_territory(place)
    if territory is None or territory.code in _TERRITORIES_NOT_GOVERNMENTS:
        return None
    if place in (territory.places or []):
        return None
    name = territory.name
    key, words = normalise_name(place), place.split()
    if key in (normalise_name(name), normalise_name(territory.full_name)):
        return name
    if len(words) <= 2 and not _STATE_FORMS & {w.casefold() for w in words}:
        return name
    if words[0].casefold() in _STATE_FORMS and key.endswith(" of " + normalise_name(name)):
        return name
    return None


def is_place(name: str) -> bool:
    """Whether ``name`` is a country, a region or a capital (``Helsinki``, ``Republic of
    Kosovo``): a place is never an organisation read out of a job title.

    >>> is_place("Helsinki"), is_place("Republic of Kosovo"), is_place("Greenpeace Polska")
    (True, True, False)
    """
    territory = lookup_territory(name)
    if territory is None:
        return False
    return name in (territory.places or []) or _territory_name(name) is not None
