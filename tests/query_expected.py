"""A known dataset for the Cypher query tests, and each named query's answer computed
independently with pandas from the canonical tables (never from a store or from
graphkit.stores.rows), so a query, a load file or an engine that goes wrong shows up."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.ingest import ingest
from graphkit.stores.values import plain
from graphkit.synthetic import generate
from graphkit.workspace import Dataset, Workspace

ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = ROOT / "examples" / "openlobby" / "11-11-11.txt"

# The hand-made part: parallel meetings, a two-host meeting, a person, an official, capacities,
# two responses by one organisation and an organisation with no meeting at all.
A, B, C, D = (f"organisation:{name}" for name in ("alpha", "beta", "gamma", "delta"))
M1, M2, F1, P1 = "mep:maria-one", "mep:mark-two", "official:fiona-one", "person:paul-one"
T1, T2, T3 = "topic:trade", "topic:climate", "topic:migration"


def handmade() -> Dataset:
    """A small dataset whose answers can be checked by hand."""
    actors = [
        {"id": A, "kind": "organisation", "name": "Alpha Org", "acronym": "ALPHA", "country": "Belgium"},
        {"id": B, "kind": "organisation", "name": "Beta Org", "category": "NGO"},
        {"id": C, "kind": "organisation", "name": "Gamma Org"},
        {"id": D, "kind": "organisation", "name": "Delta Org"},
        {"id": M1, "kind": "mep", "name": "Maria One", "group": "EPP", "country": "Austria"},
        {"id": M2, "kind": "mep", "name": "Mark Two", "group": "S&D"},
        {"id": F1, "kind": "official", "name": "Fiona One", "institution": "European Commission"},
        {"id": P1, "kind": "person", "name": "Paul One"},
    ]
    meetings = [
        ("meeting:h1", "2023-01-10", "EP", "Trade deal", [(M1, "Rapporteur")], [A, B], [T1]),
        ("meeting:h2", "2023-03-05", "EP", "Trade and climate", [(M1, None)], [A], [T1, T2]),
        ("meeting:h3", "2024-02-01", "EP", "Climate law", [(M2, "Shadow rapporteur")], [A, B, C], [T2]),
        ("meeting:h4", "2024-06-01", "EC", "Migration pact", [(F1, None)], [B, P1], [T3]),
        ("meeting:h5", "2024-06-01", "EP", "Joint hearing", [(M1, "Rapporteur"), (M2, None)], [C], []),
        ("meeting:h6", "2022-12-12", "EP", "Climate law early", [(M2, None)], [A], [T2]),
    ]
    rows_meetings, participants, meeting_topics = [], [], []
    for meeting, date, institution, title, hosts, attendees, topics in meetings:
        rows_meetings.append({"id": meeting, "date": date, "title": title, "institution": institution})
        for host, capacity in hosts:
            participants.append(
                {"meeting_id": meeting, "actor_id": host, "role": "host", "capacity": capacity}
            )
        for attendee in attendees:
            participants.append({"meeting_id": meeting, "actor_id": attendee, "role": "attendee"})
        meeting_topics += [{"meeting_id": meeting, "topic_id": topic} for topic in topics]
    topics = [{"id": T1, "name": "Trade"}, {"id": T2, "name": "Climate"}, {"id": T3, "name": "Migration"}]
    responses = [
        {"id": "response:1", "actor_id": A, "consultation_id": "consultation:x", "consultation_title": "X",
         "date": "2021-05-01"},
        {"id": "response:2", "actor_id": A, "consultation_id": "consultation:x", "consultation_title": "X",
         "date": "2022-01-01"},
        {"id": "response:3", "actor_id": D, "consultation_id": "consultation:y", "consultation_title": "Y",
         "date": "2023-02-02"},
    ]  # fmt: skip
    return Dataset.from_records(
        actors=actors,
        meetings=rows_meetings,
        participants=participants,
        topics=topics,
        meeting_topics=meeting_topics,
        responses=responses,
    )


@cache
def seed_dataset() -> Dataset:
    """The bundled OpenLobby page, ingested."""
    return ingest([SEED_PAGE], Workspace(tempfile.mkdtemp(prefix="graphkit-seed-"))).dataset


@cache
def known_dataset() -> Dataset:
    """Hand-made + the seed page + a small synthetic dataset (heavy-tailed, parallel edges)."""
    return Dataset.concat([handmade(), seed_dataset(), generate(organisations=60, meetings=300, seed=3)])


# ---- independent answers --------------------------------------------------------------------


def _participants(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    actors = ds.actors[["id", "kind", "name"]].rename(columns={"id": "actor_id"})
    p = ds.participants.merge(actors, on="actor_id")
    hosts = p[(p["role"] == "host") & p["kind"].isin(["mep", "official"])]
    attendees = p[(p["role"] == "attendee") & p["kind"].isin(["organisation", "person"])]
    return hosts, attendees


def met_edges(ds: Dataset) -> pd.DataFrame:
    """One row per attendee, host and meeting: what MET means."""
    hosts, attendees = _participants(ds)
    met = attendees.merge(hosts, on="meeting_id", suffixes=("", "_host"))
    met["capacity"] = met["capacity_host"].fillna(met["capacity"])
    meetings = ds.meetings[["id", "date", "title"]].rename(columns={"id": "meeting_id"})
    return met.merge(meetings, on="meeting_id")


LABEL = {"organisation": "Organisation", "mep": "MEP", "official": "Official", "person": "Person"}


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def _sorted(frame: pd.DataFrame, by: list[str], descending: list[bool]) -> pd.DataFrame:
    return frame.sort_values(by, ascending=[not d for d in descending], kind="stable").reset_index(drop=True)


def top_lobbyists(ds: Dataset, mep: str, limit: int = 10) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[(met["actor_id_host"] == mep) & (met["kind"] == "organisation")]
    out = met.groupby(["actor_id", "name"]).agg(
        meetings=("meeting_id", "size"), first_meeting=("date", "min"), last_meeting=("date", "max")
    )
    out = out.reset_index().rename(columns={"actor_id": "id", "name": "organisation"})
    return _sorted(out, ["meetings", "id"], [True, False]).head(limit)


def counterparts_over_time(ds: Dataset, organisation: str) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[met["actor_id"] == organisation].assign(year=lambda f: f["date"].dt.year)
    out = (
        met.groupby(["year", "actor_id_host", "name_host", "kind_host"])
        .size()
        .rename("meetings")
        .reset_index()
    )
    out = out.rename(columns={"actor_id_host": "id", "name_host": "counterpart", "kind_host": "kind"})
    out["kind"] = out["kind"].map(LABEL)
    out = out[["year", "id", "counterpart", "kind", "meetings"]]
    return _sorted(out, ["year", "meetings", "id"], [False, True, False])


def co_attendance_partners(ds: Dataset, organisation: str, limit: int = 20) -> pd.DataFrame:
    _, attendees = _participants(ds)
    orgs = attendees[attendees["kind"] == "organisation"]
    mine = orgs[orgs["actor_id"] == organisation][["meeting_id"]]
    others = orgs[orgs["actor_id"] != organisation].merge(mine, on="meeting_id")
    others = others.merge(ds.meetings[["id", "date"]].rename(columns={"id": "meeting_id"}), on="meeting_id")
    out = others.groupby(["actor_id", "name"]).agg(
        shared_meetings=("meeting_id", "size"), first_meeting=("date", "min"), last_meeting=("date", "max")
    )
    out = out.reset_index().rename(columns={"actor_id": "id", "name": "partner"})
    return _sorted(out, ["shared_meetings", "id"], [True, False]).head(limit)


def shortest_path(ds: Dataset, start: str, end: str) -> pd.DataFrame:
    graph = nx.Graph()
    met = met_edges(ds)
    graph.add_edges_from(zip(met["actor_id"], met["actor_id_host"], strict=True))
    _, attendees = _participants(ds)
    orgs = attendees[attendees["kind"] == "organisation"][["meeting_id", "actor_id"]]
    pairs = orgs.merge(orgs, on="meeting_id")
    pairs = pairs[pairs["actor_id_x"] < pairs["actor_id_y"]]
    graph.add_edges_from(zip(pairs["actor_id_x"], pairs["actor_id_y"], strict=True))
    names = dict(zip(ds.actors["id"], ds.actors["name"], strict=True))
    columns = ["hops", "actors", "ids"]
    if start not in graph or end not in graph or not nx.has_path(graph, start, end):
        return pd.DataFrame(columns=columns)
    paths = [path for path in nx.all_shortest_paths(graph, start, end) if len(path) - 1 <= 6]
    return pd.DataFrame(
        [(len(path) - 1, [names[node] for node in path], list(path)) for path in paths], columns=columns
    )


def shared_meps(ds: Dataset, organisation: str, other: str) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[met["kind_host"] == "mep"]
    first = met[met["actor_id"] == organisation].groupby("actor_id_host").size().rename("meetings_first")
    second = met[met["actor_id"] == other].groupby("actor_id_host").size().rename("meetings_second")
    out = pd.concat([first, second], axis=1, join="inner").reset_index(names="id")
    out["mep"] = out["id"].map(dict(zip(ds.actors["id"], ds.actors["name"], strict=True)))
    out = out[["id", "mep", "meetings_first", "meetings_second"]]
    out["total"] = out["meetings_first"] + out["meetings_second"]
    return _sorted(out, ["total", "id"], [True, False]).drop(columns="total")


def _topic_links(ds: Dataset) -> pd.DataFrame:
    """Meeting ↔ topic links of Topic nodes: a title resolution kept as a title only (generic,
    or one meeting's) is no Topic."""
    titles_only = ds.topics.loc[ds.topics["title_only"].notna(), "id"]
    return ds.meeting_topics[~ds.meeting_topics["topic_id"].isin(titles_only)]


def topics_by_organisation(ds: Dataset, organisation: str) -> pd.DataFrame:
    _, attendees = _participants(ds)
    mine = attendees[(attendees["actor_id"] == organisation) & (attendees["kind"] == "organisation")]
    rows = mine.merge(_topic_links(ds), on="meeting_id").merge(
        ds.meetings[["id", "date"]].rename(columns={"id": "meeting_id"}), on="meeting_id"
    )
    topics = ds.topics.rename(columns={"id": "topic_id", "name": "topic"})
    out = (
        rows.merge(topics, on="topic_id")
        .groupby(["topic_id", "topic"])
        .agg(meetings=("meeting_id", "size"), first_meeting=("date", "min"), last_meeting=("date", "max"))
    )
    out = out.reset_index().rename(columns={"topic_id": "id"})
    return _sorted(out, ["meetings", "id"], [True, False])


def degree_centrality(ds: Dataset, limit: int = 20) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[met["kind"] == "organisation"]
    grouped = met.groupby("actor_id").agg(
        degree=("actor_id_host", "nunique"), meetings=("meeting_id", "nunique")
    )
    orgs = ds.actors[ds.actors["kind"] == "organisation"][["id", "name"]].rename(
        columns={"name": "organisation"}
    )
    out = orgs.merge(grouped, left_on="id", right_index=True, how="left").fillna({"degree": 0, "meetings": 0})
    out[["degree", "meetings"]] = out[["degree", "meetings"]].astype(int)
    return _sorted(out, ["degree", "meetings", "id"], [True, True, False]).head(limit)


def most_lobbied(ds: Dataset, limit: int = 20) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[met["kind"] == "organisation"]
    out = met.groupby(["actor_id_host", "name_host", "kind_host"]).agg(
        meetings=("meeting_id", "nunique"), organisations=("actor_id", "nunique")
    )
    out = out.reset_index().rename(
        columns={"actor_id_host": "id", "name_host": "counterpart", "kind_host": "kind"}
    )
    out["kind"] = out["kind"].map(LABEL)
    return _sorted(out, ["meetings", "organisations", "id"], [True, True, False]).head(limit)


def rapporteur_access(
    ds: Dataset, capacities: tuple[str, ...] = ("Rapporteur", "Shadow rapporteur"), limit: int = 20
) -> pd.DataFrame:
    met = met_edges(ds)
    met = met[
        (met["kind"] == "organisation") & (met["kind_host"] == "mep") & met["capacity"].isin(capacities)
    ]
    out = met.groupby(["actor_id", "name"]).agg(
        meetings=("meeting_id", "nunique"), distinct_meps=("actor_id_host", "nunique")
    )
    out = out.reset_index().rename(columns={"actor_id": "id", "name": "organisation"})
    return _sorted(out, ["meetings", "distinct_meps", "id"], [True, True, False]).head(limit)


def meetings_between(ds: Dataset, organisation: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    met = met_edges(ds)
    days = met["date"].dt.date
    met = met[(met["actor_id"] == organisation) & (days >= start) & (days <= end)]
    out = pd.DataFrame(
        {
            "date": met["date"],
            "title": met["title"],
            "counterpart": met["name_host"],
            "kind": met["kind_host"].map(LABEL),
            "capacity": met["capacity"],
            "meeting_id": met["meeting_id"],
        }
    )
    return _sorted(out, ["date", "meeting_id", "counterpart"], [False, False, False])


def topic_actors(ds: Dataset, topic: str) -> pd.DataFrame:
    hosts, attendees = _participants(ds)
    links = _topic_links(ds)
    on_topic = links[links["topic_id"] == topic][["meeting_id"]]
    orgs = attendees[attendees["kind"] == "organisation"].merge(on_topic, on="meeting_id")
    hosts = hosts.merge(on_topic, on="meeting_id")
    both = pd.concat([orgs, hosts])
    out = both.groupby(["kind", "actor_id", "name"]).size().rename("meetings").reset_index()
    out["kind"] = out["kind"].map(LABEL)
    out = out.rename(columns={"actor_id": "id", "name": "actor"})
    return _sorted(out, ["meetings", "id"], [True, False])


def consultation_lobbying(ds: Dataset) -> pd.DataFrame:
    orgs = ds.actors[ds.actors["kind"] == "organisation"][["id", "name"]]
    responses = ds.responses.merge(orgs, left_on="actor_id", right_on="id", suffixes=("", "_actor"))
    met = met_edges(ds)
    meetings = met.groupby("actor_id")["meeting_id"].nunique()
    out = pd.DataFrame(
        {
            "consultation": responses["consultation_title"],
            "organisation": responses["name"],
            "responded": responses["date"],
            "meetings": responses["actor_id"].map(meetings).fillna(0).astype(int),
        }
    ).drop_duplicates()
    return _sorted(out, ["consultation", "organisation", "responded"], [False, False, False])


EXPECTED: dict[str, Callable[..., pd.DataFrame]] = {
    "top_lobbyists": lambda ds, p: top_lobbyists(ds, p["mep"], p["limit"]),
    "counterparts_over_time": lambda ds, p: counterparts_over_time(ds, p["organisation"]),
    "co_attendance_partners": lambda ds, p: co_attendance_partners(ds, p["organisation"], p["limit"]),
    "shortest_path": lambda ds, p: shortest_path(ds, p["from"], p["to"]),
    "shared_meps": lambda ds, p: shared_meps(ds, p["organisation"], p["other"]),
    "topics_by_organisation": lambda ds, p: topics_by_organisation(ds, p["organisation"]),
    "degree_centrality": lambda ds, p: degree_centrality(ds, p["limit"]),
    "most_lobbied": lambda ds, p: most_lobbied(ds, p["limit"]),
    "rapporteur_access": lambda ds, p: rapporteur_access(ds, tuple(p["capacities"]), p["limit"]),
    "meetings_between": lambda ds, p: meetings_between(ds, p["organisation"], p["from"], p["to"]),
    "topic_actors": lambda ds, p: topic_actors(ds, p["topic"]),
    "consultation_lobbying": lambda ds, p: consultation_lobbying(ds),
}

SEED_ORG = "organisation:11-11-11-koepel-van-internationale-solidariteit"

# Parameters each query is checked with (defaults from the file's header fill the rest).
CASES: dict[str, list[dict[str, Any]]] = {
    "top_lobbyists": [{"mep": M1}, {"mep": "mep:kathleen-van-brempt"}, {"mep": "mep:mep-0266", "limit": 3}],
    "counterparts_over_time": [{"organisation": A}, {"organisation": SEED_ORG}],
    "co_attendance_partners": [{"organisation": A}, {"organisation": "organisation:org-000044"}],
    "shortest_path": [
        {"from": A, "to": F1},
        {"from": SEED_ORG, "to": "mep:hannah-neumann"},
        {"from": P1, "to": C},
        {"from": "organisation:org-000001", "to": "organisation:org-000002"},
        {"from": A, "to": SEED_ORG},
    ],
    "shared_meps": [
        {"organisation": A, "other": B},
        {"organisation": SEED_ORG, "other": "organisation:eurogroup-for-animals"},
    ],
    "topics_by_organisation": [{"organisation": A}, {"organisation": SEED_ORG}, {"organisation": "organisation:org-000001"}],
    "degree_centrality": [{}, {"limit": 200}],
    "most_lobbied": [{}, {"limit": 5}],
    "rapporteur_access": [{}, {"capacities": ["Rapporteur"], "limit": 100}],
    "meetings_between": [
        {"organisation": A},
        {"organisation": A, "from": dt.date(2023, 1, 1), "to": dt.date(2023, 12, 31)},
        {"organisation": SEED_ORG, "from": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31)},
    ],
    "topic_actors": [{"topic": T2}, {"topic": "topic:eu-mercosur-agreement"}, {"topic": "topic:topic-0001"}],
    "consultation_lobbying": [{}],
}

# Cases whose right answer is no row at all (checked all the same).
EMPTY_CASES = {
    ("shortest_path", 4),  # the hand-made actors and the seed page are not linked
    # Each title of the seed page is one meeting's: no Topic node (issue 26).
    ("topics_by_organisation", 1),
    ("topic_actors", 1),
}


def rows(frame: pd.DataFrame) -> list[tuple]:
    """A result as comparable rows: plain values, dates and timestamps as ISO days."""

    def value(item: Any) -> Any:
        if isinstance(item, pd.Timestamp | dt.datetime):
            return item.date().isoformat()
        if item is None or (isinstance(item, float) and pd.isna(item)):
            return None
        return plain(item)

    return [tuple(value(item) for item in row) for row in frame.itertuples(index=False)]


def ordered(text: str) -> bool:
    """Whether a query's rows come in a defined order: its final RETURN has an ORDER BY (one in
    an earlier WITH orders only what that WITH passes on)."""
    upper = " ".join(text.upper().split())
    return "ORDER BY" in upper[upper.rfind("RETURN ") :]


def canonical(items: list[tuple]) -> list[str]:
    """Rows sorted by their text form, for order-insensitive comparison."""
    return sorted(repr(item) for item in items)


# ---- Neo4j through the official driver --------------------------------------------------------


class DriverStore:
    """Neo4j through the official driver, loaded from the same ``cypher/`` files in UNWIND batches,
    answering as graphkit's stores do (DataFrame, graphkit values). The tests' stand-in for the
    graph on the real server, independent of graphkit's own Neo4j store."""

    def __init__(self, server: Any):
        import neo4j

        self.driver = neo4j.GraphDatabase.driver(server.uri, auth=server.auth)
        self.database = server.database
        self.last_counters: dict[str, int] = {}

    def load(self, dataset: Dataset) -> dict[str, int]:
        from graphkit.stores.cypher_files import load_file, schema_statements
        from graphkit.stores.rows import LOAD_ORDER, batched, load_rows

        totals: dict[str, int] = {}
        for statement in schema_statements():
            self.run(statement, write=True)
        rows = load_rows(dataset)
        for name in LOAD_ORDER:
            for batch in batched(rows[name]):
                self.run(load_file(name).statement, {"rows": list(batch)}, write=True)
                for key, value in self.last_counters.items():
                    totals[key] = totals.get(key, 0) + value
        return totals

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> pd.DataFrame:
        import neo4j

        from graphkit.stores.values import from_neo4j

        records, summary, keys = self.driver.execute_query(
            neo4j.Query(cypher),
            parameters_=params or {},
            database_=self.database,
            routing_=neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ,
        )
        counters = summary.counters
        self.last_counters = {
            key: getattr(counters, key)
            for key in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                        "properties_set", "labels_added", "labels_removed")
        }  # fmt: skip
        data = [[from_neo4j(record[key]) for key in keys] for record in records]
        return pd.DataFrame(data, columns=list(keys), dtype=object).infer_objects()

    def close(self) -> None:
        self.driver.close()
