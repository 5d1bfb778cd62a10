"""The files graphkit ships inside its package: the Cypher (``cypher/``) and the bundled example
(``examples/``), found through :mod:`importlib.resources` so that an installed wheel finds them
as a checkout does.

In the repository, ``graphkit/cypher`` and ``graphkit/examples`` are symlinks to the folders at
its root, which stay the source of truth; when a wheel is built, setuptools copies the files they
point to into it (``[tool.setuptools.package-data]`` in ``pyproject.toml`` says which).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from graphkit.errors import GraphkitError


def package_path(*parts: str) -> Path:
    """The path of a file or folder shipped in the graphkit package, symlinks resolved (in a
    checkout, the folder at the repository root).

    >>> package_path("cypher", "schema.cypher").name
    'schema.cypher'
    >>> package_path("examples", "openlobby", "11-11-11.txt").is_file()
    True
    """
    resource = files("graphkit").joinpath(*parts)
    if not isinstance(resource, Path):  # e.g. imported from a zip: the stores read folders from disk
        raise GraphkitError(f"graphkit's data is not on disk ({resource}): install graphkit with pip")
    return resource.resolve()
