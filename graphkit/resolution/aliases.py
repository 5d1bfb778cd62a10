"""User aliases: a CSV that says which names mean the same organisation.

The file has a header row with ``alias`` and ``canonical`` columns; ``canonical`` is the name
to merge into, or a Register ID::

    alias,canonical
    Europäischer Verbraucherverband,BEUC
    vzbv,Verbraucherzentrale Bundesverband
    Consumers' Voice,9505781573-45
"""

from __future__ import annotations

import csv
import os
import re
import stat
from pathlib import Path

import pandas as pd

from graphkit.errors import Problem, SourceError
from graphkit.model.names import normalise_name
from graphkit.model.schema import ORGANISATION
from graphkit.model.tables import Dataset
from graphkit.sources.entries import REGISTER_ID_PATTERN

# An alias file is a hand-kept list: even a large organisation's is a few thousand rows. Past
# this size it is not an alias file (and reading it whole would take the machine's memory).
MAX_ALIAS_BYTES = 256 * 1024 * 1024


def read_aliases(path: str | Path) -> pd.DataFrame:
    """The alias file as a DataFrame with ``alias, canonical, line`` (blank rows dropped).

    Refused with one line naming the file (and the row): a file that is not a regular file
    (``/dev/zero``, a folder, a pipe), one over :data:`MAX_ALIAS_BYTES`, rows without both
    columns, and aliases that go round in a circle (``A`` is ``B`` and ``B`` is ``A``).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "aliases.csv"
    >>> _ = p.write_text("alias,canonical\\nvzbv,Verbraucherzentrale Bundesverband\\n")
    >>> read_aliases(p)[["alias", "canonical"]].values.tolist()
    [['vzbv', 'Verbraucherzentrale Bundesverband']]
    """
    path = Path(path)
    _check_file(path)
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
    out = with_keys(out[out["alias"] != ""].reset_index(drop=True))
    _check_no_cycle(out, path)
    return out


def with_keys(aliases: pd.DataFrame) -> pd.DataFrame:
    """``aliases`` with the name keys of both columns (``alias_key``, ``canonical_key``), worked
    out once per distinct name: every later step (circles, merges, unmatched rows) reads them.

    >>> with_keys(pd.DataFrame({"alias": ["The VZBV"], "canonical": ["vzbv e.V."]}))[["alias_key", "canonical_key"]].values.tolist()
    [['vzbv', 'vzbv']]
    """
    if {"alias_key", "canonical_key"} <= set(aliases.columns):
        return aliases
    names = pd.unique(pd.concat([aliases["alias"], aliases["canonical"]], ignore_index=True))
    keys = dict(zip(names, map(normalise_name, names), strict=True))
    return aliases.assign(alias_key=aliases["alias"].map(keys), canonical_key=aliases["canonical"].map(keys))


def _check_file(path: Path) -> None:
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise SourceError(path, "no such alias file") from err
    except OSError as err:
        raise SourceError(path, f"cannot read the alias file ({err.strerror})") from err
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, "not a regular file: an alias file is a CSV with 'alias,canonical'")
    if info.st_size > MAX_ALIAS_BYTES:
        raise SourceError(
            path, f"{info.st_size / 1e6:.0f} MB is too large for an alias file (at most {MAX_ALIAS_BYTES // 2**20} MiB)"
        )


def _check_no_cycle(aliases: pd.DataFrame, path: Path) -> None:
    """Refuse aliases that lead back to where they started (``A`` is ``B``, ``B`` is ``A``):
    which name would be kept would depend on the order of the rows.

    >>> rows = pd.DataFrame({"alias": ["A", "B", "C"], "canonical": ["B", "A", "A"], "line": [2, 3, 4]})
    >>> _check_no_cycle(rows, Path("aliases.csv"))
    Traceback (most recent call last):
    ...
    graphkit.errors.SourceError: aliases.csv:2: the aliases go round in a circle: 'A' is 'B' (line 2), 'B' is 'A' (line 3); say which name to keep
    """
    aliases = with_keys(aliases)
    keys, targets = aliases["alias_key"], aliases["canonical_key"]
    step = {a: (t, n) for a, t, n in zip(keys, targets, range(len(aliases)), strict=True) if a != t}
    done: set[str] = set()
    for start in step:
        path_keys: list[str] = []
        seen: set[str] = set()
        key = start
        while key in step and key not in done and key not in seen:
            seen.add(key)
            path_keys.append(key)
            key = step[key][0]
        if key in seen:  # back to a name of this walk: a circle
            circle = path_keys[path_keys.index(key) :]
            rows = [aliases.iloc[step[k][1]] for k in circle]
            shown = ", ".join(f"{r['alias']!r} is {r['canonical']!r} (line {r['line']})" for r in rows)
            raise SourceError(
                path, f"the aliases go round in a circle: {shown}; say which name to keep", line=int(rows[0]["line"])
            )
        done.update(path_keys)


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
    frame = with_keys(frame)
    frame = frame.drop_duplicates("alias_key", keep="last").sort_values(["alias_key", "alias"])
    return frame.reset_index(drop=True)


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
    # A csv writer quotes a field holding its line terminator ("\n") but not a lone "\r",
    # which every reader takes for a line end: such a name would come back cut in two.
    carriage = frame.apply(lambda column: column.astype(str).str.contains("\r", regex=False)).to_numpy().any()
    frame.to_csv(
        temporary, index=False, lineterminator="\n", quoting=csv.QUOTE_ALL if carriage else csv.QUOTE_MINIMAL
    )
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
    registered = set(orgs["register_id"].dropna())
    aliases = with_keys(aliases)
    problems = []
    rows = zip(aliases["alias"], aliases["alias_key"], aliases["canonical"], aliases["line"], strict=True)
    for alias, alias_key, canonical, line in rows:
        if alias_key not in known:
            problems.append(
                Problem(alias_file, f"alias {alias!r} matches no organisation in the workspace; it changes nothing",
                        line=int(line))  # fmt: skip
            )
        elif is_register_id(canonical) and canonical not in registered:
            problems.append(
                Problem(alias_file, f"Register ID {canonical} (for {alias!r}) is held by no organisation in the "
                        "workspace; nothing merged (ingest the Register, or name the organisation)", line=int(line))  # fmt: skip
            )
    return problems


def is_register_id(text: str) -> bool:
    """Whether ``text`` is a Transparency Register ID.

    >>> is_register_id("6314918394-16"), is_register_id("BEUC")
    (True, False)
    """
    return REGISTER_ID.fullmatch(text) is not None


REGISTER_ID = re.compile(REGISTER_ID_PATTERN)
