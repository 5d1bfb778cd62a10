"""``graphkit view`` and ``graphkit export`` over a workspace holding the seed page."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from views_graphs import page_data

from graphkit.analysis import centrality, communities
from graphkit.cli import main
from graphkit.graph import build_graph
from graphkit.ingest import ingest
from graphkit.workspace import Workspace

SEED = "organisation:11-11-11-koepel-van-internationale-solidariteit"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, seed_page):
    path = tmp_path_factory.mktemp("views-cli") / "ws"
    ingest([seed_page], Workspace(path))
    return path


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_view_writes_the_workspace_network(workspace, tmp_path):
    out = tmp_path / "net.html"
    result = _run("view", "--workspace", str(workspace), "--measure", "degree", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    expected = build_graph(Workspace(workspace).load(), "org-counterpart")
    assert {node["key"] for node in data["nodes"]} == set(expected.nodes)
    # Meetings come from the dataset: 11.11.11 lists all 18 of its meetings, newest first.
    seed = next(node for node in data["nodes"] if node["key"] == SEED)
    dates = [data["meetings"][i][0] for i in seed["m"]]
    assert len(dates) == 18 and dates == sorted(dates, reverse=True)
    assert data["dateRange"] == [min(dates), max(dates)]


def test_view_sizes_by_pagerank_and_colours_by_community(workspace, tmp_path):
    out = tmp_path / "pr.html"
    result = _run(
        "view", "--workspace", str(workspace), "--colour", "community", "--top", "6", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    graph = build_graph(Workspace(workspace).load(), "org-counterpart")
    ranked = centrality(graph, "pagerank")
    assert data["measure"] == "pagerank"
    assert {node["key"] for node in data["nodes"]} == set(ranked["id"].head(6))
    top = next(node for node in data["nodes"] if node["key"] == ranked["id"].iloc[0])
    assert top["rank"] == 1 and top["value"] == 1.0
    assert top["score"] == pytest.approx(ranked["pagerank"].iloc[0])
    assert data["colourBy"] == "community" and data["legend"]
    groups = communities(graph).set_index("id")["community"]
    assert all(node["community"] == str(groups[node["key"]]) for node in data["nodes"])


def test_view_focus_by_name_with_depth_and_date_window(workspace, tmp_path):
    out = tmp_path / "ego.html"
    result = _run(
        "view", "--workspace", str(workspace), "--measure", "degree", "--projection", "meetings",
        "--focus", "11.11.11", "--depth", "1", "--from", "2025-01-01", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["nodes"][data["focus"]]["key"] == SEED
    assert data["dateRange"][0] >= "2025-01-01"
    dataset = Workspace(workspace).load()
    in_2025 = dataset.meetings[dataset.meetings["date"] >= pd.Timestamp("2025-01-01")]["id"]
    assert len(data["meetings"]) == len(in_2025)
    assert (
        data["title"]
        == "Meetings: organisations, the MEPs and officials they met, and the topics, around 11.11.11, Koepel van Internationale Solidariteit"
    )


def test_view_top_says_how_many_were_left_out(workspace, tmp_path):
    out = tmp_path / "top.html"
    result = _run("view", "--workspace", str(workspace), "--measure", "degree", "--top", "5", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert len(page_data(html)["nodes"]) == 5
    assert "13 less central nodes were left out" in html


def test_view_errors_are_one_clear_line(workspace, tmp_path):
    result = _run("view", "--workspace", str(workspace), "--measure", "degree", "--focus", "nobody",
                  "-o", str(tmp_path / "x.html"))  # fmt: skip
    assert result.exit_code == 1
    assert "no actor matches 'nobody'" in result.output
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("suffix", ["gexf", "graphml", "json"])
def test_export_round_trips_through_networkx(workspace, tmp_path, suffix):
    out = tmp_path / f"g.{suffix}"
    result = _run("export", "--workspace", str(workspace), "--projection", "org-org", "-o", str(out))
    assert result.exit_code == 0, result.output
    expected = build_graph(Workspace(workspace).load(), "org-org")
    if suffix == "gexf":
        graph = nx.read_gexf(out)
    elif suffix == "graphml":
        graph = nx.read_graphml(out)
    else:
        graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert set(graph.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in graph.edges} == {frozenset(e) for e in expected.edges}
    node = next(iter(expected.nodes))
    assert graph.nodes[node]["name"] == expected.nodes[node]["name"]
    u, v = next(iter(expected.edges))
    assert int(graph.edges[u, v]["meetings"]) == expected.edges[u, v]["meetings"]


def test_export_csv_writes_node_and_edge_lists_of_the_meeting_graph(workspace, tmp_path):
    result = _run(
        "export", "--workspace", str(workspace), "--projection", "meetings", "-o", str(tmp_path / "m.csv")
    )
    assert result.exit_code == 0, result.output
    nodes = pd.read_csv(tmp_path / "m.nodes.csv")
    edges = pd.read_csv(tmp_path / "m.edges.csv")
    expected = build_graph(Workspace(workspace).load(), "meetings")
    assert len(nodes) == expected.number_of_nodes() and len(edges) == expected.number_of_edges()
    assert {"source", "target", "meeting_id", "date", "title"} <= set(edges.columns)
    assert edges["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()


def test_export_unknown_format_is_a_clear_error(workspace, tmp_path):
    result = _run("export", "--workspace", str(workspace), "-o", str(tmp_path / "g.xlsx"))
    assert result.exit_code == 1
    assert "unknown export format 'xlsx'" in result.output


def test_view_and_export_take_every_graph_filter(workspace, tmp_path):
    # The same filters as the analysis commands: here only the Commission meeting is kept.
    out = tmp_path / "ec.json"
    result = _run(
        "export",
        "--workspace",
        str(workspace),
        "--projection",
        "org-counterpart",
        "--institution",
        "EC",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    kinds = {data["kind"] for _, data in graph.nodes(data=True)}
    assert "mep" not in kinds and "official" in kinds
    names = {data["name"] for _, data in graph.nodes(data=True)}
    assert {"Charmaine Hili", "Human Rights Watch", "European Institute of Peace"} <= names
    page = tmp_path / "ec.html"
    result = _run("view", "--workspace", str(workspace), "--institution", "EC", "-o", str(page))
    assert result.exit_code == 0, result.output
    assert "Charmaine Hili" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("institution", ["EP", "EC"])
def test_view_lists_only_the_meetings_the_export_keeps(workspace, tmp_path, institution):
    """One filter: the page's meeting list (panels, tooltips, date slider) holds exactly the
    meetings the export of the same filter holds, none of the other institution's."""
    page, export = tmp_path / "page.html", tmp_path / "export"
    for command, out in (("view", page), ("export", export)):
        result = _run(command, "--workspace", str(workspace), "--institution", institution, "-o", str(out))
        assert result.exit_code == 0, result.output
    listed = {(date, title) for date, title, _ in page_data(page.read_text(encoding="utf-8"))["meetings"]}
    exported = pd.read_csv(export / "meetings.csv", dtype=str)
    assert set(exported["institution"]) == {institution}
    assert listed == set(zip(exported["date"].str[:10], exported["title"], strict=True))
    dataset = Workspace(workspace).load()
    other = dataset.meetings[dataset.meetings["institution"] != institution]
    assert not listed & set(zip(other["date"].dt.strftime("%Y-%m-%d"), other["title"], strict=True))
