"""CSV and TSV a spreadsheet opens without running a formula (OWASP's CSV injection advice)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.ingest import ingest
from graphkit.spreadsheet import formula_safe, formula_safe_frame
from graphkit.workspace import Workspace

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    pages = tmp_path_factory.mktemp("pages")
    for number, name in enumerate(HOSTILE):
        (pages / f"{number}.txt").write_text(
            f"{name}\nLobbying Activity\n"
            "Meeting with Anna Lind (Member of the European Parliament)\n"
            f"{number + 1} Mar 2024 · Clean air\n",
            encoding="utf-8",
        )
    workspace = Workspace(tmp_path_factory.mktemp("ws") / "ws")
    ingest([pages], workspace)
    return workspace


def stored_names(workspace: Workspace) -> set[str]:
    actors = workspace.load().actors
    return set(actors.loc[actors["kind"] == "organisation", "name"])


def test_every_hostile_name_is_kept_as_written(workspace: Workspace) -> None:
    assert stored_names(workspace) == set(HOSTILE)


def test_export_csv_quotes_formula_text_and_keeps_numbers(workspace: Workspace, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", "-o", str(tmp_path / "g.csv"), "--workspace", str(workspace.path)]
    )
    assert result.exit_code == 0, result.output
    nodes = pd.read_csv(tmp_path / "g.nodes.csv", dtype=str, keep_default_na=False)
    names = set(nodes["name"])
    assert {"'" + name for name in HOSTILE} <= names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
    edges = pd.read_csv(tmp_path / "g.edges.csv")
    assert pd.api.types.is_numeric_dtype(edges["meetings"])  # numbers stay numbers


@pytest.mark.parametrize("fmt, sep", [("--csv", ","), ("--tsv", "\t")])
def test_csv_and_tsv_output_quote_formula_text(workspace: Workspace, fmt: str, sep: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "MATCH (o:Organisation) RETURN o.name AS name, -1 AS n, -2.5 AS x, '\tx' AS tab ORDER BY name",
            fmt,
            "--workspace",
            str(workspace.path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(io.StringIO(result.stdout), sep=sep, dtype=str, keep_default_na=False)
    assert set(rows["name"]) == {"'" + name for name in HOSTILE}
    assert set(rows["n"]) == {"-1"} and set(rows["x"]) == {"-2.5"}  # a negative number is no formula
    assert set(rows["tab"]) == {"'\tx"}


def test_json_output_keeps_the_text_as_it_is(workspace: Workspace) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "MATCH (o:Organisation) RETURN o.name AS name",
            "--json",
            "--workspace",
            str(workspace.path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert {row["name"] for row in pd.read_json(io.StringIO(result.stdout)).to_dict("records")} == set(
        HOSTILE
    )


def test_only_text_cells_are_quoted() -> None:
    frame = pd.DataFrame(
        {"t": ["=1+1", "\rx", "plain", None], "n": [-1, 2, 3, 4], "f": [-0.5, 1.0, None, 2.0]}
    )
    safe = formula_safe_frame(frame)
    assert safe["t"].tolist()[:3] == ["'=1+1", "'\rx", "plain"] and pd.isna(safe["t"][3])
    assert safe["n"].tolist() == [-1, 2, 3, 4] and safe["n"].dtype == frame["n"].dtype
    assert safe["f"].dtype == frame["f"].dtype
    assert frame["t"][0] == "=1+1"  # the caller's frame is left alone
    assert formula_safe("a=b") == "a=b" and formula_safe(-7) == -7
