"""The shared vocabulary of graphkit: the canonical tables (:mod:`~graphkit.model.schema`,
:mod:`~graphkit.model.tables`), deterministic ids (:mod:`~graphkit.model.ids`) and the one
name normaliser (:mod:`~graphkit.model.names`). Every layer imports it; it imports none.

>>> from graphkit.model import Dataset
>>> Dataset.empty().counts()["actors"]
0
"""

from graphkit.model.tables import Dataset

__all__ = ["Dataset"]
