"""Writing a cache file inside a workspace so that a reader never sees half of it: written
under a temporary name in the same folder, flushed to disk, then renamed over the old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def make_folder(folder: Path) -> None:
    """``folder`` (and its parents), with the modes of its parent, as a workspace's other
    folders: a group may share the workspace.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "cache"
    >>> make_folder(folder)
    >>> folder.is_dir()
    True
    """
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(folder.parent.stat().st_mode & 0o2777)


def write_atomically(file: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write`` on a temporary file beside ``file`` and rename it to ``file``. The folder
    is made by :func:`make_folder`, and the file gets the folder's read/write modes
    (``mkstemp`` makes 0600). Nothing is left behind on error.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "cache" / "x.bin"
    >>> write_atomically(target, lambda out: out.write(b"kept"))
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'kept', ['x.bin'])
    """
    folder = file.parent
    make_folder(folder)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=file.suffix, dir=folder)
    try:
        os.chmod(temporary, folder.stat().st_mode & 0o666)
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
