"""Load graphkit's native libraries in the one order glibc can hold.

kglite's extension and the OpenMP runtime bundled in igraph's wheel use glibc's small static
thread-local-storage reserve. Loaded late in a process that already holds numba, scipy and
pyarrow, one of them fails with "cannot allocate memory in static TLS block" (seen in
`graphkit demo`: analysis, then a Cypher query). Loading both first avoids it.

They cost about 0.25 s to load, so this is not done on ``import graphkit``: the commands that
reach kglite or igraph call :func:`preload` before importing anything else (see
:mod:`graphkit.cli.app`), and a program that uses them beside numba, scipy or pyarrow should
call it first too.

>>> from graphkit.native import preload
>>> preload()
"""

from __future__ import annotations


def preload() -> None:
    """Load kglite and igraph (with its OpenMP runtime) now, before numba, scipy or pyarrow."""
    import igraph  # noqa: F401  (load order matters; see the module's docstring)
    import kglite  # noqa: F401
