"""Every named query in cypher/queries/ against a known dataset, checked against an answer
computed independently with pandas (tests/query_expected.py), on the embedded store and on the
real Neo4j of the tests; and the named queries as a user finds and runs them (``graphkit query
--list``, ``graphkit query NAME -p …``) from anywhere, not only inside the checkout."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import query_expected as qe
from click.testing import CliRunner
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.cli import main
from graphkit.errors import GraphkitError
from graphkit.ingest import ingest
from graphkit.stores.cypher_files import CYPHER_DIR, named_query, query_catalogue, query_files, query_to_run
from graphkit.stores.embedded import EmbeddedStore
from graphkit.stores.query import prepare_params
from graphkit.workspace import Workspace

QUERIES = query_files()
CASES = [(name, index) for name, cases in qe.CASES.items() for index in range(len(cases))]


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load(qe.known_dataset())
    return store


@pytest.fixture(scope="module")
def neo4j_known(neo4j_server: Neo4jServer) -> Iterator[qe.DriverStore]:
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()  # a test elsewhere stopped it
    empty_database(neo4j_server)
    store = qe.DriverStore(neo4j_server)
    store.load(qe.known_dataset())
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])  # (got by name: no hook sees it)
def store(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("embedded" if request.param == "embedded" else "neo4j_known")


def test_every_query_file_has_a_checked_answer() -> None:
    assert set(QUERIES) == set(qe.EXPECTED) == set(qe.CASES)
    for file in QUERIES.values():
        assert file.summary and file.statement, file.path


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_query_file_answer(store: Any, name: str, index: int) -> None:
    file = QUERIES[name]
    params = prepare_params(qe.CASES[name][index], file, qe.known_dataset())
    got = store.run(file.statement, params)
    expected = qe.EXPECTED[name](qe.known_dataset(), params)
    assert list(got.columns) == list(expected.columns)
    got_rows, expected_rows = qe.rows(got), qe.rows(expected)
    if (name, index) in qe.EMPTY_CASES:
        assert expected_rows == got_rows == []
        return
    assert expected_rows, f"{name} case {index} checks nothing: pick parameters with an answer"
    if qe.ordered(file.statement):
        assert got_rows == expected_rows
    else:
        assert qe.canonical(got_rows) == qe.canonical(expected_rows)


def test_handmade_answers_known_by_hand(store: Any) -> None:
    """A few answers worked out on paper, so the pandas reference is checked too."""
    top = store.run(QUERIES["top_lobbyists"].statement, {"mep": qe.M1, "limit": 10})
    assert qe.rows(top[["id", "meetings"]]) == [(qe.A, 2), (qe.B, 1), (qe.C, 1)]
    shared = store.run(QUERIES["shared_meps"].statement, {"organisation": qe.A, "other": qe.B})
    # A met Mark Two twice (h3, h6: parallel MET relationships) and Maria One twice; B each once.
    assert qe.rows(shared[["id", "meetings_first", "meetings_second"]]) == [
        (qe.M1, 2, 1),
        (qe.M2, 2, 1),
    ]
    path = store.run(QUERIES["shortest_path"].statement, {"from": qe.P1, "to": qe.C})
    # Paul One met Fiona One with Beta; Beta co-attended with Gamma: P1 - F1 - B - C.
    assert qe.rows(path[["hops", "ids"]]) == [(3, [qe.P1, qe.F1, qe.B, qe.C])]
    degree = store.run(QUERIES["degree_centrality"].statement, {"limit": 1000})
    delta = degree[degree["id"] == qe.D]
    assert qe.rows(delta[["degree", "meetings"]]) == [(0, 0)]  # OPTIONAL MATCH keeps Delta


# ---- the named queries as a user runs them ------------------------------------------------------

KVB = "mep:kathleen-van-brempt"


@pytest.fixture(scope="module")
def example(seed_page: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of the bundled example (the OpenLobby page of 11.11.11)."""
    path = tmp_path_factory.mktemp("named") / "ws"
    ingest([seed_page], Workspace(path))
    return path


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current directory is an empty one outside the checkout: no cypher/ folder beside it."""
    monkeypatch.chdir(tmp_path)
    assert not (tmp_path / "cypher").exists()
    return tmp_path


def graphkit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"NEO4J_URI": "", "COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_list_says_what_each_query_answers_and_takes(elsewhere: Path) -> None:
    code, out, err = graphkit("query", "--list", "--json")
    assert code == 0, err
    listed = {row["query"]: row for row in json.loads(out)}
    assert set(listed) == set(QUERIES) and len(listed) >= 10
    for name, file in QUERIES.items():
        assert listed[name]["answers"] == file.summary
        # Every parameter the header declares, in order, with its default where it has one.
        shown, at = listed[name]["parameters"], 0
        for parameter in file.parameters:
            at = shown.index(parameter.name, at) + len(parameter.name)
            if parameter.has_default:
                default = json.dumps(parameter.default, ensure_ascii=False)
                assert shown[at:].startswith(f" (default {default})"), name
    assert listed["top_lobbyists"]["parameters"] == "mep, limit (default 10)"
    assert listed["consultation_lobbying"]["parameters"] == ""  # "Parameters: none."
    code, table, _ = graphkit("query", "--list")
    assert code == 0 and all(name in table for name in QUERIES)


def test_a_named_query_runs_by_name_from_anywhere(example: Path, elsewhere: Path) -> None:
    code, out, err = graphkit(
        "query", "top_lobbyists", "-p", "mep=Kathleen Van Brempt", "--json", "--workspace", str(example)
    )
    assert code == 0, err
    got = pd.DataFrame(json.loads(out))
    expected = qe.top_lobbyists(Workspace(example).load(), KVB, 10)  # the name resolved to the MEP's id
    assert list(got.columns) == list(expected.columns)
    assert qe.rows(got) == qe.rows(expected) and len(got) >= 2
    # The same as running the shipped file with -f, and the header's default (limit) applies.
    by_file = graphkit("query", "-f", str(CYPHER_DIR / "queries" / "top_lobbyists.cypher"),
                       "-p", f"mep={KVB}", "--json", "--workspace", str(example))  # fmt: skip
    assert by_file == (0, out, by_file[2])
    code, out, err = graphkit("query", "top_lobbyists", "-p", f"mep={KVB}", "-p", "limit=1", "--json",
                              "--workspace", str(example))  # fmt: skip
    assert code == 0 and qe.rows(pd.DataFrame(json.loads(out))) == qe.rows(expected.head(1))


def test_a_named_query_says_which_parameter_it_needs(example: Path, elsewhere: Path) -> None:
    code, out, err = graphkit("query", "top_lobbyists", "--workspace", str(example))
    assert code == 1 and out == ""
    assert err.startswith("Error: top_lobbyists needs -p mep=")


def test_cypher_text_and_files_still_run(example: Path, elsewhere: Path) -> None:
    dataset = Workspace(example).load()
    organisations = int((dataset.actors["kind"] == "organisation").sum())
    code, out, err = graphkit("query", "MATCH (o:Organisation) RETURN count(o) AS n", "--json",
                              "--workspace", str(example))  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == [{"n": organisations}] and organisations > 1
    # A file of the user's own, named like a shipped query: -f runs the file, not the shipped one.
    mine = elsewhere / "top_lobbyists.cypher"
    mine.write_text("// Mine: how many organisations met the MEP.\n// Parameters:\n"
                    "//   $mep (actor): the MEP.\n"
                    "MATCH (o:Organisation)-[:MET]->(:MEP {id: $mep}) RETURN count(DISTINCT o) AS n\n",
                    encoding="utf-8")  # fmt: skip
    code, out, err = graphkit("query", "-f", str(mine), "-p", "mep=Kathleen Van Brempt", "--json",
                              "--workspace", str(example))  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == [{"n": len(qe.top_lobbyists(dataset, KVB, 1000))}]


@pytest.mark.parametrize(
    "word", ["nonsense", "top_lobyists", "top_lobbyists.cypher", "queries/most_lobbied.cypher"]
)
def test_a_word_that_is_no_query_is_one_clear_line(example: Path, elsewhere: Path, word: str) -> None:
    code, out, err = graphkit("query", word, "--workspace", str(example))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {word!r} is not a named query")
    assert all(name in lines[0] for name in QUERIES)  # it names the queries there are
    if word == "top_lobyists":
        assert "did you mean top_lobbyists?" in lines[0]
    if word.endswith(".cypher"):
        assert f"give -f {word}" in lines[0]  # a file is never swapped for the shipped query


def test_the_library_owns_the_lookup(tmp_path: Path) -> None:
    text, source = query_to_run("most_lobbied")
    assert source is not None and source.path == CYPHER_DIR / "queries" / "most_lobbied.cypher"
    assert text == source.path.read_text(encoding="utf-8")
    assert query_to_run("RETURN 1 AS x") == ("RETURN 1 AS x", None)
    assert query_to_run("  SHOW INDEXES ") == ("  SHOW INDEXES ", None)
    with pytest.raises(GraphkitError, match="either"):
        query_to_run("most_lobbied", tmp_path / "x.cypher")
    with pytest.raises(GraphkitError, match="not a named query"):
        query_to_run("RETURN")
    # A folder of queries of one's own: the lookup and the list read that folder.
    shutil.copytree(CYPHER_DIR / "queries", tmp_path / "queries")
    (tmp_path / "queries" / "most_lobbied.cypher").rename(tmp_path / "queries" / "busiest.cypher")
    assert named_query("busiest", tmp_path).summary == QUERIES["most_lobbied"].summary
    with pytest.raises(GraphkitError, match="the named queries: busiest, co_attendance_partners"):
        named_query("most_lobbied", tmp_path)
    listed = [row["query"] for row in query_catalogue(tmp_path)]
    assert listed == sorted([*set(QUERIES) - {"most_lobbied"}, "busiest"])
