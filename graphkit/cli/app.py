"""The root ``graphkit`` command group and the options every command shares.

Start-up is kept to click and rich: :data:`COMMANDS` names every command, the module that
defines it and its one-line help, so ``graphkit --help`` and ``--version`` import no command
module, and a command's module (with pandas, scipy, the stores…) is imported only when that
command runs or shows its own help.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graphkit import __version__
from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    import pandas as pd


class CommandEntry(NamedTuple):
    """Where a command is defined, what ``graphkit --help`` says of it, and whether it reaches
    kglite or igraph (then :func:`graphkit.native.preload` runs before its module is imported)."""

    module: str
    help: str
    native: bool = False


# Every command of ``graphkit``. tests/test_cli_output.py checks this table against the commands
# the modules register, so a new command must be added here to be found.
COMMANDS: dict[str, CommandEntry] = {
    "centrality": CommandEntry(
        "graphkit.cli.analysis_commands", "Rank actors: who has the most access, who brokers it.", native=True
    ),
    "communities": CommandEntry(
        "graphkit.cli.analysis_commands", "Find coalitions: actors that meet together.", native=True
    ),
    "demo": CommandEntry(
        "graphkit.cli.demo_commands", "A tour of graphkit on the bundled example.", native=True
    ),
    "export": CommandEntry(
        "graphkit.cli.view_commands", "Write a graph for Gephi, Cytoscape, D3 or a spreadsheet.", native=True
    ),
    "fetch": CommandEntry(
        "graphkit.cli.fetch_commands", "Download the official data (EP, Commission, Register)."
    ),
    "info": CommandEntry(
        "graphkit.cli.workspace_commands", "What the workspace holds: tables, kinds, sources, dates."
    ),
    "ingest": CommandEntry("graphkit.cli.workspace_commands", "Read lobbying records into the workspace."),
    "neo4j": CommandEntry(
        "graphkit.cli.neo4j_commands", "Keep the graph in a Neo4j 5 server: load it, rank in it.", native=True
    ),
    "query": CommandEntry(
        "graphkit.cli.query_commands", "Run a Cypher query and print its rows.", native=True
    ),
    "report": CommandEntry("graphkit.cli.report_commands", "Everything the workspace says about one actor."),
    "resolve": CommandEntry(
        "graphkit.cli.workspace_commands", "Review entity resolution: suggest and accept merges."
    ),
    "similar": CommandEntry(
        "graphkit.cli.analysis_commands", "Actors whose counterparts most resemble one actor's.", native=True
    ),
    "trends": CommandEntry(
        "graphkit.cli.analysis_commands", "A measure per year or EP term; who rose and fell.", native=True
    ),
    "view": CommandEntry(
        "graphkit.cli.view_commands",
        "Write an interactive network page (one offline HTML file).",
        native=True,
    ),
}


def _console(stderr: bool) -> Console:
    # Text from data is printed as it is: never read as markup (`[/b]`, `[link=…]`), emoji codes
    # (`:x:`) or highlighted. Styles come only from the Text objects graphkit builds.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


console = _console(stderr=False)
err_console = _console(stderr=True)


class GraphkitGroup(click.Group):
    """The root group: commands from :data:`COMMANDS`, each module imported when its command is
    needed; graphkit's own errors become one clear line (and exit status 1)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if cmd_name not in self.commands and entry is not None:
            if entry.native:
                from graphkit.native import preload

                preload()
            importlib.import_module(entry.module)  # its decorators add the command to this group
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # From the table, so that listing the commands imports none of them.
        rows = [(name, COMMANDS[name].help) for name in sorted(COMMANDS)]
        rows += [
            (name, command.get_short_help_str())
            for name, command in self.commands.items()
            if name not in COMMANDS
        ]
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphkitError as err:
            raise click.ClickException(visible(str(err), keep_newlines=True)) from err


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

    from graphkit.dataset.workspace import DEFAULT_WORKSPACE, Workspace

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
    """Print a DataFrame in the chosen output format (the one table writer of the CLI).

    Values are data: a table shows them literally, control characters escaped (``\\x1b``); JSON
    escapes them (``\\u202e``), which reads back the same; CSV and TSV keep them as they are,
    except on a terminal.
    """
    import pandas as pd

    if fmt in ("csv", "tsv"):
        if sys.stdout.isatty():
            frame = frame.rename(columns=lambda c: visible(str(c))).map(
                lambda v: visible(v) if isinstance(v, str) else v
            )
        frame.to_csv(sys.stdout, index=False, sep="," if fmt == "csv" else "\t")
    elif fmt in ("json", "nl"):
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        if fmt == "json":
            click.echo(_json_text(records, indent=2))
        else:
            for record in records:
                click.echo(_json_text(record))
    else:
        table = Table(title=Text(visible(title)) if title else None, show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            header = Text(visible(str(column)))
            table.add_column(
                header,
                justify="right" if numeric else "left",
                overflow="fold",
                min_width=cell_len(header.plain),  # headers stay whole; the text cells wrap instead
                no_wrap=numeric,
            )
        for row in frame.itertuples(index=False):
            table.add_row(*(Text(visible(_cell(value))) for value in row))
        console.print(table)


def say(message: object, *, err: bool = False, style: str = "") -> None:
    """Print a message (the one message printer): literally, control characters escaped, never
    wrapped by graphkit. A terminal folds a long line itself; a pipe or a file gets it whole.
    """
    text = visible(str(message), keep_newlines=True)
    (err_console if err else console).print(Text(text, style=style), soft_wrap=True)


def heading(title: str, characters: str = "─") -> None:
    """A rule across the terminal with ``title`` in it, or the title alone when it is too long
    to sit in a rule whole (a rule would cut it)."""
    text = Text(visible(title), style="bold")
    if cell_len(text.plain) + 6 <= console.width:
        console.rule(text, characters=characters)
    else:
        say(text.plain, style="bold")


def print_problems(problems: Sequence[object]) -> None:
    """Print each problem as one unwrapped ``file:line: what`` line on stderr (greppable), then a count."""
    for problem in problems:
        click.echo(visible(str(problem)), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s); every other record was ingested.", err=True)


def print_json(value: object) -> None:
    """Print a JSON value (dicts, lists, numbers, text) with non-ASCII text kept as is."""
    click.echo(_json_text(value, indent=2, default=str))


def visible(text: str, keep_newlines: bool = False) -> str:
    r"""``text`` with every character a terminal would act on or hide (controls such as ESC and
    NUL, bidi overrides, zero-width marks) written as its Python escape; spaces and every
    printable character are kept.

    >>> print(visible("Acme\x1b[31m \u202eLobby\u200b"))
    Acme\x1b[31m \u202eLobby\u200b
    >>> print(visible("two\nlines\r", keep_newlines=True))
    two
    lines\r
    """
    if text.isprintable():  # nearly every value: nothing to do
        return text
    return "".join(
        char
        if char.isprintable() or unicodedata.category(char) == "Zs" or (keep_newlines and char == "\n")
        else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def _json_text(value: object, **options: Any) -> str:
    # JSON escapes of what a terminal would act on or hide (\u202e reads back as the same text);
    # json.dumps escapes only C0 controls, and the indent's newlines stay.
    text = json.dumps(value, ensure_ascii=False, **options)
    if text.isprintable():
        return text
    return "".join(
        char
        if char.isprintable() or char == "\n" or unicodedata.category(char) == "Zs"
        else json.dumps(char)[1:-1]
        for char in text
    )


def _cell(value: object) -> str:
    import pandas as pd  # loaded already by the command that has rows to print

    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
