"""What a published picture must say besides the network: where the data comes from, and which
filters chose it. The page prints both under its PNG and SVG exports.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphkit.graph import GraphFilter

# Source id (as the workspace's ``meetings.source`` writes it) → who published the records.
SOURCE_NAMES = {
    # https://www.europarl.europa.eu/meps/en/search-meetings (the Parliament's own export)
    "ep_meetings": "European Parliament, MEP meetings",
    # https://www.integritywatch.eu/mepmeetings (Transparency International EU)
    "integritywatch_ep": "Integrity Watch EU (Transparency International EU)",
    # https://ec.europa.eu/transparencyinitiative/meetings/ (Commissioners, cabinets, DGs)
    "ec_meetings": "European Commission, meetings with organisations",
    # https://www.openlobby.eu/ (organisation profile pages)
    "openlobby": "OpenLobby",
    # https://transparency-register.europa.eu/ (organisation attributes)
    "register": "EU Transparency Register",
    # https://ec.europa.eu/info/law/better-regulation/have-your-say
    "consultations": "European Commission, Have Your Say",
}


def source_names(sources: Iterable[object]) -> list[str]:
    """The publishers behind ``sources`` (workspace source ids, ``;``-joined when a meeting came
    from several), each once, most frequent first.

    Examples
    --------
    >>> source_names(["ec_meetings", "ep_meetings;integritywatch_ep", "ec_meetings", None, "my_scrape"])
    ['European Commission, meetings with organisations', 'European Parliament, MEP meetings', 'Integrity Watch EU (Transparency International EU)', 'my_scrape']
    """
    counts: dict[str, int] = {}
    for value in sources:
        if not isinstance(value, str):
            continue
        for part in value.split(";"):
            part = part.strip()
            if part:
                counts[part] = counts.get(part, 0) + 1
    order = sorted(counts, key=lambda source: -counts[source])  # stable: first seen first on ties
    names = [SOURCE_NAMES.get(source, source) for source in order]
    return list(dict.fromkeys(names))


def filters_text(filters: GraphFilter | None) -> str:
    """The filters in words, for a caption ("" when there are none).

    Examples
    --------
    >>> filters_text(GraphFilter(institution="EP", term="2019-2024", min_meetings=3))
    'EP term 2019-2024 · institution EP · actors with at least 3 meetings'
    >>> filters_text(GraphFilter(date_from="2021-01-01"))
    'from 2021-01-01'
    >>> filters_text(None)
    ''
    """
    if filters is None:
        return ""
    parts = []
    if filters.term:
        parts.append(f"EP term {filters.term}")
    if filters.date_from and filters.date_to:
        parts.append(f"{filters.date_from} to {filters.date_to}")
    elif filters.date_from:
        parts.append(f"from {filters.date_from}")
    elif filters.date_to:
        parts.append(f"up to {filters.date_to}")
    if filters.institution:
        parts.append(f"institution {filters.institution.upper()}")
    if filters.category:
        parts.append(f"category {filters.category}")
    if filters.country:
        parts.append(f"country {filters.country}")
    if filters.min_meetings:
        parts.append(f"actors with at least {filters.min_meetings} meetings")
    return " · ".join(parts)
