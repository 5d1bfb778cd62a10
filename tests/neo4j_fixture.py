"""A real Neo4j for the tests: the user's own (``NEO4J_URI``) or one started here from Maven jars.

Without ``NEO4J_URI``, the session builds ``tests/neo4j_server`` once (Neo4j Community 5.26 embedded
with Bolt, plus the open-source Graph Data Science procedures; cached in its ``target/`` until the
pom or the launcher changes) and starts it on a free port of 127.0.0.1. On a machine without Java or
Maven the Neo4j tests skip with the reason; in CI (``CI=true``) that is a failure instead.

Fixtures
--------
neo4j_server
    Session-scoped :class:`Neo4jServer`: ``uri``, ``user``, ``password``, ``database``, ``gds``
    (whether the GDS procedures are there), and ``stop()``/``start()`` for tests that take the
    server away (only for a server started here).
neo4j_empty
    The same server, its database emptied before the test.

The launcher functions (:func:`build_launcher`, :func:`launch`) are plain Python so the benchmarks
start the same server.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER_PROJECT = ROOT / "tests" / "neo4j_server"
TARGET = SERVER_PROJECT / "target"
TEST_USER = "neo4j"
TEST_PASSWORD = "graphkit-test-password"
READY_MARK = "NEO4J READY"
# With NEO4J_URI set, the tests empty that database only if it is empty already or this is "1".
WIPE_CONSENT = "GRAPHKIT_TESTS_MAY_WIPE_NEO4J"
START_TIMEOUT_S = 240.0
# As Neo4j's own conf/neo4j.conf (server.jvm.additional), sized for the tests.
JVM_FLAGS = (
    "-Xms512m",
    "-Xmx2g",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


class LauncherUnavailable(RuntimeError):
    """Java or Maven is missing, so no test server can be started here."""


def _build_inputs_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([SERVER_PROJECT / "pom.xml", *(SERVER_PROJECT / "src").rglob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(SERVER_PROJECT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_launcher() -> Path:
    """Build the launcher (once; cached until its sources change) and return its build directory.

    The build goes to ``target/<digest of pom.xml and src/>``, holding ``classes/``, ``lib/``
    (Neo4j and its dependencies) and ``plugins/`` (the GDS procedure jars). Raises
    :class:`LauncherUnavailable` when ``java`` or ``mvn`` is missing.
    """
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise LauncherUnavailable(
                f"`{tool}` is not installed: the Neo4j tests need Java 17 and Maven "
                "(`make system-deps` installs them) or NEO4J_URI pointing at a Neo4j 5 server"
            )
    TARGET.mkdir(exist_ok=True)
    build = TARGET / _build_inputs_digest()[:16]
    done = build / "graphkit-build.done"
    with open(TARGET / "graphkit-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (tests and benchmarks alike)
        if not done.is_file():
            shutil.rmtree(build, ignore_errors=True)
            result = subprocess.run(
                [
                    "mvn",
                    "-B",
                    "-q",
                    "package",
                    f"-Dgraphkit.build={build}",
                    "-Dmaven.wagon.http.retryHandler.count=3",
                ],
                cwd=SERVER_PROJECT,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(
                    "building tests/neo4j_server failed:\n" + (result.stdout + result.stderr)[-4000:]
                )
            done.write_text("ok\n")
    return build


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Neo4jServer:
    """Where the tests' Neo4j answers, and (for one started here) its process."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"
    gds: bool = False
    home: Path | None = None
    port: int | None = None
    build: Path | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def managed(self) -> bool:
        """True when this session started the server (so a test may stop and restart it)."""
        return self.home is not None

    def start(self) -> None:
        """Start the launcher and wait until Bolt accepts connections."""
        assert self.home is not None and self.port is not None and self.build is not None
        log_path = self.home / "launcher.out"
        log = open(log_path, "ab")
        offset = log_path.stat().st_size
        self.process = subprocess.Popen(
            [
                "java",
                *JVM_FLAGS,
                "-cp",
                f"{self.build / 'classes'}:{self.build / 'lib'}/*",
                "graphkit.testserver.Launcher",
                str(self.home / "server"),
                str(self.port),
                "env" if self.password else "-",
                str(self.build / "plugins"),
            ],
            # The password goes through the environment: a command line shows in ps and debug.log.
            env={**os.environ, "GRAPHKIT_TEST_NEO4J_PASSWORD": self.password},
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            output = log_path.read_bytes()[offset:].decode(errors="replace")
            if READY_MARK in output:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.kill()
        tail = log_path.read_bytes()[offset:].decode(errors="replace")[-4000:]
        raise RuntimeError(f"the Neo4j test server did not become ready on port {self.port}:\n{tail}")

    def stop(self, timeout: float = 60.0) -> None:
        """Shut the server down cleanly (end of its standard input), killing it if it hangs."""
        if self.process is None:
            return
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stdin:
            self.process.stdin.close()
        self.process = None


def launch(home: Path, port: int | None = None, password: str = TEST_PASSWORD) -> Neo4jServer:
    """Build (if needed) and start a Neo4j test server with its files under ``home``."""
    build = build_launcher()
    home.mkdir(parents=True, exist_ok=True)
    server = Neo4jServer(
        uri=f"bolt://127.0.0.1:{port or free_port()}",
        user=TEST_USER,
        password=password,
        gds=True,
        home=home,
        build=build,
    )
    server.port = int(server.uri.rsplit(":", 1)[1])
    server.start()
    return server


def _external_server() -> Neo4jServer | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Neo4jServer(
        uri=uri,
        user=os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j",
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or "neo4j",
    )


def _has_gds(server: Neo4jServer) -> bool:
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query(
            "SHOW PROCEDURES YIELD name WHERE name = 'gds.graph.project' RETURN count(*) AS n",
            database_=server.database,
        )
    return records[0]["n"] > 0


def _node_count(server: Neo4jServer) -> int:
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=server.database)
    return records[0]["n"]


def empty_database(server: Neo4jServer) -> None:
    """Delete every node and relationship (in batches) and every constraint of the test database."""
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        with driver.session(database=server.database) as session:  # IN TRANSACTIONS needs auto-commit
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=server.database)[0]:
            driver.execute_query(f"DROP CONSTRAINT `{record['name']}` IF EXISTS", database_=server.database)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A running Neo4j: NEO4J_URI's, or one started here for the session (see the module doc)."""
    external = _external_server()
    if external is not None:
        if os.environ.get(WIPE_CONSENT) != "1" and _node_count(external) > 0:
            pytest.fail(
                f"NEO4J_URI's database {external.database!r} is not empty and the Neo4j tests empty it: "
                f"point NEO4J_URI at a scratch database, or set {WIPE_CONSENT}=1 to let them wipe it"
            )
        external.gds = _has_gds(external)
        yield external
        return
    try:
        server = launch(tmp_path_factory.mktemp("neo4j"))
    except LauncherUnavailable as missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the Neo4j tests: {missing}")
        pytest.skip(str(missing))
    try:
        server.gds = _has_gds(server)
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_empty(neo4j_server: Neo4jServer) -> Neo4jServer:
    """The session's Neo4j with its database emptied (nodes, relationships, constraints)."""
    if neo4j_server.managed and neo4j_server.process is None:
        neo4j_server.start()  # a previous test stopped it
    empty_database(neo4j_server)
    return neo4j_server
