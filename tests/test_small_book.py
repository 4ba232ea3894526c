# SPDX-License-Identifier: MIT
"""The engine's own behaviour in Debian's Chromium, on the tiny book in tests/roots/test-quiz (built in
seconds, with Sphinx's basic theme): saved progress and its faults, storage that is blocked, a page opened
from file://, a scenario in steps by keyboard, and scenario text that tries to run a script."""

from __future__ import annotations

import pytest
from conftest import SMALL_BOOK
from quiz_page import answer_by_keyboard, quiz_ids, score_text

from scenario_quiz import grade, load_bank
from scenario_quiz.core.identity import course_identity
from scenario_quiz.markup.quiz import html_id

pytestmark = pytest.mark.browser

MODULE = "modules/01-basics.html"  # a scenario (al-pause), then a scenario in steps (sg-path)
KEY = course_identity(SMALL_BOOK).answers_key  # the tiny book names no course: the engine's own key


@pytest.fixture(scope="module")
def small_bank():
    return load_bank(SMALL_BOOK / "scenarios", SMALL_BOOK / "scenarios" / "refs.bib")


def test_the_small_book_has_a_scenario_then_one_in_steps(small_book):
    html = (small_book / MODULE).read_text(encoding="utf-8")
    assert html.index('data-scenario="al-pause"') < html.index('data-scenario="sg-path"')


@pytest.mark.parametrize("saved, message", [
    ("{not json", "could not be read"),
    ('{"format": 1, "answers": [1, 2, 3]}', "could not be read"),
    ('["a", "foreign", "shape"]', "could not be read"),
    ('{"format": 0, "answers": {}}', "older version of this course"),
    ('{"format": 1, "answers": {"al-x": {"choice": "zz"}}}', None),  # unknown ids are simply kept
])
def test_bad_saved_progress_resets_with_a_message(page, small_site, saved, message):
    page.goto(f"{small_site}/{MODULE}")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, saved])
    page.reload()
    notice = page.inner_text(".sq-notice")
    assert (message in notice) if message else notice == ""
    first = quiz_ids(page)[0]
    page.check(f"#{html_id(first, 'a')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose A." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert score_text(page).startswith("You have answered 1 of")
    assert page.problems == []


def test_page_works_when_storage_is_blocked(desktop, small_site):
    page = desktop.fresh(init_script="""
        Storage.prototype.getItem = () => { throw new DOMException('blocked', 'SecurityError'); };
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    errors = []  # with their stacks, which name the script each came from
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    page.goto(f"{small_site}/{MODULE}")
    first = quiz_ids(page)[0]
    page.check(f"#{html_id(first, 'b')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose B." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert "not letting the page save answers" in page.inner_text(".sq-notice")
    assert score_text(page).startswith("You have answered 1 of")
    assert [e for e in errors if "scenario-quiz" in e] == []


def test_quiz_works_from_file_url(page, small_book):
    page.goto((small_book / MODULE).as_uri())
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


def test_a_scenario_in_steps_by_keyboard(page, small_site, small_bank):
    sid, bank = "sg-path", small_bank
    scenario = bank.get(sid)
    page.goto(f"{small_site}/{MODULE}")
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
    assert sid not in page.evaluate("k => JSON.parse(localStorage.getItem(k)).answers", KEY)
    assert page.problems == []
