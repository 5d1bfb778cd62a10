"""The one date parser: every source turns its dates into ``datetime.date`` through here."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T].*)?$")


def parse_date(text: str) -> dt.date:
    """Parse one date as the EU sources write it.

    Accepts ``20 Nov 2025`` (English month names and abbreviations, ``Sept`` too), ISO
    ``2025-11-20`` (with an optional time), and day-first ``20-11-2025`` / ``20/11/2025``.

    >>> parse_date("10 Sept 2025")
    datetime.date(2025, 9, 10)
    >>> parse_date("2019-12-03 10:00:00")
    datetime.date(2019, 12, 3)
    >>> parse_date("03/12/2019")
    datetime.date(2019, 12, 3)
    >>> parse_date("yesterday")
    Traceback (most recent call last):
    ...
    ValueError: not a date: 'yesterday'
    """
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise ValueError(f"unknown month {month_name!r} in {text!r}")
        return dt.date(int(year), month, int(day))
    match = _NUMERIC.match(text)
    if match:
        a, b, c = match.groups()
        if len(a) == 4:
            return dt.date(int(a), int(b), int(c))
        if len(c) == 4:
            return dt.date(int(c), int(b), int(a))
    raise ValueError(f"not a date: {text!r}")


def parse_date_column(values: pd.Series, fmt: str | None = None) -> pd.Series:
    """Parse a whole column at once; unparseable cells become ``NaT`` (the caller reports them).

    ``fmt`` is a strptime format for the fast vectorised path (``"%d-%m-%Y"``); without it each
    cell goes through :func:`parse_date`.

    >>> parse_date_column(pd.Series(["03-12-2019", "junk"]), "%d-%m-%Y").tolist()
    [Timestamp('2019-12-03 00:00:00'), NaT]
    """
    if fmt is not None:
        return pd.to_datetime(values, format=fmt, errors="coerce")

    def one(text: object) -> pd.Timestamp:
        try:
            return pd.Timestamp(parse_date(str(text)))
        except ValueError:
            return pd.NaT

    return pd.to_datetime(values.map(one))
