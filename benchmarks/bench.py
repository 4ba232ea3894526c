# SPDX-License-Identifier: MIT
"""Benchmarks, not tests: prints numbers to report, asserts nothing.

    make bench        (or .venv/bin/python benchmarks/bench.py)

- clean build time and no-change rebuild time (into a temporary folder, so _build/ is untouched)
- the quiz's JS + CSS, raw and gzipped
- a module page's total bytes on a cold load in Chromium, and the largest files in it, for the
  course's theme and, for comparison, the stock theme (the same book without book/_ext/course_theme.py)
- a module page on a throttled phone: Slow 4G and a 4x slower CPU, served gzipped as a web server
  would. It reports the time until the first quiz can be answered and the bytes transferred.
  Only this part, on the book already in _build/html:  .venv/bin/python benchmarks/bench.py phone
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launch, serve  # noqa: E402  (shared with the browser tests)

STATIC = ROOT / "src" / "scenario_quiz" / "static"
MODULE_PAGE = "modules/03-active-listening.html"

# Chrome DevTools' "Slow 4G": 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up (CDP wants bytes a second).
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
PHONE_RUNS = 5
AIM_SECONDS, AIM_BYTES = 2.5, 250_000

# "The first quiz can be answered": the quiz script has set up the page's quizzes (it then marks <html>
# with data-sq-ready), and the first option's radio is rendered (it need not be scrolled into view) and
# enabled. The value is that moment in milliseconds from the start of navigation.
FIRST_QUIZ_ANSWERABLE = """() => {
  const radio = document.querySelector('section.sq input[type=radio]');
  const ready = document.documentElement.hasAttribute('data-sq-ready') && radio && !radio.disabled
    && radio.checkVisibility();
  return ready ? performance.now() : false;
}"""


def timed_build(output: Path, source: Path = ROOT) -> float:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    subprocess.run([str(jupyter_book), "build", str(source), "--path-output", str(output), "-W", "-n", "--keep-going"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def stock_theme_copy(folder: Path) -> Path:
    """The tracked files, with the course's theme fixes switched off in _config.yml."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    config = folder / "_config.yml"
    text = config.read_text()
    config.write_text(text.replace("    course_theme: book/_ext\n", ""))
    assert config.read_text() != text, "could not switch the course theme off"
    return folder


def asset_bytes(names: tuple[str, ...]) -> tuple[int, int]:
    """Raw and gzipped bytes of the engine's static files."""
    raw = sum(len((STATIC / name).read_bytes()) for name in names)
    gzipped = sum(len(gzip.compress((STATIC / name).read_bytes(), 9)) for name in names)
    return raw, gzipped


def page_weight(html_dir: Path, page: str) -> tuple[int, list[tuple[int, str]]]:
    from playwright.sync_api import sync_playwright

    sizes: list[tuple[int, str]] = []
    with serve(html_dir) as site, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_context().new_page()
        tab.on("response", lambda r: sizes.append((len(r.body()) if r.status == 200 else 0, r.url.split("/")[-1])))
        tab.goto(f"{site}/{page}", wait_until="networkidle")
        browser.close()
    return sum(s for s, _ in sizes), sorted(sizes, reverse=True)[:5]


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Sends text files gzipped to a browser that accepts it, as a web server would. The tests'
    server (tests/chromium.py) sends every file as it is, which would overstate a phone's download."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or path.suffix not in self.TEXT:
            super().do_GET()
            return
        body = _gzipped(path, path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep the report readable
        pass


@functools.cache
def _gzipped(path: Path, mtime: float) -> bytes:
    """Compressed once per file version (level 6, a web server's usual), so every run sees the same bytes."""
    return gzip.compress(path.read_bytes(), 6)


def serve_gzipped(directory: Path):
    return serve(directory, _GzipHandler)


def throttled_phone_load(browser, url: str) -> tuple[float, float, int, int]:
    """One cold load of `url` on an emulated phone with Slow 4G and a slow CPU: seconds until the first
    quiz can be answered, seconds until the load event, and bytes transferred and unzipped."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes: dict[str, int] = {}
    unzipped: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.dataReceived", lambda e: unzipped.__setitem__(e["requestId"], unzipped.get(e["requestId"], 0)
                                                                   + e["dataLength"]))
    page.goto(url, wait_until="commit")
    answerable = page.wait_for_function(FIRST_QUIZ_ANSWERABLE, polling="raf", timeout=120_000).json_value()
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    context.close()
    return answerable / 1000, loaded / 1000, sum(sizes.values()), sum(unzipped.values())


def phone_report(html_dir: Path, page: str = MODULE_PAGE) -> list[str]:
    from playwright.sync_api import sync_playwright

    with serve_gzipped(html_dir) as site, sync_playwright() as playwright:
        browser = launch(playwright)
        runs = [throttled_phone_load(browser, f"{site}/{page}") for _ in range(PHONE_RUNS)]
        browser.close()
    answerable, loaded, sent, unzipped = (statistics.median(values) for values in zip(*runs, strict=True))
    return [
        f"module page on a phone, Slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up), {CPU_SLOWDOWN}x slower CPU, "
        f"gzip; median of {PHONE_RUNS} cold loads of {page}:",
        f"    first quiz answerable:  {answerable:5.2f} s   (aim: under {AIM_SECONDS} s; "
        f"runs {', '.join(f'{r[0]:.2f}' for r in runs)})",
        f"    load event:             {loaded:5.2f} s",
        f"    transferred:            {sent:,.0f} bytes   (aim: under {AIM_BYTES // 1000} KB; "
        f"{unzipped:,.0f} bytes unzipped)",
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        clean = timed_build(output)
        rebuild = timed_build(output)
        raw, gzipped = asset_bytes(("scenario-quiz.js", "scenario-quiz.css"))
        progress_raw, progress_gzipped = asset_bytes(("scenario-progress.js",))
        total, largest = page_weight(output / "_build" / "html", MODULE_PAGE)
        phone = phone_report(output / "_build" / "html")
        stock = stock_theme_copy(output / "stock")
        timed_build(output / "stock-out", stock)
        stock_total, stock_largest = page_weight(output / "stock-out" / "_build" / "html", MODULE_PAGE)
    print(f"clean build:            {clean:6.1f} s")
    print(f"no-change rebuild:      {rebuild:6.1f} s")
    print(f"quiz JS+CSS:            {raw:,} bytes raw, {gzipped:,} bytes gzip")
    print(f"progress page JS:       {progress_raw:,} bytes raw, {progress_gzipped:,} bytes gzip")
    for label, weight, files in (("course theme", total, largest), ("stock theme", stock_total, stock_largest)):
        print(f"module page, cold load, {label}: {weight:,} bytes ({weight / 1e6:.2f} MB) for {MODULE_PAGE}")
        for size, name in files:
            print(f"    {size:>9,}  {name[:70]}")
    print("\n".join(phone))


if __name__ == "__main__":
    shutil.which("chromium") or sys.exit("Debian's chromium is needed: run `make test` first")
    if sys.argv[1:] == ["phone"]:
        built = ROOT / "_build" / "html"
        (built / MODULE_PAGE).exists() or sys.exit("No book in _build/html: run `make book` first")
        print("\n".join(phone_report(built)))
    else:
        main()
