"""Projections of the meeting graph as sparse matrices: who meets whom, counted in meetings.

Everything here is a product of sparse incidence matrices (meetings × actors, meetings ×
topics), which is what makes a million meetings take seconds rather than the minutes of
networkx's bipartite projection. :func:`graphkit.graph.build_graph` turns a
:class:`Projection` into a networkx graph.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter, select
from graphkit.graph.names import PROJECTIONS, TOPIC
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_links, topic_nodes

try:  # scipy's CSR -> CSC kernel, to transpose straight into a result's arrays (see _transpose)
    from scipy.sparse._sparsetools import csr_tocsc as _csr_tocsc
except ImportError:  # pragma: no cover - a scipy that moved it: the public tocsc() instead
    _csr_tocsc = None

NODE_ATTRIBUTES = ("kind", "name", "acronym", "category", "country", "group")


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
    """Meetings × actors (and meetings × topics) as 0/1 sparse matrices, after filtering.

    The per-kind slices of the matrix and the node tables of projections are kept on the
    incidence (it is itself kept per dataset), so a repeated projection only multiplies.
    """

    actors: pd.DataFrame  # id + NODE_ATTRIBUTES, one row per column of ``matrix``
    matrix: sp.csc_array  # meetings × actors
    # Builds (topic node table, meetings × topics matrix) when first asked for.
    _topic_loader: Callable[[], tuple[pd.DataFrame, sp.csc_array]] = field(repr=False, compare=False)
    _columns: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _kept: dict[tuple, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def topics(self) -> pd.DataFrame:
        """Topic nodes (id + NODE_ATTRIBUTES), one row per column of :attr:`topic_matrix`."""
        return self._keep(("topics",), self._topic_loader)[0]

    @property
    def topic_matrix(self) -> sp.csc_array:
        """Meetings × topics, 0/1."""
        return self._keep(("topics",), self._topic_loader)[1]

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

    def _keep(self, key: tuple, make):
        known = self._kept.get(key)
        if known is None:
            known = self._kept[key] = make()
        return known

    def attendance(self, kinds: tuple[str, ...]) -> sp.csr_array:
        """Actors of ``kinds`` (in :meth:`columns` order) × meetings, CSR."""
        return self._keep(("attendance", kinds), lambda: self.matrix[:, self.columns(kinds)].T)

    def attendees(self, kinds: tuple[str, ...]) -> sp.csr_array:
        """Meetings × actors of ``kinds`` (in :meth:`columns` order), CSR."""
        return self._keep(("attendees", kinds), lambda: self.attendance(kinds).T.tocsr())

    def co_attendance(self, kinds: tuple[str, ...]) -> tuple[sp.csr_array, sp.csr_array]:
        """The two factors of the co-attendance product of actors of ``kinds``, kept.

        Left: actors × their meetings with at least two of them (a meeting of one would only
        add to the diagonal), each entry ``1 + i/(k−1)`` for a meeting of k: the real part
        counts meetings together, the imaginary part adds Newman's collaboration share.
        Right: meetings × actors, ones (every meeting: the rows of the others are never reached).
        """

        def make() -> tuple[sp.csr_array, sp.csr_array]:
            by_actor, by_meeting = self.attendance(kinds), self.attendees(kinds)
            per_meeting = np.diff(by_meeting.indptr)
            share = np.ones(per_meeting.size, dtype=np.complex128)
            np.divide(1.0, per_meeting - 1.0, out=share.imag, where=per_meeting > 1)
            crowded = (per_meeting > 1)[by_actor.indices]
            kept = np.zeros(crowded.size + 1, dtype=by_actor.indptr.dtype)
            np.cumsum(crowded, out=kept[1:])
            meetings = by_actor.indices[crowded]
            left = sp.csr_array((share[meetings], meetings, kept[by_actor.indptr]), shape=by_actor.shape)
            ones = np.ones(by_meeting.nnz, dtype=np.complex128)
            return left, sp.csr_array((ones, by_meeting.indices, by_meeting.indptr), shape=by_meeting.shape)

        return self._keep(("co-attendance", kinds), make)

    def node_table(
        self, key: tuple, left: np.ndarray, right: np.ndarray | None = None, topics: bool = False
    ) -> pd.DataFrame:
        """The node table of actors ``left`` (positions in :attr:`actors`), then ``right`` (in
        :attr:`topics` when ``topics``) with ``bipartite`` 0/1 — or without it when ``right``
        is None. Kept under ``key`` while the same nodes are asked for; each call gets its own
        (shallow, copy-on-write) copy."""
        known = self._kept.get(("nodes", key))
        if known is not None and _same(known[0], left) and _same(known[1], right):
            return known[2].copy(deep=False)
        values = self._keep(("values",), lambda: _object_values(self.actors))
        if right is None:
            table = pd.DataFrame(values[left], columns=_NODE_COLUMNS, dtype=object, copy=False)
        else:
            other = self._keep(("topic values",), lambda: _object_values(self.topics)) if topics else values
            both = np.concatenate([values[left], other[right]])
            table = pd.DataFrame(both, columns=_NODE_COLUMNS, dtype=object, copy=False)
            table["bipartite"] = np.repeat(np.array([0, 1], dtype=np.int64), [left.size, right.size])
        self._kept[("nodes", key)] = (left, right, table)
        return table.copy(deep=False)


_NODE_COLUMNS = ["id", *NODE_ATTRIBUTES]


def _object_values(table: pd.DataFrame) -> np.ndarray:
    return table[_NODE_COLUMNS].to_numpy(dtype=object)


def _same(kept: np.ndarray | None, asked: np.ndarray | None) -> bool:
    if kept is None or asked is None:
        return kept is asked
    return kept.shape == asked.shape and bool(np.array_equal(kept, asked))


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
        # (The dict is bound now: at interpreter exit the module's globals may already be None.)
        reference = weakref.ref(
            dataset.participants, lambda _ref, key=key, kept=_INCIDENCES: kept.pop(key, None)
        )
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
    meeting_ids = meetings["id"].to_numpy(dtype=object)
    actors, cols = _actor_table(dataset.actors, participants["actor_id"])
    rows = _grouped_positions(participants["meeting_id"].to_numpy(dtype=object), meeting_ids)
    known = rows >= 0
    matrix = _binary(rows[known], cols[known], (len(meeting_ids), len(actors)))

    def topics() -> tuple[pd.DataFrame, sp.csc_array]:
        table = topic_nodes(dataset)[["id", "name"]]
        links = topic_links(dataset)
        topic_ids = table["id"].to_numpy(dtype=object)
        t_rows = _grouped_positions(links["meeting_id"].to_numpy(dtype=object), meeting_ids)
        t_cols = _positions(links["topic_id"].to_numpy(dtype=object), topic_ids)
        linked = (t_rows >= 0) & (t_cols >= 0)
        topic_matrix = _binary(t_rows[linked], t_cols[linked], (len(meeting_ids), len(topic_ids)))
        nodes = pd.DataFrame(
            {"id": topic_ids, "kind": TOPIC, "name": table["name"].to_numpy(dtype=object)}, dtype=object
        )
        for column in NODE_ATTRIBUTES:
            if column not in nodes:
                nodes[column] = pd.Series([None] * len(nodes), dtype=object)
        return nodes, topic_matrix

    return Incidence(actors, matrix, topics)


def _positions(values: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Position of each of ``values`` in ``targets`` (unique ids), -1 where absent.

    A dict lookup per value (the ids' string hashes are cached by Python), about a third
    faster than ``pd.Index.get_indexer``, which also scans both arrays for their types first;
    pandas answers whenever a value is missing or the targets repeat.

    >>> _positions(np.array(["b", "a", "b"], dtype=object), np.array(["a", "b"], dtype=object)).tolist()
    [1, 0, 1]
    >>> _positions(np.array(["b", "z"], dtype=object), np.array(["a", "b"], dtype=object)).tolist()
    [1, -1]
    """
    table = dict(zip(targets.tolist(), range(len(targets)), strict=True))
    if len(table) == len(targets):
        try:
            return np.fromiter(map(table.__getitem__, values), dtype=np.intp, count=len(values))
        except (KeyError, TypeError):  # a value that is not there (or not hashable)
            pass
    return pd.Index(targets).get_indexer(values)


def _grouped_positions(values: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """:func:`_positions` for values that come in runs (participants and meeting topics are
    grouped by meeting): each run is looked up once, and not at all when the runs are
    ``targets`` themselves, in order.

    >>> ids = np.array(["m1", "m2"], dtype=object)
    >>> _grouped_positions(np.array(["m1", "m1", "m2", "m1"], dtype=object), ids).tolist()
    [0, 0, 1, 0]
    >>> _grouped_positions(np.array(["m1", "m1", "m2"], dtype=object), ids).tolist()
    [0, 0, 1]
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    starts = np.flatnonzero(starts)
    heads = values[starts]
    if len(heads) == len(targets) and bool((heads == targets).all()):
        found = np.arange(len(heads), dtype=np.intp)
    else:
        found = _positions(heads, targets)
    return np.repeat(found, np.diff(np.append(starts, n)))


def project(
    dataset: Dataset, projection: str = "org-mep", *, filters: GraphFilter | None = None
) -> Projection:
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
        return _two_mode(projection, inc, side0, side1)
    if projection == "org-org":
        return _co_attendance(inc)
    return _shared_organisations(projection, inc, side0)


def _two_mode(name: str, inc: Incidence, left: tuple[str, ...], right: tuple[str, ...]) -> Projection:
    across = inc.attendance(right) @ inc.attendees(left)  # right × left, meetings together
    return _bipartite(name, inc, across, inc.columns(left), inc.columns(right))


def _org_topic(inc: Incidence) -> Projection:
    orgs = (ORGANISATION,)
    across = inc.topic_matrix.T @ inc.attendees(orgs)  # topics × organisations
    return _bipartite("org-topic", inc, across, inc.columns(orgs), np.arange(len(inc.topics)), topics=True)


def _bipartite(
    name: str, inc: Incidence, across: sp.csr_array, left: np.ndarray, right: np.ndarray, topics: bool = False
) -> Projection:
    """The symmetric two-mode matrix of ``across`` (right × left counts) over the nodes with at
    least one edge, organisations (bipartite 0) first, written straight into the CSR arrays of
    the result with sorted indices. Products of 0/1 matrices hold no explicit zeros, so every
    stored count is an edge."""
    n_right, n_left = across.shape
    nnz = across.nnz
    keep_right = np.flatnonzero(np.diff(across.indptr) > 0)
    b = keep_right.size
    index = np.int32 if n_left + b < 2**31 and 2 * nnz < 2**31 else np.int64
    indices = np.empty(2 * nnz, dtype=index)
    data = np.empty(2 * nnz, dtype=np.int64)
    # Upper block (left × right): the transpose of ``across``, into the first half.
    by_left = np.empty(n_left + 1, dtype=index)
    _transpose(across, by_left, indices[:nnz], data[:nnz])
    keep_left = np.flatnonzero(np.diff(by_left) > 0)
    a = keep_left.size
    if b < n_right:
        renumber = np.zeros(n_right, dtype=index)
        renumber[keep_right] = np.arange(b, dtype=index)
        indices[:nnz] = renumber[indices[:nnz]]
    # Nodes without an edge have empty rows: dropping them keeps the others' rows contiguous.
    upper_indptr = by_left if a == n_left else np.append(by_left[keep_left], nnz).astype(index)
    upper = sp.csr_array((data[:nnz], indices[:nnz], upper_indptr), shape=(a, b), copy=False)
    indptr = np.empty(a + b + 1, dtype=index)
    indptr[:a] = upper_indptr[:a]
    # Lower block (right × left): the transpose of the upper one, into the second half.
    _transpose(upper, indptr[a:], indices[nnz:], data[nnz:])
    indptr[a:] += nnz
    indices[:nnz] += a  # (after the transpose read them) right-side nodes come after the a left ones
    weight = sp.csr_array((data, indices, indptr), shape=(a + b, a + b), copy=False)
    weight.has_sorted_indices = True
    nodes = inc.node_table(name, left[keep_left], right[keep_right], topics)
    return Projection(name, nodes, weight, {"meetings": weight}, bipartite=True)


def _transpose(matrix: sp.csr_array, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> None:
    """Write the CSR arrays of ``matrix.T`` (indices sorted) into the given arrays.

    scipy's own CSR → CSC kernel (a counting sort), called directly so that it writes into the
    result's arrays; scipy's public ``tocsc`` (used when that kernel is not where it was) gives
    the same arrays through a copy.
    """
    rows, cols = matrix.shape
    if (
        _csr_tocsc is not None
        and matrix.indices.dtype == indices.dtype == indptr.dtype == matrix.indptr.dtype
    ):
        _csr_tocsc(rows, cols, matrix.indptr, matrix.indices, matrix.data, indptr, indices, data)
        return
    transposed = matrix.tocsc()  # pragma: no cover - only when scipy moved its kernel, or 64-bit indices
    indptr[:] = transposed.indptr
    indices[:] = transposed.indices
    data[:] = transposed.data


def _co_attendance(inc: Incidence) -> Projection:
    kinds = (ORGANISATION,)
    orgs = inc.columns(kinds)
    # One product for both weights: the real part counts meetings together, the imaginary part
    # adds 1/(k−1) per meeting of k organisations (Newman). Both have the same pattern: a pair
    # that met shares a meeting of k ≥ 2, so its Newman weight is positive.
    left, right = inc.co_attendance(kinds)
    both = left @ right
    # Every organisation met itself at its meetings: each non-empty row holds exactly one
    # diagonal entry, which goes.
    per_row = np.diff(both.indptr)
    rows = np.repeat(np.arange(both.shape[0], dtype=both.indices.dtype), per_row)
    off = both.indices != rows
    indices = both.indices[off]
    indptr = both.indptr - np.concatenate([[0], np.cumsum(per_row > 0)]).astype(both.indptr.dtype)
    together = sp.csr_array(
        (both.data.real[off].astype(np.int64), indices, indptr), shape=both.shape
    )  # sums of 1
    newman = sp.csr_array((both.data.imag[off], indices.copy(), indptr.copy()), shape=both.shape)
    return Projection(
        "org-org", inc.node_table("org-org", orgs), together, {"meetings": together, "newman_weight": newman}
    )


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
    cols = _positions(participant_ids.to_numpy(dtype=object), actors["id"].to_numpy(dtype=object))
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
    if max(shape) < 2**31 and matrix.nnz < 2**31:  # 32-bit indices: half the memory, faster products
        matrix.indices = matrix.indices.astype(np.int32)
        matrix.indptr = matrix.indptr.astype(np.int32)
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
    # (With no pairs at all, e.g. official-official of EP meetings, the lookup is skipped: it
    # would not return an empty array.)
    data = np.asarray(values[coo.row, coo.col]).ravel() if coo.nnz else np.zeros(0, dtype=values.dtype)
    return sp.csr_array((data, pattern.indices.copy(), pattern.indptr.copy()), shape=pattern.shape)
