"""The ``Dataset``: the canonical tables as pandas DataFrames, with one way to build, combine
and tidy them so that equal input always gives equal tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache

import numpy as np
import pandas as pd

from graphkit.model.schema import TABLES, Table


def empty_table(table: Table) -> pd.DataFrame:
    """An empty DataFrame with ``table``'s columns and dtypes (a copy of one made once: every
    ingest and every empty dataset asks for several)."""
    return _empty_template(table).copy()


@cache
def _empty_template(table: Table) -> pd.DataFrame:
    return _conformed(pd.DataFrame(columns=list(table.columns)), table)


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Give ``frame`` exactly ``table``'s columns, in order, with the canonical dtypes.

    Missing columns are added empty; unknown columns are dropped; dates become
    ``datetime64[ns]`` (day precision), flags become booleans and everything else text or NA.
    """
    if len(frame) == 0 and isinstance(frame.index, pd.RangeIndex):
        return empty_table(table)
    return _conformed(frame, table)


def _conformed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    # Column by column into one new frame (one construction, no assignment into a frame: on
    # the small tables of one file that is most of the time, and it copies nothing twice).
    columns = {}
    for column in table.columns:
        given = frame[column] if column in frame.columns else None
        if column in table.date_columns:
            dates = pd.to_datetime(given, errors="coerce").to_numpy() if given is not None else None
            columns[column] = pd.Series(dates, index=frame.index, dtype="datetime64[ns]")
        elif column in table.bool_columns:
            flags = given.astype("boolean").fillna(False).to_numpy(dtype=bool) if given is not None else False
            columns[column] = pd.Series(flags, index=frame.index, dtype=bool)
        else:
            columns[column] = pd.Series(_text_or_none(given, len(frame)), index=frame.index, dtype=object, copy=False)
    return pd.DataFrame(columns, index=frame.index, copy=False)


def _text_or_none(column: pd.Series | None, rows: int) -> np.ndarray:
    """``column`` as an object array, None where it is missing or empty text."""
    if column is None:
        return np.full(rows, None, dtype=object)
    values = column.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = None  # first: pd.NA == "" is neither True nor False
    values[values == ""] = None
    return values


def tidy(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Conform, merge rows that share a key (first non-empty value of each column wins) and sort.

    Sorting by key makes the stored tables independent of input order, which is what makes
    a repeated ingest byte-for-byte idempotent.
    """
    out = conform(frame, table)
    if out.empty:
        return out.reset_index(drop=True)
    key = list(table.key)
    if out.duplicated(key).any():
        out = out.groupby(key, sort=False, dropna=False).first().reset_index()
        out = conform(out, table)
    return out.sort_values(key, kind="stable").reset_index(drop=True)


@dataclass
class Dataset:
    """The canonical lobbying tables. Build one with :meth:`from_frames` or :meth:`from_records`.

    >>> ds = Dataset.from_records(actors=[{"id": "mep:a", "kind": "mep", "name": "A"}])
    >>> ds.counts()["actors"]
    1
    >>> list(ds.meetings.columns)[:3]
    ['id', 'date', 'title']
    """

    actors: pd.DataFrame
    meetings: pd.DataFrame
    participants: pd.DataFrame
    topics: pd.DataFrame
    meeting_topics: pd.DataFrame
    responses: pd.DataFrame
    merges: pd.DataFrame

    @classmethod
    def empty(cls) -> Dataset:
        """A dataset with every table present and no rows."""
        return cls(**{table.name: empty_table(table) for table in TABLES})

    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame]) -> Dataset:
        """Tidy DataFrames by table name into a dataset; tables not given are empty."""
        return cls(
            **{
                table.name: tidy(frames[table.name], table) if table.name in frames else empty_table(table)
                for table in TABLES
            }
        )

    @classmethod
    def from_records(cls, **records: Iterable[Mapping[str, object]]) -> Dataset:
        """Build a dataset from lists of dicts by table name (what simple sources produce)."""
        return cls.from_frames({name: pd.DataFrame(list(rows)) for name, rows in records.items()})

    @classmethod
    def concat(cls, datasets: Iterable[Dataset]) -> Dataset:
        """Combine datasets; rows with the same key merge (earlier datasets' values win)."""
        parts = list(datasets)
        if not parts:
            return cls.empty()
        frames = {}
        for table in TABLES:
            pieces = [getattr(part, table.name) for part in parts]
            pieces = [piece for piece in pieces if not piece.empty]
            frames[table.name] = pd.concat(pieces, ignore_index=True) if pieces else None
        return cls.from_frames({name: frame for name, frame in frames.items() if frame is not None})

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name``."""
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {field.name: len(getattr(self, field.name)) for field in fields(self)}

    def equals(self, other: Dataset) -> bool:
        """True when every table has the same rows in the same order."""
        return all(getattr(self, f.name).equals(getattr(other, f.name)) for f in fields(self))


def sorted_join(frame: pd.DataFrame, key: str, value: str, sep: str = ";") -> pd.Series:
    """Each ``key``'s distinct values (``value``), sorted and joined with ``sep``, vectorised (a wide
    table, then string concatenation by column) instead of a Python join per group.

    >>> frame = pd.DataFrame({"m": ["a", "a", "b"], "h": ["y", "x", "z"]})
    >>> sorted_join(frame, "m", "h").to_dict()
    {'a': 'x;y', 'b': 'z'}
    """
    pairs = frame[[key, value]].dropna().drop_duplicates()
    if pairs.empty:
        return pd.Series(dtype=object)
    pairs = pairs.sort_values([key, value])
    pairs["n"] = pairs.groupby(key).cumcount()
    wide = pairs.pivot(index=key, columns="n", values=value)
    joined = wide[0].astype(object)
    for column in wide.columns[1:]:
        more = wide[column].notna()
        joined[more] = joined[more] + sep + wide.loc[more, column].astype(object)
    return joined
