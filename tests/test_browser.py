# SPDX-License-Identifier: MIT
"""The built book in Debian's Chromium, served on 127.0.0.1 (and opened from file://):
answering by keyboard, saved progress and its faults, escaping, and clean offline pages."""

from __future__ import annotations

import re

import pytest
from conftest import book_pages, gate

from scenario_quiz import grade
from scenario_quiz.markup.quiz import html_id

pytestmark = pytest.mark.browser

MODULE = "modules/03-active-listening.html"
STORAGE_KEY = "diabetes-peer-support-course:answers"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []  # console errors and warnings, and uncaught exceptions
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"exception: {e}"))
    yield page
    context.close()


def quiz_ids(page) -> list[str]:
    return page.eval_on_selector_all("section.sq", "els => els.map(e => e.dataset.scenario)")


def score_text(page) -> str:
    return page.inner_text(".sq-score-text")


def tab_until(page, condition: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    }""")


def answer_by_keyboard(page, question: str, option_index: int) -> None:
    """Answer the question in the element with id `question`: a quiz's section, or a scene."""
    tab_until(page, f"document.activeElement.matches('#{question} input[type=radio]')")
    assert focus_is_visible(page), f"no visible focus on the options of {question}"
    page.keyboard.press("Space")  # the first option
    for _ in range(option_index):
        page.keyboard.press("ArrowDown")
    tab_until(page, f"document.activeElement.matches('#{question} .sq-check')", limit=3)
    assert focus_is_visible(page), f"no visible focus on the button of {question}"
    page.keyboard.press("Enter")


def test_keyboard_only_journey_with_feedback_and_score(page, site, bank):
    page.goto(f"{site}/{MODULE}")
    ids = quiz_ids(page)
    assert len(ids) >= 8
    answers = {}
    for n, sid in enumerate(ids):
        choice = n % len(bank.get(sid).options)
        answer_by_keyboard(page, html_id(sid), choice)
        letter = "abcde"[choice]
        answers[sid] = letter
        feedback = page.locator(f"#{html_id(sid)} .sq-feedback")
        assert feedback.get_attribute("aria-live") == "polite"
        rating = bank.get(sid).options[choice].rating.value
        text = feedback.inner_text()
        assert f"You chose {letter.upper()}." in text
        assert rating.capitalize() in text and bank.get(sid).options[choice].feedback[:40] in text
        assert page.locator(f"#{html_id(sid)} .sq-verdict svg").count() >= 1  # an icon, not colour alone
    report = grade(bank, answers, ids)
    tab_until(page, "document.activeElement.matches('.sq-reset')")
    assert score_text(page) == (f"You have answered {len(ids)} of {len(ids)} scenarios on this page and scored "
                                f"{report.total} of a possible {report.max_total} points.")
    assert page.problems == []

    page.reload()  # progress is kept
    assert score_text(page).startswith(f"You have answered {len(ids)} of {len(ids)}")
    for sid, letter in answers.items():
        assert page.is_checked(f"#{html_id(sid, letter)}")
        assert f"You chose {letter.upper()}." in page.inner_text(f"#{html_id(sid)} .sq-feedback")

    page.click(".sq-reset")  # and can be cleared
    assert score_text(page).startswith("You have not answered any")
    assert "cleared" in page.inner_text(".sq-notice")
    page.reload()
    assert score_text(page).startswith("You have not answered any")


@pytest.mark.parametrize("saved, message", [
    ("{not json", "could not be read"),
    ('{"format": 1, "answers": [1, 2, 3]}', "could not be read"),
    ('["a", "foreign", "shape"]', "could not be read"),
    ('{"format": 0, "answers": {}}', "older version of this course"),
    ('{"format": 1, "answers": {"al-x": {"choice": "zz"}}}', None),  # unknown ids are simply kept
])
def test_bad_saved_progress_resets_with_a_message(page, site, saved, message):
    page.goto(f"{site}/{MODULE}")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORAGE_KEY, saved])
    page.reload()
    notice = page.inner_text(".sq-notice")
    assert (message in notice) if message else notice == ""
    first = quiz_ids(page)[0]
    page.check(f"#{html_id(first, 'a')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose A." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert score_text(page).startswith("You have answered 1 of")
    assert page.problems == []


def test_answers_from_other_pages_are_kept(page, site):
    page.goto(f"{site}/{MODULE}")
    here = quiz_ids(page)[0]
    page.check(f"#{html_id(here, 'a')}")
    page.click(f"#{html_id(here)} .sq-check")
    page.goto(f"{site}/modules/07-mental-health.html")
    there = quiz_ids(page)[0]
    page.check(f"#{html_id(there, 'b')}")
    page.click(f"#{html_id(there)} .sq-check")
    page.click(".sq-reset")  # clears this page only
    saved = page.evaluate("k => JSON.parse(localStorage.getItem(k)).answers", STORAGE_KEY)
    assert list(saved) == [here]
    page.goto(f"{site}/{MODULE}")
    assert page.is_checked(f"#{html_id(here, 'a')}")


def test_a_changed_scenario_drops_only_its_stale_answer(page, site):
    page.goto(f"{site}/{MODULE}")
    first, second = quiz_ids(page)[:2]
    version = page.get_attribute(f"#{html_id(second)}", "data-version")
    saved = {"format": 1, "answers": {first: {"choice": "a", "version": "00000000"},
                                      second: {"choice": "b", "version": version}}}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [STORAGE_KEY, saved])
    page.reload()
    assert "has changed" in page.inner_text(".sq-notice")
    assert page.is_checked(f"#{html_id(second, 'b')}") and not page.is_checked(f"#{html_id(first, 'a')}")
    kept = page.evaluate("k => JSON.parse(localStorage.getItem(k)).answers", STORAGE_KEY)
    assert list(kept) == [second]


def test_page_works_when_storage_is_blocked(browser, site):
    context = browser.new_context()
    context.add_init_script("""
        Storage.prototype.getItem = () => { throw new DOMException('blocked', 'SecurityError'); };
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    page.goto(f"{site}/{MODULE}")
    first = quiz_ids(page)[0]
    page.check(f"#{html_id(first, 'b')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose B." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert "not letting the page save answers" in page.inner_text(".sq-notice")
    assert score_text(page).startswith("You have answered 1 of")
    assert [e for e in errors if "scenario-quiz" in e] == []
    context.close()


def test_quiz_works_from_file_url(page, built_book):
    page.goto((built_book / MODULE).as_uri())
    first = quiz_ids(page)[0]
    page.check(f"#{html_id(first, 'c')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose C." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert page.is_visible(f"#{html_id(first)} .sq-explained")


def test_no_script_from_scenario_text_runs(page, hostile_page, tmp_path):
    import shutil

    static = hostile_page.parent / "_static"
    assert (static / "scenario-quiz.js").exists()
    page.goto(hostile_page.as_uri())
    for sid in quiz_ids(page):
        page.check(f"#{html_id(sid, 'a')}")
        page.click(f"#{html_id(sid)} .sq-check")
    page.click(f"#{html_id('al-hostile')} .sq-explained summary")
    assert page.evaluate("window.pwned") is None
    assert '<script>window.pwned = "title"</script>' in page.inner_text(f"#{html_id('al-hostile', 'title')}")
    shutil.rmtree(hostile_page.parent)


def test_every_page_is_offline_and_console_clean(browser, site, built_book):
    context = browser.new_context()
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    pages = book_pages(built_book)
    for path in pages:
        page.goto(f"{site}/{path.relative_to(built_book).as_posix()}", wait_until="load")
        page.wait_for_timeout(50)
    context.close()
    outside = [u for u in requests if not re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", u)]
    gate("offline", f"{len(pages)} pages, {len(requests)} requests, {len(outside)} to other hosts")
    gate("console", f"{len(pages)} pages, {len(problems)} console errors or warnings")
    assert outside == []
    assert problems == []


def test_a_scenario_in_steps_by_keyboard(page, site, bank):
    sid = "mh-path-a-burden"
    scenario = bank.get(sid)
    page.goto(f"{site}/modules/07-mental-health.html")
    assert page.locator(f"#{html_id(sid)} .sq-scene:visible").count() == 1  # only the first scene at first
    assert not page.is_visible(f"#{html_id(sid)} .sq-map")
    path, scene = [], scenario.scene(scenario.start)
    while scene is not None:  # always the first helpful option: a path Python can follow too
        index = next(i for i, o in enumerate(scene.options) if o.rating.value == "helpful")
        answer_by_keyboard(page, html_id(sid, "scene", scene.id), index)
        path.append("abcde"[index])
        text = page.inner_text(f"#{html_id(sid, 'scene', scene.id)} .sq-feedback")
        assert f"You chose {path[-1].upper()}." in text and "Helpful" in text
        next_id = scene.options[index].next
        scene = scenario.scene(next_id)
    result = grade(bank, {sid: path}).results[0]
    ending = scenario.ending(result.ending)
    assert page.is_visible(f"#{html_id(sid, 'ending', ending.id)}")
    assert page.inner_text(f"#{html_id(sid)} .sq-path-score").startswith(
        f"You reached an ending: {result.points} of a possible {result.max_points} points")
    assert page.is_visible(f"#{html_id(sid)} .sq-restart") and page.is_visible(f"#{html_id(sid)} .sq-map")
    page.reload()  # the path is kept
    assert page.is_visible(f"#{html_id(sid, 'ending', ending.id)}")
    page.click(f"#{html_id(sid)} .sq-restart")  # start again
    assert page.locator(f"#{html_id(sid)} .sq-scene:visible").count() == 1
    assert not page.is_visible(f"#{html_id(sid, 'ending', ending.id)}")
    assert sid not in page.evaluate("k => JSON.parse(localStorage.getItem(k)).answers", STORAGE_KEY)
    assert page.problems == []
