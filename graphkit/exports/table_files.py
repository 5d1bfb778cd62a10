"""Node and edge tables (CSV, Parquet) written a chunk of rows at a time.

A graph's rows are read twice: once for the columns (and, for Parquet, each column's type), once
to write them, a chunk at a time (the ``csv`` module; pyarrow's ``ParquetWriter``, one row group a
chunk), so no table of the whole graph is ever built.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from graphkit.exports.xml_stream import chunks
from graphkit.spreadsheet import formula_safe

Rows = Callable[[], Iterator[Mapping[str, Any]]]
# Rows a Parquet row group holds (pyarrow's default is 1M; smaller keeps the memory of one chunk).
ROW_GROUP = 50_000


def columns_of(rows: Iterable[Mapping[str, Any]], first: Iterable[str] = ()) -> dict[str, set[type]]:
    """``{column: types of its values}``, ``first`` first and the others as they first appear
    (``None`` is no type).

    >>> columns_of([{"id": 1, "a": None}, {"id": 2, "b": "x", "a": 2.5}], first=("id",))
    {'id': {<class 'int'>}, 'a': {<class 'float'>}, 'b': {<class 'str'>}}
    """
    columns: dict[str, set[type]] = {name: set() for name in first}
    for row in rows:
        for name, value in row.items():
            types = columns.setdefault(name, set())
            if value is not None:
                types.add(type(value))
    return columns


def write_csv(target: Path, rows: Rows, first: Iterable[str] = ()) -> None:
    """Write ``rows()`` as CSV, text a spreadsheet would run as a formula quoted
    (:func:`graphkit.spreadsheet.formula_safe`), missing values empty.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(path, lambda: iter([{"id": "a", "n": 1}, {"id": "=b"}]), first=("id",))
    >>> print(path.read_text().strip())
    id,n
    a,1
    '=b,
    """
    names = list(columns_of(rows(), first))
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([formula_safe(name) for name in names])
        for chunk in chunks(rows()):
            writer.writerows([formula_safe(row.get(name)) for name in names] for row in chunk)


def write_parquet(target: Path, rows: Rows, first: Iterable[str] = ()) -> None:
    """Write ``rows()`` as Parquet, one row group a chunk: a column of integers is ``int64``,
    of numbers ``double``, of booleans ``bool``, and text (or values of mixed kinds, as text)
    ``string``; missing values are null.

    >>> import tempfile, pandas as pd
    >>> path = Path(tempfile.mkdtemp()) / "t.parquet"
    >>> write_parquet(path, lambda: iter([{"id": "a", "n": 1}, {"id": 2, "n": 2.5}]), first=("id",))
    >>> pd.read_parquet(path).values.tolist()
    [['a', 1.0], ['2', 2.5]]
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = columns_of(rows(), first)
    kinds = {name: _arrow_kind(types) for name, types in columns.items()}
    schema = pa.schema([(name, kind) for name, (kind, _) in kinds.items()])
    with pq.ParquetWriter(target, schema) as writer:
        for chunk in chunks(rows(), ROW_GROUP):
            data = {name: [convert(row.get(name)) for row in chunk] for name, (_, convert) in kinds.items()}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))


def _arrow_kind(types: set[type]) -> tuple[Any, Callable[[Any], Any]]:
    import pyarrow as pa

    def keep(value: Any) -> Any:
        return value

    def text(value: Any) -> Any:
        return None if value is None else str(value)

    if types == {bool}:
        return pa.bool_(), keep
    if types == {int}:
        return pa.int64(), keep
    if types and types <= {int, float}:
        return pa.float64(), keep
    return pa.string(), text
