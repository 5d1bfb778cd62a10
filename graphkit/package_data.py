"""The files graphkit ships beside its code: the Cypher (``cypher/``) and the bundled example
(``examples/openlobby/``).

In the repository both are real folders at the root, the source of truth; a built wheel carries
them inside the package (``graphkit/cypher``, ``graphkit/examples/openlobby``: ``setup.py``
copies them in). :func:`package_path` finds them in either place, so an installed wheel works as
a checkout does.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from graphkit.errors import GraphkitError


def package_path(*parts: str) -> Path:
    """The path of a file or folder graphkit ships: inside the installed package, or in a
    checkout (an editable install) the folder at the repository's root.

    >>> package_path("cypher", "schema.cypher").name
    'schema.cypher'
    >>> package_path("examples", "openlobby", "11-11-11.txt").is_file()
    True
    """
    package = files("graphkit")
    if not isinstance(package, Path):  # e.g. imported from a zip: the stores read folders from disk
        raise GraphkitError(f"graphkit's data is not on disk ({package}): install graphkit with pip")
    for root in (package, package.parent):  # the wheel's copy, then the checkout's root
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate.resolve()
    raise GraphkitError(f"graphkit's file {'/'.join(parts)} is missing from {package}: reinstall graphkit")
