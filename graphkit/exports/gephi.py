"""GEXF 1.3 for Gephi: meeting dates as spells (so Gephi's timeline plays the meetings), each
node's kind, category, community and centralities as attributes, and ``viz`` size, colour and
position so the graph opens drawn.

:func:`write_gephi` writes the file as it reads the graph, a chunk of nodes or edges at a time
(:mod:`graphkit.exports.gexf_stream`): the spells are kept as sorted integer arrays
(:class:`DaySpells`) and turned into text a chunk at a time, and no copy of the graph is made.
networkx's ``write_gexf`` built the whole document as an ElementTree, which took 23 GB at 1M
generated meetings. :func:`gephi_graph` gives the same content as a networkx graph (``spells``
lists and a ``viz`` dict on nodes and edges), for notebooks and small graphs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.exports.gexf_stream import GexfEdge, GexfNode, write_gexf_stream
from graphkit.exports.graph_files import atomic_write, edge_items, gexf_label, node_items, write_graph_gexf
from graphkit.exports.xml_stream import chunks, declared_types
from graphkit.graph.filters import GraphFilter, select
from graphkit.model.tables import Dataset

# The view's colours (Tableau 10), so a kind has the same colour in Gephi as in graphkit view.
KIND_RGB = {
    "organisation": (78, 121, 167),
    "mep": (225, 87, 89),
    "official": (242, 142, 43),
    "person": (118, 183, 178),
    "topic": (89, 161, 79),
    "consultation": (176, 122, 161),
    "institution": (156, 117, 95),
    "government": (237, 201, 72),
    "unknown": (186, 176, 172),
}
OTHER_RGB = (186, 176, 172)
SIZE_RANGE = (4.0, 40.0)


# Meetings whose participants are paired at once when finding each edge's meetings: a block's
# rows are the pairs of its participants (about 10 a meeting), so memory stays that of a block.
PAIR_BLOCK_MEETINGS = 100_000
GEXF_SPECIAL = ("label", "viz", "spells")


class DaySpells:
    """One-day spells by integer key: the days of each key's meetings, sorted, each once, held as
    NumPy arrays (three integers a spell, where a list of text pairs took some 150 bytes).

    Parameters
    ----------
    keys, days
        One entry per (key, meeting): the key (a node's position, an edge's pair key) and the
        meeting's day as days since 1970-01-01.

    Examples
    --------
    >>> spells = DaySpells(np.array([3, 1, 3, 3]), np.array([20101, 20100, 20100, 20101]))
    >>> spells.lookup(np.array([3, 2, 1]))
    [[('2025-01-12', '2025-01-12'), ('2025-01-13', '2025-01-13')], [], [('2025-01-12', '2025-01-12')]]
    """

    def __init__(self, keys: np.ndarray, days: np.ndarray):
        keys, days = np.asarray(keys, dtype=np.int64), np.asarray(days, dtype=np.int64)
        order = np.lexsort((days, keys))
        keys, days = keys[order], days[order]
        new = np.ones(keys.size, dtype=bool)
        new[1:] = (keys[1:] != keys[:-1]) | (days[1:] != days[:-1])
        keys, days = keys[new], days[new]
        self.keys, starts = np.unique(keys, return_index=True)
        self.offsets = np.append(starts, keys.size)
        self.days = days
        unique_days = np.unique(days)
        texts = np.datetime_as_string(unique_days.astype("datetime64[D]"), unit="D").tolist()
        self._text = dict(zip(unique_days.tolist(), texts, strict=True))

    def __len__(self) -> int:
        return int(self.days.size)

    def lookup(self, keys: np.ndarray) -> list[list[tuple[str, str]]]:
        """The spells ``[(day, day), …]`` of each of ``keys`` (ISO dates; ``[]`` for a key without)."""
        keys = np.asarray(keys, dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.keys, keys), max(self.keys.size - 1, 0))
        found = (self.keys[positions] == keys) if self.keys.size else np.zeros(keys.size, dtype=bool)
        out = []
        for position, hit in zip(positions.tolist(), found.tolist(), strict=True):
            if not hit:
                out.append([])
                continue
            days = self.days[self.offsets[position] : self.offsets[position + 1]].tolist()
            out.append([(self._text[day], self._text[day]) for day in days])
        return out


def spell_index(
    dataset: Dataset, graph: nx.Graph, filters: GraphFilter | None = None
) -> tuple[DaySpells, DaySpells | None]:
    """The meeting days of each node and edge of ``graph`` (the meetings ``filters`` keeps that
    the node, or both ends of the edge, took part in), without building a list per node or edge.

    Returns
    -------
    tuple
        Node spells keyed by the node's position in ``graph.nodes``, and edge spells keyed by
        :func:`pair_keys` of the edge's ends (``None`` for the meeting graph, whose edges carry
        their own ``date``).

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2025-02-12", "title": "Trade"},
    ...               {"id": "m2", "date": "2025-03-01", "title": "Farm"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
    ...                   {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"},
    ...                   {"meeting_id": "m2", "actor_id": "mep:a", "role": "host"}])
    >>> g = nx.Graph([("organisation:b", "mep:a")])
    >>> nodes, edges = spell_index(ds, g)
    >>> nodes.lookup(np.array([1])), edges.lookup(pair_keys(g, [("organisation:b", "mep:a")]))
    ([[('2025-02-12', '2025-02-12'), ('2025-03-01', '2025-03-01')]], [[('2025-02-12', '2025-02-12')]])
    """
    positions = pd.Index(list(graph.nodes))
    meetings, _ = select(dataset, filters)
    # Integer codes of each (meeting, actor) and (meeting, topic) link, -1 where out of the graph
    # or out of the filters: no table of the links' text is built.
    meeting_ids = pd.Index(meetings["id"])
    tables = ((dataset.participants, "actor_id"), (dataset.meeting_topics, "topic_id"))
    node = np.concatenate([positions.get_indexer(table[column]) for table, column in tables])
    meeting = np.concatenate([meeting_ids.get_indexer(table["meeting_id"]) for table, _ in tables])
    meeting_days = meetings["date"].to_numpy(dtype="datetime64[D]")
    known = (node >= 0) & (meeting >= 0)
    node, meeting = node[known], meeting[known]
    dated = ~np.isnat(meeting_days[meeting])
    node, meeting = node[dated], meeting[dated]
    day = meeting_days[meeting].astype(np.int64)
    node_spells = DaySpells(node, day)
    if graph.is_multigraph():
        return node_spells, None
    edge_keys = np.unique(pair_keys(graph, graph.edges()))
    order = np.lexsort((node, meeting))
    node, meeting, day = node[order], meeting[order], day[order]
    found_keys, found_days = [], []
    for start in range(0, len(meetings), PAIR_BLOCK_MEETINGS):
        low, high = np.searchsorted(meeting, [start, start + PAIR_BLOCK_MEETINGS])
        block = pd.DataFrame({"meeting": meeting[low:high], "node": node[low:high]}).drop_duplicates()
        pairs = block.merge(block, on="meeting")
        pairs = pairs[pairs["node_x"].to_numpy() <= pairs["node_y"].to_numpy()]
        keys = pairs["node_x"].to_numpy(np.int64) * len(positions) + pairs["node_y"].to_numpy(np.int64)
        at = np.minimum(np.searchsorted(edge_keys, keys), max(edge_keys.size - 1, 0))
        is_edge = edge_keys[at] == keys if edge_keys.size else np.zeros(keys.size, dtype=bool)
        found_keys.append(keys[is_edge])
        found_days.append(meeting_days[pairs["meeting"].to_numpy()[is_edge]].astype(np.int64))
    empty = np.zeros(0, dtype=np.int64)
    return node_spells, DaySpells(np.concatenate([empty, *found_keys]), np.concatenate([empty, *found_days]))


def pair_keys(graph: nx.Graph, edges: object) -> np.ndarray:
    """One integer for each edge's two ends, the same whichever end comes first:
    ``low * n + high`` of the ends' positions in ``graph.nodes``.

    >>> pair_keys(nx.path_graph(3), [(0, 1), (2, 1)]).tolist()
    [1, 5]
    """
    return _pair_keys({node: i for i, node in enumerate(graph.nodes)}, edges)


def _pair_keys(position: Mapping[object, int], edges: object) -> np.ndarray:
    # Flat from a generator: a list of a million (u, v) tuples would cost more than the keys.
    ends = np.fromiter((position[end] for edge in edges for end in edge[:2]), dtype=np.int64).reshape(-1, 2)
    return ends.min(axis=1) * len(position) + ends.max(axis=1)


def meeting_spells(
    dataset: Dataset, graph: nx.Graph, filters: GraphFilter | None = None
) -> tuple[dict[object, list[tuple[str, str]]], dict[tuple[object, object], list[tuple[str, str]]]]:
    """The one-day spells of each node and edge of ``graph`` as lists (:func:`spell_index`, for a
    small graph): the dates of the meetings (those ``filters`` keeps) that the node, or both
    ends of the edge, took part in.

    Returns
    -------
    tuple of dict
        ``{node: [(date, date), …]}`` and ``{(u, v): [(date, date), …]}``, dates as ISO text,
        sorted, each date once. Edges of the meeting graph (they carry their own ``date``)
        are left to :func:`gephi_graph`.

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2025-02-12", "title": "Trade"},
    ...               {"id": "m2", "date": "2025-03-01", "title": "Farm"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
    ...                   {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"},
    ...                   {"meeting_id": "m2", "actor_id": "mep:a", "role": "host"}])
    >>> g = nx.Graph([("organisation:b", "mep:a")])
    >>> nodes, edges = meeting_spells(ds, g)
    >>> nodes["mep:a"], edges[("organisation:b", "mep:a")]
    ([('2025-02-12', '2025-02-12'), ('2025-03-01', '2025-03-01')], [('2025-02-12', '2025-02-12')])
    """
    node_index, edge_index = spell_index(dataset, graph, filters)
    nodes = list(graph.nodes)
    found = node_index.lookup(np.arange(len(nodes)))
    node_spells = {node: spells for node, spells in zip(nodes, found, strict=True) if spells}
    if edge_index is None:
        return node_spells, {}
    edges = list(graph.edges())
    found = edge_index.lookup(pair_keys(graph, edges))
    return node_spells, {edge: spells for edge, spells in zip(edges, found, strict=True) if spells}


class _Marks:
    """What Gephi reads beyond the graph's own attributes: each node's measures with their ranks,
    its community, and its ``viz`` (colour by kind, size by a measure, position)."""

    def __init__(
        self,
        scores: Mapping[str, pd.DataFrame] | None,
        size_by: str | None,
        communities: pd.DataFrame | None,
        positions: Mapping[object, tuple[float, float]] | None,
    ):
        self.values: dict[str, dict] = {}
        self.ranks: dict[str, dict] = {}
        self.sizes: Mapping[object, float] = {}
        for measure, table in (scores or {}).items():
            self.values[measure] = dict(zip(table["id"], table[measure], strict=True))
            self.ranks[measure] = dict(zip(table["id"], table["rank"], strict=True))
            if measure == size_by:
                self.sizes = _sizes(self.values[measure])
        self.membership = (
            None
            if communities is None
            else dict(zip(communities["id"], communities["community"], strict=True))
        )
        self.positions = positions

    def types(self) -> dict[str, str]:
        types = {}
        for measure in self.values:
            types[measure], types[f"{measure}_rank"] = "double", "long"
        if self.membership is not None:
            types["community"] = "long"
        return types

    def attributes(self, node: object) -> dict[str, object]:
        out: dict[str, object] = {}
        for measure, values in self.values.items():
            if node in values:
                out[measure] = _number(values[node])
                out[f"{measure}_rank"] = int(self.ranks[measure][node])
        if self.membership is not None and node in self.membership:
            out["community"] = int(self.membership[node])
        return out

    def viz(self, node: object, kind: object) -> dict[str, object]:
        red, green, blue = KIND_RGB.get(str(kind), OTHER_RGB)
        viz: dict[str, object] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        viz["size"] = self.sizes.get(node, SIZE_RANGE[0])
        if self.positions is not None and node in self.positions:
            x, y = self.positions[node]
            viz["position"] = {"x": float(x), "y": float(y), "z": 0.0}
        return viz


def gephi_graph(
    graph: nx.Graph,
    dataset: Dataset,
    *,
    filters: GraphFilter | None = None,
    scores: Mapping[str, pd.DataFrame] | None = None,
    size_by: str | None = None,
    communities: pd.DataFrame | None = None,
    positions: Mapping[object, tuple[float, float]] | None = None,
) -> nx.Graph:
    """A copy of ``graph`` with what Gephi reads: spells, attributes and ``viz`` (what
    :func:`write_gephi` writes, as a networkx graph; for a large graph write the file directly).

    Parameters
    ----------
    graph
        A graph from :func:`graphkit.graph.build_graph` (the meeting graph too: its edges get
        the spell of their own meeting's date).
    dataset
        The dataset the graph was built from (for the meeting dates of each node and edge).
    filters
        The filters the graph was built with: only those meetings give spells.
    scores
        Centrality tables by measure (:func:`graphkit.analysis.centrality`): each becomes a
        node attribute named after the measure, with ``<measure>_rank``.
    size_by
        The measure of ``scores`` that sets ``viz`` size (square root, from 4 to 40).
    communities
        A :func:`graphkit.analysis.communities` table: its ``community`` becomes a node attribute.
    positions
        ``{node: (x, y)}`` (:func:`graphkit.views.layout.layout_positions`) for ``viz`` position.

    Examples
    --------
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2025-02-12", "title": "Trade"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
    ...                   {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"}])
    >>> g = nx.Graph()
    >>> g.add_node("mep:a", kind="mep", name="A")
    >>> g.add_node("organisation:b", kind="organisation", name="B")
    >>> g.add_edge("organisation:b", "mep:a", weight=1)
    >>> out = gephi_graph(g, ds, positions={"mep:a": (0.0, 1.0), "organisation:b": (2.0, 3.0)})
    >>> out.nodes["mep:a"]["spells"], out.nodes["mep:a"]["viz"]["color"]
    ([('2025-02-12', '2025-02-12')], {'r': 225, 'g': 87, 'b': 89, 'a': 1.0})
    """
    out = graph.copy()
    marks = _Marks(scores, size_by, communities, positions)
    node_spells, edge_spells = meeting_spells(dataset, graph, filters)
    for node, data in out.nodes(data=True):
        data.update(marks.attributes(node))
        data["viz"] = marks.viz(node, data.get("kind"))
        if node in node_spells:
            data["spells"] = node_spells[node]
    for u, v, data in out.edges(data=True):
        if out.is_multigraph():
            day = _day(data.get("date"))
            spells = [(day, day)] if day is not None else []
        else:
            spells = edge_spells.get((u, v)) or edge_spells.get((v, u))
        if spells:
            data["spells"] = spells
    return out


def write_gephi(
    path: str | Path,
    graph: nx.Graph,
    dataset: Dataset,
    *,
    filters: GraphFilter | None = None,
    scores: Mapping[str, pd.DataFrame] | None = None,
    size_by: str | None = None,
    communities: pd.DataFrame | None = None,
    positions: Mapping[object, tuple[float, float]] | None = None,
) -> Path:
    """Write :func:`gephi_graph`'s content as GEXF 1.3 to ``path``, as it reads ``graph``: a
    chunk of nodes or edges at a time, spells from :func:`spell_index`, nothing copied.

    Parameters are those of :func:`gephi_graph`. Returns ``path``.

    Examples
    --------
    >>> import tempfile
    >>> ds = Dataset.from_records(
    ...     meetings=[{"id": "m1", "date": "2025-02-12", "title": "Trade"}],
    ...     participants=[{"meeting_id": "m1", "actor_id": "mep:a", "role": "host"},
    ...                   {"meeting_id": "m1", "actor_id": "organisation:b", "role": "attendee"}])
    >>> g = nx.Graph([("organisation:b", "mep:a", {"weight": 1})])
    >>> g.nodes["mep:a"].update(kind="mep", name="Anna")
    >>> back = nx.read_gexf(write_gephi(Path(tempfile.mkdtemp()) / "g.gexf", g, ds))
    >>> back.nodes["mep:a"]["label"], back.edges["organisation:b", "mep:a"]["spells"]
    ('Anna', [('2025-02-12', '2025-02-12')])
    """
    path = Path(path)
    marks = _Marks(scores, size_by, communities, positions)
    node_spells, edge_spells = spell_index(dataset, graph, filters)
    multigraph = graph.is_multigraph()

    def node_chunks() -> Iterator[list[GexfNode]]:
        start = 0
        for chunk in chunks(node_items(graph)):
            found = node_spells.lookup(np.arange(start, start + len(chunk)))
            start += len(chunk)
            yield [
                GexfNode(
                    str(node),
                    gexf_label(node, data),
                    {**_attributes(data), **marks.attributes(node)},
                    spells,
                    marks.viz(node, data.get("kind")),
                )
                for (node, data), spells in zip(chunk, found, strict=True)
            ]

    def edge_chunks() -> Iterator[list[GexfEdge]]:
        number = 0
        position = {node: i for i, node in enumerate(graph.nodes)}
        for chunk in chunks(edge_items(graph)):
            if edge_spells is None:
                found = [[(day, day)] if (day := _day(data.get("date"))) else [] for *_, data in chunk]
            else:
                found = edge_spells.lookup(_pair_keys(position, chunk))
            rows = []
            for (u, v, key, data), spells in zip(chunk, found, strict=True):
                attributes = _attributes(data)
                weight = attributes.pop("weight", None)
                if multigraph:
                    attributes["networkx_key"] = key
                rows.append(GexfEdge(str(number), str(u), str(v), attributes, spells, weight))
                number += 1
            yield rows

    node_types = {**declared_types(_attributes(data) for _, data in node_items(graph)), **marks.types()}
    edge_types = declared_types(_attributes(data) for *_, data in edge_items(graph))
    edge_types.pop("weight", None)
    if multigraph:
        edge_types["networkx_key"] = "long"
    dynamic = len(node_spells) > 0 or (len(edge_spells) > 0 if edge_spells is not None else multigraph)

    def write(target: Path) -> None:
        with open(target, "wb") as handle:
            write_gexf_stream(
                handle,
                node_chunks(),
                edge_chunks(),
                node_types=node_types,
                edge_types=edge_types,
                directed=graph.is_directed(),
                dynamic=dynamic,
            )

    atomic_write(path, write)
    return path


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` (from :func:`gephi_graph`) as GEXF 1.3; ``viz`` and ``spells`` kept, the
    other attributes made plain as for every export (:func:`~graphkit.exports.graph_files.plain_data`),
    each node labelled with its name (:func:`~graphkit.exports.graph_files.gexf_label`).

    >>> import tempfile
    >>> g = nx.Graph()
    >>> g.add_node("a", name="A", spells=[("2025-01-02", "2025-01-02")], viz={"size": 5.0})
    >>> path = write_gexf(g, Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(path, version="1.3").nodes["a"]["spells"]
    [('2025-01-02', '2025-01-02')]
    """
    path = Path(path)
    atomic_write(path, lambda target: write_graph_gexf(graph, target, keep=("viz", "spells")))
    return path


def _attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    # GEXF writes a node's label, viz and spells as elements of their own, not as attributes.
    return {key: value for key, value in data.items() if key not in GEXF_SPECIAL}


def _sizes(values: Mapping[object, float]) -> dict[object, float]:
    numbers = {node: _number(value) for node, value in values.items()}
    top = max((v for v in numbers.values() if v > 0), default=0.0)
    low, high = SIZE_RANGE
    if top <= 0:
        return dict.fromkeys(numbers, low)
    return {node: round(low + (high - low) * math.sqrt(max(v, 0.0) / top), 3) for node, v in numbers.items()}


def _number(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else 0.0


def _day(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


__all__: Sequence[str] = [
    "DaySpells",
    "gephi_graph",
    "meeting_spells",
    "pair_keys",
    "spell_index",
    "write_gephi",
    "write_gexf",
]
