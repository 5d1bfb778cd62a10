"""The canonical dataset in a workspace: entity resolution, aliases, look-ups and summaries
over the tables of :mod:`graphkit.model`. Ingest (sources, then resolution, then the
workspace) sits above this package, in :mod:`graphkit.ingest`.

>>> from graphkit.dataset import Dataset, Workspace
"""

from graphkit.dataset.workspace import Workspace
from graphkit.model.tables import Dataset

__all__ = ["Dataset", "Workspace"]
