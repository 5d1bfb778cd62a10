"""The build's one addition to pyproject.toml: ``cypher/`` and ``examples/openlobby/`` stay real
folders at the repository's root (the source of truth, readable and runnable on their own), and a
built wheel ships them inside the package as ``graphkit/cypher`` and
``graphkit/examples/openlobby``, where :func:`graphkit.package_data.package_path` finds them.

No symlinks (they break on Windows checkouts), and the example scripts are not installed as
modules: only the ``.cypher`` files and the bundled profile page are copied.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (folder at the root, files to ship, where they go inside the package)
SHIPPED = [("cypher", "**/*.cypher", "cypher"), ("examples/openlobby", "*.txt", "examples/openlobby")]


class build_py_with_data(build_py):  # noqa: N801 (setuptools' command names are lower case)
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the folders at the root itself
            return
        for folder, pattern, target in SHIPPED:
            for source in sorted((ROOT / folder).glob(pattern)):
                destination = Path(self.build_lib) / "graphkit" / target / source.relative_to(ROOT / folder)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


setup(cmdclass={"build_py": build_py_with_data})
