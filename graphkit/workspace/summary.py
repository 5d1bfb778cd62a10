"""What is in a dataset: counts by table and kind, date range, the most-met counterparts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.model.schema import ATTENDEE, HOST, MEP, OFFICIAL, ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.resolution.resolve import merge_counts


def summarise(dataset: Dataset) -> dict[str, object]:
    """Counts per table, actors per kind, meetings per institution and source, date range, and
    what entity resolution merged (organisations before and after, meetings merged).

    >>> summarise(Dataset.empty())["meetings"]
    0
    """
    counts = dataset.counts()
    dates = dataset.meetings["date"].dropna()
    return {
        **{name: count for name, count in counts.items()},
        "kinds": {str(k): int(v) for k, v in dataset.actors["kind"].value_counts().sort_index().items()},
        "institutions": _value_counts(dataset.meetings["institution"]),
        "sources": _value_counts(dataset.meetings["source"].str.split(";").explode()),
        "first_meeting": dates.min().date().isoformat() if len(dates) else None,
        "last_meeting": dates.max().date().isoformat() if len(dates) else None,
        "truncated_attendee_lists": int(dataset.meetings["attendees_truncated"].sum()),
        **merge_counts(dataset),
    }


def top_counterparts(dataset: Dataset, top: int = 10) -> pd.DataFrame:
    """MEPs and officials by the number of meetings they held with organisations.

    Columns: ``id, name, kind, meetings, organisations, hosted``, sorted by meetings, then
    name. ``meetings``: distinct meetings at which at least one organisation was present, and
    ``organisations``: the distinct organisations met; both are what the graph's ``MET``
    relationships count (``graphkit query``, Neo4j), for example for one MEP::

        MATCH (o:Organisation)-[r:MET]->(m:MEP {name: $name})
        RETURN count(DISTINCT r.meeting_id) AS meetings, count(DISTINCT o) AS organisations

    ``hosted``: every meeting they are listed at, those with only persons, institutions or no
    attendee named too (as ``graphkit report`` counts per year).

    >>> top_counterparts(Dataset.empty()).columns.tolist()
    ['id', 'name', 'kind', 'meetings', 'organisations', 'hosted']
    """
    participants = dataset.participants
    hosts = participants[participants["role"] == HOST][["meeting_id", "actor_id"]]
    attendees = participants[participants["role"] == ATTENDEE][["meeting_id", "actor_id"]]
    organisations = dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "id"]
    attendees = attendees[attendees["actor_id"].isin(organisations)]
    pairs = hosts.merge(attendees, on="meeting_id", suffixes=("", "_org"))
    hosted = distinct_counts(hosts["actor_id"], hosts["meeting_id"])
    ids = hosted.index.sort_values()
    table = pd.DataFrame(
        {
            "id": ids.astype(object),
            "meetings": distinct_counts(pairs["actor_id"], pairs["meeting_id"]).reindex(ids, fill_value=0).to_numpy(),
            "organisations": distinct_counts(pairs["actor_id"], pairs["actor_id_org"])
            .reindex(ids, fill_value=0)
            .to_numpy(),
            "hosted": hosted.reindex(ids).to_numpy(),
        }
    ).merge(dataset.actors[["id", "name", "kind"]], on="id", how="left")
    table = table[table["kind"].isin([MEP, OFFICIAL])]
    table = table.astype({"meetings": int, "organisations": int, "hosted": int})
    table = table.sort_values(["meetings", "name"], ascending=[False, True]).head(top)
    return table[["id", "name", "kind", "meetings", "organisations", "hosted"]].reset_index(drop=True)


def distinct_counts(keys: pd.Series, values: pd.Series) -> pd.Series:
    """How many distinct ``values`` each key has, by key (missing values not counted): what
    ``groupby(keys)[values].nunique()`` gives, on integer codes (pandas' nunique per group is
    most of an ingest's summary on small data, and slower on large).

    >>> distinct_counts(pd.Series(["a", "a", "b", "a"]), pd.Series([1, 1, 2, 3])).to_dict()
    {'a': 2, 'b': 1}
    """
    key_codes, key_values = pd.factorize(keys)
    value_codes, distinct = pd.factorize(values)
    counted = (key_codes >= 0) & (value_codes >= 0)
    pairs = np.unique(key_codes[counted].astype(np.int64) * (len(distinct) + 1) + value_codes[counted])
    counts = np.bincount(pairs // (len(distinct) + 1), minlength=len(key_values))
    return pd.Series(counts, index=pd.Index(key_values), dtype=np.int64)


def meetings_with_organisations(dataset: Dataset, actor_id: str) -> tuple[int, int]:
    """(meetings listed, meetings with at least one organisation present) of one actor: the
    second is what the graph's ``MET`` (and, for an organisation, ``CO_ATTENDED``) relationships
    count in Cypher, ``count(DISTINCT r.meeting_id)``.

    >>> meetings_with_organisations(Dataset.empty(), "mep:nobody")
    (0, 0)
    """
    participants = dataset.participants
    own = participants.loc[participants["actor_id"] == actor_id, "meeting_id"].unique()
    organisations = dataset.actors.loc[dataset.actors["kind"] == ORGANISATION, "id"]
    present = participants[
        participants["meeting_id"].isin(own)
        & participants["actor_id"].isin(organisations)
        & (participants["actor_id"] != actor_id)
    ]
    return len(own), int(present["meeting_id"].nunique())


def _value_counts(values: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in values.dropna().value_counts().sort_index().items()}


def merges_table(dataset: Dataset, table: str | None = None) -> pd.DataFrame:
    """Every merge entity resolution made, with the rule that made it, ordered by table and
    the name kept.

    >>> merges_table(Dataset.empty()).columns.tolist()
    ['table', 'into_name', 'from_name', 'rule', 'into_id', 'from_id']
    """
    merges = dataset.merges
    if table is not None:
        merges = merges[merges["table"] == table]
    columns = ["table", "into_name", "from_name", "rule", "into_id", "from_id"]
    return merges.sort_values(["table", "into_name", "from_name"], na_position="last")[columns].reset_index(
        drop=True
    )
