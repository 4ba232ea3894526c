# SPDX-License-Identifier: MIT
"""Print the course as two A4 handbooks: `make handbook` writes _build/handbook.pdf (the trainee
edition) and _build/organiser-handbook.pdf.

    .venv/bin/python tools/make_handbook.py [trainee] [organiser]

Each edition is built as one page (jupyter-book's singlehtml builder with COURSE_HANDBOOK=1, see
book/_ext/handbook.py), then printed by Debian's Chromium (scenario_quiz.organiser.print_pdf).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launch  # noqa: E402  (shared with the browser tests: Debian's chromium, never a download)

from scenario_quiz.organiser.print_pdf import PrintError, print_pdf  # noqa: E402

HANDBOOKS = {"trainee": "handbook.pdf", "organiser": "organiser-handbook.pdf"}


class HandbookError(Exception):
    """A handbook could not be made; the message is one line."""


def build_one_page(edition: str) -> Path:
    """Build one edition as a single HTML page, from scratch, and return that page."""
    out = ROOT / "_build" / "handbook" / edition
    shutil.rmtree(out, ignore_errors=True)  # print mode changes what every page holds: reuse nothing
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run(
        [str(jupyter_book), "build", ".", "--builder", "singlehtml", "--path-output", str(out), "-W", "-n",
         "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COURSE_EDITION": edition, "COURSE_HANDBOOK": "1"})
    if run.returncode:
        problems = [line for line in (run.stdout + run.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line or line.startswith(("scenario_quiz:", "handbook:"))]
        ending = f"the {edition} handbook did not build (exit {run.returncode})"
        raise HandbookError("\n".join([*problems[-20:], ending]))
    return out / "_build" / "singlehtml" / "handbook.html"  # see book/_ext/handbook.py


def print_handbook(browser, page_file: Path, target: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        colophon = page.locator(".hb-colophon")
        title, edition = colophon.get_attribute("data-running-title"), colophon.get_attribute("data-edition")
        pdf = print_pdf(page, footer=f"{title}: {edition.lower()}",
                        metadata={"/Title": f"{title} ({edition.lower()})", "/Subject": edition,
                                  "/Author": "The course authors"})
    finally:
        page.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)


def make_handbooks(editions: list[str], out_dir: Path = ROOT / "_build") -> list[tuple[Path, float]]:
    """Build and print each edition; returns each PDF with the seconds it took."""
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for edition in editions:
                started = time.monotonic()
                target = out_dir / HANDBOOKS[edition]
                print_handbook(browser, build_one_page(edition), target)
                made.append((target, time.monotonic() - started))
        finally:
            browser.close()
    return made


def main(argv: list[str]) -> int:
    editions = argv or list(HANDBOOKS)
    unknown = [name for name in editions if name not in HANDBOOKS]
    if unknown:
        print(f"make_handbook: no edition '{unknown[0]}'; choose from {', '.join(HANDBOOKS)}", file=sys.stderr)
        return 2
    try:
        made = make_handbooks(editions)
    except (HandbookError, PrintError) as exc:
        print(f"make_handbook: {exc}", file=sys.stderr)
        return 1
    from pypdf import PdfReader

    for target, seconds in made:
        pages = len(PdfReader(target).pages)
        print(f"wrote {target.relative_to(ROOT)}: {pages} A4 pages, {target.stat().st_size / 1e6:.1f} MB, "
              f"in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
