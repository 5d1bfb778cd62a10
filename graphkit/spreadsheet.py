"""CSV and TSV that a spreadsheet opens without running anything: text cells that a spreadsheet
would read as a formula are written with a leading single quote, as OWASP advises
(https://owasp.org/www-community/attacks/CSV_Injection).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://x","y")`` is a link that sends data
away, ``@SUM(A1)`` runs). Numbers stay numbers: a negative number is no formula, and only text
is quoted. ``graphkit export`` CSV files and the ``--csv``/``--tsv`` output of every command go
through :func:`formula_safe_frame`; JSON, GEXF and GraphML are left as they are (no spreadsheet
evaluates them).

Written here rather than taken from ``defusedcsv``: that replaces the ``csv`` module, which
pandas' writer does not use, and graphkit needs the same rule on DataFrame cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """``value`` with a ``'`` in front if it is text a spreadsheet would run as a formula.

    >>> formula_safe('=HYPERLINK("http://x","y")'), formula_safe("-cmd"), formula_safe("Acme")
    ('\\'=HYPERLINK("http://x","y")', "'-cmd", 'Acme')
    >>> formula_safe(-3), formula_safe(-2.5)
    (-3, -2.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are :func:`formula_safe`; numeric
    columns are left as they are.

    >>> import pandas as pd
    >>> formula_safe_frame(pd.DataFrame({"name": ["+1", "A"], "n": [-1, 2]})).values.tolist()
    [["'+1", -1], ['A', 2]]
    """
    import pandas as pd  # the caller has it loaded already

    out = frame.copy()
    for position, dtype in enumerate(frame.dtypes):
        if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype):
            out.isetitem(position, frame.iloc[:, position].map(formula_safe, na_action="ignore"))
    return out.rename(columns=formula_safe)
