"""Pictures the README shows, written by the browser tests into ``docs/``."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def save_if_changed(png: bytes, name: str) -> Path:
    """Write ``png`` to ``docs/NAME`` only when it differs from what is there (so an unchanged
    run leaves the work tree clean)."""
    path = DOCS / name
    if not path.exists() or path.read_bytes() != png:
        DOCS.mkdir(exist_ok=True)
        path.write_bytes(png)
    return path
