"""What changed between two datasets (:func:`graphkit.analysis.diff.diff`) as one offline HTML
page: no script, a Content-Security-Policy that allows none, nothing loaded, every text from the
data escaped by Jinja2's autoescape (as the dossier, :mod:`graphkit.reports.page`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graphkit import __version__
from graphkit.analysis.diff import SECTIONS, Diff
from graphkit.exports.graph_files import atomic_write
from graphkit.reports.page import CSP, _environment, _table


def diff_html(changes: Diff, old: str, new: str, top: int | None = None) -> str:
    """The diff as one HTML page; ``old`` and ``new`` name the two datasets, ``top`` cuts each
    section to its first rows (None: all).

    >>> from graphkit.analysis.diff import diff
    >>> from graphkit.model.tables import Dataset
    >>> ds = Dataset.from_records(actors=[{"id": "organisation:x", "kind": "organisation", "name": "<b>X</b>"}])
    >>> page = diff_html(diff(Dataset.empty(), ds), "old", "new")
    >>> "&lt;b&gt;X&lt;/b&gt;" in page and "<b>X" not in page
    True
    """
    sections = []
    for name, frame in changes.sections().items():
        shown = frame if top is None else frame.head(top)
        title = f"{SECTIONS[name].capitalize()}: {len(frame)}"
        if len(shown) < len(frame):
            title += f" ({len(shown)} shown)"
        sections.append(_table(name.replace("_", "-"), title, shown))
    return (
        _environment()
        .get_template("diff.html.j2")
        .render(
            csp=CSP,
            old=old,
            new=new,
            counts=[(SECTIONS[name], count) for name, count in changes.counts().items()],
            sections=sections,
            version=__version__,
            generated=dt.date.today().isoformat(),
        )
    )


def write_diff(changes: Diff, path: str | Path, old: str, new: str, top: int | None = None) -> Path:
    """Write :func:`diff_html` to ``path``, atomically."""
    path = Path(path)
    text = diff_html(changes, old, new, top)
    atomic_write(path, lambda target: target.write_text(text, encoding="utf-8"))
    return path
