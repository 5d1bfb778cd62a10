"""Projections of the meeting graph as sparse matrices: who meets whom, counted in meetings.

Everything here is a product of sparse incidence matrices (meetings × actors, meetings ×
topics), which is what makes a million meetings take seconds rather than the minutes of
networkx's bipartite projection. :func:`graphkit.graph.build_graph` turns a
:class:`Projection` into a networkx graph.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.dataset.schema import MEP, OFFICIAL, ORGANISATION
from graphkit.dataset.tables import Dataset
from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter, select

NODE_ATTRIBUTES = ("kind", "name", "acronym", "category", "country", "group")
TOPIC = "topic"

# projection name -> (kinds on side 0, kinds on side 1); side 1 is None for one-mode projections.
PROJECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "org-counterpart": ((ORGANISATION,), (MEP, OFFICIAL)),
    "org-mep": ((ORGANISATION,), (MEP,)),
    "org-official": ((ORGANISATION,), (OFFICIAL,)),
    "org-topic": ((ORGANISATION,), (TOPIC,)),
    "org-org": ((ORGANISATION,), None),
    "mep-mep": ((MEP,), None),
    "official-official": ((OFFICIAL,), None),
}


@dataclass
class Projection:
    """A projected graph as sparse matrices over a node table.

    Attributes
    ----------
    name
        The projection (a key of :data:`PROJECTIONS`).
    nodes
        One row per node: ``id`` and :data:`NODE_ATTRIBUTES`, plus ``bipartite`` (0/1) for
        two-mode projections. Row ``i`` is matrix index ``i``.
    weight
        Symmetric CSR matrix of edge weights (no diagonal).
    edge_attributes
        Further symmetric matrices with the same pattern, by attribute name (``meetings``,
        ``newman_weight``, ``organisations``).
    bipartite
        True for two-mode projections (organisation ↔ counterpart or topic).
    """

    name: str
    nodes: pd.DataFrame
    weight: sp.csr_array
    edge_attributes: dict[str, sp.csr_array] = field(default_factory=dict)
    bipartite: bool = False

    @property
    def node_ids(self) -> list[str]:
        """Node ids in matrix order."""
        return self.nodes["id"].tolist()


@dataclass
class Incidence:
    """Meetings × actors (and meetings × topics) as 0/1 sparse matrices, after filtering."""

    actors: pd.DataFrame  # id + NODE_ATTRIBUTES, one row per column of ``matrix``
    matrix: sp.csc_array  # meetings × actors
    topics: pd.DataFrame
    topic_matrix: sp.csc_array  # meetings × topics
    _columns: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def columns(self, kinds: tuple[str, ...]) -> np.ndarray:
        """Column indices of actors of ``kinds`` that attend at least one meeting."""
        known = self._columns.get(kinds)
        if known is None:
            known = self._columns[kinds] = self._find_columns(kinds)
        return known

    def _find_columns(self, kinds: tuple[str, ...]) -> np.ndarray:
        of_kind = self.actors["kind"].isin(kinds).to_numpy()
        present = np.diff(self.matrix.indptr) > 0
        return np.flatnonzero(of_kind & present)


# id(participants frame) -> (weakref to it, fingerprint of the dataset's frames, {filters: Incidence}).
_INCIDENCES: dict[int, tuple[weakref.ref, tuple, dict[GraphFilter | None, Incidence]]] = {}
_KEPT_PER_DATASET = 4


def _fingerprint(dataset: Dataset) -> tuple:
    frames = (dataset.meetings, dataset.participants, dataset.actors, dataset.topics, dataset.meeting_topics)
    return tuple((id(frame), len(frame)) for frame in frames)


def incidence(dataset: Dataset, filters: GraphFilter | None = None) -> Incidence:
    """The filtered meetings × actors and meetings × topics matrices of ``dataset``.

    Mapping a million meetings' string ids to matrix rows is most of a projection's time, so
    the result is kept for as long as the dataset's participants table lives and reused while
    the dataset holds the same table objects (a table replaced, e.g. by ``Dataset.concat`` or
    ``dataset.participants = ...``, is noticed; a table edited in place is not: call
    :func:`forget_incidences` after doing that). Treat the result as read-only.

    >>> from graphkit.synthetic import generate
    >>> ds = generate(organisations=50, meetings=100, seed=0)
    >>> inc = incidence(ds)
    >>> inc.matrix.shape[0]
    100
    >>> incidence(ds) is inc
    True
    """
    if filters is not None and filters.is_empty():
        filters = None
    key = id(dataset.participants)
    fingerprint = _fingerprint(dataset)
    entry = _INCIDENCES.get(key)
    if entry is None or entry[0]() is not dataset.participants or entry[1] != fingerprint:
        reference = weakref.ref(dataset.participants, lambda _ref, key=key: _INCIDENCES.pop(key, None))
        entry = (reference, fingerprint, {})
        _INCIDENCES[key] = entry
    kept = entry[2]
    if filters not in kept:
        if len(kept) >= _KEPT_PER_DATASET:
            kept.pop(next(iter(kept)))
        kept[filters] = _incidence(dataset, filters)
    return kept[filters]


def forget_incidences() -> None:
    """Drop every kept :func:`incidence` (after editing a dataset's tables in place)."""
    _INCIDENCES.clear()


def _incidence(dataset: Dataset, filters: GraphFilter | None) -> Incidence:
    meetings, participants = select(dataset, filters)
    meeting_index = pd.Index(meetings["id"])
    actors, cols = _actor_table(dataset.actors, participants["actor_id"])
    rows = meeting_index.get_indexer(participants["meeting_id"])
    known = rows >= 0
    matrix = _binary(rows[known], cols[known], (len(meeting_index), len(actors)))

    topics = dataset.topics[["id", "name"]]
    links = dataset.meeting_topics
    topic_index = pd.Index(topics["id"])
    t_rows = meeting_index.get_indexer(links["meeting_id"])
    t_cols = topic_index.get_indexer(links["topic_id"])
    linked = (t_rows >= 0) & (t_cols >= 0)
    topic_matrix = _binary(t_rows[linked], t_cols[linked], (len(meeting_index), len(topic_index)))
    topic_nodes = pd.DataFrame({"id": topics["id"].to_numpy(object), "kind": TOPIC, "name": topics["name"]})
    for column in NODE_ATTRIBUTES:
        if column not in topic_nodes:
            topic_nodes[column] = pd.Series([None] * len(topic_nodes), dtype=object)
    return Incidence(actors, matrix, topic_nodes.reset_index(drop=True), topic_matrix)


def project(dataset: Dataset, projection: str = "org-mep", *, filters: GraphFilter | None = None) -> Projection:
    """Project the (filtered) meetings of ``dataset`` onto one kind of graph.

    Parameters
    ----------
    projection
        ``org-counterpart``, ``org-mep``, ``org-official`` (organisation ↔ MEP/official, weight =
        meetings together), ``org-topic`` (weight = meetings on the topic), ``org-org`` (weight =
        meetings attended together; ``newman_weight`` adds 1/(k−1) per meeting of k
        organisations), ``mep-mep`` / ``official-official`` (weight = organisations both met).
    filters
        A :class:`GraphFilter`.

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "institution": "EP"}, {"id": "m2", "institution": "EP"}],
    ...     participants=[
    ...         {"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
    ...         {"meeting_id": "m1", "actor_id": "organisation:x", "role": "attendee"},
    ...         {"meeting_id": "m2", "actor_id": "mep:a", "role": "host"},
    ...         {"meeting_id": "m2", "actor_id": "organisation:x", "role": "attendee"}])
    >>> p = project(ds, "org-mep")
    >>> p.node_ids, p.weight.toarray().tolist()
    (['organisation:x', 'mep:a'], [[0, 2], [2, 0]])
    """
    if projection not in PROJECTIONS:
        raise GraphkitError(f"unknown projection {projection!r} (known: meetings, {', '.join(PROJECTIONS)})")
    inc = incidence(dataset, filters)
    side0, side1 = PROJECTIONS[projection]
    if projection == "org-topic":
        return _org_topic(inc)
    if side1 is not None:
        return _two_mode(projection, inc, inc.columns(side0), inc.columns(side1))
    if projection == "org-org":
        return _co_attendance(inc)
    return _shared_organisations(projection, inc, side0)


def _two_mode(name: str, inc: Incidence, left: np.ndarray, right: np.ndarray) -> Projection:
    counts = (inc.matrix[:, left].T @ inc.matrix[:, right]).tocsr()
    return _bipartite(name, inc.actors.iloc[left], inc.actors.iloc[right], counts)


def _org_topic(inc: Incidence) -> Projection:
    orgs = inc.columns((ORGANISATION,))
    counts = (inc.matrix[:, orgs].T @ inc.topic_matrix).tocsr()
    return _bipartite("org-topic", inc.actors.iloc[orgs], inc.topics, counts)


def _bipartite(name: str, left: pd.DataFrame, right: pd.DataFrame, counts: sp.csr_array) -> Projection:
    """Nodes with at least one edge, organisations (bipartite 0) first."""
    counts.eliminate_zeros()
    keep_left = np.flatnonzero(np.diff(counts.indptr) > 0)
    keep_right = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]) > 0)
    counts = counts[keep_left][:, keep_right]
    nodes = pd.concat(
        [left.iloc[keep_left].assign(bipartite=0), right.iloc[keep_right].assign(bipartite=1)],
        ignore_index=True,
    )
    weight = sp.block_array([[None, counts], [counts.T, None]], format="csr").astype(np.int64)
    weight.sort_indices()
    return Projection(name, nodes, weight, {"meetings": weight}, bipartite=True)


def _co_attendance(inc: Incidence) -> Projection:
    orgs = inc.columns((ORGANISATION,))
    by_org = inc.matrix[:, orgs]  # CSC meetings × organisations = CSR organisations × meetings
    per_meeting = np.bincount(by_org.indices, minlength=by_org.shape[0])
    # Meetings of one organisation only touch the diagonal, which is dropped: leave them out.
    crowded = per_meeting[by_org.indices] > 1
    indptr = np.concatenate([[0], np.cumsum(crowded)])[by_org.indptr]
    meetings = by_org.indices[crowded]
    left = sp.csr_array((np.ones(meetings.size, dtype=np.complex128), meetings, indptr),
                        shape=(len(orgs), by_org.shape[0]))
    # One product for both weights: the real part counts meetings together, the imaginary part
    # adds 1/(k−1) per meeting of k organisations (Newman). Both have the same pattern: a pair
    # that met shares a meeting of k ≥ 2, so its Newman weight is positive.
    right = left.T.tocsr()
    newman_share = np.divide(1.0, per_meeting - 1.0, out=np.zeros(per_meeting.size), where=per_meeting > 1)
    right.data = np.repeat(1.0 + 1j * newman_share, np.diff(right.indptr))
    both = _drop_diagonal(left @ right)
    together = _with_data(both, both.data.real.astype(np.int64))  # sums of 1.0: exact
    newman = _with_data(both, both.data.imag.copy())
    return Projection(
        "org-org",
        inc.actors.iloc[orgs].reset_index(drop=True),
        together,
        {"meetings": together, "newman_weight": newman},
    )


def _drop_diagonal(matrix: sp.csr_array) -> sp.csr_array:
    """``matrix`` without its diagonal entries (vectorised, no format changes)."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    off = matrix.indices != rows
    indptr = np.zeros(matrix.shape[0] + 1, dtype=matrix.indptr.dtype)
    np.cumsum(np.bincount(rows[off], minlength=matrix.shape[0]), out=indptr[1:])
    return sp.csr_array((matrix.data[off], matrix.indices[off], indptr), shape=matrix.shape)


def _with_data(pattern: sp.csr_array, data: np.ndarray) -> sp.csr_array:
    return sp.csr_array((data, pattern.indices.copy(), pattern.indptr.copy()), shape=pattern.shape)


def _shared_organisations(name: str, inc: Incidence, kinds: tuple[str, ...]) -> Projection:
    orgs = inc.columns((ORGANISATION,))
    hosts = inc.columns(kinds)
    met = (inc.matrix[:, orgs].T @ inc.matrix[:, hosts]).tocsc()  # organisations × hosts, meetings
    met.eliminate_zeros()
    knows = met.copy()
    knows.data[:] = 1
    shared = _without_diagonal(knows.T @ knows)
    # Meetings the shared organisations had with either of the two.
    meetings = _on_pattern(_without_diagonal(met.T @ knows + knows.T @ met), shared)
    keep = np.flatnonzero(np.diff(met.indptr) > 0)  # hosts that met at least one organisation
    shared, meetings = shared[keep][:, keep], meetings[keep][:, keep]
    return Projection(
        name,
        inc.actors.iloc[hosts[keep]].reset_index(drop=True),
        shared,
        {"meetings": meetings, "organisations": shared},
    )


def _actor_table(actors: pd.DataFrame, participant_ids: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """Actors with the node attributes, and the row of each participant's actor in it; ids that
    only occur in participants get their kind from the id prefix so that no attendance is lost."""
    table = actors[["id", *NODE_ATTRIBUTES]]
    cols = pd.Index(actors["id"]).get_indexer(participant_ids)
    unknown = cols < 0
    if unknown.any():
        missing = pd.Index(participant_ids[unknown].unique()).sort_values()
        cols[unknown] = len(table) + missing.get_indexer(participant_ids[unknown])
        extra = pd.DataFrame({"id": missing.to_numpy(object)})
        extra["kind"] = extra["id"].str.split(":").str[0]
        extra["name"] = extra["id"].str.split(":", n=1).str[-1]
        table = pd.concat([table, extra], ignore_index=True)
    table = table.reset_index(drop=True)
    return table.astype(object).where(table.notna(), None), cols


def _binary(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csc_array:
    matrix = sp.csc_array((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=shape)
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _without_diagonal(matrix: sp.sparray) -> sp.csr_array:
    matrix = sp.csr_array(matrix)
    matrix.setdiag(0)
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def _on_pattern(values: sp.sparray, pattern: sp.csr_array) -> sp.csr_array:
    """``values`` restricted to (and filled out on) the non-zeros of ``pattern``."""
    values = sp.csr_array(values)
    coo = pattern.tocoo()
    data = np.asarray(values[coo.row, coo.col]).ravel()
    return sp.csr_array((data, pattern.indices.copy(), pattern.indptr.copy()), shape=pattern.shape)
