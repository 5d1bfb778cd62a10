"""Relationships into Neo4j in bulk: compare with what the database holds, create only what is missing.

``MERGE`` on a relationship looks up the relationships between its two nodes for every row, and
is the slowest part of a load. A Neo4j load instead reads the relationships of each type that the
database already has (one streaming read), compares them with the rows to load in pandas, and
then sends the missing rows to ``CREATE`` and the rows whose properties changed to ``SET``, both
as column lists in ``UNWIND`` batches. The statements are ``cypher/bulk/*.cypher``; the type,
labels and property names they need come from the graph model (:mod:`graphkit.model.graph_model`),
never from data.

Relationships are keyed as in the load files: endpoints plus ``meeting_id`` (``response_id``
for RESPONDED), so two meetings between the same pair stay two relationships. A relationship in
the database that the data does not have is left alone (a load adds and updates, never deletes).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from graphkit.errors import GraphkitError
from graphkit.model import graph_model
from graphkit.stores.cypher_files import CYPHER_DIR, read_cypher_file
from graphkit.stores.rows import LABELS

# Load file name -> relationship type, start label and end label (None: the label of each row's
# actor, from its kind), read from the graph model's declaration.
RELATIONSHIP_MODEL: dict[str, tuple[str, str | None, str | None]] = {
    rel.load_file: (
        rel.type,
        rel.start_labels[0] if len(rel.start_labels) == 1 else None,
        rel.end_labels[0] if len(rel.end_labels) == 1 else None,
    )
    for rel in graph_model.RELATIONSHIPS
}
# The actor kinds each endpoint may have when its label comes from the row.
ENDPOINT_KINDS = {
    (rel.load_file, side): graph_model.kinds_of(labels)
    for rel in graph_model.RELATIONSHIPS
    for side, labels in (("start", rel.start_labels), ("end", rel.end_labels))
    if len(labels) > 1
}
KEY_COLUMNS = ["start_id", "end_id"]
DATE = "date"  # the one date property (every relationship type has it)
BULK_DIR = CYPHER_DIR / "bulk"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def relationship_table(frame: pd.DataFrame, name: str, actor_labels: pd.Series) -> pd.DataFrame:
    """A load frame (:func:`~graphkit.stores.rows.load_frames`) as ``start_id``, ``end_id``,
    ``start_label``, ``end_label`` and the relationship's properties (its key first).

    Rows whose endpoint is not an actor of an allowed kind are left out (they could not be
    matched to a node).

    >>> frame = pd.DataFrame({"attendee_id": ["organisation:x"], "host_id": ["mep:a"],
    ...                       "meeting_id": ["meeting:1"], "date": [pd.Timestamp("2024-05-02")],
    ...                       "title": ["Trade"], "role": ["attendee"], "capacity": [None]})
    >>> labels = pd.Series({"organisation:x": "Organisation", "mep:a": "MEP"})
    >>> relationship_table(frame, "met", labels).iloc[0].tolist()[:5]
    ['organisation:x', 'mep:a', 'Organisation', 'MEP', 'meeting:1']
    """
    _, start, end = RELATIONSHIP_MODEL[name]
    table = frame.rename(columns={frame.columns[0]: "start_id", frame.columns[1]: "end_id"})
    keep = np.ones(len(table), dtype=bool)
    for side, fixed in (("start", start), ("end", end)):
        if fixed is None:
            allowed = {LABELS[kind] for kind in ENDPOINT_KINDS[(name, side)]}
            labels = table[f"{side}_id"].map(actor_labels)
            keep &= labels.isin(allowed).to_numpy()
            table[f"{side}_label"] = labels
        else:
            table[f"{side}_label"] = fixed
    properties = [str(column) for column in frame.columns[2:]]
    return table.loc[keep, [*KEY_COLUMNS, "start_label", "end_label", *properties]].reset_index(drop=True)


def actor_labels(actors: pd.DataFrame) -> pd.Series:
    """Node label of every actor, indexed by id.

    >>> actor_labels(pd.DataFrame({"id": ["mep:a"], "kind": ["mep"]})).to_dict()
    {'mep:a': 'MEP'}
    """
    return pd.Series(actors["kind"].map(LABELS).to_numpy(), index=actors["id"].to_numpy())


def property_names(table: pd.DataFrame) -> list[str]:
    """The relationship properties of a :func:`relationship_table` (key property first)."""
    return [str(column) for column in table.columns[4:]]


def existing_table(frame: pd.DataFrame, properties: list[str]) -> pd.DataFrame:
    """The rows of ``existing_relationships.cypher`` with ``extra``: whether a relationship has a
    property the model does not know (it has more properties than the model's non-null ones).

    >>> rows = pd.DataFrame({"start_id": ["o"], "end_id": ["m"], "element_id": ["5:x:1"],
    ...                      "property_count": [3], "meeting_id": ["m1"], "date": ["2024-05-02"],
    ...                      "title": [None]})
    >>> bool(existing_table(rows, ["meeting_id", "date", "title"])["extra"].iloc[0])
    True
    """
    out = frame.loc[:, [*KEY_COLUMNS, "element_id", *properties]].astype(object)
    out = out.where(out.notna(), None)
    known = out[properties].notna().sum(axis=1).to_numpy()
    out["extra"] = frame["property_count"].to_numpy() > known
    return out


def comparable(table: pd.DataFrame, properties: list[str]) -> pd.DataFrame:
    """``table``'s properties as the database returns them: dates as ISO text, nulls as None.

    >>> comparable(pd.DataFrame({"date": [pd.Timestamp("2024-05-02"), pd.NaT]}), ["date"])["date"].tolist()
    ['2024-05-02', None]
    """
    out = pd.DataFrame(index=table.index)
    for name in properties:
        column = table[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            column = column.dt.strftime("%Y-%m-%d")
        out[name] = column.astype(object).where(column.notna(), None)
    return out


def split_new_and_changed(table: pd.DataFrame, existing: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``table`` the database lacks, and those it holds with other properties.

    Both come back with the properties in comparable form (:func:`comparable`); the changed
    rows also carry the ``element_id`` of the relationship to rewrite.

    >>> table = pd.DataFrame({"start_id": ["o", "o", "p"], "end_id": ["m", "m", "m"],
    ...                       "start_label": "Organisation", "end_label": "MEP",
    ...                       "meeting_id": ["m1", "m2", "m1"], "title": ["A", "B", "C"]})
    >>> existing = pd.DataFrame({"start_id": ["o", "o"], "end_id": ["m", "m"], "element_id": ["e1", "e2"],
    ...                          "meeting_id": ["m1", "m2"], "title": ["A", "old"], "extra": False})
    >>> new, changed = split_new_and_changed(table, existing)
    >>> new["start_id"].tolist(), changed[["element_id", "title"]].values.tolist()
    (['p'], [['e2', 'B']])
    """
    properties = property_names(table)
    ours = pd.concat([table.iloc[:, :4], comparable(table, properties)], axis=1)
    if existing.empty:
        return ours, ours.iloc[:0].assign(element_id=pd.Series(dtype=object))
    key = [*KEY_COLUMNS, properties[0]]
    theirs = existing.drop_duplicates(key)
    merged = ours.merge(theirs, on=key, how="left", suffixes=("", "_db"), indicator=True)
    found = (merged["_merge"] == "both").to_numpy()
    same = ~merged["extra"].fillna(False).astype(bool).to_numpy()
    for name in properties[1:]:
        ours_values, theirs_values = merged[name], merged[f"{name}_db"]
        same &= ((ours_values == theirs_values) | (ours_values.isna() & theirs_values.isna())).to_numpy()
    new = merged.loc[~found, ours.columns]
    changed = merged.loc[found & ~same, [*ours.columns, "element_id"]]
    return new.reset_index(drop=True), changed.reset_index(drop=True)


def columns(frame: pd.DataFrame, names: list[str]) -> dict[str, list[Any]]:
    """``frame``'s columns as the lists a bulk statement takes (plain values, None for null).

    >>> columns(pd.DataFrame({"a": ["x", None], "b": [1.0, float("nan")]}), ["a", "b"])
    {'a': ['x', None], 'b': [1.0, None]}
    """
    return {name: frame[name].astype(object).where(frame[name].notna(), None).tolist() for name in names}


def create_parameters(batch: pd.DataFrame, properties: list[str]) -> dict[str, list[Any]]:
    """The parameters of ``create_relationships.cypher`` for a batch of new rows (as
    :func:`split_new_and_changed` gives them): one list per column, except that dates are sent
    once each (``date_values``, parsed once per batch by the server) and rows point at them.

    >>> rows = pd.DataFrame({"start_id": ["o", "p", "q"], "end_id": ["m", "m", "m"],
    ...                      "start_node": ["4:x:1", "4:x:2", "4:x:3"], "end_node": "4:x:9",
    ...                      "meeting_id": ["a", "b", "c"], "date": ["2024-05-02", None, "2024-05-02"]})
    >>> params = create_parameters(rows, ["meeting_id", "date"])
    >>> params["date_values"], params["date"], params["end_node"]
    (['2024-05-02'], [0, None, 0], ['4:x:9', '4:x:9', '4:x:9'])
    """
    endpoints = ["start_id", "end_id", "start_node", "end_node"]
    params = columns(batch, [*endpoints, *(p for p in properties if p != DATE)])
    if DATE in properties:
        codes, values = pd.factorize(batch[DATE], use_na_sentinel=True)
        params[DATE] = np.where(codes < 0, None, codes).tolist()
        params["date_values"] = [str(value) for value in values]
    else:
        params["date_values"] = []
    return params


def with_element_ids(new: pd.DataFrame, element_ids: dict[str, pd.Series]) -> pd.DataFrame:
    """``new`` rows of one pair of labels with their endpoints' element ids (``start_node``,
    ``end_node``), from :func:`node_element_ids_statement`'s answers by label; rows whose
    endpoint has no node are left out (they cannot be created).

    >>> rows = pd.DataFrame({"start_id": ["o", "gone"], "end_id": ["m", "m"],
    ...                      "start_label": "Organisation", "end_label": "MEP"})
    >>> ids = {"Organisation": pd.Series({"o": "4:x:1"}), "MEP": pd.Series({"m": "4:x:9"})}
    >>> with_element_ids(rows, ids)[["start_node", "end_node"]].values.tolist()
    [['4:x:1', '4:x:9']]
    """
    out = new.copy()
    for side in ("start", "end"):
        label = str(out[f"{side}_label"].iloc[0]) if len(out) else ""
        known = element_ids.get(label, pd.Series(dtype=object))
        out[f"{side}_node"] = out[f"{side}_id"].map(known)
    return out[out["start_node"].notna() & out["end_node"].notna()]


def node_element_ids_statement(label: str) -> str:
    """``cypher/bulk/node_element_ids.cypher`` for one label.

    >>> node_element_ids_statement("MEP").splitlines()[0]
    'MATCH (n:MEP)'
    """
    return _filled("node_element_ids", "", [], label=label)


def create_statement(relationship_type: str, start: str, end: str, properties: list[str]) -> str:
    """``cypher/bulk/create_relationships.cypher`` for one type, pair of labels and properties.

    >>> print(create_statement("MET", "Organisation", "MEP", ["meeting_id", "date"]).splitlines()[-1])
    CREATE (a)-[:MET {meeting_id: $meeting_id[i], date: dates[$date[i]]}]->(b)
    """
    return _filled("create_relationships", relationship_type, properties, start, end, date="dates[$date[i]]")


def update_statement(relationship_type: str, properties: list[str]) -> str:
    """``cypher/bulk/update_relationships.cypher`` for one type's properties."""
    return _filled("update_relationships", relationship_type, properties)


def existing_statement(relationship_type: str, properties: list[str]) -> str:
    """``cypher/bulk/existing_relationships.cypher`` for one type and its properties.

    >>> existing_statement("MET", ["meeting_id", "date"]).splitlines()[-1].strip()
    'r.meeting_id AS meeting_id, toString(r.date) AS date'
    """
    return _filled("existing_relationships", relationship_type, properties)


@cache
def _template(name: str) -> str:
    return read_cypher_file(BULK_DIR / f"{name}.cypher").statement


def _filled(
    name: str,
    relationship_type: str,
    properties: list[str],
    start: str = "",
    end: str = "",
    date: str = "date($date[i])",
    label: str = "",
) -> str:
    for word in (relationship_type, start, end, label, *properties):
        if word and not _NAME.match(word):  # only the model's own names reach a statement
            raise GraphkitError(f"not a Cypher name: {word!r}")
    assignments = ", ".join(f"{p}: {date}" if p == DATE else f"{p}: ${p}[i]" for p in properties)
    returned = ", ".join(f"toString(r.{p}) AS {p}" if p == DATE else f"r.{p} AS {p}" for p in properties)
    return (
        _template(name)
        .replace("__TYPE__", relationship_type)
        .replace("__LABEL__", label)
        .replace("__START__", start)
        .replace("__END__", end)
        .replace("__PROPERTIES__", assignments)
        .replace("__COLUMNS__", returned)
    )
