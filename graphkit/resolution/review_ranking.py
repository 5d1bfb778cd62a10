"""The review queue's order and evidence: what each candidate cluster would change.

A reviewer's hour is best spent where a decision moves the rankings. For a cluster of
organisations (members ``m_1 … m_k``, ``n_i`` the meetings each attended), merging gives one
actor with ``U`` meetings (the union: a meeting two members both attended counts once):

- ``moved`` = ``U - max(n_i)``: the meetings the largest member would gain (a split moves the
  joined name's meetings to its parts: ``moved`` = its meetings);
- ``top`` = whether the cluster touches the top of the rankings: a member has, or the merged
  actor would have, at least as many meetings as the ``top_n``-th organisation (the
  organisations ranked by meetings attended);
- ``score`` = ``moved * TOP_WEIGHT`` where ``top``, else ``moved``.

The queue is sorted by ``score``, then ``moved``, then meetings, then cluster id. Each cluster
carries its evidence: the counterparts (officials and MEPs) two or more members met, each
member's first and last meeting date, and sample source rows (``file:line`` of a meeting each
member attended, as the meetings table keeps it: the row the source read the meeting from).
"""

from __future__ import annotations

import pandas as pd

from graphkit.model.schema import HOST
from graphkit.model.tables import Dataset

TOP_N = 100  # organisations ranked by meetings that count as the top (about the first two pages of a ranking)
TOP_WEIGHT = 10  # a meeting moved at the top counts this many times one moved further down
SAMPLE_ROWS = 2  # source rows shown per member
SHOWN_COUNTERPARTS = 5


def attended(dataset: Dataset) -> pd.DataFrame:
    """``meeting_id, actor_id`` of every meeting an actor attended (not hosted), once each.

    >>> ds = Dataset.from_records(participants=[{"meeting_id": "m", "actor_id": "organisation:a", "role": "attendee"},
    ...                                         {"meeting_id": "m", "actor_id": "official:b", "role": "host"}])
    >>> attended(ds).values.tolist()
    [['m', 'organisation:a']]
    """
    participants = dataset.participants
    rows = participants.loc[participants["role"] != HOST, ["meeting_id", "actor_id"]]
    return rows.drop_duplicates().reset_index(drop=True)


def rank(dataset: Dataset, found: pd.DataFrame, top_n: int = TOP_N) -> pd.DataFrame:
    """``found`` (``cluster, method, ids, …``; ``split`` True for a joined name to split, its
    first id the joined name) with ``moved``, ``top`` and ``score``, sorted by them.

    >>> ds = Dataset.from_records(participants=[
    ...     {"meeting_id": f"m{n}", "actor_id": actor, "role": "attendee"}
    ...     for n, actor in enumerate(["organisation:a"] * 3 + ["organisation:b", "organisation:c"])])
    >>> found = pd.DataFrame({"cluster": ["x", "y"], "method": ["m", "m"], "meetings": [4, 5],
    ...                       "ids": [["organisation:b", "organisation:c"], ["organisation:a", "organisation:c"]]})
    >>> rank(ds, found, top_n=1)[["cluster", "moved", "top", "score"]].values.tolist()
    [['y', 1, True, 10], ['x', 1, False, 1]]
    """
    if found.empty:
        return found.assign(moved=pd.Series(dtype=int), top=pd.Series(dtype=bool), score=pd.Series(dtype=int))
    rows = attended(dataset)
    counts = rows["actor_id"].value_counts()
    organisations = counts[counts.index.str.startswith("organisation:")]
    threshold = (
        int(organisations.iloc[min(top_n, len(organisations)) - 1]) if len(organisations) and top_n else None
    )
    members = found[["cluster", "ids"]].explode("ids").rename(columns={"ids": "actor_id"})
    union = members.merge(rows, on="actor_id").drop_duplicates(["cluster", "meeting_id"])
    union_size = union.groupby("cluster").size()
    largest = members.assign(n=members["actor_id"].map(counts).fillna(0)).groupby("cluster")["n"].max()
    split = (
        found["split"].fillna(False).astype(bool) if "split" in found else pd.Series(False, index=found.index)
    )
    first = found["ids"].str[0].map(counts).fillna(0)
    merged_size = found["cluster"].map(union_size).fillna(0)
    moved = (first.where(split, merged_size - found["cluster"].map(largest).fillna(0))).astype(int)
    reach = pd.concat([found["cluster"].map(largest).fillna(0), merged_size], axis=1).max(axis=1)
    top = (reach >= threshold) if threshold is not None else pd.Series(False, index=found.index)
    out = found.assign(moved=moved, top=top.astype(bool), score=moved * top.map({True: TOP_WEIGHT, False: 1}))
    out = out.sort_values(["score", "moved", "meetings", "cluster"], ascending=[False, False, False, True])
    return out.reset_index(drop=True)


def evidence(dataset: Dataset, found: pd.DataFrame) -> pd.DataFrame:
    """``found`` with ``counterparts`` (officials and MEPs two or more members met), ``dates``
    (each member's first and last meeting) and ``rows`` (sample ``file:line`` per member),
    members in the order of ``ids``, ``|``-separated.

    >>> ds = Dataset.from_records(
    ...     actors=[{"id": "official:x", "kind": "official", "name": "X"}],
    ...     meetings=[{"id": "m1", "date": "2021-03-02", "source": "ec", "source_ref": "ec.jsonl:1"},
    ...               {"id": "m2", "date": "2022-01-05", "source": "ec", "source_ref": "ec.jsonl:2"}],
    ...     participants=[{"meeting_id": m, "actor_id": a, "role": r} for m, a, r in [
    ...         ("m1", "organisation:a", "attendee"), ("m1", "official:x", "host"),
    ...         ("m2", "organisation:b", "attendee"), ("m2", "official:x", "host")]])
    >>> found = pd.DataFrame({"cluster": ["c"], "ids": [["organisation:a", "organisation:b"]]})
    >>> evidence(ds, found)[["counterparts", "dates", "rows"]].values.tolist()
    [['1 met by several: X', '2021-03-02..2021-03-02 | 2022-01-05..2022-01-05', 'ec.jsonl:1 | ec.jsonl:2']]
    """
    if found.empty:
        return found.assign(counterparts=[], dates=[], rows=[])
    members = found[["cluster", "ids"]].explode("ids").rename(columns={"ids": "actor_id"})
    wanted = set(members["actor_id"])
    rows = attended(dataset)
    rows = rows[rows["actor_id"].isin(wanted)]
    meetings = dataset.meetings[["id", "date", "source", "source_ref"]].rename(columns={"id": "meeting_id"})
    rows = rows.merge(meetings, on="meeting_id", how="left")
    # A meeting two sources reported keeps one source's row, which may not be the one that named
    # this member: rows of meetings one source reported come first.
    rows = rows.assign(several=rows["source"].fillna("").str.contains(";", regex=False))
    rows = rows.sort_values(["actor_id", "several", "date", "meeting_id"], na_position="last")
    samples = (
        rows.dropna(subset=["source_ref"])
        .groupby("actor_id")["source_ref"]
        .agg(lambda refs: "; ".join(refs.head(SAMPLE_ROWS)))
    )
    dates = rows.dropna(subset=["date"]).groupby("actor_id")["date"].agg(["min", "max"])
    spans = (dates["min"].dt.strftime("%Y-%m-%d") + ".." + dates["max"].dt.strftime("%Y-%m-%d")).to_dict()
    hosts = dataset.participants.loc[dataset.participants["role"] == HOST, ["meeting_id", "actor_id"]]
    met = rows[["meeting_id", "actor_id"]].merge(hosts, on="meeting_id", suffixes=("", "_host"))
    met = members.merge(met[["actor_id", "actor_id_host"]].drop_duplicates(), on="actor_id")
    per_host = met.groupby(["cluster", "actor_id_host"])["actor_id"].nunique()
    shared = per_host[per_host >= 2].reset_index()
    host_names = dict(zip(dataset.actors["id"], dataset.actors["name"], strict=True))
    shared = shared.assign(name=shared["actor_id_host"].map(lambda h: str(host_names.get(h, h))))
    shared_by_cluster = shared.sort_values("name").groupby("cluster")["name"].agg(list).to_dict()

    def counterparts(cluster: str) -> str:
        names = shared_by_cluster.get(cluster, [])
        if not names:
            return "none met by several"
        more = ", …" if len(names) > SHOWN_COUNTERPARTS else ""
        return f"{len(names)} met by several: " + ", ".join(names[:SHOWN_COUNTERPARTS]) + more

    return found.assign(
        counterparts=found["cluster"].map(counterparts),
        dates=found["ids"].map(lambda ids: " | ".join(spans.get(i, "-") for i in ids)),
        rows=found["ids"].map(lambda ids: " | ".join(samples.get(i, "-") for i in ids)),
    )
