# SPDX-License-Identifier: MIT
"""Visual regression: eight representative pages, each in a set state, photographed at phone, tablet and
desktop sizes in light and dark, and compared with the baselines committed in tests/visual/.

A screenshot passes when at most MAX_SHARE of its pixels differ from the baseline by more than THRESHOLD
in any colour channel: small enough to catch a changed colour, margin or word, loose enough for
anti-aliasing. On a failure the actual screenshot and a diff image go to _build/visual-diffs/.

After a deliberate change of look, refresh the baselines and review them before committing:
    make visual-baselines                 (all 48)
    make visual-baselines PAGES=search    (those whose test id contains "search")
Under CI (CI=true) a missing baseline always fails: baselines are never made there.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from conftest import COURSE, PASS_FORM_A, ROOT, screenshot_compared

pytestmark = pytest.mark.visual

BASELINES = ROOT / "tests" / "visual"
DIFFS = ROOT / "_build" / "visual-diffs"
THRESHOLD = 24  # of 255 in any channel: below this a pixel counts as unchanged (anti-aliasing)
MAX_SHARE = 0.001  # 0.1% of the pixels: about 1,000 on a laptop screenshot (a 1 px border round a quiz is 0.3%)
VIEWPORTS = {"phone": (375, 667), "tablet": (768, 1024), "desktop": (1280, 800)}
MODES = ["light", "dark"]
REFRESH = "make visual-baselines"

# Stable rendering: no font hinting (it varies between machines), sRGB colours, and no scrollbars, which
# differ between systems and which phones do not draw.
VISUAL_ARGS = [*CHROMIUM_ARGS, "--font-render-hinting=none", "--force-color-profile=srgb", "--hide-scrollbars"]

# The final self-assessment shows each form's options in a random order: a seeded Math.random makes it
# the same order every time. The store never sees this; it keeps the course's own letters.
SEEDED_RANDOM = """(() => {
  let seed = 20260115;
  Math.random = () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();"""


# The first choice in a stepped scenario's first scene that leads to another scene, not to an ending.
CHOICE_TO_NEXT_SCENE = """(root) => {
  const start = root.querySelector('.sq-steps').dataset.start;
  const scene = root.querySelector(`.sq-scene[data-scene="${start}"]`);
  const input = [...scene.querySelectorAll('input[type=radio]')]
      .find(i => root.querySelector(`.sq-scene[data-scene="${i.dataset.next}"]`));
  return input.id;
}"""

# The theme's "Back to top" button appears or not depending on the last scroll's direction and timing.
HIDDEN_WHILE_PHOTOGRAPHED = "#pst-back-to-top { visibility: hidden !important; }"

SETTLED = """async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


# ---- The pages, each brought into the state to photograph; each returns the element to show ----

def goto(page, site: str, path: str) -> None:
    page.goto(f"{site}/{path}")
    if page.locator("script[src*='scenario-quiz']").count():
        page.wait_for_selector("html[data-sq-ready]", state="attached")


def answer_first_quizzes(page, count: int) -> None:
    for quiz in page.locator("section.sq-single").all()[:count]:
        quiz.locator("input[type=radio]").first.check()
        quiz.locator(".sq-check").click()


def start_page(page, site):
    goto(page, site, "book/index.html")
    return "main h1"


def module_with_quizzes(page, site):
    goto(page, site, "modules/03-active-listening.html")
    return "section.sq-single"


def quiz_answered(page, site):
    goto(page, site, "modules/03-active-listening.html")
    answer_first_quizzes(page, 1)
    return "section.sq-single .sq-chosen"


def branching_part_way(page, site):
    goto(page, site, "modules/07-mental-health.html")
    quiz = page.locator("section.sq[data-kind=path]").first
    choice = quiz.evaluate(CHOICE_TO_NEXT_SCENE)
    quiz.locator(f"[id='{choice}']").check()
    quiz.locator(".sq-scene:not([hidden]) .sq-check").first.click()
    return "section.sq[data-kind=path] .sq-scene:not([hidden]) .sq-feedback"


def assessment_result(page, site):
    open_with_saved(page, site, "modules/11-final-self-assessment.html", lambda: page.evaluate(PASS_FORM_A))
    return ".sq-result"


def progress_with_answers(page, site):
    open_with_saved(page, site, "book/my-progress.html", lambda: page.evaluate(
        "answers => window.scenarioQuizStore.update(saved => Object.assign(saved, answers))", saved_answers()))
    return ".sq-progress-summary"


# What each page's answers were saved as (the course's one storage key; the same at every size and scheme),
# kept from its first screenshot in this module for the next ones.
SAVED: dict[str, str] = {}


def open_with_saved(page, site: str, path: str, save) -> None:
    """Open `path` showing the answers `save()` saves through the book's store on that page. The first time,
    the page is opened, `save()` run and the page opened again; after that the very same saved answers are
    put back in storage on the page the tab is on (the course's site, its storage just cleared) and the page
    opened once: one load of a long page where there were two, the same state on screen."""
    if path in SAVED and page.url.startswith(site):
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [COURSE.answers_key, SAVED[path]])
    else:
        goto(page, site, path)
        save()
        SAVED[path] = page.evaluate("key => localStorage.getItem(key)", COURSE.answers_key)
    goto(page, site, path)


@functools.cache
def saved_answers() -> dict:
    """Options a, b and c of the first three active listening scenarios, as the book saves them."""
    from scenario_quiz import load_bank
    from scenario_quiz.core.model import scenario_version

    bank = load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")
    ids = [sid for sid in bank.scenarios if sid.startswith("al-") and not hasattr(bank.get(sid), "scenes")][:3]
    # zip stops at the shorter: fewer than three such scenarios gives fewer answers, not an error.
    return {sid: {"choice": letter, "version": scenario_version(bank.get(sid))}
            for sid, letter in zip(ids, "abc", strict=False)}


def faq(page, site):
    goto(page, site, "book/faq.html")
    return "main h1"


def search_results(page, site):
    page.goto(f"{site}/search.html?q=listening")
    page.wait_for_function("document.querySelector('#course-search-status')?.textContent.includes('results for')")
    return "#course-search-status"


SCENES = {
    "start": start_page,
    "module": module_with_quizzes,
    "quiz-answered": quiz_answered,
    "branching": branching_part_way,
    "assessment-result": assessment_result,
    "progress": progress_with_answers,
    "faq": faq,
    "search": search_results,
}


# ---- Comparing images (Pillow only) ----

def differing_pixels(actual, baseline):
    """A black-and-white mask (255 = differs by more than THRESHOLD in some channel) and its count."""
    from PIL import ImageChops

    red, green, blue = ImageChops.difference(actual, baseline).split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = largest.point(lambda value: 255 if value > THRESHOLD else 0)
    return mask, mask.histogram()[255]


def diff_image(baseline, mask):
    """The baseline, faded, with the differing pixels in red: where to look."""
    from PIL import Image

    faded = Image.blend(baseline, Image.new("RGB", baseline.size, "white"), 0.7)
    return Image.composite(Image.new("RGB", baseline.size, (220, 0, 0)), faded, mask)


def save_png(image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def save_baseline(image, path: Path) -> None:
    """Saved with a palette of 256 colours, about a third of the bytes: an octree keeps text's anti-aliasing
    within a few levels of the true colour, well under THRESHOLD, so comparisons are unaffected."""
    from PIL import Image

    save_png(image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE), path)


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def updating() -> bool:
    if os.environ.get("UPDATE_BASELINES", "").strip() not in {"", "0"}:
        if in_ci():
            pytest.fail("UPDATE_BASELINES is refused under CI: make baselines on your machine and commit them")
        return True
    return False


def compare_with_baseline(actual, name: str) -> float:
    """The share of pixels that differ from the baseline; fails the test when it is too large."""
    from PIL import Image

    baseline_path = BASELINES / f"{name}.png"
    if not baseline_path.exists():
        if updating():
            save_baseline(actual, baseline_path)
            return 0.0
        pytest.fail(f"no baseline {shown(baseline_path)}: create it with `{REFRESH}`, look at it, "
                    "and commit it")
    with Image.open(baseline_path) as stored:
        baseline = stored.convert("RGB")
    if baseline.size != actual.size:
        share, mask = 1.0, None
    else:
        mask, count = differing_pixels(actual, baseline)
        share = count / (actual.width * actual.height)
    if share <= MAX_SHARE:
        return share
    if updating():  # only real changes are written, so that noise never churns the committed files
        save_baseline(actual, baseline_path)
        return share
    actual_path, diff_path = DIFFS / f"{name}-actual.png", DIFFS / f"{name}-diff.png"
    save_png(actual, actual_path)
    if mask is not None:
        save_png(diff_image(baseline, mask), diff_path)
    where = f"see {shown(actual_path)}" + (f" and {shown(diff_path)}" if mask else "")
    sizes = "" if mask else f" (size {actual.size} against {baseline.size})"
    pytest.fail(f"{name}: {share:.2%} of pixels differ from the baseline (at most {MAX_SHARE:.1%} may){sizes}; "
                f"{where}. If the change is meant, run `{REFRESH}`")


# ---- The test ----

@pytest.fixture(scope="module")
def visual_browser(browser):
    """A second Chromium with fixed rendering, started through the session's Playwright: a second sync
    Playwright would refuse to start while the session browser's event loop runs."""
    launched = browser.browser_type.launch(executable_path=CHROMIUM, args=VISUAL_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def tabs(visual_browser):
    """The module's one tab, kept for it: its cache makes the next page quick. Each screenshot sets its size
    and colour scheme (the same emulation a context made with them would get): a context for each of the six
    would cost about a CPU-second more apiece, and six tabs of one context would share its local storage,
    which each screenshot clears. Not tests/chromium.py's KeptTab: this context is its own (another browser,
    a fixed clock, init scripts for every page), and a screenshot clears storage on the page the tab is on
    rather than going by about:blank, one load of a long page fewer each."""
    context = visual_browser.new_context(device_scale_factor=1, reduced_motion="reduce", locale="en-GB",
                                         timezone_id="Europe/London")
    context.add_init_script(SEEDED_RANDOM)
    # The theme scrolls the sidebar to where it was on the page before (kept in sessionStorage as the
    # tab leaves a page): forgotten on every page, it scrolls to the current link, whatever came before.
    context.add_init_script("sessionStorage.removeItem('sidebar-scroll-top')")
    context.clock.set_fixed_time("2026-01-15T10:00:00Z")  # no real date on screen
    page = context.new_page()

    def tab(viewport: str, mode: str):
        width, height = VIEWPORTS[viewport]
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme=mode)
        return page

    yield tab
    context.close()


def set_scene(page, site: str, scene: str) -> str:
    """Bring the tab to the scene, with nothing saved before; returns the element to show."""
    if page.url.startswith(site):  # each scene starts with nothing saved
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    shown = SCENES[scene](page, site)
    page.mouse.move(0, 0)  # no hover look left where the last click was
    return shown


def photograph(page, shown: str):
    from io import BytesIO

    from PIL import Image

    # Below the theme's sticky header, which would otherwise cover the element's top.
    page.locator(shown).first.evaluate("el => { el.style.scrollMarginTop = '72px'; el.scrollIntoView(); }")
    page.evaluate(SETTLED)
    png = page.screenshot(caret="hide", animations="disabled", style=HIDDEN_WHILE_PHOTOGRAPHED)
    return Image.open(BytesIO(png)).convert("RGB")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scene", list(SCENES))
def test_page_looks_as_before(tabs, site, scene, viewport):
    """The scene is set up once at its size, then photographed in light and in dark, switched as the reader's
    system setting would switch it: the same pixels as a page opened in dark (the baselines were made that way
    and still match), for half the page loads. Both schemes are compared before the test fails."""
    from chromium import show_in

    width, height = VIEWPORTS[viewport]
    page = tabs(viewport, MODES[0])
    shown = set_scene(page, site, scene)
    failures = []
    for mode in MODES:
        show_in(page, mode)
        name = f"{scene}-{width}x{height}-{mode}"
        try:
            screenshot_compared(name, compare_with_baseline(photograph(page, shown), name))
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "BASELINES", tmp_path / "visual")
    monkeypatch.setattr(sys.modules[__name__], "DIFFS", tmp_path / "diffs")
    monkeypatch.delenv("UPDATE_BASELINES", raising=False)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def page_like(colour=(40, 90, 200), box=(0, 0, 0, 0)):
    """A white 200 x 100 image with a blue bar, and optionally a box of another colour."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 190, 30), fill=(40, 90, 200))
    if box != (0, 0, 0, 0):
        draw.rectangle(box, fill=colour)
    return image


def test_noise_below_the_threshold_passes(folders, monkeypatch):
    from PIL import ImageChops

    monkeypatch.setenv("UPDATE_BASELINES", "1")
    compare_with_baseline(page_like(), "p")
    monkeypatch.delenv("UPDATE_BASELINES")
    compare_with_baseline(ImageChops.add(page_like(), page_like(), scale=2.0, offset=THRESHOLD - 4), "p")


def test_a_changed_colour_fails_and_leaves_actual_and_diff(folders, monkeypatch):
    monkeypatch.setenv("UPDATE_BASELINES", "1")
    compare_with_baseline(page_like(), "p")
    monkeypatch.delenv("UPDATE_BASELINES")
    with pytest.raises(pytest.fail.Exception, match=r"p: 1\.00% of pixels differ .*p-actual\.png and .*p-diff\.png"):
        compare_with_baseline(page_like((200, 40, 40), (0, 90, 19, 99)), "p")  # 20 x 10 of 200 x 100 pixels
    assert (folders / "diffs" / "p-actual.png").exists() and (folders / "diffs" / "p-diff.png").exists()


@pytest.mark.parametrize("ci, update", [("", ""), ("true", ""), ("true", "1")])
def test_a_missing_baseline_fails_unless_asked_for_outside_ci(folders, monkeypatch, ci, update):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("UPDATE_BASELINES", update)
    with pytest.raises(pytest.fail.Exception, match="make visual-baselines|refused under CI"):
        compare_with_baseline(page_like(), "p")
    assert not (folders / "visual" / "p.png").exists()
