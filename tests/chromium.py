# SPDX-License-Identifier: MIT
"""Debian's Chromium and a loopback web server, shared by the browser tests and the benchmark.

Never `playwright install`: it downloads a browser. We drive /usr/bin/chromium from Debian.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) and yield its base URL. The benchmark passes a
    handler that sends files gzipped."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# True once the theme shows the colour scheme given (its argument) and any fade has ended: axe measures
# contrast as the page is at that moment.
SHOWN_IN = ("mode => document.documentElement.dataset.theme === mode && "
            "document.getAnimations().every(a => a.playState === 'finished')")


def show_in(page, mode: str) -> None:
    """Switch a loaded page to the light or dark colour scheme, as the reader's system setting would."""
    page.emulate_media(color_scheme=mode)
    page.wait_for_function(SHOWN_IN, arg=mode)


class KeptContext:
    """One browser context kept for many tests, each of which gets a fresh tab in it:

        kept = KeptContext(browser, **context_options)
        with kept.tab(viewport={"width": 1280, "height": 720}, color_scheme="dark") as page:
            ...
        kept.close()

    A context costs about 1.5 CPU-seconds by the time its first page of the book is shown (Chromium starts a
    renderer for it and compiles every script afresh, with an empty cache); a new tab in a kept context, 0.6
    (measured, browser processes included). What a test sees is the same as in a context of its own: the tab
    starts empty (its session storage is its own), and when it closes, everything saved by any origin it
    visited (local storage, IndexedDB, cookies and the like) is cleared, so nothing reaches the next test. A
    test that changes the context itself (its init scripts, routes, permissions or clock) needs a context of
    its own.
    """

    def __init__(self, browser, **options) -> None:
        self.context = browser.new_context(**options)
        # An empty tab stays open while the context lives: without it, each next tab cost twice as much
        # (measured), as if Chromium ended the context's renderer with its last tab and started another.
        self._keeper = self.context.new_page()
        self._cdp = self.context.new_cdp_session(self._keeper)

    @contextlib.contextmanager
    def tab(self, viewport: dict | None = None, color_scheme: str | None = None, reduced_motion: str | None = None,
            init_script: str | None = None) -> Iterator:
        """A new tab, emulating what a context of its own would have been given (the same CDP calls)."""
        page = self.context.new_page()
        origins: set[str] = set()
        page.on("framenavigated", lambda frame: origins.add(_origin(frame.url)))
        try:
            if viewport:
                page.set_viewport_size(viewport)
            if color_scheme or reduced_motion:
                page.emulate_media(color_scheme=color_scheme, reduced_motion=reduced_motion)
            if init_script:
                page.add_init_script(init_script)
            yield page
        finally:
            page.close()
            for origin in origins - {""}:
                self._cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            self.context.clear_cookies()

    def close(self) -> None:
        self.context.close()


def _origin(url: str) -> str:
    """The origin whose storage a page at `url` can write ("" for about:blank and the like)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file://"
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""
