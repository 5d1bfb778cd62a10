"""graphkit hypergraph, significance and balance: thin layers over graphkit.analysis.hypergraph and
graphkit.analysis.balance, with the shared output options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main

# Officials Ann and Bob; BE meets Ann three times (twice with the same group), NGO twice.
LINES = [
    (["Ann"], "05/01/2020", ["BusinessEurope", "Union"]),
    (["Ann"], "06/01/2020", ["BusinessEurope", "Union"]),
    (["Ann"], "07/01/2020", ["BusinessEurope"]),
    (["Bob"], "08/01/2020", ["Green NGO"]),
    (["Ann", "Bob"], "09/03/2021", ["Green NGO", "Union"]),
    (["Bob"], "10/11/2019", ["BusinessEurope"]),  # before --from
]


def graphkit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"NEO4J_URI": "", "COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hypergraph")
    source = folder / "ec.jsonl"
    source.write_text(
        "".join(
            json.dumps({"EU Member": m, "Date": d, "Location": "Brussels", "Entities": e, "Subjects": ["x"]}) + "\n"
            for m, d, e in LINES
        ),
        encoding="utf-8",
    )
    code, _, err = graphkit("ingest", "--workspace", str(folder / "ws"), str(source))
    assert code == 0, err
    return str(folder / "ws")


def test_hypergraph_degree_from_the_date(workspace: str) -> None:
    code, out, err = graphkit("hypergraph", "--workspace", workspace, "--from", "2020-01-01", "--json")
    assert code == 0, err
    rows = {row["name"]: row for row in json.loads(out)}
    # BE: groups {Ann,BE,Union} (twice) and {Ann,BE}: degree 2, 3 meetings; the 2019 meeting is out.
    assert (rows["BusinessEurope"]["degree"], rows["BusinessEurope"]["meetings"]) == (2, 3)
    assert rows["BusinessEurope"]["rank"] == 1 and set(r["kind"] for r in rows.values()) == {"organisation"}
    code, out, _ = graphkit("hypergraph", "--workspace", workspace, "--kind", "all", "--measure", "strength", "--csv")
    table = pd.read_csv(io.StringIO(out))
    assert table.iloc[0]["name"] == "Ann" and table.iloc[0]["strength"] == 4


def test_hypergraph_null_is_seeded(workspace: str) -> None:
    args = ("hypergraph", "--workspace", workspace, "--null", "30", "--seed", "2", "--json", "--top", "0")
    code, first, err = graphkit(*args)
    assert code == 0, err
    assert graphkit(*args)[1] == first
    rows = json.loads(first)
    assert {"observed", "null_mean", "null_std", "z", "p"} <= set(rows[0])
    assert all(1 / 31 <= row["p"] <= 1 for row in rows)


def test_significance_of_pairs(workspace: str) -> None:
    code, out, err = graphkit("significance", "--workspace", workspace, "--samples", "40", "--json", "--top", "0")
    assert code == 0, err
    pairs = {(row["organisation_name"], row["counterpart_name"]): row for row in json.loads(out)}
    assert pairs[("BusinessEurope", "Ann")]["meetings"] == 3
    assert all(isinstance(row["more_than_chance"], bool) for row in pairs.values())
    code, out, _ = graphkit("significance", "--workspace", workspace, "--samples", "5", "--name", "Green NGO", "--csv")
    assert code == 0 and set(pd.read_csv(io.StringIO(out))["organisation_name"]) == {"Green NGO"}


def test_balance_by_official(workspace: str) -> None:
    code, out, err = graphkit("balance", "--workspace", workspace, "--by", "official", "--csv")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out)).set_index("name")
    assert table.loc["Ann", "meetings"] == 4 and table.loc["Ann", "organisation_meetings"] == 7
    assert table.loc["Ann", "unknown"] == 7  # no Register file ingested: no categories
    code, _, err = graphkit("balance", "--workspace", workspace, "--by", "rapporteur")
    assert code == 2 and "rapporteur" in err
    # No committees in these meetings: an empty table, said plainly.
    code, out, err = graphkit("balance", "--workspace", workspace, "--by", "committee", "--csv")
    assert code == 0, err


def test_no_workspace_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = graphkit("hypergraph", "--workspace", str(tmp_path / "none"))
    assert code == 1 and "no workspace" in err and "Traceback" not in err
