"""Real Chromium (Debian's /usr/bin/chromium, driven by Playwright) against the live test server, on
the demo data: one context manager for every browser fixture."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"


@contextlib.contextmanager
def chromium_page(live_server, *, width: int, height: int, demo: bool = True, **context_options):
    """A page of a fresh browser context at ``width`` x ``height``, with ``page.base`` the live server's URL."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The live server's threads must not keep their connection open past a request, or the test
    # database cannot be dropped at the end.
    db_settings = connections.settings["default"]
    max_age, db_settings["CONN_MAX_AGE"] = db_settings.get("CONN_MAX_AGE", 0), 0
    if demo:
        from demo.data import load_demo

        load_demo(log=lambda *a: None)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="nl-NL", **context_options
            )
            page = context.new_page()
            page.set_default_timeout(20000)
            page.base = live_server.url
            try:
                yield page
            finally:
                connections.close_all()  # ORM calls made while Playwright's loop runs have a connection of their own
                context.close()
                browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        db_settings["CONN_MAX_AGE"] = max_age
