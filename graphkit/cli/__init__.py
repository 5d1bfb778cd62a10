"""The ``graphkit`` command: a thin layer over the Python API.

Each command module registers its commands on :data:`main` when imported; :data:`COMMANDS`
(in :mod:`graphkit.cli.app`) says which module defines which command, so that a command's
module, and what it imports, loads only when that command runs.
"""

from __future__ import annotations

from graphkit.cli.app import COMMANDS, main

__all__ = ["COMMANDS", "main"]
