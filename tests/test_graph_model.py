"""The graph model is declared once (graphkit.model.graph_model) and every surface agrees with it:
the hand-written ``cypher/load/*.cypher`` files, the in-memory meeting graph, the embedded store,
the Neo4j bulk model and the projections."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
import query_expected as qe

from graphkit.graph.build import meeting_graph
from graphkit.graph.names import PROJECTIONS
from graphkit.ingest import ingest
from graphkit.model import graph_model
from graphkit.model.tables import Dataset
from graphkit.stores.cypher_files import CYPHER_DIR
from graphkit.stores.embedded import EmbeddedStore
from graphkit.stores.neo4j.bulk import RELATIONSHIP_MODEL, relationship_table
from graphkit.stores.neo4j.centrality import PATTERNS
from graphkit.stores.rows import LOAD_ORDER, load_frames, load_rows
from graphkit.workspace.storage import Workspace

LOAD_DIR = CYPHER_DIR / "load"
# `MERGE (n:Label {id: row.id})`, `MERGE (a)-[r:TYPE {key: row.key}]->(b)`,
# `MATCH (x:Label {id: row.column})` (OPTIONAL or not).
NODE_MERGE = re.compile(r"^MERGE \(\w+:(\w+) \{(\w+): row\.(\w+)\}\)", re.M)
REL_MERGE = re.compile(r"^MERGE \((\w+)\)-\[\w+:(\w+) \{(\w+): row\.(\w+)\}\]->\((\w+)\)", re.M)
ENDPOINT_MATCH = re.compile(r"^(?:OPTIONAL )?MATCH \((\w+):(\w+) \{id: row\.(\w+)\}\)", re.M)


def _header(text: str) -> str:
    return " ".join(line.lstrip("/ ") for line in text.splitlines() if line.startswith("//"))


def _listed(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


def written_node(name: str) -> tuple[str, str, tuple[str, ...]]:
    """(label, key, properties the header says each node carries) of a node load file."""
    text = (LOAD_DIR / f"{name}.cypher").read_text(encoding="utf-8")
    (label, key, column), *others = NODE_MERGE.findall(text)
    assert not others and key == column
    properties = re.search(r"\(([\w, ]+)\)", text.splitlines()[0])
    assert properties, f"{name}.cypher: the first line names the node's properties in parentheses"
    return label, key, _listed(properties.group(1))


def written_relationship(name: str) -> dict[str, object]:
    """What a relationship load file writes: its type, key, endpoint labels by row column, and the
    properties its header says ``props`` holds."""
    text = (LOAD_DIR / f"{name}.cypher").read_text(encoding="utf-8")
    merges = REL_MERGE.findall(text)
    assert len(merges) == 1, f"{name}.cypher: one MERGE of one relationship"
    _, rel_type, key, key_column, _ = merges[0]
    labels: dict[str, list[str]] = {}
    for _, label, column in ENDPOINT_MATCH.findall(text):
        labels.setdefault(column, []).append(label)
    props = re.search(r"props = \{([\w, ]+)\}", _header(text))
    assert props, f"{name}.cypher: the header lists props = {{...}}"
    return {
        "type": rel_type,
        "key": key,
        "key_column": key_column,
        "labels": {column: tuple(found) for column, found in labels.items()},
        "properties": _listed(props.group(1)),
    }


def test_every_load_file_is_declared_and_every_declaration_has_its_load_file() -> None:
    files = {path.stem for path in LOAD_DIR.glob("*.cypher")}
    declared = [node.load_file for node in graph_model.NODES] + [
        rel.load_file for rel in graph_model.RELATIONSHIPS
    ]
    assert sorted(declared) == sorted(files) and list(LOAD_ORDER) == declared


@pytest.mark.parametrize("node", graph_model.NODES, ids=lambda node: node.label)
def test_each_node_load_file_writes_the_declared_label_key_and_properties(node) -> None:
    assert written_node(node.load_file) == (node.label, node.key, node.properties)


@pytest.mark.parametrize("rel", graph_model.RELATIONSHIPS, ids=lambda rel: rel.type)
def test_each_relationship_load_file_writes_the_declared_type_endpoints_key_and_properties(rel) -> None:
    written = written_relationship(rel.load_file)
    start, end = rel.columns
    assert written == {
        "type": rel.type,
        "key": rel.key,
        "key_column": rel.key,
        # co_attended matches both ends with the same label: one entry per column
        "labels": {start: rel.start_labels, end: rel.end_labels},
        "properties": rel.properties,
    }


def test_every_relationship_type_the_load_files_write_is_declared() -> None:
    written = {
        written_relationship(path.stem)["type"]
        for path in LOAD_DIR.glob("*.cypher")
        if REL_MERGE.search(path.read_text(encoding="utf-8"))
    }
    assert written == set(graph_model.RELATIONSHIPS_BY_TYPE)


def full_dataset() -> Dataset:
    """The hand-made test graph with every property of every relationship present (a capacity on
    each host, a title on each meeting), so the rows show every declared key, and an EU body among
    a meeting's attendees (the model draws no node for it)."""
    ds = qe.handmade()
    body = {"meeting_id": "meeting:h1", "actor_id": "institution:dg-trade", "role": "attendee"}
    participants = pd.concat([ds.participants, pd.DataFrame([body])], ignore_index=True)
    participants = participants.assign(capacity=participants["capacity"].fillna("Member"))
    meetings = ds.meetings.assign(title=ds.meetings["title"].fillna("A meeting"))
    actors = pd.concat(
        [ds.actors, pd.DataFrame([{"id": body["actor_id"], "kind": "institution", "name": "DG Trade"}])],
        ignore_index=True,
    )
    return Dataset.from_frames(
        {
            **{name: ds.table(name) for name in ("topics", "meeting_topics", "responses")},
            "actors": actors,
            "meetings": meetings,
            "participants": participants,
        }
    )


def test_the_load_rows_carry_exactly_the_declared_properties() -> None:
    rows = load_rows(full_dataset())
    for node in graph_model.NODES:
        assert rows[node.load_file], node.label
        assert all(
            set(row["props"]) <= set(node.properties) and row["props"]["id"] == row["id"]
            for row in rows[node.load_file]
        )
    for rel in graph_model.RELATIONSHIPS:
        assert rows[rel.load_file], rel.type
        for row in rows[rel.load_file]:
            assert set(row) == {*rel.columns, rel.key, "props"}
            assert tuple(row["props"]) == rel.properties, rel.type


def test_the_neo4j_bulk_model_and_projection_patterns_follow_the_declaration() -> None:
    for rel in graph_model.RELATIONSHIPS:
        rel_type, start, end = RELATIONSHIP_MODEL[rel.load_file]
        assert rel_type == rel.type
        assert (start,) == rel.start_labels or (start is None and len(rel.start_labels) > 1)
        assert (end,) == rel.end_labels or (end is None and len(rel.end_labels) > 1)
    frames = load_frames(full_dataset())
    labels = pd.Series(
        {
            row.id: graph_model.LABEL_OF_KIND[row.kind]
            for row in qe.handmade().actors.itertuples()
            if row.kind in graph_model.LABEL_OF_KIND
        }
    )
    for rel in graph_model.RELATIONSHIPS:
        table = relationship_table(frames[rel.load_file], rel.load_file, labels)
        assert set(table["start_label"]) <= set(rel.start_labels) and set(table["end_label"]) <= set(
            rel.end_labels
        )
        assert len(table) == len(frames[rel.load_file]), rel.type  # no declared endpoint dropped
    for name, pattern in PATTERNS.items():
        rel = graph_model.relationship(pattern.relationship)
        left, right = PROJECTIONS[name]
        assert graph_model.labels_of(left) == (pattern.left,) and pattern.left in rel.start_labels
        assert graph_model.labels_of(right or left) == pattern.right
        assert set(pattern.right) <= set(rel.end_labels)
    runnable = {p.name for p in graph_model.PROJECTIONS if p.relationship}
    assert set(PATTERNS) == runnable and set(PROJECTIONS) == {p.name for p in graph_model.PROJECTIONS}


def _value(value: object) -> object:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def in_memory_relationships(dataset: Dataset) -> dict[tuple[str, str, str, str], dict[str, object]]:
    graph = meeting_graph(dataset)
    out: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for start, end, data in graph.edges(data=True):
        rel = graph_model.relationship(data["relation"])
        props = {
            name: _value(data[name])
            for name in rel.properties
            if data.get(name) is not None and not pd.isna(data[name])
        }
        out[(rel.type, start, end, str(data[rel.key]))] = props
    return out


def embedded_graph(
    dataset: Dataset,
) -> tuple[dict[tuple[str, str, str, str], dict[str, object]], set[tuple[str, str]]]:
    """The embedded store's meeting relationships (as :func:`in_memory_relationships`) and its
    nodes as (id, in-memory kind)."""
    meeting_types = [rel.type for rel in graph_model.RELATIONSHIPS if rel.meeting]
    with EmbeddedStore() as store:
        store.load(dataset)
        nodes = store.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels")
        frame = store.run(
            "MATCH (a)-[r]->(b) WHERE type(r) IN $types "
            "RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props",
            {"types": meeting_types},
        )
    out = {}
    for row in frame.itertuples():
        rel = graph_model.relationship(row.type)
        out[(row.type, row.start, row.end, str(row.props[rel.key]))] = {
            k: _value(v) for k, v in row.props.items()
        }
    kinds = {
        (row.id, graph_model.KIND_OF_LABEL[label])
        for row in nodes.itertuples()
        for label in row.labels
        if label in graph_model.KIND_OF_LABEL
    }
    return out, kinds


@pytest.mark.parametrize("which", ["bundled example", "hand-made graph with a person"])
def test_the_in_memory_graph_and_the_embedded_store_hold_the_same_relationships(
    which, tmp_path, seed_page
) -> None:
    if which == "bundled example":
        dataset = ingest([seed_page], Workspace(tmp_path / "ws")).dataset
    else:
        dataset = full_dataset()
    memory, (stored, store_nodes) = in_memory_relationships(dataset), embedded_graph(dataset)
    assert memory and set(memory) == set(stored)
    assert memory == stored
    # Every node of the in-memory graph is a node of the store, of the same label (no EU
    # institution, government or unknown entry, which the model draws no node for).
    memory_nodes = set(meeting_graph(dataset).nodes(data="kind"))
    assert memory_nodes and memory_nodes <= store_nodes
    met = [props for (rel_type, *_), props in memory.items() if rel_type == "MET"]
    assert {props["role"] for props in met} == {"attendee"}  # the attendee's role, as documented
    if which != "bundled example":  # a person attendee meets the host in memory as in the store
        assert any(start == qe.P1 and rel_type == "MET" for rel_type, start, _, _ in memory)


def test_the_schema_constrains_the_key_of_every_declared_label_and_no_other() -> None:
    text = (CYPHER_DIR / "schema.cypher").read_text(encoding="utf-8")
    constrained = re.findall(r"FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE", text)
    assert sorted(constrained) == sorted((node.label, node.key) for node in graph_model.NODES)
