"""The ``graphkit`` command: a thin layer over the Python API.

Each command module registers its commands on :data:`main`; this package imports them all.
"""

from __future__ import annotations

import importlib

from graphkit.cli.app import main

# Command modules, each adding its commands to ``main`` when imported.
COMMAND_MODULES = [
    "graphkit.cli.workspace_commands",
    "graphkit.cli.fetch_commands",
    "graphkit.cli.report_commands",
    "graphkit.cli.demo_commands",
    "graphkit.cli.query_commands",
    "graphkit.cli.view_commands",
    "graphkit.cli.neo4j_commands",
    "graphkit.cli.analysis_commands",
]

for _module in COMMAND_MODULES:
    importlib.import_module(_module)

__all__ = ["main"]
