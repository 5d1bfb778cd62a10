"""The shared vocabulary of graphkit: the canonical tables (:mod:`~graphkit.model.schema`,
:mod:`~graphkit.model.tables`), deterministic ids (:mod:`~graphkit.model.ids`) and the one
name normaliser (:mod:`~graphkit.model.names`). Every layer imports it; it imports none.

>>> from graphkit.model import Dataset
>>> Dataset.empty().counts()["actors"]
0
"""

# Every path to the data goes through here before pandas (and with it pyarrow) loads: the place to
# load kglite and igraph first, so that glibc's static TLS reserve holds them in any process
# that later imports numba or scipy (a notebook, a test run), not only in the CLI.
from graphkit.native import preload

preload()

from graphkit.model.tables import Dataset  # noqa: E402

__all__ = ["Dataset"]
