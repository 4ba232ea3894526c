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
from urllib.parse import urlsplit

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


def origin_of(url: str) -> str | None:
    """The origin whose storage a page at `url` uses (every file:// page shares one), or None (about:blank)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}"
    return "file://" if parts.scheme == "file" else None


def forget(context, cdp, origins: set[str | None]) -> None:
    """Clear everything the pages of these origins stored (local, session, IndexedDB, cache storage) and the
    context's cookies, and empty `origins`: what `Tab.fresh()` and `KeptContext.tab()` both leave behind."""
    for origin in origins - {None}:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    origins.clear()
    context.clear_cookies()


class Tab:
    """One context and tab that a module's tests take turns in. A new context, and the renderer process its
    first page starts, cost about a second of CPU (and its first pages load with an empty cache); `fresh()`
    leaves this tab as a new context would be, as far as any page can tell, in a tenth of that: no other
    tabs, no storage (local, session, IndexedDB, cache storage) for any origin its frames have shown, no
    cookies, the default colour scheme and media, and no problems recorded. A fresh page records console
    errors and warnings and uncaught exceptions in `page.problems`, as conftest's `page` does."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = None
        self._open()

    def _open(self) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context()
        self.page = page = self.context.new_page()
        self.origins: set[str | None] = set()
        # The list itself, not page.problems, which a test may point at a list of its own.
        self.problems: list[str] = []
        page.on("framenavigated", lambda frame: self.origins.add(origin_of(frame.url)))  # iframes too
        page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        self.cdp = self.context.new_cdp_session(page)

    def fresh(self):
        """The tab, cleared of everything an earlier test (or an earlier "device" in this test) left."""
        if self.page.is_closed():  # a test closed or crashed it: start again
            self._open()
        for other in self.context.pages:
            if other != self.page:
                other.close()
        self.page.goto("about:blank")  # first, so that no page of the origins cleared below can write again
        forget(self.context, self.cdp, self.origins)
        self.page.emulate_media(media="no-override", color_scheme="light")  # a new context's: light
        self.problems.clear()
        self.page.problems = self.problems
        return self.page

    def close(self) -> None:
        self.context.close()


# True once the theme shows the colour scheme given (its argument) and any fade has ended: axe measures
# contrast as the page is at that moment.
SHOWN_IN = ("mode => document.documentElement.dataset.theme === mode && "
            "document.getAnimations().every(a => a.playState === 'finished')")


# How many CSS px a page reaches beyond the screen's width (0 or less: it does not scroll sideways). Against
# the root element's clientWidth, not window.innerWidth: on an emulated phone Chromium widens the layout
# viewport to fit wide content (up to 1,500 px), so innerWidth grows with the page and a page 480 px wide
# on a 375 px phone would show no overflow at all.
SIDEWAYS_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

def show_in(page, mode: str) -> None:
    """Switch a loaded page to the light or dark colour scheme, as the reader's system setting would."""
    page.emulate_media(color_scheme=mode)
    page.wait_for_function(SHOWN_IN, arg=mode)


class KeptContext:
    """One browser context kept for many tests, each of which gets a fresh tab in it (where `Tab` above reuses
    one tab: use this where a test wants its own viewport, colour scheme or init script; folding the two into
    one is still to do):

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
        origins: set[str | None] = set()
        page.on("framenavigated", lambda frame: origins.add(origin_of(frame.url)))
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
            forget(self.context, self._cdp, origins)

    def close(self) -> None:
        self.context.close()

