"""``graphkit query --store neo4j`` against the real Neo4j of the tests: the same answers as the
embedded store, read-only by default, write counters, syntax errors with positions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import query_expected as qe
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.stores.cypher_files import CYPHER_DIR, query_files
from graphkit.stores.neo4j.store import Neo4jStore
from graphkit.workspace import Workspace

TOP = str(CYPHER_DIR / "queries" / "top_lobbyists.cypher")


@pytest.fixture(scope="module")
def loaded(
    neo4j_server: Neo4jServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict]]:
    """A workspace of the seed page, and the same dataset loaded into Neo4j; the environment
    that points graphkit at that server."""
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()
    empty_database(neo4j_server)
    path = tmp_path_factory.mktemp("query-neo4j") / "ws"
    dataset = ingest([qe.SEED_PAGE], Workspace(path)).dataset
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }
    with Neo4jStore(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    ) as store:
        store.load(dataset)
    yield path, env


def graphkit(env: dict, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_same_answer_on_both_stores_and_neo4j_uri_chooses_neo4j(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    args = ("query", "--workspace", str(path), "-f", TOP, "-p", "mep=Kathleen Van Brempt", "--json")
    code, on_neo4j, err = graphkit(env, *args)  # NEO4J_URI set: Neo4j by default
    assert code == 0, err
    code, explicit, _ = graphkit(env, *args, "--store", "neo4j")
    code, embedded, err = graphkit(env, *args, "--store", "embedded")
    assert code == 0, err
    assert json.loads(on_neo4j) == json.loads(explicit) == json.loads(embedded)
    assert json.loads(on_neo4j)[0]["meetings"] == 8


def test_paths_and_dates_come_back_as_graph_values(loaded: tuple[Path, dict], tmp_path: Path) -> None:
    path, env = loaded
    page = tmp_path / "p.html"
    query = "MATCH p = (o:Organisation)-[r:MET]->(m:MEP {id: 'mep:hannah-neumann'}) RETURN p, r.date AS date"
    code, out, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--json", "--html", str(page), query
    )
    assert code == 0, err
    rows = json.loads(out)
    assert {row["date"] for row in rows} == {"2021-12-07"}
    assert rows[0]["p"]["nodes"][1]["properties"]["name"] == "Hannah Neumann"
    assert "Hannah Neumann" in page.read_text(encoding="utf-8")


def test_neo4j_refuses_writes_without_write_and_reports_counters_with_it(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    create = "CREATE (:Topic {id: 'topic:neo4j-cli', name: 'From the CLI'})"
    code, _, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", create)
    assert code == 1 and "writes to the graph; run it with --write" in err
    code, _, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", "--write", create)
    assert code == 0, err
    assert "neo4j: 1 nodes created, 2 properties set" in err
    code, _, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "--write",
        "MATCH (t:Topic {id: 'topic:neo4j-cli'}) DETACH DELETE t",
    )  # fmt: skip
    assert code == 0 and "1 nodes deleted" in err


def test_neo4j_syntax_error_names_the_position(loaded: tuple[Path, dict]) -> None:
    path, env = loaded
    code, _, err = graphkit(
        env, "query", "--workspace", str(path), "--store", "neo4j", "MATCH (o:Organisation RETURN o"
    )
    assert code == 1
    assert "line 1, column" in err


def test_every_named_query_passes_neo4j_read_only_check(loaded: tuple[Path, dict]) -> None:
    """graphkit's Neo4j store EXPLAINs before a read: every file in cypher/queries/ must be a
    read query there ('r'), and answer as the embedded store does."""
    path, env = loaded
    workspace = Workspace(path)
    dataset = workspace.load()
    organisation = qe.SEED_ORG
    given = {
        "mep": "mep:kathleen-van-brempt", "organisation": organisation, "other": "organisation:eurogroup-for-animals",
        "from": organisation, "to": "mep:hannah-neumann", "topic": "topic:eu-mercosur-agreement",
    }  # fmt: skip
    from graphkit.stores.embedded import EmbeddedStore
    from graphkit.stores.query import prepare_params, run_query

    with (
        Neo4jStore(
            env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"], env["NEO4J_DATABASE"]
        ) as neo4j,
        EmbeddedStore.for_workspace(workspace) as embedded,
    ):
        for name, file in query_files().items():
            wanted = {p.name: given[p.name] for p in file.parameters if p.name in given and p.type != "date"}
            params = prepare_params(wanted, file, dataset)
            theirs = run_query(neo4j, file.statement, params, store_name="neo4j").frame
            ours = run_query(embedded, file.statement, params).frame
            assert qe.rows(theirs) == qe.rows(ours) or (
                not qe.ordered(file.statement)
                and qe.canonical(qe.rows(theirs)) == qe.canonical(qe.rows(ours))
            ), name


def test_profile_and_explain_of_a_read_run_on_neo4j_and_a_profiled_write_is_refused(
    loaded: tuple[Path, dict],
) -> None:
    """``PROFILE`` runs the read and returns its rows (the server refuses the ``EXPLAIN
    PROFILE`` the read-only check once sent); a profiled write is still refused."""
    path, env = loaded
    count = "MATCH (o:Organisation) RETURN count(o) AS n"
    code, plain, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", "--json", count)
    assert code == 0, err
    for prefix in ("PROFILE ", "profile ", "// why\nPROFILE ", "EXPLAIN "):
        code, out, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", "--json", prefix + count)
        assert code == 0, (prefix, err)
        if prefix != "EXPLAIN ":
            assert json.loads(out) == json.loads(plain) and json.loads(plain)[0]["n"] > 0
    create = "PROFILE CREATE (:Topic {id: 'topic:profiled', name: 'x'})"
    code, _, err = graphkit(env, "query", "--workspace", str(path), "--store", "neo4j", create)
    assert code == 1 and "writes to the graph; run it with --write" in err
