# SPDX-License-Identifier: MIT
"""The book on a phone: a 375 x 667 touch screen (Playwright's mobile emulation in Debian's Chromium).

No page scrolls sideways, in either edition; every target is big enough to tap and quiz options are
comfortable to tap; body text is at least 16 px; the navigation opens as a drawer; and a whole module's
quizzes and a form of the final self-assessment can be completed by tapping alone."""

from __future__ import annotations

import pytest
from chromium import SIDEWAYS_OVERFLOW
from conftest import book_pages, gate

from scenario_quiz.core.forms import forms
from scenario_quiz.core.grading import item_kind
from scenario_quiz.core.model import Rating
from scenario_quiz.markup.quiz import html_id

pytestmark = [pytest.mark.browser, pytest.mark.long]

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
MODULE = "modules/07-mental-health.html"  # single-answer scenarios and scenarios in steps
ASSESSMENT = "modules/11-final-self-assessment.html"
MIN_TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)
MIN_OPTION = 44  # CSS px: a quiz option is tapped often, so it gets the larger, comfortable size
MIN_TEXT = 16  # CSS px

# Every target on the page smaller than MIN_TARGET. A link inside a sentence is left out, as WCAG's
# "inline" exception allows: its height is the line's. Targets hidden from view are not targets.
SMALL_TARGETS = """(min) => {
  const text = (node) => node.textContent.replace(/\\s+/g, ' ').trim();
  const inSentence = (el) => {
    if (el.tagName !== 'A') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return !!block && text(block).length > text(el).length + 1;
  };
  const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for], ' +
                  '[role=button], [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(targets)]
    .filter(el => el.checkVisibility({visibilityProperty: true}) && !inSentence(el))
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 0 && r.height > 0 && (r.width < min || r.height < min))
    .map(([el, r]) => `<${el.tagName.toLowerCase()} class="${el.className}"> "${text(el).slice(0, 40)}" ` +
                      `${Math.round(r.width)}x${Math.round(r.height)}`);
}"""

# Text smaller than MIN_TEXT in the article. Code is set in the theme's monospace at 0.875em, and
# the "#" permalinks beside headings are symbols, not text: neither is body text.
SMALL_TEXT = """(min) => [...document.querySelectorAll('.bd-article *')]
  .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .filter(el => el.checkVisibility() && !el.closest('code, pre, kbd, samp, .headerlink'))
  .filter(el => parseFloat(getComputedStyle(el).fontSize) < min)
  .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> "${el.textContent.trim().slice(0, 40)}" ` +
             getComputedStyle(el).fontSize)"""

SHORT_OPTIONS = """(min) => [...document.querySelectorAll(
    '.sq-option label, .sq-rate-choice label, .sq-confidence-choice label')]
  .filter(el => el.checkVisibility())
  .filter(el => el.getBoundingClientRect().height < min)
  .map(el => `"${el.textContent.trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().height)} px tall`)"""


@pytest.fixture(scope="module")
def phones(browser):
    """One phone, kept for the module: a touch screen and its scale are the context's to emulate, not a
    tab's, so the phone has a context (and tab) of its own, as conftest's `desktop` has."""
    from chromium import KeptTab

    kept = KeptTab(browser, **PHONE)
    yield kept
    kept.close()


@pytest.fixture
def phone(phones):
    """The phone's tab made fresh, with nothing saved by the tests before (tests/chromium.py says why a tab
    made fresh and not a context of its own), recording its problems in `phone.problems`."""
    return phones.fresh()


def sideways_overflow(page) -> int:
    return page.evaluate(SIDEWAYS_OVERFLOW)


@pytest.mark.parametrize("width, too_wide", [(375, False), (480, True), (1600, True)])
def test_the_sideways_check_sees_a_page_a_little_too_wide(phone, width, too_wide):
    """The check the page tests below rely on: a page only a little wider than the phone (which Chromium
    would fit by widening its layout viewport) counts as scrolling sideways."""
    phone.set_content('<meta name="viewport" content="width=device-width, initial-scale=1"><body style="margin: 0">'
                      f'<div style="width: {width}px; height: 10px"></div>')
    assert (sideways_overflow(phone) > 0) is too_wide

def test_no_organiser_page_scrolls_sideways_on_a_phone(phone, organiser_book):
    """The trainee edition's pages are checked for this in the test below, in the same visit."""
    from chromium import serve

    pages = [p.relative_to(organiser_book).as_posix() for p in book_pages(organiser_book)]
    wide = []
    with serve(organiser_book) as site:
        for url in pages:
            phone.goto(f"{site}/{url}")
            if (overflow := sideways_overflow(phone)) > 0:
                wide.append(f"{url}: {overflow} px too wide")
    gate("phone-org", f"{len(pages)} pages at 375 px, {len(wide)} scroll sideways")
    assert wide == []


# All four checks of a page in one call (one round trip, not four): how far it scrolls sideways, and what
# SMALL_TARGETS, SMALL_TEXT and SHORT_OPTIONS find.
PAGE_CHECKS = f"""([target, text, option]) => [
  {SIDEWAYS_OVERFLOW},
  ({SMALL_TARGETS})(target), ({SMALL_TEXT})(text), ({SHORT_OPTIONS})(option)]"""


def test_no_page_scrolls_sideways_and_targets_text_and_options_are_big_enough(phone, site, built_book):
    """Every trainee page, visited once at phone width."""
    problems = []
    pages = [p.relative_to(built_book).as_posix() for p in book_pages(built_book)]
    for url in pages:
        phone.goto(f"{site}/{url}")
        overflow, targets, text, options = phone.evaluate(PAGE_CHECKS, [MIN_TARGET, MIN_TEXT, MIN_OPTION])
        if overflow > 0:
            problems.append(f"{url}: {overflow} px too wide")
        problems += [f"{url}: small target {t}" for t in targets]
        problems += [f"{url}: small text {t}" for t in text]
        problems += [f"{url}: short option {t}" for t in options]
    gate("phone", f"{len(pages)} pages at 375 px: no sideways scrolling, targets >= {MIN_TARGET} px, "
                  f"options >= {MIN_OPTION} px, text >= {MIN_TEXT} px; {len(problems)} problems")
    assert problems == [], "\n".join(problems[:40])


def test_navigation_opens_as_a_drawer_by_touch(phone, site):
    phone.goto(f"{site}/{MODULE}")
    assert not phone.is_visible("nav.bd-links")  # on a phone the sidebar starts hidden
    phone.tap(".bd-header-article .primary-toggle")
    drawer = phone.locator("#pst-primary-sidebar-modal")
    assert drawer.evaluate("d => d.open"), "the menu button did not open the navigation drawer"
    box = drawer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["width"] >= 200
    assert drawer.locator("nav.bd-links").is_visible()
    small = [t for t in phone.evaluate(SMALL_TARGETS, MIN_TARGET) if "bd-sidenav" in t or "reference" in t]
    assert small == [], small
    phone.tap("#pst-primary-sidebar-modal nav.bd-links a[href$='my-progress.html']")
    phone.wait_for_url("**/book/my-progress.html")
    assert phone.is_visible(".sq-progress-table")
    assert phone.problems == []


def test_a_whole_module_by_touch(phone, site, bank):
    phone.goto(f"{site}/{MODULE}")
    # The script marks the page once its quizzes answer (benchmarks/bench.py times the page up to it).
    assert phone.get_attribute("html", "data-sq-ready") == ""
    ids = phone.eval_on_selector_all("section.sq", "els => els.map(e => e.dataset.scenario)")
    assert len(ids) >= 10
    for sid in ids:
        scenario = bank.get(sid)
        if item_kind(scenario) == "path":
            scene = scenario.scene(scenario.start)
            while scene is not None:
                index = [o.rating for o in scene.options].index(Rating.HELPFUL)
                tap_answer(phone, sid, ("scene", scene.id), "abcde"[index])
                scene = scenario.scene(scene.options[index].next)
            assert phone.inner_text(f"#{html_id(sid)} .sq-path-score").startswith("You reached an ending")
        else:
            tap_answer(phone, sid, (), "b")
            assert "You chose B." in phone.inner_text(f"#{html_id(sid)} .sq-feedback")
    assert phone.inner_text(".sq-score-text").startswith(f"You have answered {len(ids)} of {len(ids)} scenarios")
    # What answering brings up (feedback, restart buttons, explanations) is as easy to tap and read.
    for details in phone.locator(".sq-explained summary").all()[:3]:
        details.tap()
    assert phone.evaluate(SMALL_TARGETS, MIN_TARGET) == []
    assert phone.evaluate(SMALL_TEXT, MIN_TEXT) == []
    assert sideways_overflow(phone) <= 0
    assert phone.problems == []


def tap_answer(phone, sid: str, question: tuple[str, ...], letter: str) -> None:
    """Tap an option's words (not its small round button), then the question's check button.
    `question` is empty for a one-question scenario, or ("scene", scene id) for a scene."""
    phone.tap(f"label[for='{html_id(sid, *question, letter)}']")
    assert phone.is_checked(f"#{html_id(sid, *question, letter)}")
    phone.tap(f"#{html_id(sid, *question)} .sq-check")


def test_a_form_of_the_final_self_assessment_by_touch(phone, site, bank):
    phone.goto(f"{site}/{ASSESSMENT}")
    phone.tap('.sq-start-form[data-form="a"]')
    assert phone.is_visible('.sq-assessment-form[data-form="a"]')
    for sid in forms(bank)["a"]:
        scenario = bank.get(sid)
        kind = item_kind(scenario)
        if kind == "path":
            scene, first = scenario.scene(scenario.start), True
            while scene is not None:
                index = [o.rating for o in scene.options].index(Rating.HELPFUL)
                question = ("scene", scene.id)
                phone.tap(f"label[for='{html_id(sid, *question, 'abcde'[index])}']")
                if first:  # "How sure are you?" is asked once, at the first scene
                    phone.tap(f"label[for='{html_id(sid, *question, 'sure', 'sure')}']")
                phone.tap(f"#{html_id(sid, *question)} .sq-check")
                scene, first = scenario.scene(scene.options[index].next), False
            continue
        if kind == "rate":
            for i, option in enumerate(scenario.options):
                phone.tap(f"label[for='{html_id(sid, 'abcde'[i], option.rating.value.replace(' ', '-'))}']")
        else:
            helpful = [o.rating for o in scenario.options].index(Rating.HELPFUL)
            phone.tap(f"label[for='{html_id(sid, 'abcde'[helpful])}']")
        phone.tap(f"label[for='{html_id(sid, 'sure', 'fairly-sure')}']")
        phone.tap(f"#{html_id(sid)} .sq-check")
        assert phone.inner_text(f"#{html_id(sid, 'feedback')}").strip(), f"no feedback after tapping {sid}"
    assert "meets the pass mark" in phone.inner_text(".sq-result-status")
    assert phone.evaluate(SMALL_TARGETS, MIN_TARGET) == []
    assert phone.evaluate(SHORT_OPTIONS, MIN_OPTION) == []
    assert sideways_overflow(phone) <= 0
    assert phone.problems == []
