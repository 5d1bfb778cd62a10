"""networkx graphs from the dataset: the full meeting graph and its projections."""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graphkit.graph.filters import GraphFilter, select
from graphkit.graph.matrix import GraphMatrix, RememberedGraph, remember_matrix
from graphkit.graph.names import MEETINGS
from graphkit.graph.projections import NODE_ATTRIBUTES, PROJECTIONS, Projection, incidence, project
from graphkit.model.graph_model import LABEL_OF_KIND, RELATIONSHIPS
from graphkit.model.relationships import relationship_frames
from graphkit.model.tables import Dataset
from graphkit.model.topics import topic_links


def build_graph(
    dataset: Dataset, projection: str = "org-mep", *, filters: GraphFilter | None = None
) -> nx.Graph:
    """A networkx graph of ``dataset``: the meeting graph or one of its projections.

    Parameters
    ----------
    dataset
        The canonical dataset (``Workspace(...).load()``, ``ingest(...)``, ``synthetic.generate()``).
    projection
        ``"meetings"``: the full meeting graph of DESIGN.md as a ``nx.MultiDiGraph`` — one edge
        per meeting and relation, the relationships the stores load (``relation`` = ``MET``
        organisation or person → MEP/official with ``role`` (the attendee's, ``attendee``) and
        ``capacity`` (the host's, e.g. Rapporteur), ``CO_ATTENDED`` organisation → organisation,
        ``LOBBIED_ON`` organisation → topic, ``DISCUSSED`` MEP/official → topic; see
        :mod:`graphkit.model.graph_model`), each with ``meeting_id``, ``date``, ``title``,
        ``weight`` = ``meetings`` = 1.
        Projections (``nx.Graph``, edges weighted by meetings): ``org-counterpart``,
        ``org-mep``, ``org-official``, ``org-topic`` (two-mode, node attribute ``bipartite`` 0
        for organisations, 1 for the other side), ``org-org`` (co-attendance; also
        ``newman_weight``), ``mep-mep`` and ``official-official`` (``weight`` = organisations
        both met; ``meetings`` = meetings those organisations had with either).
    filters
        A :class:`~graphkit.graph.GraphFilter` (date window, term, institution, category,
        country, minimum meetings).

    Returns
    -------
    networkx.Graph
        Nodes are actor ids (topic ids for topics) with ``kind``, ``name``, ``acronym``,
        ``category``, ``country`` and ``group`` (``None`` when unknown). Every edge has
        ``weight`` and ``meetings``.

    Examples
    --------
    >>> from graphkit.synthetic import generate
    >>> g = build_graph(generate(organisations=100, meetings=300, seed=0), "org-mep")
    >>> node, data = next(iter(g.nodes(data=True)))
    >>> data["kind"], data["bipartite"]
    ('organisation', 0)
    >>> all(d["weight"] == d["meetings"] >= 1 for _, _, d in g.edges(data=True))
    True
    """
    if projection == MEETINGS:
        return meeting_graph(dataset, filters)
    return to_networkx(project(dataset, projection, filters=filters))


def to_networkx(projection: Projection) -> nx.Graph:
    """A projection as an ``nx.Graph`` (its matrix remembered for fast analysis)."""
    nodes = projection.nodes
    graph = RememberedGraph(projection=projection.name)
    attribute_columns = [*NODE_ATTRIBUTES, *(["bipartite"] if projection.bipartite else [])]
    # Column lists zipped into dicts: a third of the time of to_dict("records"), which boxes
    # every value; tolist() already gives Python ints for bipartite.
    values = zip(*(nodes[column].tolist() for column in attribute_columns), strict=True)
    records = [dict(zip(attribute_columns, row, strict=True)) for row in values]
    ids = nodes["id"].tolist()
    graph.add_nodes_from(zip(ids, records, strict=True))
    upper = sp.triu(projection.weight, k=1).tocoo()
    names = ["weight", *projection.edge_attributes]
    columns = [upper.data.tolist()]
    for matrix in projection.edge_attributes.values():
        values = sp.triu(matrix, k=1).tocoo()
        columns.append(values.data.tolist())
    id_array = np.array(ids, dtype=object)
    graph.add_edges_from(
        zip(
            id_array[upper.row].tolist(),
            id_array[upper.col].tolist(),
            (dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)),
            strict=True,
        )
    )
    bipartite = nodes["bipartite"].to_numpy(np.int8) if projection.bipartite else None
    table = nodes[["id", "name", "kind", "category", "country"]].reset_index(drop=True)
    remember_matrix(
        graph, GraphMatrix(ids, projection.weight.astype(np.float64), upper.nnz, bipartite, table)
    )
    return graph


def meeting_graph(dataset: Dataset, filters: GraphFilter | None = None) -> nx.MultiDiGraph:
    """The full meeting graph (see :func:`build_graph`, projection ``"meetings"``).

    >>> from graphkit.synthetic import generate
    >>> g = meeting_graph(generate(organisations=30, meetings=40, seed=0))
    >>> sorted({d["relation"] for _, _, d in g.edges(data=True)})
    ['CO_ATTENDED', 'DISCUSSED', 'LOBBIED_ON', 'MET']
    """
    meetings, participants = select(dataset, filters)
    inc = incidence(dataset, filters)
    graph = nx.MultiDiGraph(projection=MEETINGS)
    present = np.flatnonzero(np.diff(inc.matrix.indptr) > 0)
    actors = inc.actors.iloc[present]
    # The model's nodes only: EU institutions, governments and unknown entries are no node (they
    # draw no relationship in memory or in the stores).
    actors = actors[actors["kind"].isin(list(LABEL_OF_KIND))]
    graph.add_nodes_from(zip(actors["id"], actors[list(NODE_ATTRIBUTES)].to_dict("records"), strict=True))
    # The edges are the stores' relationships (one declaration, graphkit.model.graph_model), so
    # the in-memory graph and the loaded graph agree relationship for relationship.
    frames = relationship_frames(dataset, meetings, participants, meeting_only=True)
    links = topic_links(dataset)
    links = links[links["meeting_id"].isin(meetings["id"])]
    topics = inc.topics[inc.topics["id"].isin(links["topic_id"])]
    graph.add_nodes_from(zip(topics["id"], topics[list(NODE_ATTRIBUTES)].to_dict("records"), strict=True))
    for rel in RELATIONSHIPS:
        if not rel.meeting:
            continue
        frame = frames[rel.load_file]
        # Column lists zipped into dicts: faster than to_dict("records") (as in to_networkx).
        names = ["relation", "weight", "meetings", *rel.properties]
        values = [frame[name].tolist() for name in rel.properties]
        fixed = [rel.type, 1, 1]
        graph.add_edges_from(
            (source, target, dict(zip(names, [*fixed, *row], strict=True)))
            for source, target, *row in zip(
                frame[rel.columns[0]].tolist(), frame[rel.columns[1]].tolist(), *values, strict=True
            )
        )
    return graph


__all__ = ["MEETINGS", "PROJECTIONS", "build_graph", "meeting_graph", "to_networkx"]
