# SPDX-License-Identifier: MIT
"""The course's search (book/_ext/course_search): readers' questions find the section that answers
them; Python (the index) and the browser (the query) read words the same way; it works from the
offline zip opened from disk; the theme's search boxes lead to it; bad input gets one clear line."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from conftest import ROOT, book_pages, gate

sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
from course_search import INDEX_FILE, SPHINX_SEARCH_FILES, VocabularyError, read_vocabulary  # noqa: E402
from course_search.index import encode, page_entries  # noqa: E402
from course_search.text import words  # noqa: E402

ASKED = yaml.safe_load((ROOT / "tests" / "search_questions.yml").read_text(encoding="utf-8"))
QUESTIONS, HELD_OUT = ASKED["questions"], ASKED["held_out"]
# Of the questions, the share with the section that answers them in the top 3. The aim was 90%, and the
# search reaches it (64 of 71; the 30 held-out questions, never tuned on: 20): never lower it.
REQUIRED_SHARE = 0.90
TARGET_SHARE = 0.90
INDEX_BUDGET = 220_000  # bytes: Sphinx's own index was 183,005, without the snippets ours carries
MODULE = "modules/08-medical-emergencies.html"


# --- Reading words: the same in Python and the browser ------------------------------------------

def test_words_lose_accents_apostrophes_and_single_letters():
    assert words("Café’s NAÏVE don't: Type 1, e-mail; ﬁrst") == ["cafes", "naive", "dont", "type", "1", "mail", "first"]


def test_us_spellings_and_irregular_forms_meet_the_british_words():
    analyser, _ = read_vocabulary()
    same = [("organize", "organise", "organisation", "organised"), ("behavior", "behaviour", "behaviours"),
            ("hypoglycemia", "hypoglycaemia"), ("analyze", "analyse"), ("told", "tell", "telling"),
            ("died", "dies", "dying", "die")]
    for group in same:
        assert len({tuple(analyser.terms(word)) for word in group}) == 1, group
    assert analyser.terms("What do I do if he won't stop?") == ["stop"]  # stop words go


@pytest.mark.parametrize("text, problem", [
    ("stopwords: a\nspelling: {}\nforms: {}\n", "needs exactly these parts: stopwords, spelling, forms, synonyms"),
    ("stopwords: a\nspelling: {}\nforms: {}\nsynonyms: {x: [y\n", "vocabulary.yml, line 5 is not valid YAML"),
    ("stopwords: a the\nspelling: {}\nforms: {}\nsynonyms: {the: hypo}\n", "'the', which is only stop words"),
    ("stopwords: a in\nspelling: {}\nforms: {}\nsynonyms: {check in: round}\n",
     "keeps only 'check' once stop words go"),
    ("stopwords: a\nspelling: {}\nforms: {told: }\nsynonyms: {}\n", "'told' under forms has nothing after the colon"),
])
def test_a_vocabulary_problem_is_one_clear_line(tmp_path, text, problem):
    path = tmp_path / "vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        read_vocabulary(path)
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_a_vocabulary_problem_stops_the_build_without_a_traceback(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text("# Page\n\nText.\n")
    (source / "vocabulary.yml").write_text("stopwords: a\n")
    (source / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
                                    "extensions = ['myst_parser', 'course_search']\n"
                                    "course_search_vocabulary = 'vocabulary.yml'\n")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source), str(tmp_path / "out")],
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "course_search: vocabulary.yml needs exactly these parts" in output


# --- What goes into the index -------------------------------------------------------------------

PAGE = """<html><body><article class="bd-article">
<section id="the-page"><h1><span class="section-number">4. </span>The page<a class="headerlink"
  href="#the-page">#</a></h1>
<div class="tip admonition"><p class="admonition-title">What you will learn</p><p>Every topic, listed.</p></div>
<p>Opening words <span class="bibtex-citation">[<a href="#c">12</a>]</span>.</p>
<section id="rounds"><h2>Rounds</h2><p>Go round the circle.</p>
  <section id="passing"><h3>Passing</h3><p>Passing is allowed.</p></section>
  <section class="sq sq-single" id="sq-a-quiz" data-scenario="a-quiz"><h3
    class="sq-title"><span class="sq-kicker">Scenario: </span>Pat passes</h3>
    <div class="sq-situation"><p>Pat says pass again.</p></div>
    <form><fieldset><legend class="sq-question">What do you do?</legend><label>Make Pat speak.</label></fieldset></form>
    <details class="sq-explained"><p class="sq-why">Harmful: pressure.</p></details></section>
  <div class="sq-score"><p>Your score on this page</p></div>
</section>
<section id="an-empty-heading"><h2>An empty heading</h2><section
  id="below"><h3>Below</h3><p>Text below.</p></section></section>
<section id="key-points"><h2>Key points</h2><ul><li>Rounds help.</li></ul></section>
<section id="can-i-pass"><h2>Can I pass?</h2><p>Yes.</p><p>Read more: <a href="#passing">Passing</a></p></section>
<dl class="glossary"><dt id="term-Round">Round</dt><dd><p>Each person in turn.</p></dd></dl>
</section></article></body></html>"""


def test_each_section_is_a_result_with_its_own_text_only():
    entries = {e.anchor: e for e in page_entries(PAGE, "x.html")}
    assert entries["the-page"].heading == "4. The page"
    assert entries["the-page"].body == "Opening words."  # no learning aims, no citation number
    assert entries["rounds"].body == "Go round the circle."  # not its subsections' text, nor the score panel
    assert entries["passing"].where == ["4. The page", "Rounds"]
    assert entries["key-points"].kind == "summary"
    assert entries["can-i-pass"].kind == "short answer"  # a FAQ entry: the section it points to comes first
    assert (entries["term-Round"].kind, entries["term-Round"].body) == ("term", "Each person in turn.")


def test_a_scenario_is_found_by_its_story_but_never_gives_its_answers_away():
    quiz = {e.anchor: e for e in page_entries(PAGE, "x.html")}["sq-a-quiz"]
    assert (quiz.kind, quiz.label, quiz.heading) == ("scenario", "Scenario", "Pat passes")
    assert quiz.body == "Pat says pass again. What do you do?"


# --- The built book -----------------------------------------------------------------------------

def test_the_index_is_small_and_only_the_search_page_loads_it(built_book):
    index = (built_book / INDEX_FILE).read_bytes()
    zipped = len(gzip.compress(index, 9))
    gate("search", f"index {len(index):,} bytes ({zipped:,} gzipped), loaded by search.html only")
    assert len(index) <= INDEX_BUDGET
    assert not [name for name in SPHINX_SEARCH_FILES if (built_book / name).exists()]  # Sphinx's search is gone
    loaders = [p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html") if INDEX_FILE in p.read_text()]
    assert loaders == ["search.html"]


def search_page(page, query: str) -> list[str]:
    """Type a query into the search page's box, press Enter, and return the results as 'page#anchor'."""
    page.fill("#course-search-query", query)
    page.press("#course-search-query", "Enter")
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)  # searched in place
    hrefs = page.eval_on_selector_all("#course-search-results a", "links => links.map(a => a.getAttribute('href'))")
    return [href.replace(".html#", "#") for href in hrefs]


def ranked(page, queries: list[str]) -> list[list[str]]:
    """Each query's results as 'page#anchor', from the search page's own `courseSearch.search` (the function
    its box calls), all in one call: typing 101 questions into the box took 13 s."""
    found = page.evaluate("qs => qs.map(q => courseSearch.search(q).results.map(r => r.url))", queries)
    return [[url.replace(".html#", "#") for url in urls] for urls in found]


def answered(page, questions: list[dict]) -> tuple[list[str], int]:
    """The questions whose answering section is not in the top 3, and how many found the page."""
    misses, page_found = [], 0
    for question, results in zip(questions, ranked(page, [q["q"] for q in questions]), strict=True):
        top = results[:3]
        page_found += bool({a.split("#")[0] for a in question["answers"]} & {r.split("#")[0] for r in top})
        if not set(question["answers"]) & set(top):
            misses.append(f"{question['q']!r}: got {top}")
    return misses, page_found


@pytest.mark.browser
def test_readers_questions_find_the_section_that_answers_them(page, site):
    page.goto(f"{site}/search.html")
    for question in QUESTIONS[:5]:  # the box shows what the function ranks, in its order
        assert search_page(page, question["q"]) == ranked(page, [question["q"]])[0]
    misses, page_found = answered(page, QUESTIONS)
    held_misses, _ = answered(page, HELD_OUT)
    found, asked = len(QUESTIONS) - len(misses), len(QUESTIONS)
    held = len(HELD_OUT) - len(held_misses)
    gate("questions", f"{found}/{asked} answered by a section in the top 3 ({found / asked:.0%}); by the page, "
                      f"{page_found}/{asked}; held out, {held}/{len(HELD_OUT)} ({held / len(HELD_OUT):.0%}); "
                      f"aim {TARGET_SHARE:.0%}{'' if found >= TARGET_SHARE * asked else ' (not met yet)'}")
    assert found >= REQUIRED_SHARE * asked, "\n".join(misses)


@pytest.mark.browser
def test_python_and_the_browser_read_every_word_of_the_book_alike(page, site, built_book):
    analyser, _ = read_vocabulary()
    book_words = {w for p in book_pages(built_book) for e in page_entries(p.read_text(encoding="utf-8"), "x")
                  for w in words(f"{e.heading} {e.body}")}
    tricky = ["Café", "naïve", "DON’T", "organizations", "analyzing", "behaviors", "hypoglycemic", "told", "dying",
              "A&E", "co-facilitator", "24/7", "£13.84", "İstanbul", "ﬁrst", "constructor", "__proto__", "x", "7",
              "as", "is", "us", "ok"]
    texts = sorted(book_words) + tricky
    page.goto(f"{site}/search.html")
    # As JSON text, which Playwright passes as it is, where it would convert each of the 3,400 words in turn.
    browser_terms = json.loads(page.evaluate(
        "texts => JSON.stringify(JSON.parse(texts).map(t => courseSearch.terms(t)))", json.dumps(texts)))
    differ = [(t, python, b) for t, b in zip(texts, browser_terms, strict=True) if (python := analyser.terms(t)) != b]
    assert len(book_words) > 2000
    assert differ == []


@pytest.mark.browser
def test_the_browser_reads_the_numbers_python_wrote(page, site):
    numbers = [0, 1, 30, 31, 32, 960, 961, 29790, 1_000_000] + random.Random(7).sample(range(5000), 200)
    page.goto(f"{site}/search.html")
    assert page.evaluate("text => courseSearch.decode(text)", encode(numbers)) == numbers


@pytest.mark.browser
def test_results_are_announced_and_reached_by_keyboard(page, site):
    page.goto(f"{site}/search.html?q=defibrillator")
    status = page.locator("#course-search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    count = page.locator("#course-search-results > li").count()
    assert status.inner_text() == f"{count} results for \u201cdefibrillator\u201d" and count > 1
    assert page.locator("#course-search-results > li h2 > a").count() == count
    assert page.evaluate("document.activeElement.id") == "course-search-query"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Search"  # the button
    page.keyboard.press("Tab")
    first = page.locator("#course-search-results a").first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{first.split('#')[0]}#*")


@pytest.mark.browser
@pytest.mark.parametrize("query, status", [
    ("", "Type a question or a few words, then press Search."),
    ("what is it that they do", "Those words are too common to search for."),
    ("zzqxj", "No results for \u201czzqxj\u201d."),
    ("constructor __proto__ hasOwnProperty", "No results for"),
    ('<img src=x onerror="window.pwned=1">', "for \u201c<img src=x"),
    ("café" * 2000, "No results for \u201ccafécafécafé"),
])
def test_any_query_gets_one_clear_line(page, site, query, status):
    page.goto(f"{site}/search.html")
    page.fill("#course-search-query", query)
    page.press("#course-search-query", "Enter")
    text = page.inner_text("#course-search-status")
    assert status in text and "\n" not in text
    assert page.evaluate("window.pwned") is None and page.locator("#course-search-results img").count() == 0
    assert page.problems == []


@pytest.mark.browser
def test_the_theme_search_box_leads_to_the_search_page(page, site):
    page.goto(f"{site}/{MODULE}")
    page.keyboard.press("Control+k")
    page.keyboard.type("someone had a fit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    assert parse_qs(urlparse(page.url).query)["q"] == ["someone had a fit"]
    assert page.locator("#course-search-results a").first.get_attribute("href") == f"{MODULE}#seizures"


@pytest.mark.browser
def test_search_works_from_the_offline_zip_opened_from_disk(page, built_book, tmp_path):
    from pack_offline import course, pack

    pack(built_book, tmp_path / "course.zip")
    with zipfile.ZipFile(tmp_path / "course.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / course().offline_folder
    page.goto((folder / MODULE).as_uri())
    page.keyboard.press("Control+k")
    page.keyboard.type("what do I do if someone collapses")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    links = page.eval_on_selector_all("#course-search-results a", "links => links.map(a => a.href)")
    assert len(links) > 3 and all(Path(urlparse(link).path).is_file() for link in links)
    page.fill("#course-search-query", "hypo")
    page.press("#course-search-query", "Enter")  # a second search, in place
    assert page.inner_text("#course-search-status").endswith("for \u201chypo\u201d")
    assert page.problems == []
