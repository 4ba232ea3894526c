# SPDX-License-Identifier: MIT
"""Incremental builds stay fresh: after an edit to the bank (or a change to the engine's templates),
every page that shows what changed is built again, and a page that does not is left alone.

The book is tests/roots/test-quiz (the same directives as the course: {scenario}, {assessment},
{progress}, {roleplay-cards}, {coverage-map}, {move-rubric}, {workshop-plan}, {presenter}), copied to a
temporary folder by sphinx.testing. Each test builds it, edits it, and builds again into the same
folder, as `jupyter-book build` does; once with a parallel first read (-j 2), whose per-page
records the engine merges back (scenario_quiz.sphinx.state).
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scenario_quiz.core.bank import load_bank
from scenario_quiz.core.model import scenario_version
from scenario_quiz.markup.templating import TEMPLATES

# The pages that read the whole bank, and the one page that shows none of it.
WHOLE_BANK = ["modules/11-final", "my-progress", "cards", "coverage", "rubric", "plan"]
QUIZ_PAGE = "modules/01-basics"


def html(app, page: str) -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def text(app, page: str) -> str:
    return " ".join(BeautifulSoup(html(app, page), "html.parser").select_one("div.body").get_text(" ").split())


def quiz_version(app, sid: str) -> str:
    quiz = BeautifulSoup(html(app, QUIZ_PAGE), "html.parser").select_one(f'[data-scenario="{sid}"]')
    return quiz["data-version"]


def progress_model(app) -> dict:
    """My progress's model of the bank (the JSON the page's script reads)."""
    found = re.search(r"(\{\"format\":.*?\})\s*</script>", html(app, "my-progress"), re.DOTALL)
    assert found, "My progress has no model"
    return json.loads(found.group(1))


def card(app, sid: str) -> str:
    found = BeautifulSoup(html(app, "cards"), "html.parser").select_one(f"#sq-{sid}--card")
    return " ".join(found.get_text(" ").split())


def fingerprint(srcdir: Path, sid: str) -> str:
    """The scenario's fingerprint as a fresh load of the edited bank computes it."""
    bank = load_bank(srcdir / "scenarios", srcdir / "scenarios" / "refs.bib", {})
    return scenario_version(bank.get(sid))


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} is not in {path.name} once"
    path.write_text(content.replace(old, new), encoding="utf-8")


class Book:
    """The copied book: build it again (incrementally) and say which pages were read again."""

    def __init__(self, make_app, srcdir: Path, parallel: int):
        self.make_app, self.srcdir, self.parallel = make_app, srcdir, parallel
        self.app = None
        self.read_at: dict[str, int] = {}

    def build(self) -> set[str]:
        self.app = self.make_app("html", srcdir=self.srcdir, parallel=self.parallel)
        self.app.build()
        self.app.cleanup()  # unregisters its nodes and directives, which the next build registers again
        assert not self.app.warning.getvalue().strip(), self.app.warning.getvalue()
        read_at = dict(self.app.env.all_docs)  # page -> when it was last read
        reread = {page for page, at in read_at.items() if self.read_at.get(page) != at}
        self.read_at = read_at
        return reread


@pytest.mark.sphinx("html", testroot="quiz")
@pytest.mark.parametrize("parallel", [  # a copy of the book each, since the test edits it
    pytest.param(0, marks=pytest.mark.sphinx(srcdir="quiz-incremental-serial"), id="serial"),
    pytest.param(2, marks=pytest.mark.sphinx(srcdir="quiz-incremental-parallel"), id="parallel"),
])
def test_an_edit_to_the_bank_reaches_every_page_that_shows_it(app_params, make_app, parallel):
    srcdir = Path(app_params.kwargs["srcdir"])
    book = Book(make_app, srcdir, parallel)
    book.build()
    # What each page needs was recorded as it was read (in another process, with -j 2) and merged back.
    assert "scenario-quiz.js" in html(book.app, QUIZ_PAGE) and "scenario-progress.js" not in html(book.app, QUIZ_PAGE)
    assert "scenario-progress.js" in html(book.app, "my-progress")
    assert "scenario-quiz.css" in html(book.app, "cards") and "scenario-quiz.js" not in html(book.app, "cards")
    scenarios, old = srcdir / "scenarios", quiz_version(book.app, "al-pause")
    assert progress_model(book.app)["scenarios"]["al-pause"]["version"] == old
    assert "Ask Ruth whether she is all right." not in card(book.app, "al-pause").split("Watch out for")[0]

    # 1. One rating: C becomes helpful. The quiz, My progress and the role-play card change with it.
    edit(scenarios / "01-basics.yml", "rating: partly helpful\n        feedback: Kind, but a closed",
         "rating: helpful\n        feedback: Kind, but a closed")
    reread = book.build()
    new = fingerprint(srcdir, "al-pause")
    assert new != old
    assert quiz_version(book.app, "al-pause") == new
    assert progress_model(book.app)["scenarios"]["al-pause"]["version"] == new
    assert "Ask Ruth whether she is all right." in card(book.app, "al-pause").split("Watch out for")[0]
    assert {QUIZ_PAGE, *WHOLE_BANK} <= reread, f"not read again: {sorted({QUIZ_PAGE, *WHOLE_BANK} - reread)}"
    assert "index" not in reread  # a page that shows nothing of the bank is left alone

    # 2. A skill's name (competencies.yml): the quiz's skill line, My progress, the card, the coverage map.
    edit(scenarios / "competencies.yml", "name: Active listening", "name: Listening well")
    book.build()
    assert "Skill: Listening well." in text(book.app, QUIZ_PAGE)
    assert {"id": "active-listening", "name": "Listening well"} in progress_model(book.app)["competencies"]
    assert "Watch for listening well" in card(book.app, "al-pause")
    assert "Listening well" in text(book.app, "coverage") and "Active listening" not in text(book.app, "coverage")

    # 3. A source's title (references): the quiz's source line.
    edit(scenarios / "refs.bib", "title = {SHUSH listening tips}", "title = {SHUSH: five listening tips}")
    book.build()
    assert "Source: Samaritans. SHUSH: five listening tips." in text(book.app, QUIZ_PAGE)

    # 4. A new scenario file: the pages that read the whole bank count and list its scenario.
    (scenarios / "02-more.yml").write_text(
        (scenarios / "01-basics.yml").read_text(encoding="utf-8").split("  - id: sg-path")[0]
        .replace("module: 01-basics", "module: 02-more").replace("id: al-pause", "id: al-pause-again"),
        encoding="utf-8")
    reread = book.build()
    assert set(WHOLE_BANK) <= reread, f"not read again: {sorted(set(WHOLE_BANK) - reread)}"
    assert "al-pause-again" in progress_model(book.app)["scenarios"]
    assert "Role-play: A pause after hard news" in text(book.app, "cards")
    assert len(BeautifulSoup(html(book.app, "cards"), "html.parser").select(".sq-card")) == 2
    assert "Skill 1 2 11 All Listening well 1 1 1 3" in text(book.app, "coverage")  # a column for module 2

    # 5. A module page's title: the pages that name the modules (My progress, the cards, the coverage map).
    edit(srcdir / "modules" / "01-basics.md", "# Basics", "# The basics")
    book.build()
    assert progress_model(book.app)["modules"][0]["title"] == "The basics"
    assert "From: The basics." in card(book.app, "al-pause")
    assert BeautifulSoup(html(book.app, "coverage"), "html.parser").select_one("abbr")["title"] == "The basics"

    # 6. One of the engine's templates (its time, not its words: it is the installed package's own file).
    # Every page drawn from the templates is read again; a page with none of the bank's markup is not.
    template = TEMPLATES / "coverage.j2"
    was = template.stat()
    try:
        os.utime(template, ns=(was.st_atime_ns, time.time_ns() + 10**9))
        reread = book.build()
    finally:
        os.utime(template, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert {QUIZ_PAGE, *WHOLE_BANK} <= reread, f"not read again: {sorted({QUIZ_PAGE, *WHOLE_BANK} - reread)}"
    assert "index" not in reread
