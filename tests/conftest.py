"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (``derandomize``), so a red CI names a
# defect in the change, not one a random draw happened on; GRAPHKIT_HYPOTHESIS=explore draws
# new examples each run, the way to hunt for defects (what found the Register export that
# opens with a control character).
settings.register_profile("graphkit", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("explore" if os.environ.get("GRAPHKIT_HYPOTHESIS") == "explore" else "graphkit")

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Fail a test whose captured output or log holds the test Neo4j's password: graphkit must
    never print it (tests/test_neo4j_security.py checks every failing command on its own)."""
    outcome = yield
    report = outcome.get_result()
    from neo4j_fixture import TEST_PASSWORD

    leaked = [
        name for name, text in report.sections if name.endswith(f" {report.when}") and TEST_PASSWORD in text
    ]
    if leaked and report.passed:
        report.outcome = "failed"
        report.longrepr = f"the test Neo4j password appears in {', '.join(leaked)}"
