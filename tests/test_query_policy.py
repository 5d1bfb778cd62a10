"""Read-only that is really read-only, on the embedded store: no file access without
``--allow-files``, only kglite's READ procedures, a timeout on every ad-hoc query; and the
tokenizer and rules of :mod:`graphkit.stores.cypher_policy` on their own."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import query_expected as qe
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.stores.cypher_policy import (
    MultipleStatements,
    QueryRefused,
    check_neo4j_read,
    embedded_files,
    one_statement,
    tokens,
)
from graphkit.stores.embedded import read_procedures
from graphkit.stores.redact import redact, register_secret, scrub_exception
from graphkit.workspace import Workspace

PASSWD = "file:///etc/passwd"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query-policy") / "ws"
    ingest([qe.SEED_PAGE], Workspace(path))
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A directory --allow-files may name: one CSV, a symlink out of it, and a file beside it."""
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.csv").write_text("name,n\nBEUC,3\n", encoding="utf-8")
    (tmp_path / "secret.csv").write_text("secret,1\n", encoding="utf-8")
    (allowed / "escape.csv").symlink_to(tmp_path / "secret.csv")
    (allowed / "passwd.csv").symlink_to("/etc/passwd")
    return allowed


def query(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", "--workspace", str(workspace), *args], env={"NEO4J_URI": ""})
    return result.exit_code, result.stdout, result.stderr


# -- embedded: files ---------------------------------------------------------------------------

LOAD_CSV_REFUSED = [
    f"LOAD CSV FROM '{PASSWD}' AS r RETURN r",
    "LOAD CSV FROM 'file:///etc/shadow' AS r RETURN r",
    "LOAD CSV FROM '/etc/passwd' AS r RETURN r",
    f"load csv with headers from '{PASSWD}' AS r RETURN r",
    f"LOAD/* a comment */CSV FROM '{PASSWD}' AS r RETURN r",
    f"LOAD\u200bCSV FROM '{PASSWD}' AS r RETURN r",  # a zero-width space between the words
    f"// a comment\nLOAD CSV FROM '{PASSWD}' AS r RETURN r",
]


@pytest.mark.parametrize("cypher", LOAD_CSV_REFUSED)
@pytest.mark.parametrize("write", [False, True])
def test_load_csv_is_refused_without_allow_files(workspace: Path, cypher: str, write: bool) -> None:
    code, out, err = query(workspace, *(["--write"] if write else []), "--json", cypher)
    assert code == 1
    assert "refused by the load-csv rule" in err and "--allow-files DIR" in err
    assert "root:" not in out + err and "Traceback" not in err


def test_text_that_only_looks_like_load_csv_runs(workspace: Path) -> None:
    code, out, err = query(workspace, "--json", "RETURN 'LOAD CSV FROM x' AS text /* LOAD CSV */")
    assert code == 0, err
    assert "LOAD CSV FROM x" in out


def test_allow_files_reads_files_under_the_directory_only(workspace: Path, files: Path) -> None:
    code, out, err = query(
        workspace,
        "--allow-files",
        str(files),
        "--json",
        f"LOAD CSV WITH HEADERS FROM 'file://{files / 'ok.csv'}' AS r RETURN r.name AS name",
    )
    assert code == 0, err
    assert '"BEUC"' in out
    code, out, err = query(
        workspace,
        "--allow-files",
        str(files),
        "-p",
        f"f={files / 'ok.csv'}",
        "--json",
        "LOAD CSV FROM $f AS r RETURN r",
    )
    assert code == 0, err
    assert "BEUC" in out


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("'{dir}/escape.csv'", "is outside --allow-files"),  # a symlink out of DIR
        ("'{dir}/passwd.csv'", "is outside --allow-files"),
        ("'file://{dir}/../secret.csv'", "is outside --allow-files"),
        ("'{dir}/../../../../../../etc/passwd'", "is outside --allow-files"),
        ("'/etc/passwd'", "is outside --allow-files"),
        ("'{dir}/missing.csv'", "cannot read it"),
        ("'{dir}'", "is not a regular file"),
        ("'file://localhost/etc/passwd'", "only local file:/// URLs"),
        ("'{dir}/' + 'ok.csv'", "takes a string or a $parameter"),
        ("$nothing", "give the parameter a path"),
    ],
)
def test_allow_files_refuses_what_is_outside_or_unclear(
    workspace: Path, files: Path, source: str, why: str
) -> None:
    cypher = f"LOAD CSV FROM {source.format(dir=files)} AS r RETURN r"
    code, out, err = query(workspace, "--allow-files", str(files), "--json", cypher)
    assert code == 1
    assert "refused by the load-csv rule" in err and why in err
    assert "secret" not in out and "root:" not in out


def test_the_checked_path_is_the_one_read() -> None:
    here = Path(__file__).resolve().parent
    cypher, params = embedded_files(f"LOAD CSV FROM '{here}/./conftest.py' AS r RETURN r", {"x": 1}, here)
    assert cypher == "LOAD CSV FROM $graphkit_file_0 AS r RETURN r"
    assert params == {"x": 1, "graphkit_file_0": str(here / "conftest.py")}


# -- embedded: procedures and timeout ----------------------------------------------------------


def test_only_read_procedures_run_without_write(workspace: Path) -> None:
    code, out, err = query(workspace, "--json", "CALL db.labels() YIELD label RETURN label")
    assert code == 0, err
    assert "Organisation" in out
    code, _, err = query(workspace, "CALL table.upsert({}) YIELD updated RETURN updated")
    assert code == 1
    assert "refused by the procedures rule: table.upsert" in err


def test_no_read_procedure_of_kglite_touches_files() -> None:
    # If kglite adds a READ procedure that reads or writes files, the read list needs a review.
    names = read_procedures()
    assert {"db.labels", "db.schema", "pagerank"} <= names
    assert not [n for n in names if any(w in n.lower() for w in ("load", "import", "export", "file", "csv"))]
    assert "table.upsert" not in names


@pytest.mark.slow  # ~2 s: two queries each run until the 1 s limit (make test runs it)
def test_a_runaway_query_stops_at_the_timeout(workspace: Path) -> None:
    started = time.monotonic()
    code, _, err = query(workspace, "--timeout", "1", "MATCH p = (a)-[*..12]-(b) RETURN count(p)")
    elapsed = time.monotonic() - started
    assert code == 1
    assert "the query ran past the 1 s limit and was stopped" in err and "Traceback" not in err
    assert elapsed < 10
    code, _, err = query(workspace, "--timeout", "1", "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*)")
    assert code == 1 and "ran past the 1 s limit" in err


# -- embedded: one statement per query ---------------------------------------------------------

TWO_STATEMENTS = "the query holds 2 statements separated by ';'"


def test_two_statements_are_refused_before_either_runs(workspace: Path) -> None:
    code, out, err = query(workspace, "RETURN 1 AS a; RETURN 2 AS b")
    assert code == 1 and out == ""
    assert (
        err.strip() == f"Error: {TWO_STATEMENTS} (the second at character 16): graphkit query runs one "
        "statement at a time; run them one by one"
    )
    # With --write neither runs: kglite alone would run both and show the last one's rows.
    code, _, err = query(
        workspace, "--write", "CREATE (:Topic {id: 'topic:one'}); CREATE (:Topic {id: 'topic:two'})"
    )
    assert code == 1 and TWO_STATEMENTS in err
    code, out, _ = query(
        workspace, "--json", "MATCH (t:Topic) WHERE t.id IN ['topic:one', 'topic:two'] RETURN count(t) AS n"
    )
    assert '"n": 0' in out


def test_one_statement_with_semicolons_runs(workspace: Path) -> None:
    for cypher in (
        "RETURN 1 AS a;",
        "RETURN 1 AS a ; ;",
        "RETURN ';' AS a; // done",
        "RETURN 1 AS a /* ; */",
    ):
        code, out, err = query(workspace, "--json", cypher)
        assert code == 0, (cypher, err)
        assert '"a": ' in out, cypher
    assert one_statement("RETURN 1 AS a;\n") == "RETURN 1 AS a \n"  # positions kept for errors
    with pytest.raises(MultipleStatements, match="3 statements"):
        one_statement("RETURN 1; RETURN 2; RETURN 3")


def test_printing_stops_at_the_row_limit(workspace: Path) -> None:
    many = "UNWIND range(1, 1500) AS n RETURN n"
    query(workspace, "RETURN 1")  # the embedded graph built, so stderr holds only the row limit's line
    code, out, err = query(workspace, many)
    assert code == 0, err
    assert err.strip() == "showing the first 1,000 of 1,500 rows (give --max-rows 0 for all)"
    assert "│ 1000 │" in out and "│ 1001 │" not in out
    code, out, err = query(workspace, "--csv", "--max-rows", "10", many)
    assert out.split() == ["n", *map(str, range(1, 11))] and "first 10 of 1,500 rows" in err
    code, out, err = query(workspace, "--csv", many)  # machine formats: every row unless told
    assert len(out.split()) == 1501 and err == ""
    code, out, err = query(workspace, "--max-rows", "0", many)
    assert "│ 1500 │" in out and err == ""


# -- the tokenizer and the Neo4j rules ---------------------------------------------------------


def test_tokens_keep_strings_comments_and_names_apart() -> None:
    toks = tokens('MATCH (n:`LOAD CSV`) WHERE n.x = "it\'s // no \\" comment" /* CALL x.y() */ RETURN $load')
    assert [t.kind for t in toks if t.kind != "punct"] == [
        "word",
        "word",
        "name",
        "word",
        "word",
        "word",
        "string",
        "word",
        "param",
    ]
    assert [t.value for t in toks if t.kind == "name"] == ["LOAD CSV"]
    assert [t.value for t in toks if t.kind == "string"] == ["it's // no \" comment"]


@pytest.mark.parametrize(
    ("cypher", "rule"),
    [
        (f"LOAD CSV FROM '{PASSWD}' AS r RETURN r", "load-csv"),
        ("USING PERIODIC COMMIT LOAD CSV FROM 'x' AS r RETURN r", "load-csv"),
        ("TERMINATE TRANSACTION 'neo4j-transaction-1'", "terminate"),
        ("SHOW TRANSACTIONS YIELD transactionId TERMINATE TRANSACTIONS transactionId", "commands"),
        ("SHOW TRANSACTIONS", "commands"),
        ("SHOW SETTINGS", "commands"),
        ("SHOW USER PRIVILEGES", "commands"),
        ("CALL gds.graph.generate('huge', 50000000, 100)", "gds-write"),
        ("CALL gds.graph.export('g', {dbName: 'x'})", "gds-write"),
        ("CALL gds.graph.project('g', '*', '*')", "gds-write"),
        ("CALL gds.pageRank.write('g', {writeProperty: 'p'})", "gds-write"),
        ("CALL gds.louvain.mutate('g', {mutateProperty: 'c'})", "gds-write"),
        ("CALL gds.graph.drop('g')", "gds-write"),
        ("CALL `gds`.`graph`.generate('huge', 5, 1)", "gds-write"),
        ("CALL gds . graph . generate('huge', 5, 1)", "gds-write"),
        ("MATCH (a)-->(b) WITH gds.graph.project('g', a, b) AS g RETURN g", "gds-write"),
        ("CALL db.stats.collect('QUERIES')", "procedures"),
        ("CALL db.stats.retrieve('GRAPH COUNTS')", "procedures"),
        ("CALL apoc.load.json('file:///etc/passwd')", "procedures"),
        ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", "procedures"),
        ("CALL apoc.create.node(['X'], {})", "procedures"),
        ("CALL dbms.listConfig()", "procedures"),
        ("CALL dbms.security.createUser('x', 'y')", "procedures"),
        (
            "MATCH (n) CALL { WITH n CALL db.stats.clear('QUERIES') YIELD section RETURN section } RETURN n",
            "procedures",
        ),
    ],
)
def test_neo4j_read_policy_refuses_and_names_the_rule(cypher: str, rule: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_neo4j_read(cypher)
    assert refused.value.rule == rule
    assert str(refused.value).startswith(f"refused by the {rule} rule: ")


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (o:Organisation)-[r:MET]->(m:MEP) RETURN m.name, count(r) AS n",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.relationshipTypes()",
        "CALL db.schema.visualization()",
        "CALL dbms.components() YIELD name RETURN name",
        "CALL gds.graph.list() YIELD graphName RETURN graphName",
        "CALL gds.pageRank.stream('g') YIELD nodeId, score RETURN gds.util.asNode(nodeId).id, score",
        "CALL gds.louvain.stats('g') YIELD modularity RETURN modularity",
        "CALL gds.betweenness.stream.estimate('g', {}) YIELD requiredMemory RETURN requiredMemory",
        "SHOW INDEXES YIELD name RETURN name",
        "SHOW ALL CONSTRAINTS",
        "SHOW BUILT IN FUNCTIONS",
        "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'gds' RETURN name",
        "MATCH (n) CALL { WITH n RETURN n.name AS name } RETURN name",
        "MATCH (n {call: 'gds.graph.generate()'}) WHERE n.load = 1 RETURN n.terminate, 'LOAD CSV' AS x",
        "MATCH (show:Topic) RETURN show.name // SHOW TRANSACTIONS",
    ],
)
def test_neo4j_read_policy_lets_reads_through(cypher: str) -> None:
    check_neo4j_read(cypher)


# -- the redactor ------------------------------------------------------------------------------


def test_redact_hides_uri_user_info_and_registered_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "env-secret-1")
    register_secret("given-secret-2")
    text = "bolt://ann:env-secret-1@db:7687 neo4j+s://token@db given-secret-2 and env-secret-1"
    assert redact(text) == "bolt://ann:***@db:7687 neo4j+s://***@db *** and ***"
    try:
        try:
            raise ValueError("Given URI: 'bolt://ann:env-secret-1@db'")
        except ValueError as inner:
            raise RuntimeError("wrapped given-secret-2") from inner
    except RuntimeError as err:
        scrub_exception(err)
        assert str(err) == "wrapped ***" and str(err.__cause__) == "Given URI: 'bolt://ann:***@db'"


# -- quoting and case do not hide a name (issue 28) ---------------------------------------------

REFUSED_CALLS = [
    ("CALL gds.graph.project('g', '*', '*')", "gds-write"),
    ("CALL gds.graph.generate('huge', 5, 1)", "gds-write"),
    ("CALL gds.graph.drop('g')", "gds-write"),
    ("CALL gds.pageRank.write('g', {writeProperty: 'p'})", "gds-write"),
    ("MATCH (o)-[m]->(x) RETURN gds.graph.project('p', o, x)", "gds-write"),
    ("MATCH (a)-->(b) WITH gds.graph.project('g', a, b) AS g RETURN g", "gds-write"),
    ("CALL apoc.load.json('file:///etc/passwd')", "procedures"),
    ("CALL db.stats.collect('QUERIES')", "procedures"),
]


def _quoted_variant(cypher: str, draw_bool, draw_case) -> str:
    """``cypher`` with its dotted procedure or function name written another way: parts in
    backticks (alone or several parts in one quoted name), escaped backticks doubled, any case."""
    match = re.search(r"\b(gds|apoc|db)\.[\w.]+(?=\()", cypher)
    assert match is not None
    parts = [draw_case(part) for part in match.group(0).split(".")]
    pieces, i = [], 0
    while i < len(parts):
        if draw_bool() and i + 1 < len(parts):  # two parts in one quoted name: `gds.graph`
            pieces.append("`" + parts[i] + "." + parts[i + 1] + "`")
            i += 2
        else:
            pieces.append("`" + parts[i] + "`" if draw_bool() else parts[i])
            i += 1
    return cypher[: match.start()] + ".".join(pieces) + cypher[match.end() :]


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_quoted_and_recased_variants_of_refused_statements_are_refused(data) -> None:
    cypher, rule = data.draw(st.sampled_from(REFUSED_CALLS))

    def draw_case(part: str) -> str:
        how = data.draw(st.sampled_from(["same", "upper", "lower"]))
        # Procedures are case-sensitive in Neo4j but functions are not; gds' own namespace is
        # refused in any case either way.
        return {"same": part, "upper": part.upper(), "lower": part.lower()}[how]

    variant = _quoted_variant(cypher, lambda: data.draw(st.booleans()), draw_case)
    with pytest.raises(QueryRefused) as refused:
        check_neo4j_read(variant)
    assert refused.value.rule == rule, variant


@pytest.mark.parametrize(
    "uri",
    [
        "bolt://127.0.0.1:1?password=Sekrit-Pw-77",
        "neo4j://127.0.0.1:1?password=Sekrit-Pw-77",
        "bolt://127.0.0.1:1#Sekrit-Pw-77",
        "neo4j://127.0.0.1:1/?x=1&token=Sekrit-Pw-77",
    ],
)
def test_a_password_in_a_uris_query_or_fragment_is_never_printed(uri: str, workspace: Path) -> None:
    env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": "other-password"}
    result = CliRunner().invoke(main, ["query", "RETURN 1", "--store", "neo4j"], env=env)
    assert result.exit_code != 0
    assert "Sekrit-Pw-77" not in result.output
    assert "?***" in result.output
