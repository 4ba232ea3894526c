# SPDX-License-Identifier: MIT
"""Accessibility of the built book (WCAG 2.2 AA as axe-core checks it, in light and dark modes), and
every page offline and console-clean, from one visit to each page; text at 200 %, reduced motion, and
printed handouts."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from axe import describe, violations
from chromium import SIDEWAYS_OVERFLOW
from conftest import book_pages, gate

from scenario_quiz.markup.quiz import html_id

pytestmark = [pytest.mark.browser, pytest.mark.long]
MODULE = "modules/03-active-listening.html"
SEARCH_RESULTS = "search.html?q=what+do+I+do+if+someone+collapses+in+the+group"


@pytest.fixture(scope="module")
def sweep(site, built_book) -> dict[str, list[str]]:
    """Every page of the book visited once: loaded in light mode, checked by axe, switched to dark (as the
    reader's system setting would switch it) and checked again (by the colour rules, or by every rule if dark
    shows other elements than light), with every request and console message
    recorded on the way. Two tabs share the pages (async Playwright): axe's own checks take most of the
    time, and the machine has two cores."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from axe import OPTIONS, SHOWN, options_after, violations_async
    from chromium import CHROMIUM, CHROMIUM_ARGS, SHOWN_IN
    from playwright.async_api import async_playwright

    pages = [p.relative_to(built_book).as_posix() for p in book_pages(built_book)]
    seen: dict[str, list[str]] = {"pages": pages, "violations": [], "requests": [], "problems": [],
                                  "shown differently": []}

    async def visit(browser, share: list[str]) -> None:
        # Reduced motion, as a reader may ask for: the theme's fades (up to 250 ms a switch of scheme) do not
        # run, so nothing waits for them. What axe checks, the page once they have ended, is the same.
        context = await browser.new_context(color_scheme="light", reduced_motion="reduce")
        page = await context.new_page()
        # What the page does, not what axe does: axe fetches style sheets' @imports again, resolved against
        # the page rather than the sheet ("/basic.css", a 404 on every page), so it is not recorded.
        auditing = False
        page.on("request", lambda r: auditing or seen["requests"].append(r.url))
        page.on("console", lambda m: auditing or m.type in ("error", "warning")
                and seen["problems"].append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: auditing or seen["problems"].append(f"{page.url}: {e}"))
        for url in share:
            await page.emulate_media(color_scheme="light")
            await page.goto(f"{site}/{url}", wait_until="load")
            shown = {}
            for mode in ("light", "dark"):
                await page.emulate_media(color_scheme=mode)
                await page.wait_for_function(SHOWN_IN, arg=mode)
                shown[mode] = await page.evaluate(SHOWN)
                # In dark, every rule again only if dark shows other elements; else the colour rules, since
                # no other rule can find anything new in the same elements (a third of the time saved).
                options = options_after(shown["light"], shown["dark"]) if mode == "dark" else OPTIONS
                seen["shown differently"] += [url] if mode == "dark" and options is OPTIONS else []
                auditing = True
                found = await violations_async(page, options)
                auditing = False
                seen["violations"] += [f"{mode} {url}: {describe(v)}" for v in found]
        await context.close()

    async def visit_all() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            visiting = [*pages, SEARCH_RESULTS]  # and the search page with results shown
            await asyncio.gather(visit(browser, visiting[0::2]), visit(browser, visiting[1::2]))
            await browser.close()

    # In a thread of its own: once another test has started the sync `browser` fixture, this thread
    # has a running event loop, and asyncio.run() refuses to start a second one here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, visit_all()).result()
    return seen


def test_axe_finds_no_violations_on_any_page(sweep):
    found = sweep["violations"]
    gate("axe", f"{len(sweep['pages']) + 1} pages x light and dark ({len(sweep['shown differently'])} showing "
                f"other elements in dark, so checked by every rule in both), {len(found)} violations")
    assert found == []


def test_every_page_is_offline_and_console_clean(sweep):
    outside = [u for u in sweep["requests"] if not re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", u)]
    pages = len(sweep["pages"])
    gate("offline", f"{pages} pages, {len(sweep['requests'])} requests, {len(outside)} to other hosts")
    gate("console", f"{pages} pages, {len(sweep['problems'])} console errors or warnings")
    assert outside == []
    assert sweep["problems"] == []


def test_answered_quizzes_stay_accessible(desktop, site):
    # Feedback and explanations appear only after answering: check them too.
    page = desktop.fresh(color_scheme="dark")
    page.goto(f"{site}/{MODULE}")
    for sid in page.eval_on_selector_all("section.sq", "els => els.map(e => e.dataset.scenario)"):
        page.check(f"#{html_id(sid, 'a')}")
        page.click(f"#{html_id(sid)} .sq-check")
        page.click(f"#{html_id(sid)} .sq-explained summary")
    found = [describe(v) for v in violations(page)]
    assert found == []


def test_text_at_200_percent_loses_nothing(desktop, site):
    page = desktop.fresh(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{MODULE}")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate(SIDEWAYS_OVERFLOW)
    clipped = page.evaluate("""() => [...document.querySelectorAll('.sq label, .sq-question, .sq-check')]
        .filter(el => { const r = el.getBoundingClientRect();
                        return r.width === 0 || r.right > window.innerWidth + 1
                               || el.scrollWidth > el.clientWidth + 1; })
        .map(el => el.textContent.slice(0, 40))""")
    assert overflow <= 1
    assert clipped == []


def test_reduced_motion_is_respected(desktop, site):
    page = desktop.fresh(reduced_motion="reduce")
    page.goto(f"{site}/{MODULE}")
    moving = page.evaluate("""() => [...document.querySelectorAll('*')]
        .map(el => getComputedStyle(el))
        .filter(s => parseFloat(s.transitionDuration) > 0 || parseFloat(s.animationDuration) > 0).length""")
    smooth = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    assert moving == 0
    assert smooth == "auto"


def test_printed_module_is_a_clean_handout(page, site):
    from pypdf import PdfReader

    page.goto(f"{site}/{MODULE}")
    first = page.locator("section.sq").first.get_attribute("data-scenario")
    page.check(f"#{html_id(first, 'b')}")
    page.click(f"#{html_id(first)} .sq-check")
    feedback = page.inner_text(f"#{html_id(first)} .sq-feedback").splitlines()[-1][:50]
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC undoes the typesetting ligatures in the PDF text ("ﬁ" becomes "fi").
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages))
    assert "You chose B." in text and feedback in text  # the answer and its feedback
    assert " ".join(page_option_text(first, "a").split())[:40] in text  # the quiz options
    for chrome in ("Skip to main content", "Answer notes for organisers", "Check my answer", "Reset my answers",
                   "Search Ctrl"):
        assert chrome not in text, f"'{chrome}' printed"
    gate("print", f"{MODULE}: {len(pdf.pages)} A4 pages, no navigation or buttons")


def page_option_text(scenario_id: str, letter: str) -> str:
    from conftest import ROOT

    from scenario_quiz import load_bank

    bank = load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")
    return bank.get(scenario_id).options["abcde".index(letter)].text
