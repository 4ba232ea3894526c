# SPDX-License-Identifier: MIT
"""The course's built book in Debian's Chromium, served on 127.0.0.1: a module answered by keyboard, and
progress kept across pages and across a changed scenario. test_accessibility.py visits every page for
axe, requests and console messages; the engine's own behaviour, which needs no course content, is tested
on a tiny book in test_small_book.py."""

from __future__ import annotations

import pytest
from quiz_page import STORAGE_KEY, answer_by_keyboard, quiz_ids, score_text, tab_until

from scenario_quiz import grade
from scenario_quiz.markup.quiz import html_id

pytestmark = pytest.mark.browser

MODULE = "modules/03-active-listening.html"


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
