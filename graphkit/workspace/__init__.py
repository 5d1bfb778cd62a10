"""The workspace: the canonical tables on disk (Parquet snapshots replaced atomically), its lock,
its paths, its summary and the look-up of actors by name. Ingest (sources, then resolution, then
the workspace) sits above this package, in :mod:`graphkit.ingest`.

>>> from graphkit.workspace import Dataset, Workspace
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.model.tables import Dataset
    from graphkit.workspace.storage import Workspace

__all__ = ["Dataset", "Workspace"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for, so that graphkit.workspace.paths (the standard library
    # alone) does not bring pandas with it.
    if name == "Workspace":
        from graphkit.workspace.storage import Workspace

        return Workspace
    if name == "Dataset":
        from graphkit.model.tables import Dataset

        return Dataset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
