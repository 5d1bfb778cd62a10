"""A polite HTTP client: one request at a time with a pause between them, retries with
exponential back-off (honouring ``Retry-After``), and downloads that resume where they stopped."""

from __future__ import annotations

import email.utils
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from graphkit import __version__
from graphkit.errors import GraphkitError

USER_AGENT = f"graphkit/{__version__} (EU lobbying research; polite downloader)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 1 << 16


class FetchError(GraphkitError):
    """A download that failed after its retries (the message names the URL and why)."""


class PoliteClient:
    """GET requests with a minimum pause between them and retries on temporary failures.

    ``pause`` is the least time in seconds between two requests; ``retries`` how often a
    request that failed for a temporary reason (connection error, 429, 5xx) is tried again,
    waiting ``backoff * 2**n`` seconds (or what ``Retry-After`` asks) before try ``n``.

    >>> client = PoliteClient(pause=0)
    >>> client.url("https://example.org/a", {"x": "1 2"})
    'https://example.org/a?x=1+2'
    """

    def __init__(self, pause: float = 1.0, retries: int = 4, backoff: float = 1.0, timeout: float = 60.0):
        self.pause = pause
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.requests = 0
        self._last = 0.0

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

    def open(self, url: str, headers: Mapping[str, str] | None = None):
        """The response to GET ``url`` (a file-like object), after retries."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests += 1
            try:
                return urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310 (http/https only)
            except urllib.error.HTTPError as err:
                if err.code not in RETRY_STATUSES or attempt == self.retries:
                    raise FetchError(f"{url}: HTTP {err.code} {err.reason}") from err
                time.sleep(_retry_after(err.headers.get("Retry-After")) or self.backoff * 2**attempt)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
                if attempt == self.retries:
                    reason = getattr(err, "reason", err)
                    raise FetchError(f"{url}: cannot connect ({reason})") from err
                time.sleep(self.backoff * 2**attempt)
        raise FetchError(f"{url}: no answer")  # pragma: no cover (the loop returns or raises)

    def get(self, url: str) -> bytes:
        """The body of GET ``url``."""
        with self.open(url) as response:
            return response.read()

    def download(
        self, url: str, dest: Path, progress: Callable[[int, int | None], None] | None = None
    ) -> Path:
        """Save ``url`` to ``dest``, resuming a ``dest.part`` left by an interrupted run.

        ``progress(done_bytes, total_bytes_or_None)`` is called as bytes arrive. The file
        appears under its final name only once complete.
        """
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        for _ in range(self.retries + 1):
            have = part.stat().st_size if part.exists() else 0
            headers = {"Range": f"bytes={have}-"} if have else {}
            response = self.open(url, headers)
            with response:
                status = response.status
                if have and status != 206:
                    have = 0  # the server sent the whole file again: start over
                length = response.headers.get("Content-Length")
                total = have + int(length) if length is not None else None
                try:
                    with open(part, "ab" if have else "wb") as handle:
                        done = have
                        while chunk := response.read(CHUNK):
                            handle.write(chunk)
                            done += len(chunk)
                            if progress:
                                progress(done, total)
                except (TimeoutError, ConnectionError, urllib.error.URLError):
                    continue  # keep what arrived; the next try resumes from it
            if total is None or part.stat().st_size >= total:
                os.replace(part, dest)
                return dest
        raise FetchError(f"{url}: the download kept breaking off; run the command again to resume")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    when = email.utils.parsedate_to_datetime(value)
    return max(0.0, when.timestamp() - time.time()) if when else None
