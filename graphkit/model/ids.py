"""Deterministic ids: the same record gets the same id in every ingest and every store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from graphkit.model.names import normalise_name, slug
from graphkit.model.schema import INSTITUTION, ORGANISATION


def digest(parts: Iterable[object], length: int = 16) -> str:
    """A short stable hash of ``parts`` (joined with a separator that cannot occur in them).

    >>> digest(["EP", "2025-11-20", "mep:kathleen-van-brempt"])
    'ae637c3367673a14'
    """
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def actor_id(kind: str, name: str) -> str:
    """The id of an actor of ``kind`` (organisation, mep, official, person) named ``name``.

    >>> actor_id("mep", "Kathleen Van Brempt")
    'mep:kathleen-van-brempt'
    >>> actor_id("organisation", "11.11.11")
    'organisation:11-11-11'

    Organisations are keyed by their normalised name, so a legal form does not split them:

    >>> actor_id("organisation", "Amnesty International Limited")
    'organisation:amnesty-international'
    """
    key = normalise_name(name).replace(" ", "-") if kind in (ORGANISATION, INSTITUTION) else slug(name)
    return f"{kind}:{key or digest([name])}"


def topic_id(name: str) -> str:
    """The id of a topic.

    >>> topic_id("EU-Mercosur Agreement")
    'topic:eu-mercosur-agreement'
    >>> topic_id("Indonésie") != topic_id("Indonesië")
    True
    """
    return f"topic:{slug(name, fold_accents=False) or digest([name])}"


def consultation_id(title: str) -> str:
    """The id of a consultation (a Have Your Say initiative) by its title.

    >>> consultation_id("EU Civil Society Strategy")
    'consultation:eu-civil-society-strategy'
    """
    return f"consultation:{slug(title) or digest([title])}"


def meeting_id(
    institution: str, date: object, host_ids: Iterable[str], title: str, identity: str = ""
) -> str:
    """The id of a meeting: its institution, date, hosts (MEPs or officials), title and
    whatever else tells its source's meetings apart (``identity``: the source's name, the
    capacity, procedure, location, attendees as that source writes them).

    Two organisations' profile pages that report the same meeting produce the same id, so their
    attendance joins into one meeting.

    >>> meeting_id("EP", "2025-11-20", ["mep:kathleen-van-brempt"], "EU migration politics")
    'meeting:9429bc7ced7cd4ba'
    >>> meeting_id("EP", "2023-03-08", ["mep:a"], "Möte", "ep_meetings/Member") != meeting_id(
    ...     "EP", "2023-03-08", ["mep:a"], "Möte", "ep_meetings/Shadow rapporteur")
    True
    """
    parts = [institution, date, *sorted(host_ids), slug(title)]
    return "meeting:" + digest([*parts, identity] if identity else parts)


def response_id(actor: str, consultation: str, date: object) -> str:
    """The id of one organisation's response to one consultation on one date.

    >>> response_id("organisation:11-11-11", "consultation:eu-civil-society-strategy", "2025-09-05")
    'response:8caff58b96aa18f5'
    """
    return "response:" + digest([actor, consultation, date])
