"""Debian's Chromium, headless, driven by Playwright: no browser download, no network.

Used by the view tests and ``benchmarks/bench_views.py``. Every request the page makes is
recorded and refused, so a page that tries to reach the network is caught, never served.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # playwright is imported by the tests that open a browser, not at collection
    from playwright.sync_api import BrowserContext, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
]


def chromium_path() -> str:
    """Where Debian's Chromium is, or a clear error saying how to install it."""
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if not found:
        raise RuntimeError("Chromium is missing: run `make system-deps` (apt-get install chromium)")
    return found


@dataclass
class PageLog:
    """What a page did: requests it tried, JavaScript errors, console errors, dialogs opened."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def chromium(*, width: int = 1400, height: int = 900) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh, throw-away profile (its ``--user-data-dir``).

    Playwright passes the profile directory itself, as ``--user-data-dir``, when it is given
    as ``user_data_dir``; it refuses the flag in ``args``.
    """
    profile = tempfile.mkdtemp(prefix="graphkit-chromium-")
    from playwright.sync_api import sync_playwright

    playwright: Playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            service_workers="block",
            # The view's own Content-Security-Policy forbids eval, which Playwright's polling
            # needs; bypassing it also proves the page makes no request by itself, not merely
            # because its policy would refuse one.
            bypass_csp=True,
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def open_page(browser: BrowserContext, path: Path) -> Iterator[tuple[Page, PageLog]]:
    """A new page for ``path`` (a local file) that records and blocks every other request.

    The file itself is served from disk; any other request (http, https, data fetches, even
    another file) is logged in ``PageLog.requests`` and aborted.
    """
    log = PageLog()
    url = path.resolve().as_uri()

    def route(request_route):  # noqa: ANN001 - Playwright's Route
        if request_route.request.url == url:
            request_route.continue_()
        else:
            request_route.abort()

    page = browser.new_page()
    page.route("**/*", route)
    # data: URLs are part of the page, not the network; everything else but the file counts.
    page.on(
        "request",
        lambda request: request.url != url
        and not request.url.startswith("data:")
        and log.requests.append(request.url),
    )
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and log.console_errors.append(message.text))

    def on_dialog(dialog):  # noqa: ANN001 - Playwright's Dialog
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page, log
    finally:
        page.close()
