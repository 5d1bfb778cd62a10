"""The root ``graphkit`` command group and the options every command shares."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from graphkit import __version__
from graphkit.dataset.workspace import DEFAULT_WORKSPACE, Workspace
from graphkit.errors import GraphkitError

console = Console()
err_console = Console(stderr=True)


class GraphkitGroup(click.Group):
    """Turns graphkit's own errors into one clear line (and exit status 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphkitError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=GraphkitGroup)
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """graphkit: turn EU lobbying records into a graph and ask it who meets whom.

    Example:

    \b
        graphkit ingest examples/openlobby/
        graphkit info
    """


def workspace_option(func: Callable) -> Callable:
    """``--workspace DIR`` (or ``$GRAPHKIT_WORKSPACE``), passed to the command as ``workspace``."""

    @click.option(
        "--workspace",
        "workspace_path",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="GRAPHKIT_WORKSPACE",
        default=DEFAULT_WORKSPACE,
        show_default=True,
        help="Workspace directory holding the dataset.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, workspace_path: Path, **kwargs: Any) -> Any:
        return func(*args, workspace=Workspace(workspace_path), **kwargs)

    return wrapper


def output_options(func: Callable) -> Callable:
    """``--table`` (default), ``--csv``, ``--tsv``, ``--json`` and ``--nl``, passed as ``fmt``."""

    @click.option("--table", "fmt", flag_value="table", default=True, help="Print a table (default).")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
    @click.option("--tsv", "fmt", flag_value="tsv", help="Print tab-separated values.")
    @click.option("--json", "fmt", flag_value="json", help="Print a JSON array of objects.")
    @click.option("--nl", "fmt", flag_value="nl", help="Print newline-delimited JSON.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def print_rows(frame: pd.DataFrame, fmt: str = "table", title: str | None = None) -> None:
    """Print a DataFrame in the chosen output format (the one table writer of the CLI)."""
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "tsv":
        frame.to_csv(sys.stdout, index=False, sep="\t")
    elif fmt in ("json", "nl"):
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        if fmt == "json":
            click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            for record in records:
                click.echo(json.dumps(record, ensure_ascii=False))
    else:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            table.add_column(
                str(column),
                justify="right" if numeric else "left",
                overflow="fold",
                min_width=len(str(column)),  # headers stay whole; the text cells wrap instead
                no_wrap=numeric,
            )
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(value) for value in row))
        console.print(table)


def print_problems(problems: Sequence[object]) -> None:
    """Print each problem as one unwrapped ``file:line: what`` line on stderr (greppable), then a count."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s); every other record was ingested.", err=True)


def print_json(value: object) -> None:
    """Print a JSON value (dicts, lists, numbers, text) with non-ASCII text kept as is."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
