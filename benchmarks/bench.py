# SPDX-License-Identifier: MIT
"""Benchmarks, not tests: prints numbers to report, asserts nothing.

    make bench        (or .venv/bin/python benchmarks/bench.py)

- clean build time and no-change rebuild time (into a temporary folder, so _build/ is untouched)
- the quiz's JS + CSS, raw and gzipped
- a module page's total bytes on a cold load in Chromium, and the largest files in it, for the
  course's theme and, for comparison, the stock theme (the same book without book/_ext/course_theme.py)
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp)
        clean = timed_build(output)
        rebuild = timed_build(output)
        raw, gzipped = asset_bytes(("scenario-quiz.js", "scenario-quiz.css"))
        progress_raw, progress_gzipped = asset_bytes(("scenario-progress.js",))
        total, largest = page_weight(output / "_build" / "html", MODULE_PAGE)
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


if __name__ == "__main__":
    shutil.which("chromium") or sys.exit("Debian's chromium is needed: run `make test` first")
    main()
