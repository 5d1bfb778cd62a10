"""Meetings as hyperedges: each meeting is one group over all its participants (the host MEP or
officials and every attending organisation), not a set of pairs.

A :class:`Hypergraph` holds two sparse incidence matrices over the same actors: every meeting
(meetings × actors, what null models reshuffle) and the distinct hyperedges (a participant set
met on several dates is one hyperedge whose ``weight`` is its meetings), which is what the
hypergraph degree of the literature counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.graph.filters import GraphFilter, select
from graphkit.graph.projections import NODE_ATTRIBUTES, incidence
from graphkit.model.schema import MEP, OFFICIAL, ORGANISATION
from graphkit.model.tables import Dataset

# Who takes part in a hyperedge by default: the interest representatives and their hosts.
# Persons (lobbyists named in a list) and public bodies among the attendees can be added.
PARTICIPANT_KINDS = (ORGANISATION, MEP, OFFICIAL)
HOST_KINDS = (MEP, OFFICIAL)


@dataclass
class Hypergraph:
    """Meetings as hyperedges over actors.

    Attributes
    ----------
    nodes
        One row per actor (column ``i`` of the matrices): ``id`` and the node attributes
        (``kind``, ``name``, ``acronym``, ``category``, ``country``, ``group``).
    meetings
        Meetings × actors, 0/1 CSR (sorted indices): every meeting with at least one participant.
    meeting_table
        One row per row of :attr:`meetings`: ``id``, ``date``, ``institution``, ``procedure``.
    edges
        Distinct hyperedges × actors, 0/1 CSR: meetings with the same participant set are one.
    weight
        Meetings per distinct hyperedge.
    edge_of_meeting
        The row of :attr:`edges` each meeting became.
    """

    nodes: pd.DataFrame
    meetings: sp.csr_array
    meeting_table: pd.DataFrame
    edges: sp.csr_array
    weight: np.ndarray
    edge_of_meeting: np.ndarray

    @property
    def sizes(self) -> np.ndarray:
        """Participants of each distinct hyperedge."""
        return np.diff(self.edges.indptr)

    def __repr__(self) -> str:
        return (
            f"Hypergraph({len(self.nodes)} actors, {self.meetings.shape[0]} meetings, "
            f"{self.edges.shape[0]} distinct hyperedges)"
        )


def build_hypergraph(
    dataset: Dataset,
    *,
    filters: GraphFilter | None = None,
    kinds: tuple[str, ...] = PARTICIPANT_KINDS,
) -> Hypergraph:
    """The meetings of ``dataset`` as hyperedges over their participants.

    Parameters
    ----------
    dataset
        The canonical dataset (``Workspace(...).load()``, ``ingest(...)``, ``synthetic.generate()``).
    filters
        The :class:`~graphkit.graph.GraphFilter` every graph takes (date window, term,
        institution, category, country, minimum meetings): the same meetings and participants
        as :func:`graphkit.graph.build_graph` keeps.
    kinds
        Actor kinds that take part in hyperedges (default organisations, MEPs and officials:
        the attendees and their hosts).

    Returns
    -------
    Hypergraph
        Meetings left with no participant of ``kinds`` are dropped; so are actors in no meeting.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> hg = build_hypergraph(generate(organisations=50, meetings=120, seed=0))
    >>> hg.meetings.shape[0] == len(hg.meeting_table) == len(hg.edge_of_meeting)
    True
    >>> int(hg.weight.sum()) == hg.meetings.shape[0]
    True
    """
    inc = incidence(dataset, filters)
    columns = inc.columns(tuple(kinds))
    matrix = inc.attendees(tuple(kinds))  # kept on the incidence: CSR, read-only here
    meeting_table = _meeting_table(dataset, filters, matrix.shape[0])
    present = np.flatnonzero(np.diff(matrix.indptr) > 0)
    if present.size < matrix.shape[0]:
        matrix = matrix[present]
        meeting_table = meeting_table.iloc[present].reset_index(drop=True)
    nodes = inc.actors.iloc[columns][["id", *NODE_ATTRIBUTES]].reset_index(drop=True)
    return from_incidence(nodes, matrix, meeting_table)


def from_incidence(nodes: pd.DataFrame, meetings: sp.sparray, meeting_table: pd.DataFrame | None = None
                   ) -> Hypergraph:
    """A :class:`Hypergraph` from a meetings × actors 0/1 matrix and its node table.

    ``meeting_table`` defaults to meeting ids ``0..n-1`` with no date or institution.

    >>> nodes = pd.DataFrame({"id": ["a", "b", "c"], "kind": "organisation", "name": ["A", "B", "C"]})
    >>> hg = from_incidence(nodes, sp.csr_array(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]])))
    >>> hg.edges.shape, hg.weight.tolist()
    ((2, 3), [2, 1])
    """
    meetings = sp.csr_array(meetings, dtype=np.int8, copy=True)  # never the caller's (or a kept) matrix
    meetings.sum_duplicates()
    meetings.sort_indices()
    meetings.data[:] = 1
    nodes = nodes.reset_index(drop=True).copy()
    for column in ("id", *NODE_ATTRIBUTES):
        if column not in nodes:
            nodes[column] = None
    if meeting_table is None:
        meeting_table = pd.DataFrame({"id": np.arange(meetings.shape[0]), "date": pd.NaT,
                                      "institution": None, "procedure": None})
    edge_of_meeting, first = distinct_rows(row_keys(meetings))
    weight = np.bincount(edge_of_meeting, minlength=first.size)
    edges = meetings[first]
    return Hypergraph(nodes, meetings, meeting_table.reset_index(drop=True), sp.csr_array(edges),
                      weight.astype(np.int64), edge_of_meeting.astype(np.int64))


def distinct_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by their 128-bit key (:func:`row_keys`): the group of every row, numbered in
    order of first appearance, and the first row of each group.

    Hashing the first 64 bits (pandas' factorize) is several times faster than sorting both;
    the second 64 bits then only confirm it (a 64-bit collision, about rows**2 / 2**65, sends
    the rows through the exact two-column grouping instead).

    >>> keys = np.array([[5, 1], [7, 2], [5, 1]], dtype=np.uint64)
    >>> [part.tolist() for part in distinct_rows(keys)]
    [[0, 1, 0], [0, 1]]
    """
    codes = pd.factorize(keys[:, 0])[0].astype(np.int64)
    first = _firsts(codes)
    if not np.array_equal(keys[first[codes], 1], keys[:, 1]):  # pragma: no cover - a 64-bit collision
        codes = pd.MultiIndex.from_arrays([keys[:, 0], keys[:, 1]]).factorize()[0].astype(np.int64)
        first = _firsts(codes)
    return codes, first


def _firsts(codes: np.ndarray) -> np.ndarray:
    """The first row of each code, for codes numbered in order of first appearance."""
    if codes.size == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.empty(codes.size, dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return np.flatnonzero(new)


def row_keys(matrix: sp.csr_array, seed: int = 0x5EED) -> np.ndarray:
    """A 128-bit key per row of a 0/1 CSR matrix, equal exactly for rows with equal sets.

    Each column gets two random 64-bit numbers; a row's key is their sums (mod 2**64). Two
    different sets collide with probability about rows**2 / 2**129: never, in practice.
    """
    rng = np.random.default_rng(seed)
    n = matrix.shape[1]
    keys = rng.integers(0, np.iinfo(np.uint64).max, size=(2, n), dtype=np.uint64, endpoint=True)
    out = np.zeros((matrix.shape[0], 2), dtype=np.uint64)
    filled = np.diff(matrix.indptr) > 0
    if matrix.nnz:
        starts = matrix.indptr[:-1][filled]
        for j in (0, 1):
            # Unsigned sums wrap around silently: addition mod 2**64, the same in any order.
            out[filled, j] = np.add.reduceat(keys[j][matrix.indices], starts)
    return out


def _meeting_table(dataset: Dataset, filters: GraphFilter | None, rows: int) -> pd.DataFrame:
    meetings, _ = select(dataset, None if filters is None or filters.is_empty() else filters)
    table = meetings[["id", "date", "institution", "procedure"]].reset_index(drop=True)
    if len(table) != rows:  # pragma: no cover - incidence rows are the selected meetings
        raise AssertionError("meetings and incidence rows disagree")
    return table


__all__ = [
    "HOST_KINDS", "PARTICIPANT_KINDS", "Hypergraph", "build_hypergraph", "distinct_rows", "from_incidence", "row_keys",
]
