"""Where a workspace keeps things, in the standard library alone: what a command that only reads
the workspace's summary (``graphkit info``) needs without importing pandas."""

from __future__ import annotations

import json
import os
from pathlib import Path

DEFAULT_WORKSPACE = "graphkit-workspace"
TABLES = "tables"  # the link to the current snapshot
SUMMARY = "summary.json"  # in each snapshot: what graphkit info prints, written with the tables
SUMMARY_VERSION = 1
SUMMARY_COUNTERPARTS = 50  # top counterparts kept in it: graphkit info --top up to this reads no table


def default_workspace() -> Path:
    """``$GRAPHKIT_WORKSPACE`` if set, else ``./graphkit-workspace``."""
    return Path(os.environ.get("GRAPHKIT_WORKSPACE", DEFAULT_WORKSPACE))


def has_tables(workspace: Path) -> bool:
    """True once something has been saved in ``workspace``."""
    return (workspace / TABLES / "actors.parquet").exists()


def read_summary(workspace: Path) -> dict | None:
    """The current snapshot's summary (``summary.json``), or None if it has none (a workspace
    written before graphkit kept one) or it is of another version.

    >>> read_summary(Path("/nonexistent")) is None
    True
    """
    try:
        stored = json.loads((workspace / TABLES / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored if isinstance(stored, dict) and stored.get("version") == SUMMARY_VERSION else None
