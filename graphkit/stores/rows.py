"""The canonical dataset as parameter rows for the ``cypher/load/*.cypher`` files.

Every store (embedded and Neo4j) loads the graph the same way: for each load file in
:data:`LOAD_ORDER`, ``UNWIND $rows AS row MERGE …`` in batches of these rows. The rows follow
the graph model declared in :mod:`graphkit.model.graph_model` (the one of ``DESIGN.md``):

- nodes ``{id, props}`` for Organisation, MEP, Official, Person, Topic and Consultation, where
  ``props`` holds every property that has a value (``id`` included, nulls left out);
- meeting relationships keyed by ``meeting_id`` (MET, CO_ATTENDED, LOBBIED_ON, DISCUSSED), so
  parallel edges of different meetings stay distinct, and RESPONDED keyed by ``response_id``.

The joins are pandas merges over whole tables; only the final step turns frames into the lists
of dicts a driver sends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd

from graphkit.model import graph_model
from graphkit.model.relationships import organisation_responses, relationship_frames
from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_nodes

# Everything below is read from the graph model's one declaration (graphkit.model.graph_model).
# Node label of each actor kind (institutions, governments and unknown entries are no node).
LABELS = dict(graph_model.LABEL_OF_KIND)

# The properties each node label carries (beyond what the model needs, nothing is copied).
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {node.label: node.properties for node in graph_model.NODES}

NODE_LABELS = tuple(NODE_PROPERTIES)

# Load files (``cypher/load/<name>.cypher``) in the order they must run: nodes before the
# relationships that MATCH them.
NODE_FILES = tuple(node.load_file for node in graph_model.NODES)
RELATIONSHIP_FILES = tuple(rel.load_file for rel in graph_model.RELATIONSHIPS)
LOAD_ORDER = NODE_FILES + RELATIONSHIP_FILES

# Properties every meeting relationship carries.
MEETING_PROPERTIES = graph_model.MEETING_PROPERTIES

DEFAULT_BATCH_SIZE = 10_000


def load_rows(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """The parameter rows for every load file, by file name, in :data:`LOAD_ORDER`.

    Parameters
    ----------
    dataset : Dataset
        The canonical tables.

    Returns
    -------
    dict of str to list of dict
        ``{"organisation": [{"id": …, "props": {…}}, …], "met": [{"attendee_id": …, …}], …}``;
        pass each list, in batches, as ``$rows`` to ``cypher/load/<name>.cypher``.

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "mep:a", "kind": "mep", "name": "A"},
    ...             {"id": "organisation:x", "kind": "organisation", "name": "X"}],
    ...     meetings=[{"id": "meeting:1", "date": "2024-05-02", "title": "Trade", "institution": "EP"}],
    ...     participants=[{"meeting_id": "meeting:1", "actor_id": "mep:a", "role": "host",
    ...                    "capacity": "Rapporteur"},
    ...                   {"meeting_id": "meeting:1", "actor_id": "organisation:x", "role": "attendee"}])
    >>> rows = load_rows(ds)
    >>> rows["mep"]
    [{'id': 'mep:a', 'props': {'id': 'mep:a', 'name': 'A'}}]
    >>> rows["met"][0]["props"]
    {'meeting_id': 'meeting:1', 'date': datetime.date(2024, 5, 2), 'title': 'Trade', 'role': 'attendee', 'capacity': 'Rapporteur'}
    """
    frames = load_frames(dataset)
    out: dict[str, list[dict[str, Any]]] = {}
    for name in LOAD_ORDER:
        frame = frames[name]
        if name in NODE_FILES:
            out[name] = node_records(frame)
        else:
            out[name] = _relationship_records(frame)
    return out


def load_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The rows of every load file as DataFrames (one column per key, ``props`` still flat).

    Node frames have the label's properties as columns; relationship frames have their key
    columns (``attendee_id``/``host_id`` or ``source_id``/``target_id``, and ``meeting_id`` or
    ``response_id``) followed by the relationship's properties. Useful for counting and for
    checking query answers independently of any store.

    >>> load_frames(Dataset.empty())["met"].columns.tolist()
    ['attendee_id', 'host_id', 'meeting_id', 'date', 'title', 'role', 'capacity']
    """
    frames = {**node_frames(dataset), **relationship_frames(dataset)}
    return {name: frames[name] for name in LOAD_ORDER}


def node_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The node load frames of :func:`load_frames` alone (cheap: slices of the actors table).

    >>> list(node_frames(Dataset.empty()))
    ['organisation', 'mep', 'official', 'person', 'topic', 'consultation']
    """
    actors = dataset.actors
    frames: dict[str, pd.DataFrame] = {}
    for node in graph_model.NODES:
        if node.kind is not None:
            frames[node.load_file] = actors.loc[actors["kind"] == node.kind, list(node.properties)]
    frames["topic"] = topic_nodes(dataset).loc[:, list(graph_model.node("Topic").properties)]
    responses = organisation_responses(dataset)
    consultations = responses[["consultation_id", "consultation_title"]].drop_duplicates("consultation_id")
    frames["consultation"] = consultations.set_axis(list(graph_model.node("Consultation").properties), axis=1)
    return {name: frames[name].reset_index(drop=True) for name in NODE_FILES}


def batched(rows: Sequence[Any], size: int = DEFAULT_BATCH_SIZE) -> Iterator[Sequence[Any]]:
    """``rows`` in consecutive slices of at most ``size`` (one UNWIND statement each).

    >>> [list(b) for b in batched([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def node_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A node load frame as ``$rows`` for its load file: ``{id, props}``, nulls left out of props.

    >>> node_records(pd.DataFrame({"id": ["topic:x"], "name": [None]}))
    [{'id': 'topic:x', 'props': {'id': 'topic:x'}}]
    """
    return [{"id": props["id"], "props": props} for props in _records(frame)]


def _relationship_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # The first two columns are the endpoints; the rest, key property included, are the props.
    first, second, key = (str(column) for column in frame.columns[:3])
    props = _records(frame.iloc[:, 2:])
    starts, ends = frame.iloc[:, 0].tolist(), frame.iloc[:, 1].tolist()
    return [
        {first: start, second: end, key: record[key], "props": record}
        for start, end, record in zip(starts, ends, props, strict=True)
    ]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (dates as ``datetime.date``), nulls left out."""
    columns = [str(column) for column in frame.columns]
    values, nullable = [], []
    for column, name in zip(frame.columns, columns, strict=True):
        series = frame[column]
        present = series.notna()
        if pd.api.types.is_datetime64_any_dtype(series):
            series = series.dt.date
        values.append(series.astype(object).where(present, None).tolist())
        if not present.all():
            nullable.append(name)
    records = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    for name in nullable:  # drop the keys whose value is null, column by column
        for record in records:
            if record[name] is None:
                del record[name]
    return records
