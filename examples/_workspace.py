"""The workspace the example scripts read: the one named on the command line, or a fresh one
built from the bundled OpenLobby page (so each script runs as it is, with no data of your own)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from graphkit.ingest import ingest
from graphkit.package_data import package_path
from graphkit.workspace import Workspace


def workspace() -> Workspace:
    """``sys.argv[1]`` as a workspace, else the bundled example ingested into a temporary one."""
    if len(sys.argv) > 1:
        return Workspace(sys.argv[1])
    folder = Path(tempfile.mkdtemp(prefix="graphkit-example-")) / "workspace"
    ingest([package_path("examples", "openlobby")], Workspace(folder))
    return Workspace(folder)
