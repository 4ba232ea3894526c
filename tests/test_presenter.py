# SPDX-License-Identifier: MIT
"""Presenter mode (organiser edition): a workshop session's scenarios full screen, driven by
keyboard alone, big enough for a room, accessible, offline from file://, with nothing saved; and
none of it in the trainee edition."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import HOSTILE, ROOT, book_pages, id_problems, make_branching, make_scenario, write_bank
from playwright.sync_api import expect

from scenario_quiz import load_bank
from scenario_quiz.core.model import BranchingScenario
from scenario_quiz.markup.presenter import render_presenter
from scenario_quiz.markup.quiz import RATING_LABELS, html_id, render_scenario

pytestmark = pytest.mark.long  # about a minute: started early (conftest.py)

PRESENTER = ".sq-presenter"
SLIDE = f"{PRESENTER} .sq-slide:visible"
WORKSHOP = "organisers/one-day-workshop.html"
MODULE_WITH_STEPS = "modules/07-mental-health.html"


def longest_session(single_question_only_in=None) -> tuple[str, list[str]]:
    """The one-day plan's session with the most scenarios, read from the plan file itself; given the bank
    (the session's `bank`, not loaded again here: that takes half a CPU-second), the longest whose scenarios
    each ask one question in it (no steps)."""
    plan = yaml.safe_load((ROOT / "workshops" / "one-day.yml").read_text(encoding="utf-8"))
    sessions = [s for day in plan["days"] for s in day["sessions"] if s.get("scenarios")]
    if bank := single_question_only_in:
        sessions = [s for s in sessions if not any(isinstance(bank.get(i), BranchingScenario) for i in s["scenarios"])]
    longest = max(sessions, key=lambda s: len(s["scenarios"]))
    return longest["title"], longest["scenarios"]


# ---- What Python writes: every slide holds everything, hidden until the presenter shows it ----

def test_a_slide_holds_each_option_with_its_rating_and_feedback_hidden(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [make_scenario("al-one"),
                                                                       make_branching("sg-path")]}})
    bank = load_bank(folder, folder / "refs.bib")
    markup = render_presenter(bank, ["al-one", "sg-path", "al-one"])
    soup = BeautifulSoup(markup, "html.parser")
    assert len(soup.select(".sq-slide")) == 2  # each scenario once
    single = soup.select_one(f"#{html_id('al-one', 'presenter')}")
    options = single.select(".sq-slide-option")
    assert [o["data-option"] for o in options] == ["a", "b", "c", "d"]
    for option, source in zip(options, bank.get("al-one").options, strict=True):
        assert option.has_attr("hidden") and option.select_one(".sq-slide-verdict").has_attr("hidden")
        assert source.text in option.get_text() and source.feedback in option.get_text()
        assert RATING_LABELS[source.rating] in option.select_one(".sq-slide-verdict").get_text()
    path = soup.select_one(f"#{html_id('sg-path', 'presenter')}")
    assert path["data-start"] == "first"
    follows = {b.find_parent("ol")["data-question"] + b.find_parent("li")["data-option"]: b["data-next"]
               for b in path.select(".sq-slide-follow")}
    assert follows == {"firsta": "second", "firstb": "bad-end", "seconda": "good-end", "secondb": "bad-end",
                       "secondc": "good-end"}
    assert [e["data-step"] for e in path.select(".sq-slide-ending")] == ["good-end", "bad-end"]
    # The slides sit on the same page as the quizzes: still no id twice.
    assert id_problems(markup + render_scenario(bank, "al-one") + render_scenario(bank, "sg-path")) == []


def test_text_from_yaml_is_shown_as_text_on_a_slide(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [HOSTILE]}})
    soup = BeautifulSoup(render_presenter(load_bank(folder, folder / "refs.bib"), [HOSTILE["id"]]), "html.parser")
    assert soup.select("script, img, svg[onload]") == []
    assert not [a for a in soup.select("a") if a.get("href", "").startswith("javascript:")]
    assert HOSTILE["title"] in soup.select_one(".sq-slide-title").get_text()


# ---- The two editions ----

def test_the_trainee_edition_has_no_presenter(built_book):
    markers = ("sq-presenter", "sq-present", "Present to the room", "data-present")
    leaks = [f"{page.relative_to(built_book)}: {marker}" for page in book_pages(built_book)
             for marker in markers if marker in page.read_text(encoding="utf-8")]
    assert leaks == []
    assert not list((built_book / "_static").glob("scenario-presenter*"))


def with_class(name: str) -> str:
    """An XPath test for an element with the class `name` (among others), as the CSS selector `.name` is."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def test_the_organiser_edition_presents_every_quiz_and_every_session(organiser_book, bank):
    # lxml, not BeautifulSoup: these pages are long, and it reads them in a twentieth of the time (2 CPU-s).
    from lxml import html as lxml_html

    for page in sorted((organiser_book / "modules").glob("*.html")):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        quizzes = [q.get("data-scenario") for q in tree.xpath(
            f"//section[{with_class('sq')}][@data-scenario][not(ancestor::*[{with_class('sq-assessment-form')}])]")]
        buttons = tree.xpath(f"//*[{with_class('sq-present')}]")
        assert [b.get("data-present-start") for b in buttons] == quizzes, page.name
        assert all(b.get("data-present").split() == quizzes for b in buttons), page.name
        assert len(tree.xpath(f"//*[{with_class('sq-presenter')}]")) == (1 if quizzes else 0), page.name
    for plan in ("one-day", "two-day"):
        workshop = organiser_book / "organisers" / f"{plan}-workshop.html"
        tree = lxml_html.fromstring(workshop.read_text(encoding="utf-8"))
        data = yaml.safe_load((ROOT / "workshops" / f"{plan}.yml").read_text(encoding="utf-8"))
        sessions = [s for day in data["days"] for s in day["sessions"] if s.get("scenarios")]
        buttons = tree.xpath(f"//*[{with_class('sq-sessions')}]//*[{with_class('sq-present')}]")
        assert [b.text_content() for b in buttons] == [f"Present: {s['title']}" for s in sessions]
        assert [b.get("data-present").split() for b in buttons] == [s["scenarios"] for s in sessions]
        slides = {s.get("data-slide")
                  for s in tree.xpath(f"//*[{with_class('sq-presenter')}]//*[{with_class('sq-slide')}]")}
        assert slides == {sid for s in sessions for sid in s["scenarios"]}
    for page in book_pages(organiser_book):  # the presenter's files once, and only where it is
        html = page.read_text(encoding="utf-8")
        presents = 'class="sq-presenter"' in html
        for asset in ("scenario-presenter.js", "scenario-presenter.css"):
            assert html.count(asset) == (1 if presents else 0), f"{asset} on {page.relative_to(organiser_book)}"
        assert html.count("scenario-quiz.css") <= 1
        assert not presents or html.count("scenario-quiz.css") == 1


# ---- In the browser, from file:// ----

WATCH_STORAGE = """(() => {
  window.storageWrites = [];
  for (const name of ["setItem", "removeItem", "clear"]) {
    const original = Storage.prototype[name];
    Storage.prototype[name] = function (...args) {
      window.storageWrites.push(`${this === window.localStorage ? "local" : "session"} ${name} ${args[0]}`);
      return original.apply(this, args);
    };
  }
})()"""


ROOM = {"width": 1280, "height": 720}  # a projector's screen


@pytest.fixture
def room(desktop):
    """A 1280 x 720 screen, like a projector, with every request and storage write recorded (and, as every
    fresh page does, its problems): the session's desktop made fresh, with nothing saved by the tests before.
    Its init script gives it a tab of its own, which the next fresh() closes: the request listener goes too."""
    page = desktop.fresh(viewport=ROOM, init_script=WATCH_STORAGE)
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    return page


def forget_page_load_writes(page) -> None:
    """The theme saves its colour mode as the page loads; only what happens after counts."""
    page.wait_for_load_state("load")
    page.evaluate("window.storageWrites && (window.storageWrites.length = 0)")


def open_session(page, organiser_book, title: str):
    page.goto((organiser_book / WORKSHOP).as_uri())
    forget_page_load_writes(page)
    button = page.get_by_role("button", name=f"Present: {title}")
    button.focus()
    page.keyboard.press("Enter")
    page.locator(PRESENTER).wait_for(state="visible", timeout=5000)
    return button


def shown_options(page) -> int:
    return page.locator(f"{SLIDE} .sq-slide-step:visible .sq-slide-option:visible").count()


def shown_verdicts(page) -> int:
    return page.locator(f"{SLIDE} .sq-slide-step:visible .sq-slide-verdict:visible").count()


def settle(page) -> None:
    """Wait for the fades to end: axe measures contrast on the page as it is at that moment."""
    page.wait_for_function("document.getAnimations().every(a => a.playState === 'finished')")


def status(page) -> str:
    return page.inner_text(f"{PRESENTER} .sq-presenter-status")


@pytest.mark.browser
def test_a_workshop_session_by_keyboard_alone(room, organiser_book, bank):
    page = room
    title, ids = longest_session(single_question_only_in=bank)  # the keys below step through options, not scenes
    button = open_session(page, organiser_book, title)
    assert page.url.startswith("file://")
    assert title in page.inner_text(f"{PRESENTER} .sq-presenter-title")
    next_keys = ["ArrowRight", "PageDown", "Space"]  # every "next" key, in turn
    presses = 0
    for number, sid in enumerate(ids, start=1):
        scenario = bank.get(sid)
        assert page.inner_text(f"{PRESENTER} .sq-presenter-count") == f"Scenario {number} of {len(ids)}"
        assert page.inner_text(f"{SLIDE} .sq-slide-title") == scenario.title
        assert status(page).startswith(f"Scenario {number} of {len(ids)}")
        assert (shown_options(page), shown_verdicts(page)) == (0, 0)  # the situation first, alone
        for shown, option in enumerate(scenario.options, start=1):
            page.keyboard.press(next_keys[presses % 3])
            presses += 1
            assert (shown_options(page), shown_verdicts(page)) == (shown, 0)
            assert status(page) == f"Option {'ABCDE'[shown - 1]}: {option.text}"
        page.keyboard.press("ArrowRight")  # after the room has talked: the ratings
        assert shown_verdicts(page) == len(scenario.options)
        assert status(page).startswith("Ratings shown")
        verdicts = page.locator(f"{SLIDE} .sq-slide-verdict")
        for index, option in enumerate(scenario.options):
            text = verdicts.nth(index).inner_text()
            assert RATING_LABELS[option.rating] in text and option.feedback in text
        page.keyboard.press("ArrowRight")
    # The end of the list, and it stays there.
    assert page.locator(f"{PRESENTER} .sq-presenter-end").is_visible()
    assert page.locator(SLIDE).count() == 0
    assert status(page) == "End of the list"
    page.keyboard.press("ArrowRight")
    assert page.locator(f"{PRESENTER} .sq-presenter-end").is_visible()
    # Back to the last scenario as the room left it; Home and End.
    page.keyboard.press("ArrowLeft")
    assert page.inner_text(f"{SLIDE} .sq-slide-title") == bank.get(ids[-1]).title
    assert shown_verdicts(page) == len(bank.get(ids[-1]).options)
    page.keyboard.press("PageUp")
    assert shown_verdicts(page) == 0 and shown_options(page) == len(bank.get(ids[-1]).options)
    page.keyboard.press("Home")
    assert page.inner_text(f"{PRESENTER} .sq-presenter-count") == f"Scenario 1 of {len(ids)}"
    page.keyboard.press("End")
    assert page.inner_text(f"{PRESENTER} .sq-presenter-count") == f"Scenario {len(ids)} of {len(ids)}"
    # R reveals every option and rating at once.
    page.keyboard.press("Home")
    page.keyboard.press("r")
    assert shown_verdicts(page) == shown_options(page) == len(bank.get(ids[0]).options)
    # Escape closes it and gives focus back to the button that opened it.
    page.keyboard.press("Escape")
    assert page.locator(PRESENTER).is_hidden()
    expect(button).to_be_focused()
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert page.evaluate("window.storageWrites") == []  # no score, nothing saved
    assert page.problems == []


@pytest.mark.browser
def test_the_situation_is_big_enough_for_a_room(room, organiser_book, bank):
    page = room
    title, ids = longest_session()
    open_session(page, organiser_book, title)
    for sid in ids:
        page.keyboard.press("r")  # everything on show
        sizes = page.eval_on_selector_all(
            f"{SLIDE} :is(.sq-slide-situation p, .sq-slide-question, .sq-slide-text)",
            "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 32, f"{sid}: {min(sizes)} px"
        wide = page.eval_on_selector_all(f"{SLIDE} .sq-slide-situation p",
                                         "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length")
        assert wide == 0
        page.keyboard.press("ArrowRight")
    small = page.eval_on_selector_all(f"{PRESENTER} button:visible", """els => els
        .map(e => e.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length""")
    assert small == 0


@pytest.mark.browser
def test_the_presenter_passes_axe(desktop, organiser_book):
    """Each state of the presenter, checked in light and in dark (tests/axe.py, in_both_schemes)."""
    from axe import in_both_schemes

    found = []
    # Each state is checked in the scheme the last one ended in first, then in the other: both are checked
    # each time, with one switch of scheme (a restyle of the whole page) a state rather than two.
    modes = ("light", "dark")

    def check() -> None:
        nonlocal modes
        found.extend(in_both_schemes(page, modes))  # show_in waits for the fades to end, as settle() does
        modes = modes[::-1]

    page = desktop.fresh(viewport=ROOM, color_scheme="light")
    title, _ = longest_session()
    open_session(page, organiser_book, title)
    check()
    page.keyboard.press("r")
    check()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.keyboard.press("r")
    page.keyboard.press("ArrowRight")  # the end of the list
    check()
    page.goto((organiser_book / MODULE_WITH_STEPS).as_uri())  # a scenario in steps, its "Go with" buttons
    page.locator(".sq-present[data-present-start='mh-path-a-burden']").click()
    page.keyboard.press("r")
    check()
    assert found == []


@pytest.mark.browser
def test_a_scenario_in_steps_follows_the_rooms_choice(room, organiser_book, bank):
    page = room
    sid = "mh-path-a-burden"
    scenario = bank.get(sid)
    assert isinstance(scenario, BranchingScenario)
    page.goto((organiser_book / MODULE_WITH_STEPS).as_uri())
    forget_page_load_writes(page)
    on_page = page.eval_on_selector_all("section.sq[data-scenario]", "els => els.map(e => e.dataset.scenario)")
    button = page.locator(f".sq-present[data-present-start='{sid}']")
    button.focus()
    page.keyboard.press("Enter")
    assert page.inner_text(f"{PRESENTER} .sq-presenter-count") == \
        f"Scenario {on_page.index(sid) + 1} of {len(on_page)}"
    scene = scenario.scene(scenario.start)
    assert page.locator(f"{SLIDE} .sq-slide-opening").is_visible()  # the opening, with the first scene
    trail = []
    while scene:
        assert page.inner_text(f"{SLIDE} .sq-slide-step:visible .sq-slide-question") == scene.question
        for _ in scene.options:
            page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert shown_verdicts(page) == len(scene.options)
        # The room picks an option that goes on to another scene if there is one, else the last option.
        onward = [i for i, o in enumerate(scene.options) if scenario.scene(o.next) and o.next not in trail]
        choice = onward[0] if onward else len(scene.options) - 1
        page.keyboard.press("abcde"[choice])
        trail.append(scene.id)
        following = scene.options[choice].next
        scene = scenario.scene(following)
        assert page.locator(f"{SLIDE} .sq-slide-opening").is_hidden()
        if scene:
            assert (shown_options(page), shown_verdicts(page)) == (0, 0)
            if len(trail) == 1:  # Back returns to the scene before, as the room left it
                page.keyboard.press("ArrowLeft")
                assert shown_verdicts(page) == len(scenario.scene(trail[0]).options)
                page.keyboard.press("abcde"[choice])
    ending = scenario.ending(following)
    assert status(page) == f"Ending: {ending.title}"
    assert f"Ending: {ending.title}" in page.inner_text(f"{SLIDE} .sq-slide-step:visible")
    page.keyboard.press("ArrowRight")
    assert page.inner_text(f"{PRESENTER} .sq-presenter-count") == \
        f"Scenario {on_page.index(sid) + 2} of {len(on_page)}"
    page.keyboard.press("Escape")
    expect(button).to_be_focused()
    assert page.evaluate("window.storageWrites") == []
    assert page.problems == []


@pytest.mark.browser
def test_focus_stays_in_the_presenter_and_buttons_work_with_a_mouse(room, organiser_book, bank):
    page = room
    title, ids = longest_session()
    open_session(page, organiser_book, title)
    for _ in range(12):  # Tab only ever reaches the presenter's own controls
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.sq-presenter') !== null")
    page.click(f"{PRESENTER} .sq-presenter-next")
    assert shown_options(page) == 1
    page.click(f"{PRESENTER} .sq-presenter-reveal")
    assert shown_verdicts(page) == len(bank.get(ids[0]).options)
    page.click(f"{PRESENTER} .sq-presenter-back")
    assert shown_verdicts(page) == 0
    page.click(f"{PRESENTER} .sq-presenter-close")
    assert page.locator(PRESENTER).is_hidden()
    # Another session on the same page starts afresh, with nothing left over from the first.
    other = page.locator(".sq-sessions .sq-present").first
    other.click()
    first_id = other.get_attribute("data-present").split()[0]
    assert page.locator(SLIDE).count() == 1
    assert page.inner_text(f"{SLIDE} .sq-slide-title") == bank.get(first_id).title
    assert shown_options(page) == 0


@pytest.mark.browser
def test_reduced_motion_stops_the_fades(desktop, organiser_book):
    def moving(reduced: str) -> int:
        page = desktop.fresh(reduced_motion=reduced)
        open_session(page, organiser_book, longest_session()[0])
        page.keyboard.press("r")
        return page.eval_on_selector_all(f"{PRESENTER} *", """els => els.map(e => getComputedStyle(e))
            .filter(s => s.animationName !== 'none' && parseFloat(s.animationDuration) > 0).length""")

    assert moving("no-preference") > 0  # the fades are there to stop
    assert moving("reduce") == 0


@pytest.mark.browser
def test_without_full_screen_it_still_covers_the_window(desktop, organiser_book):
    """Where the browser will not go full screen (an iframe, a kiosk, an old browser), the
    presenter covers the window instead, above the theme's header and sidebars."""
    no_full_screen = ("delete Element.prototype.requestFullscreen;"
                      "Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false});")
    page = desktop.fresh(viewport=ROOM, init_script=no_full_screen)
    open_session(page, organiser_book, longest_session()[0])
    assert page.evaluate("document.fullscreenElement") is None
    covered = page.evaluate("""() => [[2, 2], [640, 20], [1270, 360], [5, 700], [1275, 715]]
        .map(([x, y]) => document.elementFromPoint(x, y))
        .every(e => e && e.closest('.sq-presenter') !== null)""")
    page.keyboard.press("Escape")
    assert page.locator(PRESENTER).is_hidden()
    assert covered
