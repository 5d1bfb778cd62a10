"""Load graphkit's native libraries in the one order glibc can hold.

kglite's extension and the OpenMP runtime bundled in igraph's wheel use glibc's small static
thread-local-storage reserve. Loaded late in a process that already holds numba, scipy and
pyarrow, one of them fails with "cannot allocate memory in static TLS block" (seen in
`graphkit demo`: analysis, then a Cypher query). Loading both first avoids it.

What needs the reserve is the shared libraries, not the Python packages: igraph's extension
(with the OpenMP runtime it links) is loaded with :mod:`ctypes`, without running
``igraph/__init__.py``, which imports matplotlib for its drawing and costs about half a second.
``import igraph`` later finds the library already loaded. This is not done on ``import
graphkit``: the commands that reach kglite or igraph call :func:`preload` before importing
anything else (see :mod:`graphkit.cli.app`), and a program that uses them beside numba, scipy
or pyarrow should call it first too.

>>> from graphkit.native import preload
>>> preload()
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def preload() -> None:
    """Load kglite and igraph's extension (with its OpenMP runtime) now, before numba, scipy or
    pyarrow."""
    if not _load_extension_library("igraph", "_igraph"):
        import igraph  # noqa: F401  (load order matters; see the module's docstring)
    import kglite  # noqa: F401


def _load_extension_library(package: str, module: str) -> bool:
    """dlopen ``package``'s extension ``module`` (and the libraries it links) as the import
    system would, without importing the package; False when it cannot be found that way."""
    if package in sys.modules:
        return True
    spec = importlib.util.find_spec(package)
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or ():
        for library in sorted(Path(folder).glob(f"{module}.*.so")):
            ctypes.CDLL(str(library), mode=sys.getdlopenflags())
            return True
    return False


def import_networkit() -> ModuleType:
    """``import networkit``, without the plotting and profiling modules it imports on its own
    when matplotlib is installed (matplotlib is, for xgi): matplotlib.pyplot costs 0.2-0.7 s
    and graphkit draws nothing with networkit. ``networkit.plot`` and ``networkit.profiling``
    can still be imported explicitly; a process that already holds matplotlib.pyplot gets
    networkit as it is.

    >>> import_networkit().Graph(3).numberOfNodes()
    3
    """
    if "networkit" in sys.modules or "matplotlib.pyplot" in sys.modules:
        import networkit

        return networkit
    sys.modules["matplotlib.pyplot"] = None  # networkit's `import matplotlib.pyplot` fails at once
    try:
        import networkit
    finally:
        del sys.modules["matplotlib.pyplot"]
    return networkit
