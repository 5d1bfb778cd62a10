"""A view page's picture without opening a browser: headless Chromium draws the page and its own
PNG or SVG export writes the file (title, legend, dates, filters, sources and credit included).

The page draws with WebGL, so only a browser draws it the same; graphkit drives Chromium
through Playwright, as its browser tests do. Neither is required to write the HTML page.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from pathlib import Path

from graphkit.errors import GraphkitError

INSTALL_HINT = (
    "drawing a PNG or SVG needs Playwright and Chromium: pip install playwright, then "
    "`playwright install chromium` (or apt-get install chromium)"
)
# The drawn network's size in CSS pixels; the PNG has EXPORT_SCALE (2) pixels for each.
PICTURE_WIDTH, PICTURE_HEIGHT = 1200, 800
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
READY_TIMEOUT_MS = 120_000


def write_pictures(
    page: str | Path,
    *,
    png: str | Path | None = None,
    svg: str | Path | None = None,
    width: int = PICTURE_WIDTH,
    height: int = PICTURE_HEIGHT,
) -> list[Path]:
    """Draw the view page ``page`` in headless Chromium and write its PNG and/or SVG export.

    The picture is the page's first view (the visible nodes of its largest group, fitted) with
    the network ``width`` x ``height`` CSS pixels and the words the page's export buttons add.

    Parameters
    ----------
    page
        An HTML file written by :func:`graphkit.views.to_html` or ``graphkit view``.
    png, svg
        Where to write each picture (at least one).
    width, height
        The drawn network's size in CSS pixels (the PNG has twice as many each way).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    GraphkitError
        When Playwright or Chromium is missing (one line saying how to install them), or the
        page does not draw.
    """
    if png is None and svg is None:
        raise GraphkitError("say where to write the picture: png=... or svg=...")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise GraphkitError(INSTALL_HINT) from error
    page = Path(page).resolve()
    written = []
    profile = tempfile.mkdtemp(prefix="graphkit-picture-")
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch_persistent_context(
                    profile,
                    executable_path=_chromium(),
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": width, "height": height},
                    # The page forbids eval, which Playwright's waiting needs; it makes no request.
                    bypass_csp=True,
                )
            except PlaywrightError as error:
                raise GraphkitError(f"{INSTALL_HINT} ({str(error).splitlines()[0]})") from error
            try:
                tab = browser.new_page()
                # The page is self-contained: refuse anything else it might ask for.
                tab.route("**/*", lambda route: route.continue_() if route.request.url == page.as_uri() else route.abort())
                tab.goto(page.as_uri())
                tab.wait_for_function("window.graphkitView && window.graphkitView.ready", timeout=READY_TIMEOUT_MS)
                tab.evaluate("graphkitView.picture()")
                if png is not None:
                    data = tab.evaluate("graphkitView.exportPNG()")
                    written.append(_write(Path(png), base64.b64decode(data.split(",", 1)[1])))
                if svg is not None:
                    written.append(_write(Path(svg), tab.evaluate("graphkitView.exportSVG()").encode("utf-8")))
            finally:
                browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return written


def _chromium() -> str | None:
    """The system's Chromium, else None: Playwright's own (``playwright install chromium``)."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
