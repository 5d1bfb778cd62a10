"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

# The Neo4j fixtures (neo4j_server, neo4j_empty) live in tests/neo4j_fixture.py.
pytest_plugins = ["neo4j_fixture"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"
# A test that uses one of these (itself or through a fixture of its own) needs the Neo4j server.
NEO4J_FIXTURES = frozenset({"neo4j_server", "neo4j_empty"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``neo4j`` every test that reaches the Neo4j fixtures and ``slow`` every test that reads
    ``../shared/data`` (tens of thousands of real records), so ``-m "not neo4j and not slow"``
    (``make test-fast``) leaves them out without each module saying so. (``browser``, and
    ``slow`` for other reasons, are marked by the modules themselves.)"""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & NEO4J_FIXTURES:
            item.add_marker(pytest.mark.neo4j)
        if "shared_data" in fixtures:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real lobbying records beside the checkout (never copied into it)."""
    assert SHARED_DATA.is_dir(), f"{SHARED_DATA} is missing: the tests need ../shared/data beside the repo"
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_page() -> Path:
    """The bundled OpenLobby page of 11.11.11."""
    return EXAMPLES / "openlobby" / "11-11-11.txt"
