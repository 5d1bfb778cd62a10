"""What the CLI prints: text from data shown as it is (never rich markup, emoji codes or raw control
characters), and messages to a pipe never wrapped."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from graphkit.cli import main

# Organisations whose names rich would read as markup, an emoji code or a hyperlink.
HOSTILE = ["Acme [/b] Lobby", "root:x:0:0", "[link=http://x]click[/link]", "[bold red]Loud[/bold red]"]
# Officials (the counterparts `info` lists) named the same way.
OFFICIALS = [
    "Anna [/b] Official",
    "Bea root:x:0:0",
    "Cleo [link=http://x]click[/link]",
    "Dora [bold red]Loud",
]
ESC = "Esc\x1b[31mRed Lobby"
RTL = "Rtl\u202eevil Lobby"
ZERO_WIDTH = "Zero\u200bwidth Lobby"
INVISIBLE = [ESC, RTL, ZERO_WIDTH]
LONG_NAME = "The " + "Very " * 25 + "Long Name Association"  # wider than a rule at 80 columns
HOST = "Ursula Testperson"  # meets every organisation, so her report lists them all
WIDE = {"COLUMNS": "250"}  # tables wide enough that no name is folded across lines


def graphkit(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"NEO4J_URI": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def write_ec_jsonl(path: Path, organisations: list[str], officials: list[str]) -> Path:
    """One Commission meeting a line (the EC JSON-lines layout), one per organisation; the first
    meetings also host one of ``officials``."""
    officials = [*officials, *([None] * (len(organisations) - len(officials)))]
    lines = [
        json.dumps(
            {
                "EU Member": [HOST] + ([official] if official else []),
                "Date": f"{day:02d}/02/2023",
                "Location": "Brussels :x:",
                "Entities": [organisation, "Friends of the Earth Europe"],
                "Subjects": ["[bold]Climate[/bold] :fire:"],
            }
        )
        for day, (organisation, official) in enumerate(zip(organisations, officials, strict=True), 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("output")
    source = write_ec_jsonl(folder / "hostile.jsonl", [*HOSTILE, *INVISIBLE, LONG_NAME], OFFICIALS)
    code, _, err = graphkit("ingest", "--workspace", str(folder / "ws"), str(source))
    assert code == 0, err
    return folder / "ws"


def assert_clean(code: int, out: str, err: str) -> None:
    assert code == 0, err
    assert "Traceback" not in out + err and "MarkupError" not in out + err
    assert "❌" not in out + err and "🔥" not in out + err  # :x: and :fire: stay as typed
    for char in ("\x1b", "\u202e", "\u200b", "\x00"):
        assert char not in out + err, f"raw {char!r} printed"


def assert_invisible_shown_escaped(out: str) -> None:
    # Shown as escapes; if ingest one day strips such characters from names, the rest must remain.
    assert "Esc\\x1b[31mRed Lobby" in out or "Esc[31mRed Lobby" in out
    assert "Rtl\\u202eevil Lobby" in out or "Rtlevil Lobby" in out
    assert "Zero\\u200bwidth Lobby" in out or "Zerowidth Lobby" in out


@pytest.mark.parametrize(
    "args",
    [
        ["centrality", "--projection", "org-counterpart", "--top", "0"],
        ["report", HOST],
        ["query", "MATCH (o:Organisation) RETURN o.name AS name, o.id AS id ORDER BY name"],
    ],
    ids=["centrality", "report", "query"],
)
def test_organisation_names_print_literally(workspace: Path, args: list[str]) -> None:
    code, out, err = graphkit(*args, "--workspace", str(workspace), env=WIDE)
    assert_clean(code, out, err)
    for name in HOSTILE:
        assert name in out
    assert_invisible_shown_escaped(out)


def test_info_prints_counterpart_names_literally(workspace: Path) -> None:
    code, out, err = graphkit("info", "--workspace", str(workspace), env=WIDE)
    assert_clean(code, out, err)
    for name in [HOST, *OFFICIALS]:
        assert name in out


@pytest.mark.parametrize("name", ["Acme [/b] Lobby", "root:x:0:0", "[bold red]Loud[/bold red]"])
def test_report_of_a_hostile_name_heads_it_literally(workspace: Path, name: str) -> None:
    code, out, err = graphkit("report", name, "--workspace", str(workspace), env=WIDE)
    assert_clean(code, out, err)
    assert f" {name} " in out.splitlines()[0]  # the heading rule
    assert "[bold]Climate[/bold] :fire:" in out  # a topic from the data


def test_query_values_and_headers_print_literally(workspace: Path) -> None:
    code, out, err = graphkit(
        "query", "--workspace", str(workspace), "RETURN $v AS `[b]v:x:`, $w AS w",
        "-p", "v=a\x1b[2Jb", "-p", "w=[/]\u202e\x00",
        env=WIDE,
    )  # fmt: skip
    assert_clean(code, out, err)
    assert "[b]v:x:" in out and "a\\x1b[2Jb" in out and "[/]\\u202e\\x00" in out


def test_machine_formats_keep_the_data(workspace: Path) -> None:
    args = ("centrality", "--projection", "org-counterpart", "--top", "0", "--workspace", str(workspace))
    code, out, err = graphkit(*args, "--json")
    assert code == 0, err
    assert "\u202e" not in out and "\x1b" not in out  # escaped as JSON escapes, which read back the same
    names = {row["name"] for row in json.loads(out)}
    assert set(HOSTILE) <= names and LONG_NAME in names
    code, out, _ = graphkit(*args, "--csv")  # to a pipe: the values exactly as stored
    assert set(HOSTILE) <= set(pd.read_csv(pd.io.common.StringIO(out))["name"])


def test_messages_to_a_pipe_are_never_wrapped(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / ("and-another-one-below-it-" * 4)
    deep.mkdir(parents=True)
    assert len(str(deep)) > 200
    source = write_ec_jsonl(deep / "plain.jsonl", ["Plain Lobby", LONG_NAME], ["Anna Official"])
    workspace = deep / "ws"
    code, out, err = graphkit("ingest", "--workspace", str(workspace), str(source))
    assert code == 0, err
    assert f"{source} (ec_meetings): " in out.splitlines()[0]  # not wrapped at 80 columns
    page = deep / "page.html"
    code, out, err = graphkit(
        "query", "--workspace", str(workspace), "--html", str(page),
        f"MATCH p = (:Organisation)-[]->(:Official {{name: '{HOST}'}}) RETURN p",
    )  # fmt: skip
    assert code == 0, err
    assert any(
        line.startswith(f"wrote {page} (") and line.endswith("relationships)") for line in err.splitlines()
    )
    code, out, err = graphkit("report", LONG_NAME, "--workspace", str(workspace))
    assert code == 0, err
    assert out.splitlines()[0] == LONG_NAME  # too long for a rule: printed whole instead of cut
