"""The ingest, info and demo commands, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main

GRAPHKIT = [sys.executable, "-m", "graphkit"]


def test_ingest_prints_counts_and_problems(tmp_path: Path, seed_page: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(seed_page), "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert "18 meetings" in result.output and "3 responses" in result.output
    # The page's one joined list ("Human Rights Watch and European Institute of Peace") is no
    # longer a problem of the page: resolution decides it with every name known, and logs it.
    assert not [line for line in result.output.splitlines() if line.startswith(f"{seed_page}:")]
    # Each problem is one whole line, however long the path: greppable as file:line: what.
    folder = tmp_path / ("a-folder-whose-name-is-long-enough-to-wrap-any-terminal-" * 3)
    folder.mkdir()
    broken = folder / "page.txt"
    broken.write_text(seed_page.read_text(encoding="utf-8").replace("20 Nov 2025 ·", "20 Novembruary 2025 ·"),
                      encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["ingest", str(broken), "--workspace", str(tmp_path / "ws2")])
    problem_lines = [line for line in result.output.splitlines() if line.startswith(f"{broken}:")]
    assert len(problem_lines) == 1, result.output
    assert problem_lines[0].startswith(f"{broken}:11: ")


def test_info_json(tmp_path: Path, seed_page: Path) -> None:
    runner = CliRunner()
    env = {"GRAPHKIT_WORKSPACE": str(tmp_path / "ws")}
    assert runner.invoke(main, ["ingest", str(seed_page)], env=env).exit_code == 0
    result = runner.invoke(main, ["info", "--json"], env=env)
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert (info["meetings"], info["responses"]) == (18, 3)
    assert info["kinds"] == {"mep": 10, "official": 1, "organisation": 7}
    assert info["actors"] == sum(info["kinds"].values())
    assert info["participants"] == 42
    assert info["top_counterparts"][0]["name"] == "Kathleen Van Brempt"
    assert info["top_counterparts"][0]["meetings"] == 8


def test_bad_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01garbage")
    result = CliRunner().invoke(main, ["ingest", str(bad), "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: unknown layout: not one of ")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.slow  # ~4-8 s: the whole demo in its own process (make test runs it)
def test_demo_from_a_fresh_process(tmp_path: Path) -> None:
    # The README's demo, as a user runs it: a new process, in an empty directory.
    result = subprocess.run(
        [*GRAPHKIT, "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "120"},
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"│ meetings\s+│\s+18 │", result.stdout), result.stdout
    assert re.search(r"│ responses\s+│\s+3 │", result.stdout), result.stdout
    assert "Kathleen Van Brempt" in result.stdout
    assert (tmp_path / "graphkit-demo" / "tables" / "meetings.parquet").exists()
    # Analysis, the offline view and the embedded Cypher answer, with no server running.
    assert "Who brokers access (betweenness)" in result.stdout
    assert "Coalitions (Louvain communities)" in result.stdout
    page = tmp_path / "graphkit-demo" / "11-11-11.html"
    assert page.exists() and "<script src=" not in page.read_text(encoding="utf-8")
    cypher_answer = result.stdout.split("Cypher on the embedded graph (no server)", 1)[1]
    assert re.search(r"│ Kathleen Van Brempt\s+│\s+8 │\s+2 │", cypher_answer), cypher_answer
    # What leaves the tool: a dossier, a GEXF for Gephi and a data package, each said where.
    demo = tmp_path / "graphkit-demo"
    for written in ("11-11-11-dossier.html", "network.gexf", "datapackage/datapackage.json"):
        assert (demo / written).exists() and f"wrote graphkit-demo/{written}" in result.stdout
    assert "11.11.11, Koepel" in (demo / "11-11-11-dossier.html").read_text(encoding="utf-8")
