"""The store interface every graph store implements (embedded and Neo4j alike), so callers never
depend on which engine answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import pandas as pd

from graphkit.model.tables import Dataset


class GraphStore(Protocol):
    """A graph store that loads the canonical dataset and answers Cypher.

    ``run`` returns the rows as a DataFrame, one column per returned expression. It refuses a
    query that writes unless ``write=True``.
    """

    def run(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> pd.DataFrame:
        """Run one Cypher statement with parameters and return its rows."""
        ...

    def load(self, dataset: Dataset) -> Mapping[str, int]:
        """Load (merge) the dataset's nodes and relationships; returns what changed by counter."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...
