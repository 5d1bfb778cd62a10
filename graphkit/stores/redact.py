"""The one redactor for credentials: every message, log record and traceback that may name a
server goes through :func:`redact` before anyone sees it.

Three things are hidden: the user info of a URI (``bolt://neo4j:PASSWORD@host`` becomes
``bolt://neo4j:***@host``, ``bolt://TOKEN@host`` becomes ``bolt://***@host``), a URI's query
string and fragment (``bolt://host?password=…`` becomes ``bolt://host?***``), and the
configured passwords themselves wherever they appear (``NEO4J_PASSWORD``, and every password a
:class:`~graphkit.stores.neo4j.Neo4jSettings` was given, which registers it with
:func:`register_secret`).

Tracebacks are redacted at their source: :func:`scrub_exception` rewrites the text held by an
exception and by every exception it was raised from, so any printer (Python's, ``traceback``,
rich) shows the redacted text. :func:`install_log_filter` does the same for the driver's log
records.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import traceback
from collections.abc import Iterable, Iterator

MASK = "***"
# Passwords shorter than this are not searched for in text: replacing every "a" or "42" would
# garble messages and hide nothing an attacker could not guess.
MIN_SECRET_LENGTH = 3
PASSWORD_VARIABLES = ("NEO4J_PASSWORD",)

# scheme://userinfo@ — userinfo is everything up to the first @ before the host, without
# whitespace, quotes or a slash (RFC 3986 allows neither in it unescaped).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/@'\"`<>]+)@")
# scheme://host/path?query#fragment — a query string or fragment can carry a password or a token
# (``bolt://db:7687?password=…``), so both are hidden whole, whatever their keys.
_QUERY_OR_FRAGMENT = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://[^\s?#'\"`<>]*)[?#][^\s'\"`<>]*")
_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Hide ``secret`` from every text :func:`redact` sees from now on in this process."""
    if secret and len(secret) >= MIN_SECRET_LENGTH:
        _secrets.add(secret)


def secrets() -> list[str]:
    """The secrets hidden now, longest first (so a password that holds another is hidden whole)."""
    found = set(_secrets)
    for name in PASSWORD_VARIABLES:
        value = os.environ.get(name)
        if value and len(value) >= MIN_SECRET_LENGTH:
            found.add(value)
    return sorted(found, key=len, reverse=True)


def redact(text: object) -> str:
    """``text`` with URI user info and every known password replaced by ``***``.

    >>> redact("cannot connect to bolt://neo4j:s3cret!@db:7687 (given URI 'neo4j://tok@db')")
    "cannot connect to bolt://neo4j:***@db:7687 (given URI 'neo4j://***@db')"
    >>> redact("bad URI bolt://db:7687?password=s3cret&x=1 or neo4j://db#token=abc")
    'bad URI bolt://db:7687?*** or neo4j://db?***'
    >>> register_secret("hunter2-password")
    >>> redact("auth failed for password hunter2-password")
    'auth failed for password ***'
    """
    out = _USERINFO.sub(_mask_userinfo, str(text))
    out = _QUERY_OR_FRAGMENT.sub(lambda match: f"{match.group(1)}?{MASK}", out)
    for secret in secrets():
        out = out.replace(secret, MASK)
    return out


def has_userinfo(uri: str) -> bool:
    """Whether ``uri`` carries a user name or password before its host.

    >>> has_userinfo("bolt://neo4j:pw@localhost:7687"), has_userinfo("bolt://localhost:7687")
    (True, False)
    """
    return _USERINFO.match(uri.strip()) is not None


def scrub_exception(err: BaseException) -> BaseException:
    """Redact, in place, the text of ``err`` and of every exception it was raised from or during
    (``args`` and string attributes such as the driver's message); returns ``err``."""
    seen: set[int] = set()
    current: BaseException | None = err
    pending: list[BaseException] = []
    while current is not None or pending:
        if current is None:
            current = pending.pop()
        if id(current) in seen:
            current = None
            continue
        seen.add(id(current))
        try:
            current.args = tuple(_redacted(arg) for arg in current.args)
            for name, value in list(vars(current).items()):
                if isinstance(value, str):
                    setattr(current, name, redact(value))
        except (AttributeError, TypeError):  # read-only slots: what can be rewritten is
            pass
        for note_index, note in enumerate(getattr(current, "__notes__", []) or []):
            current.__notes__[note_index] = redact(note)
        if current.__context__ is not None and current.__context__ is not current.__cause__:
            pending.append(current.__context__)
        current = current.__cause__
    return err


def format_exception(err: BaseException) -> str:
    """The whole traceback of ``err`` (with its causes) as text, redacted (for ``--debug``)."""
    scrub_exception(err)
    return redact("".join(traceback.format_exception(err)))


class RedactingFilter(logging.Filter):
    """A log filter that redacts each record's message (it never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            scrub_exception(record.exc_info[1])
            record.exc_text = None
        return True


_FILTER = RedactingFilter()


@contextlib.contextmanager
def scrubbed_errors(debug: bool = False) -> Iterator[None]:
    """Credentials taken out of any error raised inside, and with ``debug`` its traceback
    printed (redacted too) on stderr before it goes on.

    >>> register_secret("s3cret")
    >>> try:
    ...     with scrubbed_errors():
    ...         raise RuntimeError("login with s3cret failed")
    ... except RuntimeError as err:
    ...     print(err)
    login with *** failed
    """
    try:
        yield
    except Exception as err:
        scrub_exception(err)
        if debug:
            sys.stderr.write(format_exception(err))
        raise


def install_log_filter(names: Iterable[str] = ("neo4j",)) -> None:
    """Redact the records of the loggers ``names`` and their children (the driver logs to
    ``neo4j``, ``neo4j.io``, ``neo4j.pool``, …), and whatever reaches Python's last-resort handler
    or the root logger's handlers. Safe to call more than once."""
    prefixes = tuple(names)
    loggers = [logging.getLogger(name) for name in prefixes]
    loggers += [
        logging.getLogger(name)
        for name in list(logging.Logger.manager.loggerDict)
        if name.startswith(tuple(prefix + "." for prefix in prefixes))
    ]
    handlers = [logging.lastResort, *logging.getLogger().handlers]
    for item in [*loggers, *handlers]:
        if item is not None and _FILTER not in item.filters:
            item.addFilter(_FILTER)


def _mask_userinfo(match: re.Match[str]) -> str:
    user, sep, _ = match.group(2).partition(":")
    return f"{match.group(1)}{user}:{MASK}@" if sep else f"{match.group(1)}{MASK}@"


def _redacted(value: object) -> object:
    return redact(value) if isinstance(value, str) else value
