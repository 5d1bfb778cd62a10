"""The root ``graphkit`` command group and the options every command shares.

Start-up is kept to click and rich: :data:`COMMANDS` names every command, the module that
defines it and its one-line help, so ``graphkit --help`` and ``--version`` import no command
module, and a command's module (with pandas, scipy, the stores…) is imported only when that
command runs or shows its own help.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import json
import logging
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graphkit import __version__
from graphkit.errors import GraphkitError, Problem

if TYPE_CHECKING:
    import pandas as pd

    from graphkit.workspace import Workspace


class CommandEntry(NamedTuple):
    """Where a command is defined, what ``graphkit --help`` says of it, and whether it reaches
    kglite or igraph (then :func:`graphkit.native.preload` runs before its module is imported)."""

    module: str
    help: str
    native: bool = False


# Every command of ``graphkit``. tests/test_cli_output.py checks this table against the commands
# the modules register, so a new command must be added here to be found.
COMMANDS: dict[str, CommandEntry] = {
    "balance": CommandEntry(
        "graphkit.cli.hypergraph_commands", "Whose voice: meetings by interest group, shares, HHI.", native=True
    ),
    "centrality": CommandEntry(
        "graphkit.cli.analysis_commands", "Rank actors: who has the most access, who brokers it.", native=True
    ),
    "communities": CommandEntry(
        "graphkit.cli.analysis_commands", "Find coalitions: actors that meet together.", native=True
    ),
    "demo": CommandEntry(
        "graphkit.cli.demo_commands", "A tour of graphkit on the bundled example.", native=True
    ),
    "diff": CommandEntry("graphkit.cli.diff_commands", "What changed between two workspaces."),
    "export": CommandEntry(
        "graphkit.cli.export_commands",
        "Files for Gephi, Aleph, Datasette, Neo4j or a spreadsheet.",
        native=True,
    ),
    "fetch": CommandEntry(
        "graphkit.cli.fetch_commands", "Download the official data (EP, Commission, Register)."
    ),
    "file": CommandEntry(
        "graphkit.cli.hypergraph_commands", "Who lobbied on a legislative file, whom they met, when.", native=True
    ),
    "gaps": CommandEntry(
        "graphkit.cli.gaps_commands", "Meetings one source reports and another omits, per MEP."
    ),
    "hypergraph": CommandEntry(
        "graphkit.cli.hypergraph_commands", "Rank actors with each meeting as one group (hyperedge).", native=True
    ),
    "info": CommandEntry(
        "graphkit.cli.info_commands", "What the workspace holds: tables, kinds, sources, dates."
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
    "significance": CommandEntry(
        "graphkit.cli.hypergraph_commands", "Which organisation met whom more often than chance.", native=True
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


# The workspace a command read (its --workspace, absolute), in the context's meta: a command's
# printed output is kept (graphkit.cache.printed) only under the workspace it read.
WORKSPACE_USED = "graphkit.workspace"
# What a Ctrl-C stopped, by command; the exit status of a run ended by SIGINT (128 + 2).
INTERRUPTED = {"query": "the query was cancelled"}
INTERRUPTED_STATUS = 130


def _console(stderr: bool, width: int | None = None) -> Console:
    # Text from data is printed as it is: never read as markup (`[/b]`, `[link=…]`), emoji codes
    # (`:x:`) or highlighted. Styles come only from the Text objects graphkit builds.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, width=width)


def stdout_console() -> Console:
    """A console on standard output for the environment as it is now: rich reads ``COLUMNS``
    when a console is made, so one made at import would keep the width of whatever imported
    the CLI first."""
    return _console(stderr=False)


def stderr_console() -> Console:
    """:func:`stdout_console` on standard error (progress bars, problems)."""
    return _console(stderr=True)


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
            return self._invoke_or_replay(ctx)
        except GraphkitError as err:
            raise click.ClickException(visible(str(err), keep_newlines=True)) from err
        except OSError as err:
            # The machine's own faults (a full disk, a file without permission) in one line; the
            # workspace is written atomically, so it is as the last whole write left it.
            where = f"{err.filename}: " if err.filename else ""
            raise click.ClickException(visible(f"{where}{err.strerror or err}")) from err
        except KeyboardInterrupt:
            # Ctrl-C: one line saying what stopped (no traceback, not click's bare "Aborted!") and
            # the shell's status for a run ended by SIGINT.
            name = ctx.invoked_subcommand or "graphkit"
            click.echo(
                f"Error: stopped by Ctrl-C: {INTERRUPTED.get(name, f'graphkit {name} stopped')}", err=True
            )
            ctx.exit(INTERRUPTED_STATUS)

    def _invoke_or_replay(self, ctx: click.Context) -> Any:
        """Run the command; a command a journalist repeats (:data:`graphkit.cache.printed.COMMANDS`)
        on unchanged data prints what its first run printed, before its module (and pandas) is
        imported, and a first run is kept for the next."""
        from graphkit.cache import printed
        from graphkit.workspace.paths import DEFAULT_WORKSPACE

        args = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        kept = printed.kept_file(args, DEFAULT_WORKSPACE)
        if kept is None:
            return super().invoke(ctx)
        if printed.replay(kept):
            return None
        with printed.capturing() as capture:
            result = super().invoke(ctx)
        # Kept only if the command read the workspace the key was made from (as click parsed it).
        if ctx.meta.get(WORKSPACE_USED) == printed.workspace_of(args, DEFAULT_WORKSPACE):
            printed.keep(capture, kept)
        return result


@click.group(cls=GraphkitGroup)
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """graphkit: turn EU lobbying records into a graph and ask it who meets whom.

    Example:

    \b
        graphkit ingest examples/openlobby/
        graphkit info
    """


def workspace_option(
    func: Callable | None = None, *, required: bool = True, path_only: bool = False
) -> Callable:
    """``--workspace DIR`` (or ``$GRAPHKIT_WORKSPACE``), passed to the command as ``workspace``.

    ``required`` (for the commands that read it): where there is no workspace the command stops
    with :func:`require_workspace`'s error instead of reading an empty dataset. ``ingest``, which
    makes one, and ``query``, which may run on Neo4j, say ``required=False``. ``path_only``:
    ``workspace`` is the directory's ``Path``, not a ``Workspace`` (whose module brings pandas),
    for a command that may answer from the workspace's summary alone (``info``).
    """
    if func is None:
        return functools.partial(workspace_option, required=required, path_only=path_only)

    from graphkit.workspace.paths import DEFAULT_WORKSPACE

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
        if path_only:
            from graphkit.workspace.paths import has_tables

            if required and not has_tables(workspace_path):
                raise GraphkitError(_no_workspace(workspace_path))
            return func(*args, workspace=workspace_path, **kwargs)
        from graphkit.workspace.storage import Workspace

        click.get_current_context().meta[WORKSPACE_USED] = workspace_path.absolute()
        workspace = Workspace(workspace_path)
        return func(*args, workspace=require_workspace(workspace) if required else workspace, **kwargs)

    return wrapper


def require_workspace(workspace: Workspace) -> Workspace:
    """``workspace``, if something was ingested into it; else an error naming where it looked
    (a command reading an empty dataset would print empty tables, or "no actor matches")."""
    if not workspace.exists():
        raise GraphkitError(_no_workspace(workspace.path))
    return workspace


def _no_workspace(path: Path) -> str:
    return f"no workspace at {path.absolute()} (run graphkit ingest first, or --workspace DIR)"


def output_options(func: Callable) -> Callable:
    """``--table`` (default), ``--csv``, ``--tsv``, ``--json`` and ``--nl``, passed as ``fmt``, and
    ``--wide`` (every column in a table), which :func:`print_rows` reads."""

    @click.option("--table", "fmt", flag_value="table", default=True, help="Print a table (default).")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
    @click.option("--tsv", "fmt", flag_value="tsv", help="Print tab-separated values.")
    @click.option("--json", "fmt", flag_value="json", help="Print a JSON array of objects.")
    @click.option("--nl", "fmt", flag_value="nl", help="Print newline-delimited JSON.")
    @click.option(
        "--wide",
        is_flag=True,
        help="Table: also the id columns and the empty ones (machine formats have them).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, wide: bool, **kwargs: Any) -> Any:
        # Read by print_rows, so that no command has to pass it on.
        click.get_current_context().meta[WIDE] = wide
        return func(*args, **kwargs)

    return wrapper


def print_rows(
    frame: pd.DataFrame,
    fmt: str = "table",
    title: str | None = None,
    *,
    wide: bool | None = None,
    names: Collection[str] = (),
) -> None:
    """Print a DataFrame in the chosen output format (the one table writer of the CLI).

    Values are data: a table shows them literally, control characters escaped (``\\x1b``); JSON
    escapes them (``\\u202e``), which reads back the same; CSV and TSV keep them as they are,
    except on a terminal.

    A table fits the terminal (:func:`_column_widths`): text wraps between words, numbers (the
    measure, the rank) never wrap, and unless ``wide`` (default: the command's ``--wide``) the
    id columns and the columns with no value at all are left out. The machine formats keep
    every column. ``names``: columns whose words are never cut, besides those
    :data:`NAME_COLUMNS` and ``…name`` say.
    """
    if fmt in ("csv", "tsv"):
        if sys.stdout.isatty():
            frame = frame.rename(columns=lambda c: visible(str(c))).map(
                lambda v: visible(v) if isinstance(v, str) else v
            )
        from graphkit.spreadsheet import formula_safe_frame

        # Text a spreadsheet would run as a formula (=…, +…, -…, @…) gets a leading ' (OWASP).
        formula_safe_frame(frame).to_csv(sys.stdout, index=False, sep="," if fmt == "csv" else "\t")
    elif fmt in ("json", "nl"):
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        if fmt == "json":
            click.echo(_json_text(records, indent=2))
        else:
            for record in records:
                click.echo(_json_text(record))
    else:
        _print_table(frame, title, _wide() if wide is None else wide, names)


def say(message: object, *, err: bool = False, style: str = "") -> None:
    """Print a message (the one message printer): literally, control characters escaped, never
    wrapped by graphkit. A terminal folds a long line itself; a pipe or a file gets it whole.
    """
    text = visible(str(message), keep_newlines=True)
    _console(stderr=err).print(Text(text, style=style), soft_wrap=True)


def heading(title: str, characters: str = "─") -> None:
    """A rule across the terminal with ``title`` in it, or the title alone when it is too long
    to sit in a rule whole (a rule would cut it)."""
    text = Text(visible(title), style="bold")
    console = stdout_console()
    if cell_len(text.plain) + 6 <= console.width:
        console.rule(text, characters=characters)
    else:
        say(text.plain, style="bold")


def print_problems(problems: Sequence[Problem], *, examples: int = 3, more: str = "") -> None:
    """Print the problems on stderr grouped by kind (:attr:`~graphkit.errors.Problem.kind`), the
    largest group first: each kind with its count, then its first ``examples`` problems as whole
    unwrapped ``file:line: what`` lines (greppable). ``more`` follows the count of those left
    out (where to find them all)."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.kind, []).append(problem)
    for kind, group in sorted(groups.items(), key=lambda item: -len(item[1])):
        if len(groups) > 1 or len(group) > examples:
            click.echo(f"{len(group)} × {visible(kind)}", err=True)
        for problem in group[:examples]:
            click.echo(visible(str(problem)), err=True)
        if len(group) > examples:
            click.echo(f"  … and {len(group) - examples} more{more}", err=True)


class Notices(logging.Handler):
    """What the database said of the statements a command ran (unknown label, deprecated
    procedure…): each distinct one once, as one short line; see :func:`driver_notifications`."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, None] = {}  # distinct, in the order first said
        self.raw: dict[str, None] = {}
        self.show_warning = warnings.showwarning

    def add(self, text: str) -> None:
        self.lines.setdefault(f"warning: {text}")

    def extend(self, texts: Sequence[str]) -> None:
        for text in texts:
            self.add(text)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()  # redacted by graphkit.stores.redact's filter on "neo4j"
        self.raw.setdefault(message)
        found = _STATUS_DESCRIPTION.search(message)
        self.add(ast.literal_eval(found.group(1)) if found else message)

    def warn(self, message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        """In place of :func:`warnings.showwarning`: the driver's Neo4jWarning (``python -X dev``)
        is collected, any other warning shown as before."""
        if category.__module__.split(".")[0] == "neo4j":
            self.add(str(message))
        else:
            self.show_warning(message, category, *args, **kwargs)


@contextlib.contextmanager
def driver_notifications(debug: bool = False) -> Iterator[Notices]:
    """Collect the server notifications the Neo4j driver would dump on stderr (it logs each as
    ``Received notification from DBMS server: <GqlStatusObject …> for query: …`` on the
    ``neo4j.notifications`` logger, and under ``python -X dev`` warns too) and print, when the
    block ends, one short ``warning: …`` line for each distinct one; with ``debug``, the driver's
    own lines as well. Other warnings the block adds (``notices.add``) are printed the same way.
    """
    notices = Notices()
    logger = logging.getLogger(NEO4J_NOTIFICATIONS)
    propagate = logger.propagate
    logger.addHandler(notices)
    logger.propagate = False  # nothing reaches Python's last-resort handler
    # The driver's own retries of a transient error (a deadlock between two loads' lock nodes)
    # succeed or end in graphkit's error: its "will be retried" lines, and its lines on a
    # connection that died (which graphkit's error reports), are shown with --debug only.
    sessions = logging.getLogger(NEO4J_DRIVER)
    retries = _RawLines(notices)
    sessions_propagate = sessions.propagate
    sessions.addHandler(retries)
    sessions.propagate = False
    try:
        with warnings.catch_warnings():
            notices.show_warning, warnings.showwarning = warnings.showwarning, notices.warn
            yield notices
    finally:
        logger.removeHandler(notices)
        logger.propagate = propagate
        sessions.removeHandler(retries)
        sessions.propagate = sessions_propagate
        for line in notices.lines:
            say(line, err=True)
        if debug:
            for line in notices.raw:
                say(line, err=True)


NEO4J_NOTIFICATIONS = "neo4j.notifications"
NEO4J_DRIVER = "neo4j"  # the driver's loggers: neo4j.session, neo4j.io, neo4j.pool, …


class _RawLines(logging.Handler):
    """The driver's log lines kept for ``--debug`` only."""

    def __init__(self, notices: Notices) -> None:
        super().__init__(logging.WARNING)
        self.notices = notices

    def emit(self, record: logging.LogRecord) -> None:
        from graphkit.stores.redact import redact  # light: no driver import

        self.notices.raw.setdefault(redact(record.getMessage()))


_STATUS_DESCRIPTION = re.compile(r"""status_description=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


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


WIDE = "graphkit.wide"  # click context meta key: the command's --wide
# A table's cell padding (one space each side) and its borders (one per column, plus one).
_PADDING, _BORDER = 2, 1


def _wide() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(WIDE))


# Columns of names besides ``name`` and ``…name``: a community's largest members and its topics.
NAME_COLUMNS = frozenset({"largest", "members", "names", "topics"})


def _is_id_column(name: str) -> bool:
    return name in ("id", "ids") or name.endswith(("_id", "_ids"))


def print_records(records: Sequence[dict], columns: Sequence[str], title: str | None = None) -> None:
    """Print rows given as dicts as :func:`print_rows` prints a table, without pandas (for the
    commands that answer from a small JSON file, such as ``graphkit info``). A column is a
    number's when every value in it is an int or a float."""
    headers = [visible(str(column)) for column in columns]
    values = [[record.get(column) for record in records] for column in columns]
    numeric = [
        bool(column) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in column)
        for column in values
    ]
    cells = [[visible(_plain_cell(value)) for value in column] for column in values]
    _print_cells(headers, numeric, cells, len(records), title, _wide())


def _print_table(frame: pd.DataFrame, title: str | None, wide: bool, names: Collection[str] = ()) -> None:
    import pandas as pd

    headers = [visible(str(column)) for column in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[column]) for column in frame.columns]
    cells = [[visible(_cell(value)) for value in frame.iloc[:, i]] for i in range(frame.shape[1])]
    _print_cells(headers, numeric, cells, len(frame), title, wide, {visible(str(name)) for name in names})


def _print_cells(
    headers: list[str],
    numeric: list[bool],
    cells: list[list[str]],
    rows: int,
    title: str | None,
    wide: bool,
    names: Collection[str] = (),
) -> None:
    keep = [
        i
        for i, header in enumerate(headers)
        if wide or not (_is_id_column(header) or (rows and not any(cells[i])))
    ]
    ids = [_is_id_column(headers[i]) for i in keep]
    is_name = [
        not is_id and (header in names or header in NAME_COLUMNS or header.endswith("name"))
        for header, is_id in zip((headers[i] for i in keep), ids, strict=True)
    ]
    # In a table a header may wrap at its underscores too (rank_before → rank / before).
    headers = [headers[i].replace("_", " ") for i in keep]
    numeric, cells = [numeric[i] for i in keep], [cells[i] for i in keep]
    console = stdout_console()
    widths = _column_widths(headers, cells, numeric, is_name, console.width, ids)
    table = Table(title=Text(visible(title)) if title else None, show_lines=False)
    for header, is_number, width in zip(headers, numeric, widths, strict=True):
        table.add_column(
            Text(header),
            justify="right" if is_number else "left",
            width=width,
            # A number's column is as wide as its widest value, so only its header can wrap;
            # and only a word longer than a whole column is folded.
            overflow="fold",
        )
    for row in zip(*cells, strict=True):
        table.add_row(*(Text(value) for value in row))
    needed = sum(widths) + (_PADDING + _BORDER) * len(widths) + _BORDER
    # A table that cannot fit with its names and numbers whole is printed whole, wider than the
    # terminal (which folds its lines), rather than cut.
    (console if needed <= console.width else _console(stderr=False, width=needed)).print(table)


def _column_widths(
    headers: list[str],
    cells: list[list[str]],
    numeric: list[bool],
    names: list[bool],
    width: int,
    ids: list[bool] | None = None,
) -> list[int]:
    """Each column's width (without padding) so that the table fits ``width`` cells.

    What is never cut: a number (the measure, the rank; numbers never wrap) and a word of a name
    column. Then, as room allows, the number columns grow to their headers' longest word, every
    column to its longest word (text wraps between words), then toward its longest line. An id
    column (``ids``; shown with ``--wide`` or by ``graphkit query``) is one long word that
    folds: after the other columns' words it grows to an equal share of the width, and past
    that only once the other columns have their whole lines, so it never takes the names' room. A table
    whose numbers and names alone are wider than ``width`` gets just those. rich's own
    sizing shrinks columns below their longest word (cutting names, or losing columns off the
    right edge) and cannot be told which columns matter, hence this.

    >>> _column_widths(["name", "rank"], [["Friends of the Earth Europe"], ["1"]], [False, True], [True, False], 30)
    [19, 4]
    >>> _column_widths(["name", "kind", "score"], [["Friends of the Earth"], ["organisation"], ["0.25"]],
    ...                [False, False, True], [True, False, False], 30)
    [7, 8, 5]
    >>> _column_widths(["id", "name"], [["organisation:friends-of-the-earth-europe"], ["Friends of the Earth Europe"]],
    ...                [False, False], [False, True], 40, ids=[True, False])
    [16, 17]
    """
    available = width - (_PADDING + _BORDER) * len(headers) - _BORDER
    columns = [[header, *column] for header, column in zip(headers, cells, strict=True)]
    natural = [max(_longest(column, words=False), 1) for column in columns]
    words = [max(_longest(column, words=True), 1) for column in columns]
    if ids is not None:
        # An id is one long word: before the last step it gets its header and a fair share of
        # the width (enough to read its kind and start), never the whole of it.
        share = max(available // max(len(headers), 1), 1)
        words = [
            min(natural[i], max(share, _longest([headers[i]], words=True))) if is_id else word
            for i, (word, is_id) in enumerate(zip(words, ids, strict=True))
        ]
    hard = [
        max(_longest(column, words=False), 1) if is_number else words[i] if is_name else 1
        for i, (column, is_number, is_name) in enumerate(zip(cells, numeric, names, strict=True))
    ]
    if sum(natural) <= available:
        return natural
    # A number's header before the other columns' words: the measure is always named.
    headed = [words[i] if is_number else hard[i] for i, is_number in enumerate(numeric)]
    # An id folds anyway: its share comes after the other columns' words, and it grows past its
    # share only once the others have their whole lines.
    text_words = [hard[i] if ids and ids[i] else word for i, word in enumerate(words)]
    text_lines = [words[i] if ids and ids[i] else line for i, line in enumerate(natural)]
    widths = hard
    for target in (headed, text_words, words, text_lines, natural):
        widths = _grow(widths, target, available - sum(widths))
    return widths


def _grow(widths: list[int], targets: list[int], spare: int) -> list[int]:
    """``widths`` grown toward ``targets`` by at most ``spare`` cells in all, in proportion to
    how far each is from its target."""
    wants = [max(target - width, 0) for width, target in zip(widths, targets, strict=True)]
    if spare <= 0 or not any(wants):
        return widths
    if sum(wants) <= spare:
        return [width + want for width, want in zip(widths, wants, strict=True)]
    grown = [width + want * spare // sum(wants) for width, want in zip(widths, wants, strict=True)]
    # The cells lost to rounding down go to the columns furthest from their targets.
    for i in sorted(range(len(grown)), key=lambda i: targets[i] - grown[i], reverse=True)[
        : spare - sum(grown) + sum(widths)
    ]:
        grown[i] += 1
    return grown


def _longest(texts: list[str], words: bool) -> int:
    """The width of the longest line of ``texts``, or with ``words`` of their longest word."""
    pieces = (
        piece for text in texts for line in text.splitlines() for piece in (line.split() if words else [line])
    )
    return max((cell_len(piece) for piece in pieces), default=0)


def _plain_cell(value: object) -> str:
    """A JSON value as a table shows it (:func:`_cell` without pandas)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _cell(value: object) -> str:
    import pandas as pd  # loaded already by the command that has rows to print

    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
