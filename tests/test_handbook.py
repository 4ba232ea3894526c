# SPDX-License-Identifier: MIT
"""The printed handbooks (`make handbook`): both editions are built and printed once for a given source
(tests/books.py starts them in the background as the run begins), then read back with pypdf.

Page counts, measured when the handbook was made: trainee 305 pages, organiser 411. The allowed
range is about 15% either side: room for new scenarios or sections (a module is 13 to 25 pages,
its answers 7 to 14 more), but not for a part lost, the pages left out coming back (the practice
notebooks and answer notes add over 100 pages), or the print styles failing to load.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from functools import cached_property
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, gate

from scenario_quiz.core import licence as course_licence
from scenario_quiz.core.forms import forms
from scenario_quiz.core.model import BranchingScenario
from scenario_quiz.markup.assessment import render_assessment
from scenario_quiz.markup.progress_page import render_progress_page
from scenario_quiz.markup.quiz import render_scenario, render_scoreboard

pytestmark = [pytest.mark.browser, pytest.mark.handbook]

PAGE_COUNTS = {"trainee": (260, 350), "organiser": (350, 470)}
A4 = (595.3, 841.9)  # points
KNOWN = "al-pause-after-hard-news"  # a module 3 scenario whose answer we look for at the back


def plain(text: str) -> str:
    """Text as the PDF gives it back, comparable with the source: no ligatures, straight quotes, one space."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


FOOTER = re.compile(r" ?Facilitating diabetes peer support groups: (trainee|organiser) edition \d+$")


class Handbook:
    def __init__(self, path: Path) -> None:
        import pypdfium2
        from pypdf import PdfReader

        self.path = path
        self.reader = PdfReader(path)  # the outline, links and page sizes
        # The text, by PDFium (Chromium's own PDF library): pypdf took 20 s for the two handbooks, this 2 s.
        document = pypdfium2.PdfDocument(path)
        try:
            self.pages = [FOOTER.sub("", plain(page.get_textpage().get_text_range())) for page in document]
        finally:
            document.close()

    @cached_property
    def contents(self) -> dict[str, int]:
        """Each entry of the contents -> the page number it gives. The contents runs from its own heading to
        the page before the first part's."""
        parts = [page for depth, _, page in self.outline() if depth == 0]
        text = " ".join(self.pages[parts[1] - 1:parts[2] - 1]).removeprefix("Contents ")
        return {title: int(number) for title, number in re.findall(r"(.+?) (\d+)(?= |$)", text)}

    def page_of(self, title: str) -> int:
        for entry, number in self.contents.items():
            if entry.endswith(title):
                return number
        raise AssertionError(f"'{title}' is not in the contents: {list(self.contents)}")

    def outline(self) -> list[tuple[int, str, int]]:
        """(depth, title, page) for every bookmark, in order."""
        found = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    found.append((depth, plain(item.title), self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 0)
        return found


@pytest.fixture(scope="session")
def handbooks() -> dict[str, Handbook]:
    """Both handbooks, each made once for this source however many workers ask (tests/books.py makes
    them with tools/make_handbook.py, in the background from the start of the run)."""
    import books

    if os.environ.get("NO_BOOK_BUILDS"):
        pytest.fail("the handbook tests need a built book: they should be marked `book`", pytrace=False)
    try:
        made = {edition: books.handbook(edition) for edition in ("trainee", "organiser")}
    except books.BuildFailed as exc:
        pytest.fail(str(exc), pytrace=False)
    found = {edition: Handbook(path) for edition, (path, _) in made.items()}
    gate("handbook", ", ".join(f"{edition} {len(book.pages)} pages in {made[edition][1]:.0f} s"
                               for edition, book in found.items()))
    return found


def modules() -> list[str]:
    """Each module's printed title, "3. Active listening", from the book's order and the pages' own titles."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(part for part in toc["parts"] if part["caption"] == "Modules")
    titles = []
    for number, chapter in enumerate(part["chapters"], 1):
        lines = (ROOT / f"{chapter['file']}.md").read_text().splitlines()
        heading = next(line for line in lines if line.startswith("# "))
        titles.append(plain(f"{number}. {heading[2:]}"))
    return titles


def scenario_number(scenario_id: str) -> str:
    """The number a module scenario prints with: its module's, then its place on the module page."""
    for number, path in enumerate(sorted((ROOT / "modules").glob("[0-9]*.md")), 1):
        ids = [sid for line in path.read_text().splitlines() if line.startswith("```{scenario}")
               for sid in line.split()[1:]]
        if scenario_id in ids:
            return f"{number}.{ids.index(scenario_id) + 1}"
    raise AssertionError(f"{scenario_id} is on no module page")


@pytest.mark.parametrize("edition", ["trainee", "organiser"])
def test_a4_pages_and_a_page_count_in_range(handbooks, edition):
    book = handbooks[edition]
    low, high = PAGE_COUNTS[edition]
    assert low <= len(book.pages) <= high, f"{edition}: {len(book.pages)} pages"
    for page in book.reader.pages:
        assert abs(float(page.mediabox.width) - A4[0]) < 2 and abs(float(page.mediabox.height) - A4[1]) < 2


@pytest.mark.parametrize("edition", ["trainee", "organiser"])
def test_the_title_page_names_the_course_edition_date_and_licence(handbooks, edition):
    licence = course_licence.CREDIT
    title_page = handbooks[edition].pages[0]
    assert title_page.startswith("Facilitating diabetes peer support groups")
    assert f"{edition.capitalize()} edition" in title_page and plain(licence) in title_page
    assert re.search(r"Built on \d{1,2} [A-Z][a-z]+ 20\d\d\.", title_page)


@pytest.mark.parametrize("edition", ["trainee", "organiser"])
def test_the_contents_gives_each_module_the_page_its_heading_is_on(handbooks, edition):
    book = handbooks[edition]
    for title in modules():
        number = book.page_of(title)
        assert title in book.pages[number - 1], f"'{title}' is not on page {number}"
        assert title not in book.pages[number - 2], f"'{title}' starts before page {number}"  # a chapter starts a page


@pytest.mark.parametrize("edition", ["trainee", "organiser"])
def test_the_faq_glossary_and_answers_are_in_the_contents_and_where_it_says(handbooks, edition):
    book = handbooks[edition]
    for title, text_on_the_page in [("Frequently asked questions", "How can talking about health problems help?"),
                                    ("Glossary", "Closed question"), ("Answers", "Scenario 1.1:")]:
        assert text_on_the_page in book.pages[book.page_of(title) - 1], title
    assert book.page_of("Answers") > book.page_of("Glossary") > book.page_of("Frequently asked questions")


def test_pages_that_work_only_on_screen_are_left_out(handbooks):
    for book in handbooks.values():
        assert not any(entry.endswith(("My progress", "Practice notebooks", "Answer notes for organisers"))
                       for entry in book.contents)
    assert "Organiser guide" not in " ".join(handbooks["trainee"].contents)
    assert "Facilitator notes" not in " ".join(handbooks["trainee"].pages)
    organiser = handbooks["organiser"]
    for title in ("Organiser guide", "One-day workshop", "Role-play cards", "Coverage map"):
        organiser.page_of(title)


# Labels that are also ordinary phrases of the course's prose: module 10 says "Open the file _config.yml".
ORDINARY_PHRASES = {"Open the file"}


def on_screen_labels(bank) -> set[str]:
    """Every button and disclosure label the book shows on screen, from the engine's own markup. One-word
    labels ("Cancel") are left out: any sentence could start with one."""
    single = next(sid for sid, s in bank.scenarios.items() if not isinstance(s, BranchingScenario))
    steps = next(sid for sid, s in bank.scenarios.items() if isinstance(s, BranchingScenario))
    markup = (render_scenario(bank, single) + render_scenario(bank, steps) + render_scoreboard()
              + render_assessment(bank, 70, True, {}, "my-progress.html")
              + render_progress_page(bank, [], 70, True, "final.html"))
    labels = {plain(re.sub(r"<[^>]+>", "", label)) for label in
              re.findall(r"<(?:button|summary)\b[^>]*>(.*?)</(?:button|summary)>", markup, re.S)}
    return {label for label in labels if " " in label} - ORDINARY_PHRASES


def test_nothing_to_press_is_printed(handbooks, bank):
    labels = on_screen_labels(bank)
    assert {"Check my answer", "Start again", "Download my progress", "Check my ratings", "Start form A"} <= labels
    for edition, book in handbooks.items():
        text = " ".join(book.pages)
        printed = [label for label in labels if label in text]
        assert printed == [], f"{edition} prints {printed}"
        for chrome in ("Skip to main content", "Search Ctrl", "Back to top", "Reset my answers on this page"):
            assert chrome not in text, f"{edition} prints '{chrome}'"


def test_no_form_control_or_script_is_in_the_printed_page(handbooks):
    for edition in ("trainee", "organiser"):
        page = (ROOT / "_build" / "handbook" / edition / "_build" / "singlehtml" / "handbook.html").read_text()
        article = page[page.index('<article class="bd-article">'):page.index("</article>")]
        assert re.search(r"<(input|button|form|select|textarea|details)\b", article) is None, edition
        quizzes = re.findall(r'<section class="sq-print.*?</section>', article, re.S)
        assert len(quizzes) > 100 and not any("<script" in quiz for quiz in quizzes)


def test_a_scenarios_answer_is_at_the_back_not_beside_its_question(handbooks, bank):
    book = handbooks["trainee"]
    number, scenario = scenario_number(KNOWN), bank.get(KNOWN)
    heading = f"Scenario {number}: {plain(scenario.title)}"
    answers_start = book.page_of("Answers")
    where = [i + 1 for i, text in enumerate(book.pages) if heading in text]
    assert len(where) == 2, f"'{heading}' is on pages {where}"  # the question, then the answer
    question_page, answer_page = where
    assert question_page < answers_start <= answer_page
    for option in scenario.options:
        why = plain(option.feedback)[:60]
        assert why not in book.pages[question_page - 1]
        assert why in " ".join(book.pages[answer_page - 1:answer_page + 1])  # an answer may run over a page
    # Each side gives the other's page.
    assert re.search(rf"{re.escape(heading)} .*?Answer: page {answer_page}\b", book.pages[question_page - 1])
    assert re.search(rf"{re.escape(heading)} Question: page {question_page}\b", book.pages[answer_page - 1])


def test_the_final_self_assessment_prints_with_its_answers_for_organisers_only(handbooks, bank):
    first_of_form_a = plain(bank.get(forms(bank)["a"][0]).title)
    trainee, organiser = handbooks["trainee"], handbooks["organiser"]
    trainee_text = " ".join(trainee.pages)
    assert "The final self-assessment is not printed here. Take it in the book, on screen" in trainee_text
    assert first_of_form_a not in trainee_text
    organiser_text = " ".join(organiser.pages)
    assert organiser_text.count(f"Scenario A.1: {first_of_form_a}") == 2  # the question, and its answer
    assert [title for _, title, _ in organiser.outline() if "Final self-assessment: form" in title] == [
        "11. Final self-assessment: form A", "11. Final self-assessment: form B"]


@pytest.mark.parametrize("edition", ["trainee", "organiser"])
def test_bookmarks_follow_the_parts_and_chapters_to_their_pages(handbooks, edition):
    book = handbooks[edition]
    outline = book.outline()
    parts = [title for depth, title, _ in outline if depth == 0]
    expected = ["Facilitating diabetes peer support groups", "Contents", "Start here", "Modules"]
    expected += ["For organisers (organiser edition only)"] if edition == "organiser" else []
    assert parts == [*expected, "Reference", "Answers"]
    answers = next(index for index, (depth, title, _) in enumerate(outline) if (depth, title) == (0, "Answers"))
    chapters = {title: page for depth, title, page in outline[:answers] if depth == 1}
    for title in [*modules(), "Frequently asked questions", "Glossary"]:
        assert chapters[title] == book.page_of(title), title
    assert book.reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_bad_handbook_switch_stops_the_build_with_one_line(tmp_path):
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jupyter_book), "build", ".", "--builder", "singlehtml", "--path-output", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "COURSE_HANDBOOK": "yes"})
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output, output[-2000:]
    assert "handbook: COURSE_HANDBOOK must be 1 or 0, not 'yes'" in output
