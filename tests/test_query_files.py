"""Every named query in cypher/queries/ against a known dataset, checked against an answer
computed independently with pandas (tests/query_expected.py), on the embedded store and on the
real Neo4j of the tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import query_expected as qe
from neo4j_fixture import Neo4jServer, empty_database

from graphkit.stores.cypher_files import query_files
from graphkit.stores.embedded import EmbeddedStore
from graphkit.stores.query import prepare_params

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
