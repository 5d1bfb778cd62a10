"""The one key scheme of graphkit's caches: what a kept result depends on besides its inputs.

Light on purpose (standard library only): :mod:`graphkit.cache.printed` computes a key before
deciding whether a command needs pandas at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path

import graphkit

FORMAT = 2
# The libraries whose engines give the numbers: another version may give other results.
ENGINES = ("numpy", "scipy", "pandas", "networkx", "igraph", "networkit", "xgi")


@cache
def code_digest() -> str:
    """graphkit's version and files (path, size and modification time of each module, template
    and vendored script) and where :data:`ENGINES` are installed, with their ``__init__``'s size
    and time (an upgrade writes them anew; cheaper than reading each package's metadata).

    >>> len(code_digest())
    40
    """
    digest = hashlib.sha1(f"{FORMAT} {graphkit.__version__}".encode())
    package = Path(graphkit.__file__).parent
    for source in sorted(package.rglob("*")):
        if "__pycache__" in source.parts or not source.is_file():
            continue
        stat = source.stat()
        digest.update(f"{source.relative_to(package)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    for name in ENGINES:  # where each is installed, and its __init__'s size and time (not imported)
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        stat = origin.stat() if origin is not None and origin.exists() else None
        digest.update(
            f"{name} {origin} {stat.st_size if stat else '-'} {stat.st_mtime_ns if stat else '-'}\n".encode()
        )
    return digest.hexdigest()


def snapshot_of(workspace: Path) -> str:
    """The name of the snapshot a workspace's ``tables`` link points at: a digest of the tables'
    contents ("" where nothing was ingested). As :attr:`graphkit.workspace.Workspace.snapshot`,
    without importing the workspace (and pandas).

    >>> snapshot_of(Path("/nonexistent"))
    ''
    """
    import os

    from graphkit.workspace.paths import TABLES

    try:
        return Path(os.readlink(workspace / TABLES)).name
    except OSError:
        return ""


__all__ = ["ENGINES", "code_digest", "snapshot_of"]
