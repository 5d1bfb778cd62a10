"""The graph model, declared once: node labels, relationship types and the projections over them.

Every surface derives from this declaration: the in-memory meeting graph
(:func:`graphkit.graph.meeting_graph`), the rows both stores load
(:mod:`graphkit.stores.rows`), the Neo4j bulk statements (:mod:`graphkit.stores.neo4j.bulk`),
the projections graphkit computes (:mod:`graphkit.graph.names`) and the patterns Neo4j and GDS
run them on (:mod:`graphkit.stores.neo4j.centrality`). The ``cypher/load/*.cypher`` files stay
hand-written, readable statements; ``tests/test_graph_model.py`` holds each against this module.
The model is the one of ``DESIGN.md`` ("The graph model").

Standard library alone (the CLI reads it for its choices without importing pandas' joins).

>>> relationship("MET").start_labels, relationship("MET").end_labels
(('Organisation', 'Person'), ('MEP', 'Official'))
>>> LABEL_OF_KIND["mep"], node("Topic").properties
('MEP', ('id', 'name'))
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.model.schema import ATTENDEE, HOST, MEP, OFFICIAL, ORGANISATION, PERSON

TOPIC = "topic"  # the kind of a Topic node in the in-memory graph (topics are no actors)


@dataclass(frozen=True)
class NodeType:
    """A node label: its key property, its properties (key first) and where its rows come from.

    ``kind`` is the actor kind whose actors become these nodes (None: not an actor; topics and
    consultations come from their own tables). ``load_file`` names ``cypher/load/<file>.cypher``.
    """

    label: str
    properties: tuple[str, ...]
    kind: str | None
    load_file: str
    key: str = "id"


@dataclass(frozen=True)
class Endpoint:
    """One end of a meeting relationship: the meeting's participants of ``role`` whose node
    carries one of ``labels`` — or, with ``role`` None, the meeting's topics (``Topic``)."""

    labels: tuple[str, ...]
    role: str | None = None


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type of the graph model.

    Attributes
    ----------
    type
        The Cypher relationship type (``MET``).
    start, end
        The endpoints: their node labels and, for meeting relationships, where the meeting's
        participants or topics come from.
    key
        The property that, with the endpoints, identifies one relationship (``meeting_id``: two
        meetings between the same pair stay two relationships).
    properties
        Every property the relationship carries, key first (nulls are left out when written).
    columns
        The names of the start and end ids in the load rows (``$rows`` of ``load_file``).
    load_file
        ``cypher/load/<load_file>.cypher``.
    meeting
        Drawn from meetings (part of the meeting graph), or from consultation responses.
    pairs
        For a type between participants of the same side: one relationship per unordered pair,
        from the smaller id to the larger (read it as undirected).
    fallbacks
        Properties taken from an endpoint's participant row, by property: the ends to read, in
        order (the first value present wins). ``MET.role`` is the attendee's role; ``MET.capacity``
        the host's (e.g. Rapporteur), else the attendee's.
    """

    type: str
    start: Endpoint
    end: Endpoint
    key: str
    properties: tuple[str, ...]
    columns: tuple[str, str]
    load_file: str
    meeting: bool = True
    pairs: bool = False
    fallbacks: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def start_labels(self) -> tuple[str, ...]:
        return self.start.labels

    @property
    def end_labels(self) -> tuple[str, ...]:
        return self.end.labels


@dataclass(frozen=True)
class GraphProjection:
    """A projection of the meeting graph: the kinds on each side (``right`` None: one-mode) and
    the relationship type it reads where it is one hop in the stores (None: no single type, as
    MEP ↔ MEP by shared organisations, which Neo4j does not run)."""

    name: str
    left: tuple[str, ...]
    right: tuple[str, ...] | None
    relationship: str | None


NODES: tuple[NodeType, ...] = (
    NodeType("Organisation", ("id", "name", "acronym", "register_id", "category", "country"), ORGANISATION, "organisation"),
    NodeType("MEP", ("id", "name", "country", "group", "national_party", "ep_member_id"), MEP, "mep"),
    NodeType("Official", ("id", "name", "institution", "unit"), OFFICIAL, "official"),
    NodeType("Person", ("id", "name"), PERSON, "person"),
    NodeType("Topic", ("id", "name"), None, "topic"),
    NodeType("Consultation", ("id", "title"), None, "consultation"),
)  # fmt: skip

# Properties every meeting relationship carries (its key first).
MEETING_PROPERTIES = ("meeting_id", "date", "title")
_ATTENDEES = Endpoint(("Organisation", "Person"), ATTENDEE)
_ORGANISATIONS = Endpoint(("Organisation",), ATTENDEE)
_HOSTS = Endpoint(("MEP", "Official"), HOST)
_TOPICS = Endpoint(("Topic",))

RELATIONSHIPS: tuple[RelationshipType, ...] = (
    RelationshipType(
        "MET", _ATTENDEES, _HOSTS, "meeting_id", (*MEETING_PROPERTIES, "role", "capacity"),
        ("attendee_id", "host_id"), "met",
        fallbacks=(("role", ("start",)), ("capacity", ("end", "start"))),
    ),
    RelationshipType(
        "CO_ATTENDED", _ORGANISATIONS, _ORGANISATIONS, "meeting_id", MEETING_PROPERTIES,
        ("source_id", "target_id"), "co_attended", pairs=True,
    ),
    RelationshipType(
        "LOBBIED_ON", _ORGANISATIONS, _TOPICS, "meeting_id", MEETING_PROPERTIES,
        ("source_id", "target_id"), "lobbied_on",
    ),
    RelationshipType(
        "DISCUSSED", _HOSTS, _TOPICS, "meeting_id", MEETING_PROPERTIES, ("source_id", "target_id"), "discussed"
    ),
    RelationshipType(
        "RESPONDED", Endpoint(("Organisation",)), Endpoint(("Consultation",)), "response_id",
        ("response_id", "date"), ("source_id", "target_id"), "responded", meeting=False,
    ),
)  # fmt: skip

PROJECTIONS: tuple[GraphProjection, ...] = (
    GraphProjection("org-counterpart", (ORGANISATION,), (MEP, OFFICIAL), "MET"),
    GraphProjection("org-mep", (ORGANISATION,), (MEP,), "MET"),
    GraphProjection("org-official", (ORGANISATION,), (OFFICIAL,), "MET"),
    GraphProjection("org-topic", (ORGANISATION,), (TOPIC,), "LOBBIED_ON"),
    GraphProjection("org-org", (ORGANISATION,), None, "CO_ATTENDED"),
    GraphProjection("mep-mep", (MEP,), None, None),
    GraphProjection("official-official", (OFFICIAL,), None, None),
)

NODES_BY_LABEL = {node.label: node for node in NODES}
RELATIONSHIPS_BY_TYPE = {rel.type: rel for rel in RELATIONSHIPS}
# Node label of each actor kind. EU institutions, governments and unknown entries are no node
# (the model's attendees are organisations and persons): their meetings stay in the tables,
# where `graphkit info` counts them, but draw no MET or CO_ATTENDED edge.
LABEL_OF_KIND = {node.kind: node.label for node in NODES if node.kind is not None}
# The in-memory graph's ``kind`` of each label (topics included).
KIND_OF_LABEL = {**{label: kind for kind, label in LABEL_OF_KIND.items()}, "Topic": TOPIC}


def node(label: str) -> NodeType:
    """The declared node type of ``label``.

    >>> node("Official").properties
    ('id', 'name', 'institution', 'unit')
    """
    return NODES_BY_LABEL[label]


def relationship(type_: str) -> RelationshipType:
    """The declared relationship type ``type_``.

    >>> relationship("RESPONDED").key
    'response_id'
    """
    return RELATIONSHIPS_BY_TYPE[type_]


def kinds_of(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The in-memory ``kind`` of each label.

    >>> kinds_of(("MEP", "Official", "Topic"))
    ('mep', 'official', 'topic')
    """
    return tuple(KIND_OF_LABEL[label] for label in labels)


def labels_of(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The node label of each in-memory ``kind``.

    >>> labels_of(("organisation", "topic"))
    ('Organisation', 'Topic')
    """
    return tuple({kind: label for label, kind in KIND_OF_LABEL.items()}[kind] for kind in kinds)


def projection(name: str) -> GraphProjection:
    """The declared projection ``name``.

    >>> projection("org-topic").relationship
    'LOBBIED_ON'
    """
    return {p.name: p for p in PROJECTIONS}[name]
