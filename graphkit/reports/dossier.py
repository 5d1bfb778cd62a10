"""A dossier: everything graphkit knows about one organisation, MEP or official, gathered for one
page (:mod:`graphkit.reports.page` writes it as HTML or Markdown).

Every figure comes from the functions the CLI prints: :func:`graphkit.analysis.profile.profile`
(``graphkit report``), :func:`graphkit.analysis.centrality` (``graphkit centrality``),
:func:`graphkit.analysis.hypergraph.hypergraph_centrality` (``graphkit hypergraph``) and
:func:`graphkit.analysis.communities` with :func:`~graphkit.analysis.community_summary`
(``graphkit communities``), on the same graphs with the same defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from graphkit.analysis import centrality, communities, community_summary
from graphkit.analysis.hypergraph import build_hypergraph, hypergraph_centrality
from graphkit.analysis.profile import Profile, profile
from graphkit.graph import build_graph
from graphkit.model import vocabulary
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.model.vocabulary import HEADLINE_MEASURES
from graphkit.reports.ego import ego_network
from graphkit.workspace.lookup import find_actor

# The graph the ranks are taken in (it holds organisations, MEPs and officials alike), and the
# measures shown: access, access to the well-connected, brokerage.
RANK_PROJECTION = "org-counterpart"
RANK_MEASURES = HEADLINE_MEASURES
# Hypergraph measures (each meeting one group), ranked among actors of the actor's kind as
# ``graphkit hypergraph --measure M --kind KIND`` ranks them: the name on the page, the measure.
HYPERGRAPH_RANKS = vocabulary.HYPERGRAPH_RANKS
# Communities: coalitions of organisations (graphkit communities' default) for an organisation;
# for an MEP or official, the organisations and counterparts they cluster with.
COMMUNITY_PROJECTIONS = {ORGANISATION: "org-org"}
DEFAULT_COMMUNITY_PROJECTION = "org-counterpart"
PROFILE_FIELDS = (
    ("kind", "Kind"),
    ("acronym", "Acronym"),
    ("register_id", "Transparency Register ID"),
    ("category", "Register category"),
    ("country", "Country"),
    ("group", "Political group"),
    ("national_party", "National party"),
    ("institution", "Institution"),
    ("unit", "Unit"),
    ("ep_member_id", "EP member id"),
    ("description", "Description"),
    ("id", "graphkit id"),
)
MEMBERS_SHOWN = 25


@dataclass
class Dossier:
    """One actor's dossier: the profile of ``graphkit report`` and what the page adds.

    Attributes
    ----------
    profile
        :func:`~graphkit.analysis.profile.profile` of the actor (all sections, ``top`` rows).
    facts
        ``(label, value)`` of the actor's attributes that have a value (Register data included).
    per_month
        ``month`` (``YYYY-MM``, every month from the first meeting to the last) and ``meetings``.
    ranks
        ``measure, value, rank, of, projection``: the actor's row of each measure's table
        (``projection`` ``hypergraph`` for the hypergraph measures, ranked among its kind).
    community
        ``projection, community, size, name, members`` (a frame of ``name, kind, meetings``) or
        ``None`` when the actor is in no community graph.
    sources
        Every record behind the page: ``record, date, title, source, reference, id``.
    ego
        The actor's ego network (:func:`graphkit.reports.ego.ego_network`): the actor, its top
        counterparts and co-attendees and the links between them.
    """

    profile: Profile
    facts: list[tuple[str, str]]
    per_month: pd.DataFrame
    ranks: pd.DataFrame
    community: dict[str, object] | None
    sources: pd.DataFrame
    ego: nx.Graph = field(default_factory=nx.Graph)
    notes: list[str] = field(default_factory=list)

    @property
    def actor(self) -> dict[str, object]:
        """The actor's attributes."""
        return self.profile.actor


def dossier(dataset: Dataset, name: str, *, top: int = 20, seed: int = 0) -> Dossier:
    """Gather the dossier of the actor ``name`` names (id, Register ID, name or acronym).

    Parameters
    ----------
    dataset
        The canonical tables.
    name
        As for ``graphkit report``.
    top
        Rows per ranked section (counterparts, co-attendees, topics), as ``report --top``.
    seed
        Seed of the communities (``graphkit communities --seed``, 0 by default).

    Examples
    --------
    >>> from pathlib import Path
    >>> from graphkit.sources import openlobby
    >>> ds = openlobby.read(Path("examples/openlobby/11-11-11.txt")).dataset
    >>> d = dossier(ds, "11.11.11")
    >>> int(d.per_month["meetings"].sum()), int(d.ranks.set_index("measure").loc["degree", "rank"])
    (18, 1)
    >>> d.community["projection"], len(d.sources)
    ('org-org', 22)
    """
    actor = find_actor(dataset, name)
    result = profile(dataset, actor["id"], top=top)
    attributes = result.actor
    facts = [(label, str(attributes[key])) for key, label in PROFILE_FIELDS if attributes.get(key)]
    return Dossier(
        profile=result,
        facts=facts,
        per_month=monthly_meetings(result.sections["meetings"]),
        ranks=_ranks(dataset, actor["id"], str(actor["kind"])),
        community=_community(dataset, actor["id"], str(actor["kind"]), seed),
        sources=_sources(dataset, actor["id"]),
        ego=ego_network(dataset, actor["id"], result.sections),
    )


def monthly_meetings(meetings: pd.DataFrame) -> pd.DataFrame:
    """Meetings per month of a profile's ``meetings`` section, every month from the first to the
    last (months without a meeting count 0).

    >>> import datetime as dt
    >>> monthly_meetings(pd.DataFrame({"date": [dt.date(2024, 1, 5), dt.date(2024, 3, 1), dt.date(2024, 3, 9)]}))
         month  meetings
    0  2024-01         1
    1  2024-02         0
    2  2024-03         2
    """
    dates = pd.to_datetime(pd.Series(meetings["date"]), errors="coerce").dropna()
    if dates.empty:
        return pd.DataFrame({"month": pd.Series(dtype=object), "meetings": pd.Series(dtype="int64")})
    months = dates.dt.to_period("M")
    counts = months.value_counts()
    every = pd.period_range(months.min(), months.max(), freq="M")
    counts = counts.reindex(every, fill_value=0)
    return pd.DataFrame({"month": [str(p) for p in every], "meetings": counts.to_numpy().astype("int64")})


def _ranks(dataset: Dataset, actor_id: str, kind: str) -> pd.DataFrame:
    graph = build_graph(dataset, RANK_PROJECTION)
    rows = []
    if actor_id in graph:
        for measure in RANK_MEASURES:
            table = centrality(graph, measure)
            row = table[table["id"] == actor_id].iloc[0]
            rows.append(
                {
                    "measure": measure,
                    "value": float(row[measure]),
                    "rank": int(row["rank"]),
                    "of": len(table),
                    "projection": RANK_PROJECTION,
                }
            )
    hypergraph = build_hypergraph(dataset)
    for title, measure in HYPERGRAPH_RANKS:
        table = hypergraph_centrality(hypergraph, measure, kinds=(kind,))
        mine = table[table["id"] == actor_id]
        if mine.empty:
            break
        rows.append(
            {
                "measure": title,
                "value": float(mine[measure].iloc[0]),
                "rank": int(mine["rank"].iloc[0]),
                "of": len(table),
                "projection": "hypergraph",
            }
        )
    return pd.DataFrame(rows, columns=["measure", "value", "rank", "of", "projection"])


def _community(dataset: Dataset, actor_id: str, kind: str, seed: int) -> dict[str, object] | None:
    projection = COMMUNITY_PROJECTIONS.get(kind, DEFAULT_COMMUNITY_PROJECTION)
    graph = build_graph(dataset, projection)
    if actor_id not in graph:
        return None
    frame = communities(graph, seed=seed)
    number = int(frame.loc[frame["id"] == actor_id, "community"].iloc[0])
    summary = community_summary(graph, frame, dataset)
    row = summary[summary["community"] == number].iloc[0]
    members = frame[frame["community"] == number][["id", "name", "kind"]]
    attended = dataset.participants.drop_duplicates(["meeting_id", "actor_id"])["actor_id"].value_counts()
    members = members.assign(meetings=attended.reindex(members["id"]).fillna(0).astype("int64").to_numpy())
    members = members.sort_values(["meetings", "name"], ascending=[False, True], kind="stable")
    return {
        "projection": projection,
        "community": number,
        "size": int(row["size"]),
        "name": str(row["largest"]),
        "members": members.reset_index(drop=True),
    }


def _sources(dataset: Dataset, actor_id: str) -> pd.DataFrame:
    """The records behind the page: the actor's own, each meeting and each response."""
    actors = dataset.actors[dataset.actors["id"] == actor_id]
    own = dataset.participants[dataset.participants["actor_id"] == actor_id]["meeting_id"].unique()
    meetings = dataset.meetings[dataset.meetings["id"].isin(own)]
    responses = dataset.responses[dataset.responses["actor_id"] == actor_id]
    merged = dataset.merges[dataset.merges["into_id"] == actor_id]
    frames = [
        pd.DataFrame(
            {
                "record": "actor",
                "date": None,
                "title": actors["name"],
                "source": actors["source"],
                "reference": None,
                "id": actors["id"],
            }
        ),
        pd.DataFrame(
            {
                "record": "merged name",
                "date": None,
                "title": merged["from_name"],
                "source": "entity resolution: " + merged["rule"].astype(str),
                "reference": merged["from_id"],
                "id": merged["into_id"],
            }
        ),
        pd.DataFrame(
            {
                "record": "meeting",
                "date": meetings["date"].dt.date,
                "title": meetings["title"],
                "source": meetings["source"],
                "reference": meetings["source_ref"],
                "id": meetings["id"],
            }
        ),
        pd.DataFrame(
            {
                "record": "response",
                "date": responses["date"].dt.date,
                "title": responses["consultation_title"],
                "source": responses["source"],
                "reference": responses["source_ref"],
                "id": responses["id"],
            }
        ),
    ]
    out = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    order = {"actor": 0, "merged name": 1, "meeting": 2, "response": 3}
    out = out.assign(_order=out["record"].map(order), _date=pd.to_datetime(out["date"]))
    out = out.sort_values(["_order", "_date", "id"], ascending=[True, False, True], kind="stable")
    return out.drop(columns=["_order", "_date"]).reset_index(drop=True)
