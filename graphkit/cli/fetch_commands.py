"""``graphkit fetch``: download the official data (EP meetings, Commission meetings, Register)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from graphkit.cli.app import main, say, stderr_console
from graphkit.dates import parse_date
from graphkit.fetch.http import PoliteClient
from graphkit.fetch.official import (
    EC_LISTS,
    EC_MEETINGS_URL,
    EP_MEETINGS_URL,
    REGISTER_URL,
    FetchReport,
    fetch_ec_meetings,
    fetch_ep_meetings,
    fetch_register,
)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def polite_options(max_mb: int, deadline: float) -> Callable[[Callable], Callable]:
    """``--out``, ``--pause``, ``--retries``, ``--max-size``, ``--deadline`` and
    ``--allow-other-hosts``, shared by every fetch command (``max_mb`` and ``deadline`` are the
    command's defaults: what its largest honest answer needs, with room)."""

    def decorate(func: Callable) -> Callable:
        return _polite_options(func, max_mb, deadline)

    return decorate


def _polite_options(func: Callable, max_mb: int, deadline: float) -> Callable:
    func = click.option(
        "--allow-other-hosts",
        is_flag=True,
        help="Follow a redirect to another host (each one is reported); by default it is refused.",
    )(func)
    func = click.option(
        "--deadline",
        type=click.FloatRange(min=0, min_open=True),
        default=deadline,
        show_default=True,
        help="Seconds one request may take in all; a slower answer is cut off and tried again.",
    )(func)
    func = click.option(
        "--max-size",
        "max_mb",
        type=click.IntRange(min=1),
        default=max_mb,
        show_default=True,
        help="Largest answer to accept, in MB; a longer one is refused.",
    )(func)
    func = click.option(
        "--retries", default=4, show_default=True, help="Tries again after a temporary failure."
    )(func)
    func = click.option(
        "--pause",
        default=1.0,
        show_default=True,
        help="Seconds between two requests (be polite to the servers).",
    )(func)
    func = click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("downloads"),
        show_default=True,
        help="Directory to write the files to (an interrupted fetch resumes there).",
    )(func)
    return func


@contextmanager
def _progress(label: str):
    with Progress(
        TextColumn("{task.description}", style="bold", markup=False), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=stderr_console(), transient=False,
    ) as bar:  # fmt: skip
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _client(options: dict) -> PoliteClient:
    return PoliteClient(
        pause=options["pause"], retries=options["retries"], max_bytes=options["max_mb"] * 1_000_000,
        deadline=options["deadline"], other_hosts=options["allow_other_hosts"],
    )  # fmt: skip


def _summary(report: FetchReport) -> None:
    say(
        f"{len(report.files)} file(s), {report.requests} request(s), {report.skipped} already done"
        + (f", {report.rows} rows" if report.rows else "")
    )
    for file in report.files:
        say(f"  {file}")
    for warning in report.warnings:
        say(f"warning: {warning}", err=True)
    for failure in report.failures:
        say(f"failed: {failure}", err=True)
    if report.failures:
        raise click.ClickException(
            f"{len(report.failures)} item(s) failed and are not recorded as done; run the same command again to fetch them"
        )
    if report.files:
        say(f"Next: graphkit ingest {report.files[0].parent}")


@main.group("fetch")
def fetch_group() -> None:
    """Download the official data: EP meetings, Commission meetings, the Transparency Register.

    Example:

    \b
        graphkit fetch ep-meetings --from 2024-01-01 --to 2024-06-30
        graphkit ingest downloads/
    """


@fetch_group.command("ep-meetings")
@click.option("--from", "start", required=True, callback=_date, help="First meeting date (2024-01-01).")
@click.option("--to", "end", callback=_date, help="Last meeting date (default: today).")
@click.option("--base-url", envvar="GRAPHKIT_EP_MEETINGS_URL", default=EP_MEETINGS_URL, show_default=True)
@polite_options(max_mb=64, deadline=300)
def fetch_ep_command(start: dt.date, end: dt.date | None, base_url: str, out_dir: Path, **options) -> None:
    """Download the European Parliament's MEP meetings as CSV, window by window.

    The export answers at most 1,000 rows a request: graphkit asks month by month and splits a
    full window in two until each answer is complete. A window counts as done only once its
    answer was checked (the export's CSV header, whole, dated inside the window); one that
    fails its tries is named and left for the next run. Run it again after an interruption or
    a failure and it goes on where it stopped (a deleted or changed file is fetched again).

    Example:

    \b
        graphkit fetch ep-meetings --from 2024-01-01 --to 2024-06-30 --out downloads/ep
    """
    end = end or dt.date.today()
    if end < start:
        raise click.BadParameter("--to is before --from")
    client = _client(options)
    with _progress("EP meetings (days)") as progress:
        report = fetch_ep_meetings(start, end, out_dir, client, base_url=base_url, progress=progress)
    _summary(report)


@fetch_group.command("ec-meetings")
@click.option(
    "--list", "lists", multiple=True, default=EC_LISTS, show_default=True, help="Which published list(s)."
)
@click.option("--base-url", envvar="GRAPHKIT_EC_MEETINGS_URL", default=EC_MEETINGS_URL, show_default=True)
@polite_options(max_mb=512, deadline=900)
def fetch_ec_command(lists: tuple[str, ...], base_url: str, out_dir: Path, **options) -> None:
    """Download the Commission's lists of meetings with interest representatives (xlsx).

    Example:

    \b
        graphkit fetch ec-meetings --out downloads/ec
    """
    client = _client(options)
    with _progress("Commission lists") as progress:
        report = fetch_ec_meetings(out_dir, lists, client, base_url=base_url, progress=progress)
    _summary(report)


@fetch_group.command("register")
@click.option("--url", envvar="GRAPHKIT_REGISTER_URL", default=REGISTER_URL, show_default=True)
@polite_options(max_mb=2048, deadline=3600)
def fetch_register_command(url: str, out_dir: Path, **options) -> None:
    """Download the Transparency Register's XML export (about 120 MB; resumes if cut off).

    Example:

    \b
        graphkit fetch register --out downloads/register
    """
    client = _client(options)
    with _progress("Transparency Register (bytes)") as progress:
        report = fetch_register(out_dir, client, url=url, progress=progress)
    _summary(report)
