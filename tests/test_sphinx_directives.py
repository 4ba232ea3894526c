# SPDX-License-Identifier: MIT
"""Each directive's HTML against a snapshot, built with sphinx.testing from tests/roots/test-quiz.

The project is a plain Sphinx book (myst-parser, the basic theme, no jupyter-book, no browser) with a
three-scenario bank: a simple scenario, one in steps and one where every option is rated. Each
directive sits on a page of its own; a snapshot holds the page's main body, and before it the scripts and
styles the page loads (the engine adds its own only where a directive recorded the need).

After a deliberate change to the HTML, refresh every snapshot with one command and read the diff:

    make snapshots      # UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -o addopts="" -q tests/test_sphinx_directives.py
    git diff tests/snapshots/

A mismatch fails with a short unified diff, and writes what was built next to the snapshot
(`NAME.new.html`, not committed) to compare whole.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SNAPSHOTS = Path(__file__).parent / "snapshots"
DIFF_LINES = 40  # enough to see what changed; the .new.html file has the rest

# (snapshot, page, what it shows)
TRAINEE = [
    ("scenario", "modules/01-basics", "{scenario}: a simple quiz and one in steps, then the page's score"),
    ("assessment", "modules/11-final", "{assessment}: the final self-assessment with a rate-every-option item"),
    ("progress", "my-progress", "{progress}: My progress"),
    ("roleplay-cards", "cards", "{roleplay-cards}"),
    ("coverage-map", "coverage", "{coverage-map}"),
    ("move-rubric", "rubric", "{move-rubric}"),
    ("workshop-plan", "plan", "{workshop-plan}; {presenter} shows nothing in the trainee edition"),
]
ORGANISER = [
    ("presenter", "plan", "{presenter} with scenario_presenter on: sessions, Present buttons, the presenter"),
    ("scenario-organiser", "modules/01-basics", "{scenario} with a Present button"),
]


def page_snapshot(outdir: Path, page: str) -> str:
    """The page's own scripts and styles, then its main body, one tag to a line so a diff is short."""
    soup = BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    assets = [re.sub(r"\?v=\w+$", "", tag.get("src") or tag.get("href") or "")
              for tag in soup.select("head script[src], head link[rel=stylesheet]")]
    ours = [a.rsplit("/", 1)[-1] for a in assets if "scenario-" in a]
    body = soup.select_one("div.body")
    assert body is not None, f"{page}.html has no main body"
    return (f"<!-- SPDX-License-Identifier: MIT -->\n<!-- assets: {' '.join(ours) or 'none of ours'} -->\n"
            f"{body.prettify()}")


def check_snapshot(name: str, actual: str, folder: Path = SNAPSHOTS) -> None:
    path = folder / f"{name}.html"
    new = folder / f"{name}.new.html"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        folder.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        new.unlink(missing_ok=True)
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 to write it, then read it")
    expected = path.read_text(encoding="utf-8")
    if actual == expected:
        new.unlink(missing_ok=True)
        return
    new.write_text(actual, encoding="utf-8")
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"snapshots/{path.name}",
                                     "built", n=1, lineterm=""))
    shown = "\n".join(diff[:DIFF_LINES]) + (f"\n... {len(diff) - DIFF_LINES} more diff lines" if len(diff) > DIFF_LINES
                                            else "")
    pytest.fail(f"{name}: the HTML differs from its snapshot (whole page: {new.name}; if the change is meant, "
                f"refresh with UPDATE_SNAPSHOTS=1):\n{shown}", pytrace=False)


@pytest.mark.sphinx("html", testroot="quiz")
@pytest.mark.parametrize(("name", "page", "shows"), TRAINEE, ids=[row[0] for row in TRAINEE])
def test_directive_html(app, name, page, shows):
    app.build()  # the first test builds; the others find nothing changed, in a fraction of a second
    assert not app.warning.getvalue().strip(), app.warning.getvalue()
    check_snapshot(name, page_snapshot(app.outdir, page))


@pytest.mark.sphinx("html", testroot="quiz", srcdir="quiz-organiser", confoverrides={"scenario_presenter": True})
@pytest.mark.parametrize(("name", "page", "shows"), ORGANISER, ids=[row[0] for row in ORGANISER])
def test_directive_html_with_presenter(app, name, page, shows):
    app.build()
    assert not app.warning.getvalue().strip(), app.warning.getvalue()
    check_snapshot(name, page_snapshot(app.outdir, page))


def test_a_changed_snapshot_fails_with_a_short_diff(tmp_path, monkeypatch):
    """The check itself can fail: one changed line gives a diff naming it, not the whole page."""
    monkeypatch.delenv("UPDATE_SNAPSHOTS", raising=False)
    page = "\n".join(f"<p>line {i}</p>" for i in range(200))
    (tmp_path / "demo.html").write_text(page, encoding="utf-8")
    check_snapshot("demo", page, tmp_path)  # the same: passes
    with pytest.raises(pytest.fail.Exception) as failed:
        check_snapshot("demo", page.replace("<p>line 150</p>", "<p>line 150, changed</p>"), tmp_path)
    message = str(failed.value)
    assert "-<p>line 150</p>" in message and "+<p>line 150, changed</p>" in message
    assert len(message.splitlines()) < 15
    assert (tmp_path / "demo.new.html").exists()


@pytest.mark.sphinx("singlehtml", testroot="quiz")
@pytest.mark.parametrize(("printed", "files"), [
    pytest.param(True, ["scenario-quiz.css"], marks=pytest.mark.sphinx(
        srcdir="quiz-one-page-print", confoverrides={"scenario_print": True}), id="print"),
    pytest.param(False, ["scenario-quiz.css", "scenario-quiz.js", "scenario-progress.js"], marks=pytest.mark.sphinx(
        srcdir="quiz-one-page"), id="screen"),
])
def test_a_one_page_book_loads_what_each_of_its_pages_needs(app, printed, files):
    """The printed handbook is the singlehtml builder's one page: its root document's own record (a toctree)
    needs nothing, but the page holds every document's directives."""
    app.build()
    head = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser").head
    loaded = {(tag.get("src") or tag.get("href") or "").split("?")[0].rsplit("/", 1)[-1]
              for tag in head.select("script[src], link[rel=stylesheet]")}
    assert {f for f in loaded if f.startswith("scenario-")} == set(files)
