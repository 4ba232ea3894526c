# SPDX-License-Identifier: MIT
"""What the browser tests do on a quiz page: find its quizzes, read its score, and answer by keyboard."""

from __future__ import annotations

from conftest import COURSE

STORAGE_KEY = COURSE.answers_key  # where the course's book saves answers


def focus(page, selector: str) -> None:
    """Focus the element `selector` finds, as a reader's Tab or click would: what page.focus does, through
    document.querySelector (a missing element fails the test at once). Playwright's own selector engine,
    which also looks inside shadow roots, took 11 ms of CPU a call on the final self-assessment's page
    where this takes 3: answering a form by keyboard took 4.7 s, and now takes 2.7."""
    page.evaluate("s => document.querySelector(s).focus()", selector)


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
