"""graphkit: turn EU lobbying records into a graph and ask it questions.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""

# Two native libraries use glibc's small static thread-local-storage reserve: kglite's extension
# and the OpenMP runtime bundled in igraph's wheel. Loaded late in a process that already holds
# numba, scipy and pyarrow, one of them fails with "cannot allocate memory in static TLS block"
# (seen here in `graphkit demo`: analysis, then a Cypher query). Loading both first avoids it.
import igraph  # noqa: F401  (load order matters; see above)
import kglite  # noqa: F401

__version__ = "0.1.0"
