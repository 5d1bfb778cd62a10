"""User aliases: a CSV that says which names mean the same organisation.

The file has a header row with ``alias`` and ``canonical`` columns; ``canonical`` is the name
to merge into, or a Register ID::

    alias,canonical
    Europäischer Verbraucherverband,BEUC
    vzbv,Verbraucherzentrale Bundesverband
    Consumers' Voice,9505781573-45
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graphkit.errors import SourceError


def read_aliases(path: str | Path) -> pd.DataFrame:
    """The alias file as a DataFrame with ``alias, canonical, line`` (blank rows dropped).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "aliases.csv"
    >>> _ = p.write_text("alias,canonical\\nvzbv,Verbraucherzentrale Bundesverband\\n")
    >>> read_aliases(p)[["alias", "canonical"]].values.tolist()
    [['vzbv', 'Verbraucherzentrale Bundesverband']]
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise SourceError(path, "no such alias file") from err
    except UnicodeDecodeError as err:
        raise SourceError(path, "not UTF-8 text (is it Latin-1? save it as UTF-8)") from err
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise SourceError(
            path, f"cannot read as CSV: {str(err).strip().splitlines()[0] if str(err) else err}"
        ) from err
    columns = {str(c).strip().casefold(): c for c in frame.columns}
    if "alias" not in columns or "canonical" not in columns:
        raise SourceError(path, "an alias file needs a header row 'alias,canonical'", line=1)
    out = pd.DataFrame(
        {
            "alias": frame[columns["alias"]].str.strip(),
            "canonical": frame[columns["canonical"]].str.strip(),
            "line": range(2, len(frame) + 2),
        }
    )
    incomplete = out[(out["alias"] == "") ^ (out["canonical"] == "")]
    if len(incomplete):
        raise SourceError(
            path,
            "an alias row needs both an alias and a canonical name",
            line=int(incomplete["line"].iloc[0]),
        )
    return out[out["alias"] != ""].reset_index(drop=True)
