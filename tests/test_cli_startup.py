"""The command starts quickly: ``graphkit --help`` lists every command from a static table
(graphkit.cli.app.COMMANDS) without importing them, and importing the CLI loads no heavy
library. benchmarks/bench_cli.py measures the time."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import graphkit.cli
from graphkit.cli import COMMANDS, main
from graphkit.workspace import Workspace

HEAVY = ["pandas", "scipy", "networkx", "neo4j", "kglite", "igraph", "numba", "pyarrow"]


def registered_commands() -> dict[str, click.Command]:
    """Every command the command modules register on ``main`` (all of graphkit/cli/*_commands.py
    imported, so that one the table misses is found too)."""
    for module in pkgutil.iter_modules(graphkit.cli.__path__):
        if module.name.endswith("_commands"):
            importlib.import_module(f"graphkit.cli.{module.name}")
    return dict(main.commands)


def test_the_table_names_every_registered_command_and_its_module() -> None:
    registered = registered_commands()
    assert sorted(COMMANDS) == sorted(registered)
    for name, command in registered.items():
        assert command.callback.__module__ == COMMANDS[name].module, name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == sorted(registered_commands())


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _paths(command, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", _paths(click.Group(commands=registered_commands())), ids=" ".join)
def test_every_command_has_working_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    usage = result.output.splitlines()[0]
    assert usage.startswith("Usage: ") and f" {' '.join(path)} " in usage
    assert "Example:" in result.output


def _loaded_after(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(output.splitlines()[-1]))
    return [name for name in HEAVY if name in loaded]


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert _loaded_after("import graphkit.cli") == []


@pytest.mark.parametrize("argument", ["--help", "--version"])
def test_help_and_version_load_no_heavy_library(argument: str) -> None:
    code = f"from graphkit.cli import main\ntry:\n    main([{argument!r}])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == []


def test_info_answers_from_the_summary_without_heavy_libraries(tmp_path: Path, seed_page: Path) -> None:
    from graphkit.cli.info_commands import TABLE_NAMES
    from graphkit.ingest import ingest
    from graphkit.model.schema import TABLES
    from graphkit.workspace.paths import read_summary

    assert TABLE_NAMES == tuple(table.name for table in TABLES)
    workspace = Workspace(tmp_path / "ws")
    ingest([seed_page], workspace)
    assert read_summary(workspace.path) is not None
    code = (
        f"from graphkit.cli import main\ntry:\n    main(['info', '--workspace', {str(workspace.path)!r}])\n"
        "except SystemExit:\n    pass"
    )
    assert _loaded_after(code) == []
    args = ["info", "--json", "--workspace", str(workspace.path)]
    from_summary = CliRunner().invoke(main, args)
    assert from_summary.exit_code == 0, from_summary.output
    (workspace.tables_dir / "summary.json").unlink()  # as a workspace written before summaries
    from_tables = CliRunner().invoke(main, args)
    assert from_tables.exit_code == 0, from_tables.output
    assert json.loads(from_summary.output) == json.loads(from_tables.output)
    table_from_tables = CliRunner().invoke(main, args[:1] + args[2:]).output
    workspace.save(workspace.load())  # the same snapshot again: its summary is written back
    assert read_summary(workspace.path) is not None
    assert CliRunner().invoke(main, args[:1] + args[2:]).output == table_from_tables
