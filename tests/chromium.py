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
