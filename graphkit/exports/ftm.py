"""FollowTheMoney entities (the format of OCCRP Aleph, OpenAleph and OpenSanctions) as JSON lines.

Built with the ``followthemoney`` library itself, so every value is cleaned by its types
(countries become ISO codes, dates ISO dates) and each entity checks against its schema:

- organisations → ``Organization`` (``registrationNumber``: the Transparency Register ID,
  ``abbreviation``, ``classification``: the Register category, ``country``);
- MEPs, Commission officials and other named persons → ``Person`` (``position``; an MEP's
  group as ``political``);
- EU institutions named among attendees → ``PublicBody``;
- meetings → ``Event`` (``name``: the title, ``date``, ``organizer``: the MEPs or officials
  who held it, ``involved``: everyone there, ``keywords``: its topics, ``publisher``: the source).

Entity ids are graphkit's ids made FtM-safe (``gk-organisation-11-11-11``), or a hash of them
where the id has characters FtM ids cannot hold, so the same data always gives the same ids.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.exports.graph_files import atomic_write
from graphkit.model.schema import GOVERNMENT, HOST, INSTITUTION, MEP, OFFICIAL, ORGANISATION, PERSON, UNKNOWN
from graphkit.model.tables import Dataset

# A government is a public body too; an unknown entry is only known to be some legal entity.
SCHEMATA = {ORGANISATION: "Organization", MEP: "Person", OFFICIAL: "Person", PERSON: "Person",
            INSTITUTION: "PublicBody", GOVERNMENT: "PublicBody", UNKNOWN: "LegalEntity"}  # fmt: skip
POSITIONS = {MEP: "Member of the European Parliament", OFFICIAL: "European Commission"}
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_MAX_ID = 96


def ftm_id(graphkit_id: str) -> str:
    """The FollowTheMoney id of a graphkit id.

    >>> ftm_id("organisation:11-11-11"), ftm_id("topic:indonésie")
    ('gk-organisation-11-11-11', 'gk-25d17158df728f6914b01ae35e08b63759ea738b')
    """
    readable = "gk-" + graphkit_id.replace(":", "-")
    if len(readable) <= _MAX_ID and _FTM_ID.match(readable):
        return readable
    return "gk-" + hashlib.sha1(graphkit_id.encode("utf-8")).hexdigest()


def ftm_entities(dataset: Dataset) -> Iterator[dict[str, Any]]:
    """The dataset's actors and meetings as FollowTheMoney entities (plain dicts, cleaned).

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "organisation:beuc", "kind": "organisation", "name": "BEUC",
    ...              "register_id": "9505781573-45", "country": "Belgium"},
    ...             {"id": "mep:anna", "kind": "mep", "name": "Anna Meier", "group": "Renew"}],
    ...     meetings=[{"id": "meeting:1", "date": "2024-05-02", "title": "Trade", "institution": "EP"}],
    ...     participants=[{"meeting_id": "meeting:1", "actor_id": "mep:anna", "role": "host"},
    ...                   {"meeting_id": "meeting:1", "actor_id": "organisation:beuc", "role": "attendee"}])
    >>> mep, organisation, meeting = ftm_entities(ds)
    >>> organisation["schema"], organisation["properties"]["registrationNumber"], organisation["properties"]["country"]
    ('Organization', ['9505781573-45'], ['be'])
    >>> meeting["schema"], sorted(meeting["properties"]["involved"]), meeting["properties"]["organizer"]
    ('Event', ['gk-mep-anna', 'gk-organisation-beuc'], ['gk-mep-anna'])
    """
    from followthemoney import model

    for actor in dataset.actors.astype(object).where(dataset.actors.notna(), None).to_dict("records"):
        schema = SCHEMATA.get(actor["kind"])
        if schema is None:
            continue
        entity = model.make_entity(schema)
        entity.id = ftm_id(actor["id"])
        entity.add("name", actor["name"])
        if schema == "Person":
            entity.add("position", POSITIONS.get(actor["kind"]))
            entity.add("position", actor["unit"])
            entity.add("political", actor["group"])
            entity.add("political", actor["national_party"])
        else:
            entity.add("abbreviation", actor["acronym"])
            entity.add("registrationNumber", actor["register_id"])
            entity.add("classification", actor["category"])
            entity.add("description", actor["description"])
        _add_country(entity, actor["country"])
        entity.add("publisher", actor["source"])
        yield entity.to_dict()

    known = set(dataset.actors.loc[dataset.actors["kind"].isin(list(SCHEMATA)), "id"])
    people = dataset.participants[dataset.participants["actor_id"].isin(known)]
    involved = people.groupby("meeting_id")["actor_id"].agg(sorted).to_dict()
    organisers = people[people["role"] == HOST].groupby("meeting_id")["actor_id"].agg(sorted).to_dict()
    topic_names = dataset.meeting_topics.merge(dataset.topics, left_on="topic_id", right_on="id")
    keywords = topic_names.groupby("meeting_id")["name"].agg(sorted).to_dict()
    meetings = dataset.meetings.assign(day=dataset.meetings["date"].dt.strftime("%Y-%m-%d"))
    meetings = meetings.astype(object).where(meetings.notna(), None)
    for meeting in meetings.to_dict("records"):
        entity = model.make_entity("Event")
        entity.id = ftm_id(meeting["id"])
        entity.add("name", meeting["title"] or f"Meeting on {meeting['day']}")
        entity.add("date", meeting["day"])
        entity.add("summary", meeting["procedure"])
        entity.add("location", meeting["location"])
        entity.add("publisher", meeting["source"])
        entity.add("recordId", meeting["source_ref"])
        entity.add("keywords", keywords.get(meeting["id"], []))
        entity.add("organizer", [ftm_id(i) for i in organisers.get(meeting["id"], [])])
        entity.add("involved", [ftm_id(i) for i in involved.get(meeting["id"], [])])
        yield entity.to_dict()


def _add_country(entity, country: str | None) -> None:  # noqa: ANN001 - an EntityProxy
    """The country as its FtM code: looked up among the territories' own names (the names the
    sources write, "Belgium", "Czechia"), else by FtM's fuzzy lookup, which first normalises
    every name of every territory (about 2 s)."""
    if country is None:
        return
    code = _country_codes().get(country.casefold())
    if code is not None:
        entity.add("country", code)
    else:
        entity.add("country", country, fuzzy=True)


@functools.cache
def _country_codes() -> dict[str, str]:
    """Each FtM country's name and full name, case-folded, to its code."""
    from rigour.territories import get_territories

    codes: dict[str, str] = {}
    for territory in get_territories():
        if territory.is_ftm and territory.ftm_country:
            for name in (territory.name, territory.full_name):
                if name:
                    codes.setdefault(name.casefold(), territory.ftm_country)
    return codes


def write_ftm(dataset: Dataset, path: str | Path) -> Path:
    """Write :func:`ftm_entities` as JSON lines (one entity a line, what ``ftm`` and
    OpenAleph read), atomically.

    >>> import tempfile
    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "Anna"}])
    >>> path = write_ftm(ds, Path(tempfile.mkdtemp()) / "a.ftm.json")
    >>> json.loads(path.read_text())["schema"]
    'Person'
    """
    path = Path(path)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8") as out:
            for entity in ftm_entities(dataset):
                out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")

    atomic_write(path, write)
    return path
