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
# The tables hold dates as pandas' datetime64[ns], which reaches from 1677 to 2262 only: a date
# outside (0001-01-01, 9999-12-31 as placeholders) is reported as a problem of its record.
EARLIEST, LATEST = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
OUT_OF_RANGE = f"outside the dates graphkit can hold ({EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d})"


class DateOutOfRange(ValueError):
    """A real date that the tables cannot hold (before 1677-09-22 or after 2262-04-11)."""


def parse_date(text: str, within_range: bool = True) -> dt.date:
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
    >>> parse_date("31 Dec 9999")
    Traceback (most recent call last):
    ...
    graphkit.dates.DateOutOfRange: '31 Dec 9999' is outside the dates graphkit can hold (1677-09-22 to 2262-04-11)
    >>> parse_date("31 Dec 9999", within_range=False)
    datetime.date(9999, 12, 31)
    """
    date = _parse_date(text)
    # A record's date must fit the tables' datetime64 range; a bound a user types to a query
    # (``-p to=2999-12-31``) need not (``within_range=False``).
    if within_range and not EARLIEST.date() <= date <= LATEST.date():
        raise DateOutOfRange(f"{text!r} is {OUT_OF_RANGE}")
    return date


def _parse_date(text: str) -> dt.date:
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
    >>> parse_date_column(pd.Series(["31-12-9999"]), "%d-%m-%Y").tolist()
    [NaT]
    """
    if fmt is not None:
        parsed = pd.to_datetime(values, format=fmt, errors="coerce")
        return parsed.where((parsed >= EARLIEST) & (parsed.dt.normalize() <= LATEST))

    def one(text: object) -> pd.Timestamp:
        try:
            return pd.Timestamp(parse_date(str(text)))
        except ValueError:
            return pd.NaT

    return pd.to_datetime(values.map(one))


def shown(value: object, fmt: str | None = None) -> str:
    """``value`` as a problem shows an unreadable date: quoted, and said to be out of range
    when it is a date all the same.

    >>> shown("31/02/2023"), shown("2300-01-01", "%Y-%m-%d")
    ("'31/02/2023'", "'2300-01-01', outside the dates graphkit can hold (1677-09-22 to 2262-04-11)")
    """
    text = str(value)
    if fmt is not None:
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            return repr(value)
        else:
            return f"{value!r}, {OUT_OF_RANGE}"
    try:
        parse_date(text)
    except DateOutOfRange:
        return f"{value!r}, {OUT_OF_RANGE}"
    except ValueError:
        pass
    return repr(value)
