"""A polite HTTP client: one request at a time with a pause between them, retries with
exponential back-off (honouring ``Retry-After``), and downloads streamed to disk under a size
cap and an overall deadline, checked before anyone may keep them.

Why by hand: ``urllib`` follows redirects to any host and reads a body without bound; the few
rules below (same-host redirects, a byte cap, a wall-clock deadline, ``Content-Length``
honoured) are what a download that is later *recorded as done* needs.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.errors import GraphkitError

USER_AGENT = f"graphkit/{__version__} (EU lobbying research; polite downloader)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 1 << 16
# Defaults for one request: the Register's XML export is about 120 MB; nothing official is near
# 1 GiB, and a server still sending after 30 minutes is not sending a file.
DEFAULT_MAX_BYTES = 1 << 30
DEFAULT_DEADLINE = 1800.0
DEFAULT_TIMEOUT = 60.0

Check = Callable[[Path, str], Any]
Progress = Callable[[int, int | None], None]


class FetchError(GraphkitError):
    """A download that failed after its retries (the message names the URL or item and why)."""


class Unreachable(FetchError):
    """No answer at all from the server (refused, reset before a response, unknown host):
    every later request would fail the same way, so a run stops on it."""


class BadAnswer(FetchError):
    """An answer that came but cannot be kept: an HTTP error, a cut or endless body, a
    redirect to another host, or content that is not what was asked for.

    ``temporary`` says whether trying again may help (a maintenance page, a cut connection);
    ``resumable`` whether the bytes that arrived are a good start to resume from.

    >>> BadAnswer("an HTML page").temporary, BadAnswer("too big", temporary=False).temporary
    (True, False)
    """

    def __init__(
        self, message: str, temporary: bool = True, resumable: bool = False, retry_after: float | None = None
    ):
        super().__init__(message)
        self.temporary = temporary
        self.resumable = resumable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    """A body saved whole at ``path`` and passed its check: its size, sha256, the server's
    ``Content-Type`` and what the check returned (``verdict``, e.g. a row count)."""

    path: Path
    size: int
    sha256: str
    content_type: str
    verdict: Any


def same_host(old: str, new: str) -> bool:
    """Whether a redirect from ``old`` to ``new`` stays on one host (name and port; an upgrade
    from http to https on the same name counts as the same host).

    >>> same_host("http://a.eu/x", "http://a.eu/y"), same_host("http://a.eu/x", "https://a.eu/y")
    (True, True)
    >>> same_host("http://127.0.0.1:80/x", "http://127.0.0.1:81/x"), same_host("https://a.eu/", "http://a.eu/")
    (False, False)
    """
    a, b = urllib.parse.urlsplit(old), urllib.parse.urlsplit(new)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    if a.scheme == "http" and b.scheme == "https" and a.port in (None, 80) and b.port in (None, 443):
        return True
    default = {"http": 80, "https": 443}
    return a.scheme == b.scheme and (a.port or default.get(a.scheme)) == (b.port or default.get(b.scheme))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect on the same host; to another host only when the client allows it,
    and then with a note the caller reports."""

    def __init__(self, client: PoliteClient):
        self.client = client

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 (urllib's signature)
        target = urllib.parse.urljoin(req.full_url, newurl)
        if not same_host(req.full_url, target):
            if not self.client.other_hosts:
                fp.close()
                raise BadAnswer(
                    f"redirected to another host ({_shown_host(target)}), not followed"
                    " (allow it with --allow-other-hosts)",
                    temporary=False,
                )
            self.client.notes.append(f"{req.full_url} was redirected to another host: {target}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _shown_host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PoliteClient:
    """GET requests with a minimum pause between them and retries on temporary failures.

    ``pause`` is the least time in seconds between two requests; ``retries`` how often a
    request that failed for a temporary reason is tried again, waiting ``backoff * 2**n``
    seconds (or what ``Retry-After`` asks) before try ``n``. ``timeout`` bounds one wait for
    bytes, ``deadline`` a whole request (seconds), ``max_bytes`` a body; ``other_hosts`` lets
    redirects leave the host asked (each one is noted in ``notes``).

    >>> client = PoliteClient(pause=0)
    >>> client.url("https://example.org/a", {"x": "1 2"})
    'https://example.org/a?x=1+2'
    """

    def __init__(
        self,
        pause: float = 1.0,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        deadline: float = DEFAULT_DEADLINE,
        other_hosts: bool = False,
    ):
        self.pause = pause
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.other_hosts = other_hosts
        self.requests = 0
        self.notes: list[str] = []
        self._last = 0.0
        self._opener = urllib.request.build_opener(_Redirects(self))

    @staticmethod
    def url(base: str, params: Mapping[str, str] | None = None) -> str:
        """``base`` with ``params`` as its query string."""
        if not params:
            return base
        return base + ("&" if "?" in base else "?") + urllib.parse.urlencode(params)

    def _wait_turn(self) -> None:
        delay = self._last + self.pause - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._last = time.monotonic()

    def _open(self, url: str, headers: Mapping[str, str] | None = None):
        """One GET (no retry): the response, or :class:`BadAnswer` / :class:`Unreachable`."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        self._wait_turn()
        self.requests += 1
        try:
            # The socket timeout bounds each wait for bytes; the deadline is checked between reads.
            return self._opener.open(request, timeout=min(self.timeout, self.deadline))
        except urllib.error.HTTPError as err:
            err.close()
            raise BadAnswer(
                f"HTTP {err.code} {err.reason}",
                temporary=err.code in RETRY_STATUSES,
                retry_after=_retry_after(err.headers.get("Retry-After")),
            ) from err
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as err:
            reason = getattr(err, "reason", None) or err.__class__.__name__
            raise Unreachable(f"cannot connect ({reason})") from err

    def _stream(self, response, handle, have: int, started: float, progress: Progress | None) -> int:
        """Copy ``response``'s body into ``handle`` (which holds ``have`` bytes already) under
        the size cap and the deadline; the bytes now held. A body shorter than its
        ``Content-Length`` is a :class:`BadAnswer` (resumable)."""
        length = response.headers.get("Content-Length")
        expected = have + int(length) if length is not None and length.strip().isdigit() else None
        if expected is not None and expected > self.max_bytes:
            raise BadAnswer(
                f"announces {expected:,} bytes, over the size cap of {self.max_bytes:,}", temporary=False
            )
        done = have
        while True:
            if time.monotonic() - started > self.deadline:
                raise BadAnswer(
                    f"no complete answer within the deadline of {self.deadline:g} s ({done:,} bytes arrived)",
                    resumable=True,
                )
            try:
                # read1: whatever one system call brings, so a slow drip still returns to the clock.
                chunk = response.read1(CHUNK)
            except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as err:
                raise BadAnswer(f"the connection broke after {done:,} bytes ({err.__class__.__name__})",
                                resumable=True) from err  # fmt: skip
            if not chunk:
                break
            done += len(chunk)
            if done > self.max_bytes:
                raise BadAnswer(f"more than the size cap of {self.max_bytes:,} bytes", temporary=False)
            handle.write(chunk)
            if progress:
                progress(done, expected)
        if expected is not None and done < expected:
            raise BadAnswer(
                f"the answer stopped at {done:,} of the {expected:,} bytes its Content-Length announced",
                resumable=True,
            )
        return done

    def _try_once(self, url: str, part: Path, resume: bool, progress: Progress | None) -> str:
        """One request saved into ``part`` (resumed with ``Range`` when ``resume`` and ``part``
        holds bytes); the answer's ``Content-Type``."""
        have = part.stat().st_size if resume and part.exists() else 0
        started = time.monotonic()
        response = self._open(url, {"Range": f"bytes={have}-"} if have else None)
        with response:
            if have and response.status == 206 and not _starts_at(response, have):
                raise BadAnswer("answered another part of the file than the one asked for")
            if have and response.status != 206:
                have = 0  # the server sent the whole file again: start over
            with open(part, "ab" if have else "wb") as handle:
                self._stream(response, handle, have, started, progress)
            return response.headers.get("Content-Type", "")

    def fetch(
        self, url: str, part: Path, check: Check, *, resume: bool = False, progress: Progress | None = None
    ) -> Fetched:
        """GET ``url`` into the file ``part``, tried until its body arrives whole and
        ``check(part, content_type)`` accepts it (returning a verdict, or raising
        :class:`BadAnswer`).

        Temporary failures are tried again after a back-off; a permanent one (an HTTP 404, a
        body over the cap, a redirect to another host) at once ends the tries. With ``resume``
        the bytes of a cut answer are kept and asked for the rest (``Range``). On failure
        ``part`` is gone unless ``resume`` kept a good start; the caller decides where a
        :class:`Fetched` ``part`` goes.
        """
        last: BadAnswer | None = None
        for attempt in range(self.retries + 1):
            if last is not None:
                time.sleep(
                    last.retry_after if last.retry_after is not None else self.backoff * 2 ** (attempt - 1)
                )
            try:
                content_type = self._try_once(url, part, resume, progress)
                verdict = check(part, content_type)
            except BadAnswer as err:
                last = err
                if not (resume and err.resumable):
                    part.unlink(missing_ok=True)
                if not err.temporary:
                    raise
                continue
            except Unreachable:
                if attempt == self.retries:
                    raise
                last = BadAnswer("no answer")
                continue
            size, digest = file_digest(part)
            return Fetched(part, size, digest, content_type, verdict)
        assert last is not None
        tries = self.retries + 1
        raise BadAnswer(f"{last} ({tries} {'try' if tries == 1 else 'tries'})", temporary=True)

    def get(self, url: str) -> bytes:
        """The body of GET ``url`` (small answers; under the same cap, deadline and retries)."""
        with tempfile.TemporaryDirectory() as scratch:
            part = Path(scratch) / "body"
            try:
                return self.fetch(url, part, lambda path, _type: path.read_bytes()).verdict
            except FetchError as err:
                raise FetchError(f"{url}: {err}") from err


def file_digest(path: Path) -> tuple[int, str]:
    """The size and sha256 (hex) of a file, read in chunks.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "x"
    ...     _ = p.write_bytes(b"abc")
    ...     file_digest(p)
    (3, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    """
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _starts_at(response, have: int) -> bool:
    """Whether a 206 answer's ``Content-Range`` starts where the kept bytes end."""
    found = response.headers.get("Content-Range", "")
    try:
        return int(found.split()[1].split("-")[0]) == have
    except (IndexError, ValueError):
        return False


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None
