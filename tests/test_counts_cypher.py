"""Every count `graphkit info` prints about a counterpart equals the README's Cypher over the same
workspace (the embedded store of `graphkit query`), and what differs (meetings without an
organisation) is its own, named column."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graphkit.cli import main
from graphkit.model.tables import Dataset
from graphkit.workspace import Workspace

# The README's query (its tour, and docs/ingest-and-resolution.md), kept word for word.
README_QUERY = (
    "MATCH (o:Organisation)-[r:MET]->(m:MEP {name: $name}) "
    "RETURN count(DISTINCT r.meeting_id) AS meetings, count(DISTINCT o) AS organisations"
)


def listed() -> Dataset:
    """MEP Ada hosts five meetings: two with BEUC, one with BEUC and EEB, one with only an
    institution, one with only a person; MEP Bo hosts one with EEB and one with no attendee."""
    meetings = {
        "m1": ["organisation:beuc"],
        "m2": ["organisation:beuc"],
        "m3": ["organisation:beuc", "organisation:eeb"],
        "m4": ["institution:commission"],
        "m5": ["person:jo"],
        "b1": ["organisation:eeb"],
        "b2": [],
    }
    host = {name: "mep:ada" if name.startswith("m") else "mep:bo" for name in meetings}
    actors = [
        {"id": "organisation:beuc", "kind": "organisation", "name": "BEUC"},
        {"id": "organisation:eeb", "kind": "organisation", "name": "EEB"},
        {"id": "institution:commission", "kind": "institution", "name": "European Commission"},
        {"id": "person:jo", "kind": "person", "name": "Jo"},
        {"id": "mep:ada", "kind": "mep", "name": "Ada"},
        {"id": "mep:bo", "kind": "mep", "name": "Bo"},
    ]
    participants = [{"meeting_id": m, "actor_id": host[m], "role": "host"} for m in meetings] + [
        {"meeting_id": m, "actor_id": a, "role": "attendee"}
        for m, attendees in meetings.items()
        for a in attendees
    ]
    return Dataset.from_records(
        actors=actors,
        meetings=[{"id": m, "date": "2021-03-01", "institution": "EP", "title": m} for m in meetings],
        participants=participants,
    )


def graphkit(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_info_counts_equal_the_readme_cypher(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.save(listed())
    info = json.loads(graphkit("info", "--json", "--workspace", str(workspace.path)))
    counterparts = {row["name"]: row for row in info["top_counterparts"]}
    assert {
        name: (row["meetings"], row["organisations"], row["hosted"]) for name, row in counterparts.items()
    } == {
        "Ada": (3, 2, 5),  # m1-m3 with organisations; m4, m5 hosted too
        "Bo": (1, 1, 2),
    }
    for name, row in counterparts.items():
        out = graphkit(
            "query", README_QUERY, "-p", f"name={name}", "--json", "--workspace", str(workspace.path)
        )
        (counted,) = json.loads(out)
        assert (counted["meetings"], counted["organisations"]) == (row["meetings"], row["organisations"])
    table = graphkit("info", "--workspace", str(workspace.path))
    assert "as the graph's MET relationships count them" in table


def test_readme_shows_the_query() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "MATCH (o:Organisation)-[r:MET]->(m:MEP {name: \\$name})" in readme  # $ escaped for the shell
    assert "RETURN count(DISTINCT r.meeting_id) AS meetings, count(DISTINCT o) AS organisations" in readme


def test_report_says_which_meetings_cypher_counts(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.save(listed())
    out = graphkit("query", README_QUERY, "-p", "name=Ada", "--json", "--workspace", str(workspace.path))
    (counted,) = json.loads(out)
    report = graphkit("report", "Ada", "--workspace", str(workspace.path))
    assert f"5 meetings listed, {counted['meetings']} with an organisation present" in report
    assert counted["meetings"] == 3
