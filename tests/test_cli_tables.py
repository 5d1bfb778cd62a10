"""What a journalist sees at 80 columns: tables whose names wrap between words and are never cut,
the measure always there, no id columns (unless --wide); a command run where there is no
workspace says where it looked; ingest's summary comes last, its problems grouped; the Neo4j
driver's notifications are said once, in one short line."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from graphkit.cli import main
from graphkit.cli.app import driver_notifications
from graphkit.ingest import ingest
from graphkit.workspace import Workspace

EXPORT = "ep-meetings/ep-export-per-attendee-2019-2024.csv"
BORDERS = str.maketrans({char: " " for char in "│┃┏┓┗┛┡┩└┘┳┻╇━─┬┴┼┃"})


def graphkit(*args: str, columns: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns), "NEO4J_URI": ""})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workspace(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = Workspace(tmp_path_factory.mktemp("tables") / "ws")
    ingest([shared_data / EXPORT], workspace)
    return workspace.path


def names_whole_and_in_order(names: list[str], table: str) -> list[str]:
    """The names whose words are not all found, in order, as whole words of ``table`` (a name
    longer than its column wraps between words, its lines interleaved with the other columns')."""
    tokens = table.translate(BORDERS).split()
    missing, at = [], 0
    for name in names:
        position = at
        for word in name.split():
            try:
                position = tokens.index(word, position) + 1
            except ValueError:
                missing.append(name)
                break
        else:
            at = tokens.index(name.split()[0], at) + 1  # the next row starts after this one
    return missing


@pytest.mark.parametrize(
    ("args", "names", "measure"),
    [
        (["centrality"], "name", "pagerank"),
        (["similar", "BEUC"], "name", "jaccard"),
        (["trends"], "name", "degree"),
        # Not the EP terms: the export has no meeting after June 2024, and the windows are refused.
        (["trends", "--changes", "2022", "2023"], "name", "degree"),
        (["communities"], "largest", "meetings"),
    ],
    ids=["centrality", "similar", "trends", "trends-changes", "communities"],
)
def test_names_whole_and_measure_shown_at_80_columns(
    workspace: Path, args: list[str], names: str, measure: str
) -> None:
    code, out, err = graphkit(*args, "--json", "--workspace", str(workspace))
    assert code == 0, err
    rows = json.loads(out)
    assert rows and (names != "name" or "id" in rows[0])  # machine formats keep every column
    code, table, err = graphkit(*args, "--workspace", str(workspace))
    assert code == 0, err
    assert names_whole_and_in_order([row[names] for row in rows], table) == []
    assert measure in table.translate(BORDERS).split()
    assert all(cell_len(line) <= 80 for line in table.splitlines()), table
    assert "organisation:" not in table  # no id column


@pytest.fixture(scope="module")
def example(seed_page: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of the bundled example (the OpenLobby page of 11.11.11: long Dutch and German
    names and topics, ids of sixty characters)."""
    workspace = Workspace(tmp_path_factory.mktemp("example") / "ws")
    ingest([seed_page], workspace)
    return workspace.path


def cut_words(rows: list[dict], table: str, hidden: frozenset[str] = frozenset()) -> list[str]:
    """The words of the rows' text cells and of their headers that the table does not show
    whole, each occurrence counted (a name cut in one row and whole in another is still cut).
    Id columns, which fold by design, empty columns and the ``hidden`` ones, which the table
    leaves out, are not checked."""
    tokens = Counter(table.translate(BORDERS).split())
    shown = [
        column
        for column in rows[0]
        if column not in hidden
        and not (column in ("id", "ids") or column.endswith(("_id", "_ids")))
        and any(row[column] not in (None, "") for row in rows)  # an empty column is left out
    ]
    words = Counter(word for column in shown for word in column.split("_"))
    words += Counter(
        word for row in rows for column in shown if isinstance(row[column], str) for word in row[column].split()
    )
    return sorted((words - tokens).elements())


EXAMPLE_TABLES = {
    "query-top_lobbyists": ["query", "top_lobbyists", "-p", "mep=Kathleen Van Brempt"],
    "query-degree_centrality": ["query", "degree_centrality"],
    "query-most_lobbied": ["query", "most_lobbied"],
    "query-meetings_between": ["query", "meetings_between", "-p", "organisation=11.11.11"],
    "query-co_attendance_partners": ["query", "co_attendance_partners", "-p", "organisation=11.11.11"],
    "query-consultation_lobbying": ["query", "consultation_lobbying"],
    "query-cypher": ["query", "MATCH (o:Organisation)-[r:MET]->(h) RETURN o.id AS id, o.name AS organisation, "
                              "h.name AS counterpart, r.title AS title ORDER BY id, counterpart, title"],
    "query-list": ["query", "--list"],
    "communities": ["communities"],
    "trends": ["trends"],
    "trends-term": ["trends", "--by", "term"],
    "trends-changes": ["trends", "--changes", "2023", "2024"],
}  # fmt: skip
# Every title of the example is one meeting's (no Topic node: issue 26), so the tables of topics
# are those of the Parliament's export.
EXPORT_TABLES = {
    "query-topics_by_organisation": ["query", "topics_by_organisation", "-p", "organisation=European Environmental Bureau"],
    "trends-topics": ["trends", "--projection", "org-topic", "--kind", "topic"],
}  # fmt: skip
# Columns a table leaves out on purpose: every community here is of organisations, which the
# title says (the kinds column would repeat the size); trends say the kind in the title, and
# rank changes print one table per direction (rose, fell, new, gone) named in its title; trends
# print each window's meetings and sources once, in a table above the ranks (checked apart).
WINDOW_COLUMNS = frozenset(
    {"window_meetings", "window_sources", "meetings_before", "meetings_after", "sources_before", "sources_after"}
)
HIDDEN = frozenset({"kinds", "kind", "direction"}) | WINDOW_COLUMNS


@pytest.mark.parametrize(
    ("source", "args"),
    [("example", args) for args in EXAMPLE_TABLES.values()] + [("workspace", args) for args in EXPORT_TABLES.values()],
    ids=[*EXAMPLE_TABLES, *EXPORT_TABLES],
)
def test_example_tables_fit_80_columns_with_every_word_whole(
    request: pytest.FixtureRequest, source: str, args: list[str]
) -> None:
    example: Path = request.getfixturevalue(source)
    code, out, err = graphkit(*args, "--json", "--workspace", str(example))
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) >= 2
    code, table, err = graphkit(*args, "--workspace", str(example))
    assert code == 0, err
    assert all(cell_len(line) <= 80 for line in table.splitlines()), table
    hidden = HIDDEN if args[0] in ("communities", "trends") else frozenset()
    assert cut_words(rows, table, hidden) == [], table
    if args[0] == "trends":
        texts = {row[column] for row in rows for column in WINDOW_COLUMNS & set(row)}
        assert cut_words([{"window": str(text)} for text in texts], table) == [], table
    if "largest" in rows[0]:
        assert names_whole_and_in_order([row["largest"] for row in rows], table) == []
    if "name" in rows[0]:
        assert names_whole_and_in_order([row["name"] for row in rows], table) == []
    if args[0] == "communities":
        assert " communities of organisations on org-org" in table  # the kind the column gave
    if "direction" in rows[0]:
        titles = [line.strip() for line in table.splitlines() if "→" in line]
        directions = list(dict.fromkeys(row["direction"] for row in rows))
        assert [title.rsplit(": ", 1)[-1] for title in titles] == directions


# 2024 holds 14 % of 2023's meetings in the export (it ends in June): ranked only when allowed.
@pytest.mark.parametrize("windows", [("2023", "2024", "--allow-uneven"), ("2022", "2023")])
def test_rank_changes_at_80_columns_cut_no_word(workspace: Path, windows: tuple[str, ...]) -> None:
    """Six number columns and a direction: each direction gets its own table, named in its
    title, so no word is cut ("ros/e") and every line fits."""
    args = ["trends", "--changes", *windows, "--workspace", str(workspace)]
    code, out, err = graphkit(*args, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {"rose", "fell"} <= {row["direction"] for row in rows}
    code, table, err = graphkit(*args)
    assert code == 0, err
    assert all(cell_len(line) <= 80 for line in table.splitlines()), table
    assert cut_words(rows, table, frozenset({"direction"}) | WINDOW_COLUMNS) == [], table
    assert names_whole_and_in_order([row["name"] for row in rows], table) == []
    titles = [line.strip() for line in table.splitlines() if "→" in line]
    assert [title.rsplit(": ", 1)[-1] for title in titles] == list(dict.fromkeys(r["direction"] for r in rows))


def test_query_ids_fold_and_leave_the_names_room(example: Path) -> None:
    """``graphkit query`` prints the columns the query returned, ids too; an id (one word of
    sixty characters) folds rather than take the width the names need."""
    args = ["query", "degree_centrality", "--workspace", str(example)]
    rows = json.loads(graphkit(*args, "--json")[1])
    code, table, err = graphkit(*args)
    assert code == 0, err
    header = next(line for line in table.splitlines() if " id " in line and "organisation" in line)
    id_width, organisation_width = (len(cell) for cell in header.strip("┃").split("┃")[:2])
    assert organisation_width >= id_width - 5  # names get about as much room as ids, or more
    longest = max(rows, key=lambda row: len(row["id"]))["id"]
    assert longest not in table  # folded…
    assert longest in "".join(line.split("│")[1].strip() for line in table.splitlines() if "│" in line)  # …whole


def test_wide_shows_the_id_column(workspace: Path) -> None:
    code, table, err = graphkit(
        "centrality", "--top", "3", "--wide", "--workspace", str(workspace), columns=200
    )
    assert code == 0, err
    assert "id" in table.translate(BORDERS).split() and "mep:" in table


@pytest.mark.parametrize(
    "args", [["info"], ["report", "BEUC"], ["centrality"], ["similar", "BEUC"], ["communities"], ["resolve"]]
)
def test_no_workspace_says_where_it_looked(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = graphkit(*args, "--workspace", str(missing))
    assert code == 1
    assert err.strip() == (
        f"Error: no workspace at {missing} (run graphkit ingest first, or --workspace DIR)"
    )
    assert out == ""


def test_ingest_groups_problems_and_prints_the_summary_last(shared_data: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical\nNobody At All,BEUC\n", encoding="utf-8")
    listed = tmp_path / "problems.txt"
    result = CliRunner().invoke(
        main,
        ["ingest", str(shared_data / EXPORT), "--workspace", str(tmp_path / "ws"), "--aliases", str(aliases),
         "--problems", str(listed)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    every = listed.read_text(encoding="utf-8").splitlines()
    titles = [line for line in every if "looks like a job title" in line]
    assert len(titles) > 3 and all(line.startswith(f"{shared_data / EXPORT}:") for line in titles)
    err = result.stderr.splitlines()
    assert f"{len(titles)} × … looks like a job title, not an attendee; left out" in err
    assert sum("looks like a job title" in line for line in err) == 1 + 3  # the kind, three examples
    assert f"  … and {len(titles) - 3} more (all in {listed})" in err
    assert err[-1].startswith(f"{len(every)} problem(s) of ")
    out = result.stdout.splitlines()
    assert out[-1] == f"Aliases: 1 row(s) of {aliases} match no organisation and change nothing (line(s) 2)"
    assert any(line.startswith("Organisations: ") for line in out[-3:])


NOTIFICATION = (
    "Received notification from DBMS server: <GqlStatusObject gql_status='01N50', "
    'status_description="warn: label does not exist. The label `Nope` does not exist in database '
    "`neo4j`. Verify that the spelling is correct.\", position=None, raw_classification='UNRECOGNIZED', "
    "classification=<NotificationClassification.UNRECOGNIZED: 'UNRECOGNIZED'>, raw_severity='WARNING', "
    "severity=<NotificationSeverity.WARNING: 'WARNING'>, diagnostic_record={}> for query: 'MATCH (n:Nope) RETURN n'"
)


@pytest.mark.parametrize("debug", [False, True])
def test_driver_notifications_are_said_once_in_short(capsys: pytest.CaptureFixture[str], debug: bool) -> None:
    logger = logging.getLogger("neo4j.notifications")
    with driver_notifications(debug) as notices:
        for _ in range(3):  # EXPLAIN, then the query itself, say the same
            logger.warning("%s", NOTIFICATION)
        notices.extend(["warn: label does not exist. The label `Nope` does not exist in database `neo4j`. "
                        "Verify that the spelling is correct."])  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    short = (
        "warning: warn: label does not exist. The label `Nope` does not exist in database `neo4j`. "
        "Verify that the spelling is correct."
    )
    assert err == ([short, NOTIFICATION] if debug else [short])
    assert logger.propagate and not [h for h in logger.handlers if h.__class__.__name__ == "Notices"]
