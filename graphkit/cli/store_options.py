"""``--store embedded|neo4j`` and ``--pull`` for ``graphkit centrality``.

Its own module, so that a command run on the embedded workspace (the default) never imports
the Neo4j driver: :mod:`graphkit.stores.neo4j.store` and the Cypher centrality are imported only
when ``--store neo4j`` is given.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphkit.cli.app import driver_notifications, print_rows


def store_options(func: Callable) -> Callable:
    """``--store embedded|neo4j`` and ``--pull`` for ``graphkit centrality``: with ``--store neo4j``
    the ranking runs in the server named by the ``NEO4J_*`` variables (as `graphkit neo4j
    centrality`) and the workspace is not read; otherwise the command runs as before.

    Put it above the command's filter options, so that it sees them as given."""

    @click.option(
        "--store",
        type=click.Choice(["embedded", "neo4j"]),
        default="embedded",
        show_default=True,
        help="Where to compute: the workspace (default) or the Neo4j server of $NEO4J_URI.",
    )
    @click.option(
        "--pull", is_flag=True, help="With --store neo4j: stream the projection into graphkit's engines."
    )
    @functools.wraps(func)
    def wrapper(*args: Any, store: str, pull: bool, **kwargs: Any) -> Any:
        if store != "neo4j":
            if pull:
                raise click.UsageError("--pull goes with --store neo4j")
            return func(*args, **kwargs)
        unsupported = [
            name
            for name in (
                "date_from",
                "date_to",
                "term",
                "institution",
                "category",
                "country",
                "min_meetings",
                "k",
                "by",
            )
            if kwargs.get(name) is not None
        ]
        if unsupported:
            options = ", ".join("--" + name.replace("date_", "").replace("_", "-") for name in unsupported)
            raise click.UsageError(
                f"{options} cannot be used with --store neo4j (filter in `graphkit query`)"
            )
        measure, projection, top, fmt = kwargs["measure"], kwargs["projection"], kwargs["top"], kwargs["fmt"]
        from graphkit.stores.neo4j.centrality import centrality_in_neo4j
        from graphkit.stores.neo4j.store import Neo4jStore  # only here: the driver slows every start

        with driver_notifications(), Neo4jStore() as neo4j_store:
            frame = centrality_in_neo4j(neo4j_store, measure, projection, pull=pull)
        if kwargs.get("kind"):
            frame = frame[frame["kind"] == kwargs["kind"]]
        title = f"{measure} on {projection} in Neo4j"
        print_rows(frame.head(top) if top else frame, fmt, title=title, wide=kwargs.get("wide"))
        return None

    return wrapper
