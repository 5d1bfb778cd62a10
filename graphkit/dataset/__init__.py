"""The canonical dataset in a workspace: entity resolution, aliases, look-ups and summaries
over the tables of :mod:`graphkit.model`. Ingest (sources, then resolution, then the
workspace) sits above this package, in :mod:`graphkit.ingest`.

>>> from graphkit.dataset import Dataset, Workspace
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.dataset.workspace import Workspace
    from graphkit.model.tables import Dataset

__all__ = ["Dataset", "Workspace"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for, so that graphkit.dataset.paths (the standard library
    # alone) does not bring pandas with it.
    if name == "Workspace":
        from graphkit.dataset.workspace import Workspace

        return Workspace
    if name == "Dataset":
        from graphkit.model.tables import Dataset

        return Dataset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
