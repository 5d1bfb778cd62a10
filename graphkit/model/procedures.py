"""Legislative procedure references, as the sources write them and as graphkit keeps them.

The EP's references read ``2020/0361(COD)``: year, number, and the procedure's type in capitals
(COD ordinary legislative procedure, CNS consultation, APP consent, NLE non-legislative, INI own
initiative, INL legislative initiative, BUD budget, DEC discharge, RSP resolution, …; the
Legislative Observatory's list). The exports write the same reference several ways
(``2020/0361 (COD)``, ``COD 2020/0361``, ``2020/0361/COD``), several references in one cell,
and titles beside them. :func:`references` finds every reference in a text, normalised.
"""

from __future__ import annotations

import re

import pandas as pd

# The procedure types of the Legislative Observatory (OEIL), old and current.
TYPES = ("COD", "CNS", "APP", "NLE", "INI", "INL", "BUD", "DEC", "RSP", "RPS", "IMM", "REG", "ACI",
         "AVC", "SYN", "DCE", "BUI", "COS", "DEA", "INS", "RSO", "ACC")  # fmt: skip
_TYPE = "(" + "|".join(TYPES) + ")"
# 2020/0361(COD), 2020/0361 (COD), 2020/0361/COD, 2020/0361-COD
# (a procedure split in parts carries a letter: 2016/0224A(COD))
_NUMBER_FIRST = re.compile(
    rf"(?<![\d/])(\d{{4}})\s*/\s*(\d{{4}}[A-D]?)\s*(?:\(\s*{_TYPE}\s*\)|[/-]\s*{_TYPE}\b|\s{_TYPE}\b)", re.I
)
# COD 2020/0361 (a COM number, COM(2020)0825, is no procedure: it has no type before it)
_TYPE_FIRST = re.compile(rf"\b{_TYPE}\s*[:\-]?\s*(\d{{4}})\s*/\s*(\d{{4}})(?![\d/(])", re.I)


def references(text: object) -> list[str]:
    """Every procedure reference in ``text``, normalised to ``YYYY/NNNN(TYP)``, in the order
    they are written, each once.

    >>> references("Digital services act - 2020/0361(COD)   Digital markets act - 2020/0374 (COD)")
    ['2020/0361(COD)', '2020/0374(COD)']
    >>> references("COD 2021/0106 and 2021/0106/COD, 2019/0017 COD, 2016/0224A(COD)")
    ['2021/0106(COD)', '2019/0017(COD)', '2016/0224A(COD)']
    >>> references("COM(2020)0825 – C9-0418/2020 – 2020/0361(COD))")
    ['2020/0361(COD)']
    >>> references("2020/0361(cod)"), references(None)
    (['2020/0361(COD)'], [])
    """
    if not isinstance(text, str) or not text:
        return []
    found: list[tuple[int, str]] = []
    for match in _NUMBER_FIRST.finditer(text):
        kind = (match.group(3) or match.group(4) or match.group(5)).upper()
        found.append((match.start(), f"{match.group(1)}/{match.group(2)}({kind})"))
    for match in _TYPE_FIRST.finditer(text):
        found.append((match.start(), f"{match.group(2)}/{match.group(3)}({match.group(1).upper()})"))
    out: list[str] = []
    for _, reference in sorted(found):
        if reference not in out:
            out.append(reference)
    return out


def residual_title(text: object) -> str:
    """What a procedure cell says beside its references: the file's title as the source wrote
    it (spaces folded, dashes and brackets at the ends trimmed).

    >>> residual_title(" 2020/0361(COD) Digital Services Act")
    'Digital Services Act'
    >>> residual_title("2020/0361(COD)")
    ''
    """
    if not isinstance(text, str):
        return ""
    stripped = " ".join(_TYPE_FIRST.sub(" ", _NUMBER_FIRST.sub(" ", text)).split()).strip(" -–—:;,")
    # a bracket left open or closed by the reference taken out of it: "(COM(2020)0825 – …)"
    while stripped.endswith(")") and stripped.count(")") > stripped.count("("):
        stripped = stripped[:-1].rstrip(" -–—:;,")
    while stripped.startswith("(") and stripped.count("(") > stripped.count(")"):
        stripped = stripped[1:].lstrip(" -–—:;,")
    return stripped


def meeting_references(procedure: pd.Series) -> pd.DataFrame:
    """One row per (meeting, reference) for a column of procedure cells (``index`` kept as the
    ``row`` column): every reference each cell names.

    >>> meeting_references(pd.Series(["2020/0361 (COD) DSA; 2020/0374(COD)", None])).values.tolist()
    [[0, '2020/0361(COD)'], [0, '2020/0374(COD)']]
    """
    codes, cells = pd.factorize(procedure)  # each distinct cell read once (47k meetings: 3k cells)
    per_cell = [references(cell) for cell in cells]
    rows = [(row, ref) for row, code in zip(procedure.index, codes, strict=True) if code >= 0 for ref in per_cell[code]]
    return pd.DataFrame(rows, columns=["row", "reference"])
