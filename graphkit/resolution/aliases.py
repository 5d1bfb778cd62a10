"""User aliases: a CSV that says which names mean the same organisation.

The file has a header row with ``alias`` and ``canonical`` columns; ``canonical`` is the name
to merge into, or a Register ID::

    alias,canonical
    Europäischer Verbraucherverband,BEUC
    vzbv,Verbraucherzentrale Bundesverband
    Consumers' Voice,9505781573-45
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from graphkit.errors import Problem, SourceError
from graphkit.model.names import normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset


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


def combine_aliases(*tables: pd.DataFrame | None) -> pd.DataFrame | None:
    """Alias tables joined, a later table's row winning for the same alias (normalised), in a
    fixed order (sorted by alias), so the same decisions always replay the same way.

    >>> a = pd.DataFrame({"alias": ["vzbv"], "canonical": ["VZBV"], "line": [2]})
    >>> b = pd.DataFrame({"alias": ["VZBV "], "canonical": ["Verbraucherzentrale Bundesverband"], "line": [2]})
    >>> combine_aliases(a, b)[["alias", "canonical"]].values.tolist()
    [['VZBV', 'Verbraucherzentrale Bundesverband']]
    """
    given = [table for table in tables if table is not None and len(table)]
    if not given:
        return None
    frame = pd.concat(given, ignore_index=True)
    frame = frame.assign(alias=frame["alias"].str.strip(), canonical=frame["canonical"].str.strip())
    frame["key"] = frame["alias"].map(normalise_name)
    frame = frame.drop_duplicates("key", keep="last").sort_values(["key", "alias"])
    return frame.drop(columns="key").reset_index(drop=True)


def write_aliases(aliases: pd.DataFrame | None, path: str | Path) -> None:
    """Write alias rows as an ``alias,canonical`` CSV (atomically: a new file renamed over).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "aliases.csv"
    >>> write_aliases(pd.DataFrame({"alias": ["vzbv"], "canonical": ["VZBV"]}), p)
    >>> p.read_text()
    'alias,canonical\\nvzbv,VZBV\\n'
    """
    path = Path(path)
    frame = (
        aliases[["alias", "canonical"]]
        if aliases is not None
        else pd.DataFrame(columns=["alias", "canonical"])
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    frame.to_csv(temporary, index=False, lineterminator="\n")
    os.replace(temporary, path)


def unmatched_aliases(dataset: Dataset, aliases: pd.DataFrame | None, alias_file: str) -> list[Problem]:
    """A problem for each alias row whose alias names no organisation in ``dataset`` (before or
    after resolution: names merged away count).

    >>> ds = Dataset.from_records(actors=[{"id": "organisation:vzbv", "kind": "organisation", "name": "vzbv"}])
    >>> rows = pd.DataFrame({"alias": ["vzbv", "Nobody"], "canonical": ["VZBV", "X"], "line": [2, 3]})
    >>> [str(p) for p in unmatched_aliases(ds, rows, "aliases.csv")]
    ["aliases.csv:3: alias 'Nobody' matches no organisation in the workspace; it changes nothing"]
    """
    if aliases is None or not len(aliases):
        return []
    orgs = dataset.actors[dataset.actors["kind"] == ORGANISATION]
    merged_away = dataset.merges.loc[dataset.merges["table"] == "actors", "from_name"]
    known = set(pd.concat([orgs["name"], orgs["acronym"], merged_away]).dropna().map(normalise_name))
    return [
        Problem(
            alias_file,
            f"alias {alias!r} matches no organisation in the workspace; it changes nothing",
            line=int(line),
        )
        for alias, line in zip(aliases["alias"], aliases["line"], strict=True)
        if normalise_name(alias) not in known
    ]
