"""Topics that are topics: generic titles and titles of one meeting are no Topic node, in the
in-memory graph and in the rows both stores load alike; the meeting keeps its title."""

from __future__ import annotations

import pytest

from graphkit.graph.build import meeting_graph
from graphkit.graph.projections import project
from graphkit.model.ids import topic_id
from graphkit.model.relationships import relationship_frames
from graphkit.model.tables import Dataset
from graphkit.resolution.resolve import resolve
from graphkit.resolution.topics import GENERIC, ONE_MEETING, generic_title
from graphkit.stores.rows import node_frames


@pytest.mark.parametrize(
    "title",
    [
        "General exchange of views", "EXCHANGE OF VIEWS.", "Introductory meeting", "Courtesy call",
        "Videoconference", "Phone call",
        "Möte", "Zoom-möte", "Austausch", "Allgemeiner Austausch", "Meinungsaustausch",
        "Rencontre de courtoisie", "Échange de vues", "Réunion", "Incontro conoscitivo",
        "Spotkanie", "Reunión", "Kennismakingsgesprek", "Tapaaminen", "Συνάντηση", "-", "•",
    ],
)  # fmt: skip
def test_a_title_that_says_only_that_a_meeting_took_place_is_generic(title):
    assert generic_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "Exchange of views on the Data Act", "DSA", "Digital Services Act", "Austausch zur EU-Verkehrspolitik",
        "Möte med Svenskt Näringsliv", "Réunion sur la PAC", "Meeting on NIS report", "Call for evidence",
        "Politique des transports", "Sjöfartsfrågor",
    ],
)  # fmt: skip
def test_a_title_that_names_a_subject_is_not_generic(title):
    assert not generic_title(title)


def _meetings(*titles: str) -> Dataset:
    """One meeting per title, each an MEP hosting an organisation, as a source writes them."""
    meetings, participants, topics, links = [], [], {}, []
    for number, title in enumerate(titles):
        meeting = f"meeting:{number}"
        meetings.append({"id": meeting, "date": f"2024-01-{number + 1:02d}", "title": title, "institution": "EP"})
        participants += [
            {"meeting_id": meeting, "actor_id": "mep:a", "role": "host"},
            {"meeting_id": meeting, "actor_id": "organisation:o", "role": "attendee"},
        ]
        topics[topic_id(title)] = {"id": topic_id(title), "name": title}
        links.append({"meeting_id": meeting, "topic_id": topic_id(title)})
    return Dataset.from_records(
        actors=[{"id": "mep:a", "kind": "mep", "name": "A"}, {"id": "organisation:o", "kind": "organisation", "name": "O"}],
        meetings=meetings,
        participants=participants,
        topics=topics.values(),
        meeting_topics=links,
    )


def test_generic_and_one_meeting_titles_stay_titles_and_shared_themes_become_topics():
    ds = resolve(_meetings("Data Act", "Data Act", "Möte", "Möte", "Chips Act"))
    reasons = dict(zip(ds.topics["name"], ds.topics["title_only"], strict=True))
    assert reasons == {"Data Act": None, "Möte": GENERIC, "Chips Act": ONE_MEETING}
    # The workspace keeps every title the sources wrote, topics table and meeting titles alike.
    assert len(ds.meeting_topics) == 5 and sorted(ds.meetings["title"]) == sorted(["Data Act"] * 2 + ["Möte"] * 2 + ["Chips Act"])

    graph = meeting_graph(ds)
    assert [n for n, kind in graph.nodes(data="kind") if kind == "topic"] == [topic_id("Data Act")]
    discussed = relationship_frames(ds)["discussed"]
    assert set(discussed["target_id"]) == {topic_id("Data Act")} and len(discussed) == 2
    assert node_frames(ds)["topic"]["id"].tolist() == [topic_id("Data Act")]
    assert set(project(ds, "org-topic").nodes["id"]) == {"organisation:o", topic_id("Data Act")}
    # A one-meeting title is still the title its meeting's edges carry.
    met = relationship_frames(ds)["met"]
    assert "Chips Act" in set(met["title"])


def test_the_one_meeting_rule_counts_meetings_not_rows():
    # Two sources giving the same meeting the same title is still one meeting.
    ds = _meetings("Chips Act")
    twice = Dataset.concat([ds, ds])
    assert resolve(twice).topics["title_only"].tolist() == [ONE_MEETING]
