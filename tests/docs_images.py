"""Pictures the README shows, written by the browser tests into ``docs/``."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image  # installed with matplotlib

DOCS = Path(__file__).resolve().parent.parent / "docs"
# Chromium's anti-aliasing moves a few dozen pixels by a level or two from run to run: a picture
# changed when more pixels than this differ by more than NOISE levels.
CHANGED_SHARE, NOISE = 0.001, 8


def save_if_changed(png: bytes, name: str) -> Path:
    """Write ``png`` to ``docs/NAME`` only when its picture differs from what is there (beyond
    anti-aliasing noise), so a run that draws the same leaves the work tree clean."""
    path = DOCS / name
    if not path.exists() or _differs(path.read_bytes(), png):
        DOCS.mkdir(exist_ok=True)
        path.write_bytes(png)
    return path


def _differs(old: bytes, new: bytes) -> bool:
    a = np.asarray(Image.open(io.BytesIO(old)).convert("RGB"), dtype=np.int16)
    b = np.asarray(Image.open(io.BytesIO(new)).convert("RGB"), dtype=np.int16)
    if a.shape != b.shape:
        return True
    moved = (np.abs(a - b).max(axis=2) > NOISE).sum()
    return moved > CHANGED_SHARE * a.shape[0] * a.shape[1]
