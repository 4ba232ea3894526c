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
    """Serves files as a web host would, fresh for ten minutes (GitHub Pages sends the same max-age).
    Without a max-age, Chromium keeps a file fresh for a tenth of its age, and a book built a minute ago is
    seconds old: every style sheet and script was asked for again on every page (762 of 826 requests on
    82 page visits of a fresh build, each answered "304 Not Modified"), which took a fifth of the visits'
    CPU. Every test that writes a file into a served folder writes it before asking for it."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

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
    context's cookies, and empty `origins`: what a page of a new context would find."""
    for origin in origins - {None}:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    origins.clear()
    context.clear_cookies()


class KeptTab:
    """One browser context kept for many tests, and one tab in it that they take turns in, each made fresh:

        kept = KeptTab(browser, **context_options)   # Playwright's desktop defaults, or a phone's options
        page = kept.fresh()                          # as a context of its own would show it
        page = kept.fresh(viewport={"width": 1280, "height": 900}, color_scheme="dark")
        kept.close()

    Why one tab: a context of its own costs about 1.5 CPU-seconds by the time its first page of the book is
    shown (Chromium starts a renderer for it and compiles every script afresh, with an empty cache), a new tab
    in a kept context 0.6, the same tab made fresh about a tenth of a context (measured, browser processes
    included). `fresh()` leaves the tab as a new context made with these options would be, as far as any page
    can tell: no other tabs, no storage (local, session, IndexedDB, cache storage) for any origin its frames
    have shown, no cookies, the context's viewport, colour scheme and media (or those asked for), and no
    problems recorded. Every tab records console errors and warnings and uncaught exceptions in
    `page.problems` (a test may point that at a list of its own; the next `fresh()` points it back).

    Playwright cannot take an init script off a page, so asking for one gives a new tab in the same context,
    closed (and what its origins stored cleared) at the next `fresh()`; the kept tab waits on about:blank
    meanwhile. A tab stays open the whole time for a reason: with none, the next tab cost twice as much
    (measured), as if Chromium ended the context's renderer with its last tab and started another.

    What `fresh()` cannot undo needs a context of its own: a test that changes the context itself (routes,
    permissions, the clock, init scripts for every page), or the page beyond its viewport and media (routes,
    extra headers, exposed functions). Other device options (a phone's touch screen and scale, which are the
    context's to emulate, not a tab's) need a KeptTab of their own, made with them.
    """

    def __init__(self, browser, **options) -> None:
        self.context = browser.new_context(**options)
        # What a page of a new context has until told otherwise: Playwright's defaults, or the options given.
        self._viewport = options.get("viewport", {"width": 1280, "height": 720})
        self._media = {"media": "no-override", "color_scheme": options.get("color_scheme", "light"),
                       "reduced_motion": options.get("reduced_motion", "no-preference"),
                       "forced_colors": options.get("forced_colors", "none"),
                       "contrast": options.get("contrast", "no-preference")}
        # Every origin the frames of its tabs (iframes too) have shown since the last fresh(): what to clear.
        self._origins: set[str | None] = set()
        # The list itself, not page.problems, which a test may point at a list of its own.
        self._problems: list[str] = []
        self._keep_a_tab()

    def _new_tab(self):
        page = self.context.new_page()
        page.on("framenavigated", lambda frame: self._origins.add(origin_of(frame.url)))
        page.on("console", lambda m: m.type in ("error", "warning") and self._problems.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self._problems.append(f"exception: {e}"))
        return page

    def _keep_a_tab(self) -> None:
        self._tab = self._new_tab()
        self._cdp = self.context.new_cdp_session(self._tab)

    def fresh(self, viewport: dict | None = None, color_scheme: str | None = None, reduced_motion: str | None = None,
              init_script: str | None = None):
        """The tab, cleared of everything an earlier test (or an earlier "device" in this test) left, showing
        what a context made with these options would: a new tab if there is an init script to run."""
        if self._tab.is_closed():  # a test closed it, or it crashed: start another
            self._keep_a_tab()
        for other in self.context.pages:  # popups, tabs a test opened, the last init script's tab
            if other != self._tab:
                other.close()
        self._tab.goto("about:blank")  # first, so that no page of the origins cleared below can write again
        forget(self.context, self._cdp, self._origins)
        page = self._tab
        if init_script:
            page = self._new_tab()
            page.add_init_script(init_script)
        wanted = viewport or self._viewport
        if page.viewport_size != wanted:
            page.set_viewport_size(wanted)
        page.emulate_media(**{**self._media, "color_scheme": color_scheme or self._media["color_scheme"],
                              "reduced_motion": reduced_motion or self._media["reduced_motion"]})
        self._problems.clear()
        page.problems = self._problems
        return page

    def close(self) -> None:
        """Close the context: everything its tabs stored goes with it."""
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
