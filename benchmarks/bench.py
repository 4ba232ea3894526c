"""Benchmarks, not tests: prints numbers to report, asserts nothing.

    make bench        (or .venv/bin/python benchmarks/bench.py)

- clean build time and no-change rebuild time (into a temporary folder, so _build/ is untouched)
- the quiz's JS + CSS, raw and gzipped
- a module page's total bytes on a cold load in Chromium, and the largest files in it
"""

from __future__ import annotations

import gzip
import shutil
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


def timed_build(output: Path) -> float:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    subprocess.run([str(jupyter_book), "build", str(ROOT), "--path-output", str(output), "-W", "-n", "--keep-going"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def quiz_asset_bytes() -> tuple[int, int]:
    raw = b"".join((STATIC / name).read_bytes() for name in ("scenario-quiz.js", "scenario-quiz.css"))
    gzipped = sum(len(gzip.compress((STATIC / n).read_bytes(), 9)) for n in ("scenario-quiz.js", "scenario-quiz.css"))
    return len(raw), gzipped


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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        clean = timed_build(output)
        rebuild = timed_build(output)
        raw, gzipped = quiz_asset_bytes()
        total, largest = page_weight(output / "_build" / "html", MODULE_PAGE)
    print(f"clean build:            {clean:6.1f} s")
    print(f"no-change rebuild:      {rebuild:6.1f} s")
    print(f"quiz JS+CSS:            {raw:,} bytes raw, {gzipped:,} bytes gzip")
    print(f"module page, cold load: {total:,} bytes ({total / 1e6:.2f} MB) for {MODULE_PAGE}")
    for size, name in largest:
        print(f"    {size:>9,}  {name[:70]}")


if __name__ == "__main__":
    shutil.which("chromium") or sys.exit("Debian's chromium is needed: run `make test` first")
    main()
