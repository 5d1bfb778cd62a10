"""The canonical tables: their columns, keys and order. Every source produces these; every
store and analysis reads them. Change a column here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

# Actor kinds. An "organisation" is any interest representative; a "person" is someone named
# in the data who is neither an MEP nor a Commission official (a lobbyist named in a list); an
# "institution" is a public body named among the attendees (a Commission DG or cabinet, the
# EEAS, Europol, the EIB: an EU institution, body or agency), not an interest representative; a
# "government" is a national, foreign, regional or local public authority (a ministry, an
# embassy, a Member State's permanent representation, a city); "unknown" is an entry that names
# no one we can tell (a job title, "Companies", a place alone). Resolution decides the last two
# (graphkit.resolution.kinds); their actors keep the ids they were resolved under.
ORGANISATION, MEP, OFFICIAL, PERSON = "organisation", "mep", "official", "person"
INSTITUTION, GOVERNMENT, UNKNOWN = "institution", "government", "unknown"
ACTOR_KINDS = (ORGANISATION, MEP, OFFICIAL, PERSON, INSTITUTION, GOVERNMENT, UNKNOWN)

# Institutions a meeting belongs to.
EP, EC = "EP", "EC"

# Roles in a meeting: the MEP or official "host" it; organisations and persons "attend".
HOST, ATTENDEE = "host", "attendee"


@dataclass(frozen=True)
class Table:
    """One canonical table: its name, columns (in order), key and the columns that hold dates."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    date_columns: tuple[str, ...] = ()
    bool_columns: tuple[str, ...] = ()


ACTORS = Table(
    "actors",
    (
        "id", "kind", "name", "acronym", "register_id", "country", "group", "national_party",
        "institution", "unit", "category", "ep_member_id", "description", "source", "kind_evidence",
    ),
    key=("id",),
)  # fmt: skip
# ``kind_evidence``: why resolution changed an actor's kind from what the source wrote
# ("organisation -> government: ..."), empty where it did not.
MEETINGS = Table(
    "meetings",
    (
        "id", "date", "title", "institution", "procedure", "committees", "location", "source", "source_ref",
        "attendees_truncated",
    ),
    key=("id",),
    date_columns=("date",),
    bool_columns=("attendees_truncated",),
)  # fmt: skip
PARTICIPANTS = Table(
    "participants",
    ("meeting_id", "actor_id", "role", "capacity"),
    key=("meeting_id", "actor_id", "role"),
)
TOPICS = Table("topics", ("id", "name", "title_only"), key=("id",))
# ``title_only``: why resolution keeps a topic as its meetings' title and draws no Topic node for
# it ("generic title", "one meeting"; graphkit.resolution.topics), empty for a Topic node.
MEETING_TOPICS = Table("meeting_topics", ("meeting_id", "topic_id"), key=("meeting_id", "topic_id"))
RESPONSES = Table(
    "responses",
    (
        "id", "actor_id", "consultation_id", "consultation_title", "date", "text", "language",
        "source", "source_ref",
    ),
    key=("id",),
    date_columns=("date",),
)  # fmt: skip
# How entity resolution merged records: one row per merged-away id, with the rule that did it.
MERGES = Table(
    "merges",
    ("table", "from_id", "into_id", "from_name", "into_name", "rule"),
    key=("table", "from_id"),
)

TABLES: tuple[Table, ...] = (
    ACTORS, MEETINGS, PARTICIPANTS, TOPICS, MEETING_TOPICS, RESPONSES, MERGES,
)  # fmt: skip
TABLES_BY_NAME = {table.name: table for table in TABLES}
