"""What the browser tests share: Debian's Chromium, the app served in a thread, logging in.

Playwright drives the Chromium of the `chromium` Debian package (apt-get install chromium); no
browser is ever downloaded. Without it, the browser tests are skipped with `SKIP_REASON`.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_PASSWORD
from flask import Flask
from werkzeug.serving import make_server

# The real binary first: it starts twice as fast as the /usr/bin/chromium shell wrapper (STACK.md §7).
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM = next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), shutil.which("chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
]
SKIP_REASON = "Chromium is not installed (apt-get install chromium); .ci/run installs it"

# `pytestmark = requires_chromium` in a browser test module.
requires_chromium = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """`app` served on a free local port in a thread; yields its base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join()


def log_in(page: Any, server: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Log `username` in through the login form; the browser lands on the dashboard."""
    page.goto(f"{server}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/admin/")
