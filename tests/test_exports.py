"""``graphkit export``: what networkx, pandas, followthemoney and frictionless read back is what
graphkit wrote, and each file passes its own library's checks."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.analysis import centrality
from graphkit.cli import main
from graphkit.exports import export, gexf_graph
from graphkit.exports.datapackage import validate_datapackage
from graphkit.exports.ftm import ftm_entities, ftm_id
from graphkit.exports.graph_files import graph_frames, plain_attributes
from graphkit.graph import GraphFilter, build_graph
from graphkit.graph.filters import subset
from graphkit.ingest import ingest
from graphkit.model.schema import TABLES
from graphkit.synthetic import generate
from graphkit.workspace import Workspace

HOSTILE = 'x\'}) DETACH DELETE n // \\u0027; </script><img src=x onerror=alert(1)> "q" =HYPERLINK(1) 😀'


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, seed_page) -> Path:
    path = tmp_path_factory.mktemp("exports") / "ws"
    ingest([seed_page], Workspace(path))
    return path


@pytest.fixture(scope="module")
def dataset(workspace):
    return Workspace(workspace).load()


def _export(workspace: Path, out: Path, *args: str):
    result = CliRunner().invoke(main, ["export", "--workspace", str(workspace), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


def _text_ids(graph: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(graph, {node: str(node) for node in graph})


def test_gexf_reads_back_as_written_with_spells_and_viz(workspace, dataset, tmp_path):
    out = tmp_path / "g.gexf"
    _export(workspace, out, "--projection", "org-counterpart")
    written = _text_ids(plain_attributes(gexf_graph(dataset, "org-counterpart"), keep=("viz", "spells")))
    back = nx.read_gexf(out)
    root = ET.parse(out).getroot()
    assert root.get("version") == "1.3"
    graph_element = root.find("{http://gexf.net/1.3}graph")
    assert graph_element.get("mode") == "dynamic" and graph_element.get("timeformat") == "date"
    assert set(back.nodes) == set(written.nodes)
    for node, data in written.nodes(data=True):
        got = dict(back.nodes[node])
        got.pop("label", None)  # GEXF's own label: the node's name graphkit writes
        assert got == data, node
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in written.edges}
    for u, v, data in written.edges(data=True):
        got = {k: val for k, val in back.edges[u, v].items() if k != "id"}
        assert got == data
    # The seed organisation's spells are its 18 meeting dates; its attributes say what Gephi needs.
    seed = next(n for n, d in written.nodes(data=True) if d["name"].startswith("11.11.11"))
    days = [start for start, _ in back.nodes[seed]["spells"]]
    assert days == sorted(days) and len(days) == dataset.meetings["date"].dt.date.nunique()
    assert {"kind", "community", "pagerank", "pagerank_rank", "betweenness", "degree"} <= set(
        back.nodes[seed]
    )
    ranked = centrality(build_graph(dataset, "org-counterpart"), "pagerank")
    assert back.nodes[ranked["id"].iloc[0]]["pagerank_rank"] == 1
    assert back.nodes[ranked["id"].iloc[0]]["viz"]["size"] == max(
        d["viz"]["size"] for _, d in back.nodes(data=True)
    )


def test_gexf_of_the_meeting_graph_gives_each_edge_its_meeting_date(dataset, tmp_path):
    path = export(dataset, tmp_path / "m.gexf", projection="meetings")[0]
    back = nx.read_gexf(path)
    assert back.number_of_edges() == build_graph(dataset, "meetings").number_of_edges()
    assert all(d["spells"] == [(d["date"], d["date"])] for _, _, d in back.edges(data=True))


def test_gexf_spells_keep_to_the_filters(dataset, tmp_path):
    back = nx.read_gexf(export(dataset, tmp_path / "f.gexf", filters=GraphFilter(date_from="2025-01-01"))[0])
    days = {start for _, d in back.nodes(data=True) for start, _ in d.get("spells", [])}
    assert days and min(days) >= "2025-01-01"


@pytest.mark.parametrize("projection", ["org-counterpart", "meetings"])
def test_graphml_reads_back_as_written_lists_as_json(dataset, tmp_path, projection):
    graph = build_graph(dataset, projection)
    graph.nodes[next(iter(graph))]["aliases"] = ["A", HOSTILE]
    path = export_graph_file(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=graph.is_multigraph())
    written = _text_ids(plain_attributes(graph))
    assert dict(back.nodes(data=True)) == dict(written.nodes(data=True))
    got = sorted((u, v, json.dumps(d, sort_keys=True)) for u, v, d in back.edges(data=True))
    want = sorted((u, v, json.dumps(d, sort_keys=True)) for u, v, d in written.edges(data=True))
    assert got == want
    assert json.loads(back.nodes[next(iter(graph))]["aliases"]) == ["A", HOSTILE]


def export_graph_file(graph: nx.Graph, path: Path) -> Path:
    from graphkit.exports.graph_files import export_graph

    return export_graph(graph, path)[0]


def test_node_link_json_reads_back_as_written(dataset, tmp_path):
    graph = build_graph(dataset, "org-org")
    data = json.loads(export_graph_file(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="links")
    written = plain_attributes(graph)
    assert dict(back.nodes(data=True)) == dict(written.nodes(data=True))
    assert {(frozenset((u, v)), json.dumps(d, sort_keys=True)) for u, v, d in back.edges(data=True)} == {
        (frozenset((u, v)), json.dumps(d, sort_keys=True)) for u, v, d in written.edges(data=True)
    }


def test_parquet_and_csv_tables_hold_the_graph(workspace, dataset, tmp_path):
    _export(workspace, tmp_path / "g.parquet", "--projection", "meetings")
    _export(workspace, tmp_path / "g.csv", "--projection", "meetings")
    nodes, edges = graph_frames(plain_attributes(build_graph(dataset, "meetings")))
    for fmt in ("parquet", "csv"):
        read = pd.read_parquet if fmt == "parquet" else pd.read_csv
        got_nodes, got_edges = read(tmp_path / f"g.nodes.{fmt}"), read(tmp_path / f"g.edges.{fmt}")
        assert sorted(got_nodes["id"]) == sorted(nodes["id"])
        assert len(got_edges) == len(edges)
        key = ["source", "target", "relation", "meeting_id"]
        pd.testing.assert_frame_equal(
            got_edges.sort_values(key)[key].reset_index(drop=True),
            edges.sort_values(key)[key].reset_index(drop=True),
        )


def test_top_keeps_the_most_central_in_every_format(workspace, dataset, tmp_path):
    ranked = centrality(build_graph(dataset, "org-counterpart"), "degree")
    expected = set(ranked["id"].head(4))
    _export(workspace, tmp_path / "t.json", "--top", "4", "--measure", "degree")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert {node["id"] for node in data["nodes"]} == expected
    _export(workspace, tmp_path / "t.gexf", "--top", "4", "--measure", "degree")
    assert set(nx.read_gexf(tmp_path / "t.gexf").nodes) == expected
    _export(workspace, tmp_path / "t.ftm.json", "--top", "4", "--measure", "degree")
    entities = [json.loads(line) for line in (tmp_path / "t.ftm.json").read_text().splitlines()]
    people = {e["id"] for e in entities if e["schema"] != "Event"}
    assert people == {ftm_id(i) for i in expected}


# FollowTheMoney -------------------------------------------------------------------------------


def hostile_dataset():
    ds = generate(organisations=40, meetings=120, seed=4)
    actors = ds.actors.copy()
    first_org = actors.index[actors["kind"] == "organisation"][0]
    actors.loc[first_org, "name"] = HOSTILE
    actors.loc[first_org, "register_id"] = "9505781573-45"
    actors.loc[first_org, "country"] = "Belgium"
    meetings = ds.meetings.copy()
    meetings.loc[meetings.index[0], "title"] = HOSTILE + "\nsecond line"
    return type(ds).from_frames(
        {**{t.name: ds.table(t.name) for t in TABLES}, "actors": actors, "meetings": meetings}
    )


def test_ftm_entities_pass_the_library_checks(tmp_path):
    from followthemoney import model

    ds = hostile_dataset()
    path = export(ds, tmp_path / "all.ftm.json")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for entity in entities:
        schema = model.get(entity["schema"])
        schema.validate(entity)  # raises InvalidData on a missing name or a value of the wrong type
        assert set(entity["properties"]) <= set(schema.properties), entity
        # Re-read uncleaned and cleaned again (what `ftm validate` does): nothing may change or drop.
        proxy = model.get_proxy(entity, cleaned=False)
        clean = proxy.clone()
        for prop in proxy.iterprops():
            clean.set(prop, proxy.get_prop(prop))
        assert clean.to_dict()["properties"] == entity["properties"]
        for prop in ("involved", "organizer"):
            assert set(entity["properties"].get(prop, [])) <= ids
    by_schema = pd.Series([e["schema"] for e in entities]).value_counts().to_dict()
    kinds = ds.actors["kind"].value_counts()
    assert by_schema["Organization"] == kinds["organisation"]
    assert by_schema["Person"] == kinds.get("mep", 0) + kinds.get("official", 0) + kinds.get("person", 0)
    assert by_schema["Event"] == len(ds.meetings)
    hostile = next(e for e in entities if e["properties"].get("name") == [HOSTILE])
    assert hostile["properties"]["registrationNumber"] == ["9505781573-45"]
    assert hostile["properties"]["country"] == ["be"]
    meeting = next(e for e in entities if e["id"] == ftm_id(ds.meetings["id"].iloc[0]))
    participants = ds.participants[ds.participants["meeting_id"] == ds.meetings["id"].iloc[0]]
    assert sorted(meeting["properties"]["involved"]) == sorted(ftm_id(i) for i in participants["actor_id"])


@pytest.mark.slow  # ~3-6 s: the ftm command in its own process (make test runs it)
def test_ftm_file_passes_the_ftm_validate_command(tmp_path):
    path = export(hostile_dataset(), tmp_path / "all.ftm.json")[0]
    ftm = Path(sys.executable).with_name("ftm")
    out = tmp_path / "validated.ftm.json"
    subprocess.run([str(ftm), "validate", "-i", str(path), "-o", str(out)], check=True, timeout=120)

    def entities(p: Path) -> dict[str, dict]:
        return {e["id"]: e for e in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    validated, written = entities(out), entities(path)
    assert validated.keys() == written.keys()
    assert all(validated[k]["properties"] == written[k]["properties"] for k in written)


def test_ftm_of_the_seed_page_names_the_register_id_and_the_meetings(dataset):
    entities = list(ftm_entities(dataset))
    seed = next(e for e in entities if e["properties"].get("name", [""])[0].startswith("11.11.11"))
    assert seed["schema"] == "Organization"
    events = [e for e in entities if e["schema"] == "Event" and seed["id"] in e["properties"]["involved"]]
    assert len(events) == len(dataset.meetings)


# Frictionless data package ----------------------------------------------------------------------


def test_data_package_is_valid_and_holds_the_tables(workspace, dataset, tmp_path):
    result = _export(workspace, tmp_path / "pkg" / "datapackage.json")
    assert "datapackage.json" in result.output
    assert validate_datapackage(tmp_path / "pkg") == []
    from frictionless import Package

    package = Package(str(tmp_path / "pkg" / "datapackage.json"))
    assert [r.name for r in package.resources] == [t.name for t in TABLES]
    for table in TABLES:
        rows = package.get_resource(table.name).read_rows()
        assert len(rows) == len(dataset.table(table.name)), table.name
    meetings = package.get_resource("meetings").read_rows()
    assert {str(row["date"]) for row in meetings} == set(dataset.meetings["date"].dt.strftime("%Y-%m-%d"))


def test_data_package_validation_finds_a_broken_foreign_key(tmp_path):
    ds = hostile_dataset()
    export(ds, tmp_path / "pkg", "datapackage")
    assert validate_datapackage(tmp_path / "pkg") == []
    actors = pd.read_csv(tmp_path / "pkg" / "actors.csv", dtype=str, keep_default_na=False)
    busiest = ds.participants["actor_id"].value_counts().index[0]
    actors[actors["id"] != busiest].to_csv(tmp_path / "pkg" / "actors.csv", index=False)  # an actor gone
    errors = validate_datapackage(tmp_path / "pkg")
    assert errors and all(e.startswith("participants: row ") for e in errors)
    assert len(errors) == (ds.participants["actor_id"] == busiest).sum()


def test_data_package_respects_the_filters(dataset, tmp_path):
    export(dataset, tmp_path / "ep", "datapackage", filters=GraphFilter(institution="EC"))
    meetings = pd.read_csv(tmp_path / "ep" / "meetings.csv")
    assert set(meetings["institution"]) == {"EC"}
    assert len(meetings) == len(subset(dataset, GraphFilter(institution="EC")).meetings) >= 1
    assert validate_datapackage(tmp_path / "ep") == []


def test_an_unwritable_output_is_one_clear_line(workspace, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where a folder should be
    for out in (blocker / "g.gexf", blocker / "g.ftm.json", blocker / "pkg"):
        result = CliRunner().invoke(main, ["export", "--workspace", str(workspace), "-o", str(out)])
        assert result.exit_code == 1, result.output
        assert (
            result.output.startswith(f"Error: cannot write {out}: ") and len(result.output.splitlines()) == 1
        )
