"""Communities: which organisations and counterparts form coalitions that meet together."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.analysis import engines
from graphkit.analysis.centrality import node_table, tiebreak
from graphkit.errors import GraphkitError
from graphkit.graph.filters import GraphFilter, select
from graphkit.graph.matrix import graph_matrix
from graphkit.model.tables import Dataset

METHODS = ("louvain", "leiden")


def communities(
    graph: nx.Graph, method: str = "louvain", *, resolution: float = 1.0, seed: int | None = 0
) -> pd.DataFrame:
    """Split the graph into communities that maximise weighted modularity.

    Parameters
    ----------
    method
        ``"louvain"`` (Blondel et al. 2008, networkit's PLM) or ``"leiden"`` (Traag et al.
        2019, networkit's ParallelLeiden, three iterations); igraph's multilevel and Leiden when
        networkit is missing.
    resolution
        Above 1 gives more, smaller communities; below 1 fewer, larger ones (the γ of
        ``networkx.community.modularity``).
    seed
        The same seed gives the same communities (the run takes one thread). ``None`` runs on
        every core, about twice as fast on two, but two runs may split a few nodes differently:
        keep a seed for results you will publish.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, category, country, community`` with communities numbered 0, 1, … from
        the largest, sorted by community then name. ``frame.attrs["modularity"]`` holds the
        weighted modularity of the split (equal to networkx's ``modularity``).

    Examples
    --------
    >>> g = nx.barbell_graph(5, 0)  # two cliques joined by one edge
    >>> parts = communities(g, seed=1)
    >>> parts.groupby("community").size().tolist()
    [5, 5]
    >>> round(parts.attrs["modularity"], 3)
    0.452
    """
    if method not in METHODS:
        raise GraphkitError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    matrix = graph_matrix(graph)
    frame = node_table(graph, matrix)
    if matrix.weight.shape[0] == 0:
        frame["community"] = pd.Series(dtype=np.int64)
        frame.attrs["modularity"] = float("nan")
        return frame
    membership = _by_size(engines.partition(matrix, method, resolution, seed))
    frame["community"] = membership
    frame.attrs["modularity"] = engines.modularity(matrix, membership, resolution)
    frame.attrs["resolution"] = resolution
    order = np.lexsort((tiebreak(matrix), membership))
    return frame.iloc[order].reset_index(drop=True).pipe(_keep_attrs, frame.attrs)


def community_sets(frame: pd.DataFrame) -> list[set]:
    """The communities of a :func:`communities` frame as sets of node ids (for networkx)."""
    return [set(group) for _, group in frame.groupby("community")["id"]]


def community_summary(
    graph: nx.Graph,
    frame: pd.DataFrame,
    dataset: Dataset | None = None,
    *,
    filters: GraphFilter | None = None,
    top: int = 3,
) -> pd.DataFrame:
    """One row per community: size, members per kind, largest members, topics, institutions.

    ``largest`` lists the ``top`` members with the most meetings (weighted degree). With the
    ``dataset``, ``topics`` lists the topics of most meetings that members attended and
    ``institutions`` counts those meetings per institution (meetings that ``filters`` keeps:
    pass the graph's filters to describe the same window).

    >>> g = nx.barbell_graph(4, 0)
    >>> community_summary(g, communities(g, seed=1))[["community", "size"]].to_dict("records")
    [{'community': 0, 'size': 4}, {'community': 1, 'size': 4}]
    """
    matrix = graph_matrix(graph)
    strength = pd.Series(engines.weighted_degree(matrix), index=pd.Index(matrix.nodes, dtype=object))
    members = frame.assign(meetings=strength.reindex(frame["id"]).to_numpy())
    members["label"] = members["name"].where(members["name"].notna(), members["id"].astype(str))
    rows = []
    for community, group in members.groupby("community", sort=True):
        kinds = group["kind"].fillna("unknown").value_counts()
        largest = group.sort_values(["meetings", "label"], ascending=[False, True]).head(top)
        rows.append(
            {
                "community": int(community),
                "size": len(group),
                "kinds": ", ".join(f"{kind} {count}" for kind, count in kinds.items()),
                "largest": "; ".join(largest["label"]),
                "meetings": float(group["meetings"].sum()),
            }
        )
    summary = pd.DataFrame(rows, columns=["community", "size", "kinds", "largest", "meetings"])
    if dataset is not None and len(summary):
        meetings, participants = select(dataset, filters)
        summary = summary.merge(
            _topics_and_institutions(frame, dataset, meetings, participants, top), on="community", how="left"
        )
    return summary


def _topics_and_institutions(
    frame: pd.DataFrame, dataset: Dataset, meetings: pd.DataFrame, participants: pd.DataFrame, top: int
) -> pd.DataFrame:
    attended = participants[["meeting_id", "actor_id"]].merge(
        frame[["id", "community"]], left_on="actor_id", right_on="id"
    )[["meeting_id", "community"]].drop_duplicates()
    topic_names = dataset.topics.set_index("id")["name"]
    topics = attended.merge(dataset.meeting_topics, on="meeting_id")
    topics["topic"] = topics["topic_id"].map(topic_names).fillna(topics["topic_id"])
    top_topics = (
        topics.groupby(["community", "topic"]).size().rename("n").reset_index()
        .sort_values(["community", "n", "topic"], ascending=[True, False, True])
        .groupby("community").head(top)
        .groupby("community")["topic"].agg("; ".join).rename("topics")
    )  # fmt: skip
    institutions = attended.merge(meetings[["id", "institution"]], left_on="meeting_id", right_on="id")
    per_institution = (
        institutions.groupby(["community", "institution"]).size().rename("n").reset_index()
        .sort_values(["community", "n", "institution"], ascending=[True, False, True])
        .assign(text=lambda t: t["institution"] + " " + t["n"].astype(str))
        .groupby("community")["text"].agg(", ".join).rename("institutions")
    )  # fmt: skip
    return pd.concat([top_topics, per_institution], axis=1).reset_index().rename(columns={"index": "community"})


def _by_size(membership: np.ndarray) -> np.ndarray:
    """Renumber communities 0, 1, … from the largest (ties: the one holding the earliest node)."""
    labels, first, sizes = np.unique(membership, return_index=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    renumber = np.empty(labels.size, dtype=np.int64)
    renumber[order] = np.arange(labels.size)
    return renumber[np.searchsorted(labels, membership)]


def _keep_attrs(frame: pd.DataFrame, attrs: dict) -> pd.DataFrame:
    frame.attrs.update(attrs)
    return frame
