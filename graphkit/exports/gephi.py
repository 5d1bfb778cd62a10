"""GEXF 1.3 for Gephi: meeting dates as spells (so Gephi's timeline plays the meetings), each
node's kind, category, community and centralities as attributes, and ``viz`` size, colour and
position so the graph opens drawn.

networkx writes the file (``write_gexf(..., version="1.3")``); this module only puts on the graph
what Gephi reads: a ``spells`` list of ``(start, end)`` ISO dates on every node and edge that
took part in a meeting (one one-day spell per meeting date), and a ``viz`` dict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import networkx as nx
import pandas as pd

from graphkit.exports.graph_files import GEXF_VERSION, atomic_write, gexf_ready, plain_attributes
from graphkit.graph.filters import GraphFilter, select
from graphkit.model.tables import Dataset
from graphkit.views.meetings import edge_meetings, node_meetings

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


def meeting_spells(
    dataset: Dataset, graph: nx.Graph, filters: GraphFilter | None = None
) -> tuple[dict[object, list[tuple[str, str]]], dict[tuple[object, object], list[tuple[str, str]]]]:
    """The one-day spells of each node and edge of ``graph``: the dates of the meetings (those
    ``filters`` keeps) that the node, or both ends of the edge, took part in.

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
    meetings, _ = select(dataset, filters)
    links = node_meetings(dataset, graph.nodes)
    links = links[links["meeting_id"].isin(meetings["id"])]
    links = links.assign(day=links["date"].dt.strftime("%Y-%m-%d"))
    node_spells = _spells(links["node"], links["day"])
    if graph.is_multigraph():
        return node_spells, {}
    edges = pd.DataFrame(list(graph.edges()), columns=["source", "target"])
    shared = edge_meetings(links, edges).merge(
        links[["meeting_id", "day"]].drop_duplicates(), on="meeting_id"
    )
    edge_spells = _spells(
        pd.Series(list(zip(shared["source"], shared["target"], strict=True)), dtype=object), shared["day"]
    )
    return node_spells, edge_spells


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
    """A copy of ``graph`` with what Gephi reads: spells, attributes and ``viz``.

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
    node_spells, edge_spells = meeting_spells(dataset, graph, filters)
    sizes: Mapping[object, float] = {}
    for measure, table in (scores or {}).items():
        values = dict(zip(table["id"], table[measure], strict=True))
        ranks = dict(zip(table["id"], table["rank"], strict=True))
        for node, data in out.nodes(data=True):
            if node in values:
                data[measure] = _number(values[node])
                data[f"{measure}_rank"] = int(ranks[node])
        if measure == size_by:
            sizes = _sizes(values)
    if communities is not None:
        membership = dict(zip(communities["id"], communities["community"], strict=True))
        for node, data in out.nodes(data=True):
            if node in membership:
                data["community"] = int(membership[node])
    for node, data in out.nodes(data=True):
        red, green, blue = KIND_RGB.get(str(data.get("kind")), OTHER_RGB)
        viz: dict[str, object] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        viz["size"] = sizes.get(node, SIZE_RANGE[0])
        if positions is not None and node in positions:
            x, y = positions[node]
            viz["position"] = {"x": float(x), "y": float(y), "z": 0.0}
        data["viz"] = viz
        if node in node_spells:
            data["spells"] = node_spells[node]
    if out.is_multigraph():
        for _, _, data in out.edges(data=True):
            day = _day(data.get("date"))
            if day is not None:
                data["spells"] = [(day, day)]
    else:
        for u, v, data in out.edges(data=True):
            spells = edge_spells.get((u, v)) or edge_spells.get((v, u))
            if spells:
                data["spells"] = spells
    return out


def write_gexf(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` (from :func:`gephi_graph`) as GEXF 1.3; ``viz`` and ``spells`` kept, the
    other attributes made plain as for every export (:func:`~graphkit.exports.graph_files.plain_attributes`),
    each node labelled with its name (:func:`~graphkit.exports.graph_files.gexf_ready`).

    >>> import tempfile
    >>> g = nx.Graph()
    >>> g.add_node("a", name="A", spells=[("2025-01-02", "2025-01-02")], viz={"size": 5.0})
    >>> path = write_gexf(g, Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(path, version="1.3").nodes["a"]["spells"]
    [('2025-01-02', '2025-01-02')]
    """
    path = Path(path)
    clean = plain_attributes(graph, keep=("viz", "spells"))
    atomic_write(path, lambda target: nx.write_gexf(gexf_ready(clean), target, version=GEXF_VERSION))
    return path


def _spells(keys: pd.Series, days: pd.Series) -> dict:
    """``{key: [(day, day), …]}``, each day once, in order: one sort, then one pass (a pandas
    group per node costs a second per 10,000 nodes)."""
    pairs = pd.DataFrame({"key": keys.to_numpy(), "day": days.to_numpy()}).drop_duplicates()
    pairs = pairs.sort_values("day", kind="stable")
    out: dict = {}
    for key, day in zip(pairs["key"].tolist(), pairs["day"].tolist(), strict=True):
        out.setdefault(key, []).append((day, day))
    return out


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


__all__: Sequence[str] = ["gephi_graph", "meeting_spells", "write_gexf"]
