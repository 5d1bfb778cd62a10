"""``graphkit query`` as a user runs it, and the parameter handling under it."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
import query_expected as qe
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.stores.cypher_files import CYPHER_DIR, parse_header, query_files, split_statements
from graphkit.stores.query import choose_store, parse_params, parse_value, prepare_params
from graphkit.workspace import Dataset, Workspace

TOP = str(CYPHER_DIR / "queries" / "top_lobbyists.cypher")
SEED_ORG = qe.SEED_ORG


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "ws"
    ingest([qe.SEED_PAGE], Workspace(path))
    return path


def graphkit(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"NEO4J_URI": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10", 10),
        ("-2.5", -2.5),
        ("true", True),
        ("null", None),
        ('["Rapporteur", "Shadow rapporteur"]', ["Rapporteur", "Shadow rapporteur"]),
        ('{"a": 1}', {"a": 1}),
        ("2024-05-02", dt.date(2024, 5, 2)),
        ('"2024-05-02"', "2024-05-02"),  # quoted: stays text
        ("Kathleen Van Brempt", "Kathleen Van Brempt"),
        ("9505781573-45", "9505781573-45"),  # a Register ID is text, not a number or a date
        ("", ""),
    ],
)
def test_parse_value(text: str, value: object) -> None:
    assert parse_value(text) == value and type(parse_value(text)) is type(value)


def test_parse_params_rejects_what_is_not_name_value() -> None:
    assert parse_params(["$limit=3", "a=b=c"]) == {"limit": 3, "a": "b=c"}
    for bad in ("limit", "=3", "two words=1", "9x=1"):
        with pytest.raises(GraphkitError, match="name=value"):
            parse_params([bad])
    with pytest.raises(GraphkitError, match="not one"):
        parse_params(["since=2024-02-31"])


def test_prepare_params_types_and_resolves_by_the_file_header() -> None:
    files = query_files()
    dataset = qe.known_dataset()
    between = prepare_params(
        {"organisation": "Alpha Org", "from": "2023-01-01"}, files["meetings_between"], dataset
    )
    assert between == {"organisation": qe.A, "from": dt.date(2023, 1, 1), "to": dt.date(2999, 12, 31)}
    assert prepare_params({"mep": "ALPHA"}, files["top_lobbyists"], dataset)["mep"] == qe.A  # by acronym
    with pytest.raises(GraphkitError, match="ambiguous"):
        prepare_params({"mep": "one"}, files["top_lobbyists"], dataset)  # Maria One, Fiona One, Paul One
    with pytest.raises(GraphkitError, match="no actor matches"):
        prepare_params({"mep": "Nobody Atall"}, files["top_lobbyists"], dataset)
    with pytest.raises(GraphkitError, match="whole number"):
        prepare_params({"mep": qe.M1, "limit": "ten"}, files["top_lobbyists"], dataset)
    with pytest.raises(GraphkitError, match="needs -p organisation=… .* -p other=…"):
        prepare_params({}, files["shared_meps"], dataset)
    # Without a workspace dataset, an actor goes through as given (e.g. straight to Neo4j).
    assert prepare_params({"mep": qe.M1}, files["top_lobbyists"], Dataset.empty())["mep"] == qe.M1


def test_choose_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert choose_store(None) == "embedded"
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    assert choose_store(None) == "neo4j"
    assert choose_store("embedded") == "embedded"
    with pytest.raises(GraphkitError, match="unknown store"):
        choose_store("sqlite")


def test_cypher_headers_and_statements() -> None:
    summary, description, params = parse_header(
        "// What it does. More.\n// Second line.\n// Parameters:\n"
        '//   $caps (list, default ["a", "b"]): capacities,\n//     continued.\n//   $x: plain.\nRETURN 1'
    )
    assert summary == "What it does." and description == "What it does. More.\nSecond line."
    assert [(p.name, p.type, p.default, p.has_default) for p in params] == [
        ("caps", "list", ["a", "b"], True),
        ("x", "", None, False),
    ]
    assert params[0].description == "capacities, continued."
    assert split_statements("RETURN ';' AS a; // x;\nRETURN `a;b`;;") == ["RETURN ';' AS a", "RETURN `a;b`"]


def test_query_prints_a_table_and_csv_matching_the_dataset(workspace: Path) -> None:
    code, out, _ = graphkit(
        "query", "--workspace", str(workspace),
        "MATCH (o:Organisation)-[:MET]->(m:MEP) RETURN m.name AS mep, count(*) AS meetings "
        "ORDER BY meetings DESC, mep LIMIT 3",
    )  # fmt: skip
    assert code == 0, out
    assert "Kathleen Van Brempt" in out and "┃ mep" in out
    code, out, _ = graphkit(
        "query", "--workspace", str(workspace), "--csv",
        "MATCH (o:Organisation)-[:MET]->(m:MEP) RETURN m.name AS mep, count(*) AS meetings ORDER BY meetings DESC, mep",
    )  # fmt: skip
    assert code == 0
    got = pd.read_csv(io.StringIO(out))
    met = qe.met_edges(Workspace(workspace).load())
    met = met[(met["kind"] == "organisation") & (met["kind_host"] == "mep")]
    expected = met.groupby("name_host").size().rename("meetings").reset_index()
    expected = expected.sort_values(["meetings", "name_host"], ascending=[False, True])
    assert got.values.tolist() == expected.values.tolist()


def test_query_file_with_a_name_parameter_as_json(workspace: Path) -> None:
    code, out, _ = graphkit(
        "query", "--workspace", str(workspace), "-f", TOP, "-p", "mep=Kathleen Van Brempt", "--json"
    )
    assert code == 0, out
    rows = json.loads(out)
    assert [(r["id"], r["meetings"]) for r in rows] == [
        (SEED_ORG, 8),
        ("organisation:eurogroup-for-animals", 1),
    ]
    assert rows[0]["first_meeting"] == "2023-02-24" and rows[0]["last_meeting"] == "2025-11-20"


def test_date_and_list_parameters_reach_the_engine_typed(workspace: Path) -> None:
    code, out, _ = graphkit(
        "query", "--workspace", str(workspace), "--json",
        "MATCH (:Organisation)-[r:MET]->(m) WHERE r.date >= $since AND labels(m)[0] IN $kinds "
        "RETURN count(r) AS n, $since AS since",
        "-p", "since=2025-01-01", "-p", 'kinds=["MEP"]',
    )  # fmt: skip
    assert code == 0, out
    met = qe.met_edges(Workspace(workspace).load())
    expected = int(((met["date"] >= "2025-01-01") & (met["kind_host"] == "mep")).sum())
    assert json.loads(out) == [{"n": expected, "since": "2025-01-01"}]


def test_writes_are_refused_unless_asked_and_then_reported(tmp_path: Path) -> None:
    path = tmp_path / "ws"
    ingest([qe.SEED_PAGE], Workspace(path))
    create = "CREATE (:Topic {id: 'topic:new', name: 'New'})"
    code, out, err = graphkit("query", "--workspace", str(path), create)
    assert code == 1 and "writes to the graph; run it with --write" in err
    count = "MATCH (t:Topic {id: 'topic:new'}) RETURN count(t) AS n"
    assert json.loads(graphkit("query", "--workspace", str(path), "--json", count)[1]) == [{"n": 0}]
    code, out, err = graphkit("query", "--workspace", str(path), "--write", create)
    assert code == 0, err
    assert "embedded: 1 nodes created" in err
    assert json.loads(graphkit("query", "--workspace", str(path), "--json", count)[1]) == [{"n": 1}]


def test_syntax_error_shows_the_position(workspace: Path) -> None:
    code, _, err = graphkit("query", "--workspace", str(workspace), "MATCH (o:Organisation\nRETURN o")
    assert code == 1
    assert "syntax error at line 2, col" in err and "^" in err


def test_html_draws_returned_paths(workspace: Path, tmp_path: Path) -> None:
    page = tmp_path / "paths.html"
    code, out, err = graphkit(
        "query", "--workspace", str(workspace), "--html", str(page),
        "MATCH p = (o:Organisation)-[:MET]->(m:MEP {id: 'mep:kathleen-van-brempt'}) RETURN p",
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Kathleen Van Brempt" in html and "Eurogroup for Animals" in html
    assert "(3 nodes, 9 relationships)" in err  # 11.11.11 (8 meetings) and Eurogroup (1)
    code, _, err = graphkit("query", "--workspace", str(workspace), "--html", str(page), "RETURN 1 AS x")
    assert code == 1 and "no nodes" in err


def test_list_and_usage(workspace: Path) -> None:
    code, out, _ = graphkit("query", "--list", "--csv")
    assert code == 0
    listed = pd.read_csv(io.StringIO(out))
    assert set(listed["query"]) == set(query_files())
    assert graphkit("query", "--workspace", str(workspace))[0] == 2
    code, _, err = graphkit("query", "-f", TOP, "--workspace", str(workspace))
    assert code == 1 and "needs -p mep=" in err


def test_a_workspace_without_a_dataset_is_named_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = graphkit("query", "--workspace", str(missing), "RETURN 1 AS x")
    assert code == 1 and "no dataset in" in err and "graphkit ingest" in err
    assert not missing.exists()
