"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

# The Neo4j fixtures (neo4j_server, neo4j_empty) live in tests/neo4j_fixture.py.
pytest_plugins = ["neo4j_fixture"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real lobbying records beside the checkout (never copied into it)."""
    assert SHARED_DATA.is_dir(), f"{SHARED_DATA} is missing: the tests need ../shared/data beside the repo"
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_page() -> Path:
    """The bundled OpenLobby page of 11.11.11."""
    return EXAMPLES / "openlobby" / "11-11-11.txt"
