"""The options that choose which graph a command works on, shared by every graph command."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphkit.graph import TERMS, GraphFilter


def filter_options(func: Callable) -> Callable:
    """``--from --to --term --institution --category --country --min-meetings``, passed as ``filters``."""

    @click.option(
        "--from", "date_from", metavar="DATE", help="First meeting date (inclusive), e.g. 2021-01-01."
    )
    @click.option("--to", "date_to", metavar="DATE", help="Last meeting date (inclusive).")
    @click.option("--term", type=click.Choice(list(TERMS)), help="EP term.")
    @click.option(
        "--institution", type=click.Choice(["EP", "EC"], case_sensitive=False), help="EP or Commission."
    )
    @click.option("--category", help="Only organisations of this Register category.")
    @click.option("--country", help="Only organisations from this country.")
    @click.option(
        "--min-meetings", type=click.IntRange(1), help="Only actors with at least this many meetings."
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = ("date_from", "date_to", "term", "institution", "category", "country", "min_meetings")
        filters = GraphFilter(**{name: kwargs.pop(name) for name in names})
        return func(*args, filters=filters, **kwargs)

    return wrapper
