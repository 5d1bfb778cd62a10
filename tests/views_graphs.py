"""Graphs and pages the view tests share: hostile names, a small lobbying graph, page parsing."""

from __future__ import annotations

import json
import re

import networkx as nx
import numpy as np
import pandas as pd

from graphkit.model.tables import Dataset

SCRIPT_BREAKER = "</script><img src=x onerror=alert(1)>"
ATTRIBUTE_BREAKER = '"><svg onload=alert(1)>'
COMMENT_BREAKER = "<!--<script>alert(2)</script>\u2028"


def lobbying_graph() -> nx.Graph:
    """Organisations meeting MEPs and an official, three of them with hostile names.

    Meeting counts: every edge has ``meetings``; the hostile organisations met only Anna Meier.
    """
    g = nx.Graph()
    orgs = {
        "organisation:evil-script": ("organisation", SCRIPT_BREAKER, None),
        "organisation:evil-attr": ("organisation", ATTRIBUTE_BREAKER, "EVIL"),
        "organisation:evil-comment": ("organisation", COMMENT_BREAKER, None),
        "organisation:beuc": ("organisation", "Bureau Européen des Unions de Consommateurs", "BEUC"),
        "organisation:eurogroup": ("organisation", "Eurogroup for Animals", None),
        "organisation:11-11-11": ("organisation", "11.11.11", None),
    }
    for node, (kind, name, acronym) in orgs.items():
        g.add_node(node, kind=kind, name=name, acronym=acronym, category="NGO", country="BE")
    g.add_node("mep:anna-meier", kind="mep", name="Anna Meier", country="DE", group="Greens/EFA")
    g.add_node("mep:kathleen-van-brempt", kind="mep", name="Kathleen Van Brempt", country="BE", group="S&D")
    g.add_node("official:jo-unit", kind="official", name="Jo Unit")
    edges = [
        ("organisation:evil-script", "mep:anna-meier", 1),
        ("organisation:evil-attr", "mep:anna-meier", 1),
        ("organisation:evil-comment", "mep:anna-meier", 1),
        ("organisation:beuc", "mep:anna-meier", 4),
        ("organisation:beuc", "official:jo-unit", 2),
        ("organisation:eurogroup", "mep:kathleen-van-brempt", 3),
        ("organisation:11-11-11", "mep:kathleen-van-brempt", 5),
        ("organisation:11-11-11", "organisation:eurogroup", 1),
    ]
    for u, v, meetings in edges:
        g.add_edge(u, v, meetings=meetings, weight=meetings)
    return g


def lobbying_meetings() -> pd.DataFrame:
    """``node, meeting_id, date, title`` rows for :func:`lobbying_graph`: 2024 and 2025 meetings."""
    rows = [
        ("m1", "2024-03-01", "Consumer credit", ["organisation:beuc", "mep:anna-meier"]),
        ("m2", "2025-06-02", "Digital fairness </b><i>", ["organisation:beuc", "mep:anna-meier"]),
        ("m3", "2025-02-12", "EU-Mercosur Agreement", ["organisation:11-11-11", "organisation:eurogroup",
                                                        "mep:kathleen-van-brempt"]),
        ("m4", "2024-05-20", "Animal welfare", ["organisation:eurogroup", "mep:kathleen-van-brempt"]),
    ]  # fmt: skip
    return pd.DataFrame(
        [(node, meeting, date, title) for meeting, date, title, nodes in rows for node in nodes],
        columns=["node", "meeting_id", "date", "title"],
    )


def meeting_graph(dataset: Dataset) -> nx.Graph:
    """Organisations and the MEPs/officials they met, plus co-attending organisations.

    A test stand-in for :mod:`graphkit.graph` built straight from the participants table.
    """
    g = nx.Graph()
    for row in dataset.actors.itertuples(index=False):
        g.add_node(row.id, kind=row.kind, name=row.name, acronym=row.acronym, category=row.category,
                   country=row.country, group=row.group)  # fmt: skip
    pairs = dataset.participants.merge(dataset.participants, on="meeting_id")
    both_hosts = (pairs["role_x"] == "host") & (pairs["role_y"] == "host")
    pairs = pairs[(pairs["actor_id_x"] < pairs["actor_id_y"]) & ~both_hosts]
    counts = pairs.groupby(["actor_id_x", "actor_id_y"]).size()
    for (u, v), count in counts.items():
        g.add_edge(u, v, meetings=int(count), weight=int(count))
    return g


def page_data(html: str) -> dict:
    """The JSON a page embeds for its script."""
    match = re.search(r'<script type="application/json" id="graphkit-data">(.*?)</script>', html, re.S)
    assert match, "the page has no graphkit-data script"
    return json.loads(match.group(1))


def many_lobbies_graph(organisations: int = 3000, meps: int = 300, officials: int = 100, seed: int = 5) -> nx.Graph:
    """Organisations meeting MEPs and officials the way the register's do: each organisation
    meets a few of them, a few big lobbies meet many, and the people they meet, met by many
    organisations each, out-rank all but the biggest organisations (as in the shared data, where
    the top 500 by PageRank hold 115 organisations beside 385 MEPs and officials)."""
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    people = [f"mep:{i:04d}" for i in range(meps)] + [f"official:{i:04d}" for i in range(officials)]
    for person in people:
        kind = person.split(":")[0]
        g.add_node(person, kind=kind, name=f"{'MEP' if kind == 'mep' else 'Official'} {person[-4:]}")
    # Some people are met far more than others (a Zipf-like pull).
    pull = 1.0 / np.arange(1, len(people) + 1) ** 0.8
    pull = pull[rng.permutation(len(people))]
    pull /= pull.sum()
    for i in range(organisations):
        org = f"organisation:{i:05d}"
        g.add_node(org, kind="organisation", name=f"Lobby {i:05d}")
        met = min(60, 1 + int(rng.pareto(2.5) * 1.5))
        for j in rng.choice(len(people), size=met, replace=False, p=pull):
            g.add_edge(org, people[j], meetings=int(rng.integers(1, 6)))
    return g
