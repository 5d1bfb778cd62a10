"""A wheel built by ``pip wheel .`` works on its own: installed into a fresh venv outside the
checkout, ``graphkit demo`` and ``graphkit query`` run from an empty directory, with the Cypher
and the bundled example read from the installed package.

The wheel is built from a copy of the files a build reads, not from the checkout itself, whose
``build/lib`` keeps files deleted since and would ship them. Building needs only what any
``pip wheel .`` needs (setuptools and wheel, from pip's cache or index). The fresh venv's pip
installs the wheel with ``--no-deps``; a ``.pth`` file shows it this venv's site-packages for the
dependencies. Of graphkit, that directory holds only the editable install's finder, which never
starts (a ``.pth`` line adds a directory to the path; the ``.pth`` files inside it do not run),
so ``graphkit`` can come only from the wheel.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheel and installs it into a fresh venv

ROOT = Path(__file__).resolve().parents[1]
# What building the wheel reads: the project table, the files it names, the package and the two
# folders setup.py copies into it (cypher/, examples/openlobby/).
BUILD_INPUTS = ["pyproject.toml", "setup.py", "README.md", "LICENSE", "graphkit", "cypher", "examples"]


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with the wheel installed, and the environment to run it in."""
    base = tmp_path_factory.mktemp("packaging")
    assert not base.resolve().is_relative_to(ROOT), "the venv must live outside the checkout"
    source, dist, venv = base / "source", base / "dist", base / "venv"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}

    _run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", dist, "--quiet", cwd=source, env=env)
    (wheel,) = dist.glob("graphkit-*.whl")
    _run(sys.executable, "-m", "venv", venv, cwd=base, env=env)
    _run(venv / "bin" / "pip", "install", "--no-deps", "--quiet", wheel, cwd=base, env=env)

    site_packages = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    theirs = Path(_run(venv / "bin" / "python", "-c", site_packages, cwd=base, env=env).strip())
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (theirs / "graphkit-test-dependencies.pth").write_text("\n".join(ours) + "\n")
    return venv, env


PROBE = """
import graphkit
from importlib.resources import files
from graphkit.cli.demo_commands import EXAMPLES
from graphkit.stores.cypher_files import CYPHER_DIR, query_files
print(graphkit.__file__, CYPHER_DIR, EXAMPLES, sep="\\n")
print(len(query_files()), files("graphkit").joinpath("py.typed").is_file())
"""


def test_wheel_has_its_data_files(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    empty = venv.parent / "probe"
    empty.mkdir()
    out = _run(venv / "bin" / "python", "-c", PROBE, cwd=empty, env=env)
    module, cypher_dir, examples, counts = out.splitlines()
    for path in (module, cypher_dir, examples):
        assert Path(path).is_relative_to(venv), f"{path} is not in the installed wheel"
        assert not Path(path).is_relative_to(ROOT)
    assert counts == f"{len(list((ROOT / 'cypher' / 'queries').glob('*.cypher')))} True"
    assert sorted(p.name for p in Path(examples).rglob("*") if p.is_file()) == ["11-11-11.txt"], (
        "the wheel ships the bundled page alone, no example script as a module"
    )


def test_the_checkout_holds_no_symlinks() -> None:
    """cypher/ and examples/ are real folders; a symlink breaks a Windows checkout."""
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True)
    links = [line.split("\t")[1] for line in listed.stdout.splitlines() if line.startswith("120000")]
    assert links == []


def test_demo_and_query_run_from_the_wheel(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    empty = venv.parent / "run"
    empty.mkdir()
    graphkit = venv / "bin" / "graphkit"

    demo = _run(graphkit, "demo", cwd=empty, env=env)
    assert "Cypher on the embedded graph" in demo
    assert (empty / "graphkit-demo" / "11-11-11.html").is_file()
    assert (empty / "graphkit-demo" / "11-11-11-dossier.html").is_file()  # the dossier template is in the wheel

    count = "MATCH (n) RETURN count(n) AS n"
    out = _run(graphkit, "query", count, "--workspace", "graphkit-demo", "--csv", cwd=empty, env=env)
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert int(row["n"]) > 0
    # Named queries by name, read from the installed package (no checkout here).
    listed = _run(graphkit, "query", "--list", "--csv", "--workspace", "graphkit-demo", cwd=empty, env=env)
    assert "top_lobbyists" in listed
    named = _run(graphkit, "query", "top_lobbyists", "-p", "mep=Kathleen Van Brempt", "--workspace", "graphkit-demo",
                 "--csv", cwd=empty, env=env)  # fmt: skip
    assert len(list(csv.DictReader(io.StringIO(named)))) > 0
