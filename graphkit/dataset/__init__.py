"""The canonical dataset: source-independent tables with stable ids, stored in a workspace.

>>> from graphkit.dataset import Dataset, Workspace, ingest
"""

from graphkit.dataset.ingest import IngestReport, ingest
from graphkit.dataset.tables import Dataset
from graphkit.dataset.workspace import Workspace

__all__ = ["Dataset", "IngestReport", "Workspace", "ingest"]
