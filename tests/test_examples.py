"""The examples run as a user runs them: each script in a fresh process, the notebook top to
bottom in a real kernel (nbclient), with DataFrames and the inline view in its outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = {
    "rank_organisations.py": "Climate Action Network Europe",
    "compare_terms.py": "rank_before",
    "coalition_map.py": "wrote coalitions.html and coalitions.gexf",
    "organisation_dossier.py": "wrote dossier.md",
    "adhoc_cypher.py": "Kathleen Van Brempt         8",
}

pytestmark = pytest.mark.slow  # a process (or a kernel) per example


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_example_script_runs(script: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert SCRIPTS[script] in result.stdout


def test_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    notebook = nbformat.read(EXAMPLES / "graphkit-tour.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert sum("<table" in h for h in html) >= 4  # DataFrames shown as tables
    assert any("<iframe srcdoc=" in h and "graphkit-data" in h for h in html)  # the view, inline
