# SPDX-License-Identifier: MIT
"""axe-core (vendored in tests/vendor/axe-core, see its README) run in a Playwright page, sync or async:

    found = violations(page)                # WCAG 2.2 AA problems axe finds on the page as it is now
    found = await violations_async(page)    # the same, in an async Playwright page
    found = await violations_async(page, COLOUR_ONLY)  # only the rules that read colours (see below)
    found = in_both_schemes(page)           # light, then dark by the colour rules (or all, if it shows more)
    describe(found[0])                      # one line: rule, how many, where, why
"""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
# Only violations are gathered in full: axe then skips describing (and finding selectors for) every element
# that passed, which would take longer than the checks on a long page.
OPTIONS = {"resultTypes": ["violations"]}
# The rules of axe's colour category that a default run runs (the AAA one is off by default). A page shown
# again in the other colour scheme, with the very same elements shown, can only differ in these: every other
# rule reads the document and what is shown, not colours.
COLOUR_ONLY = {**OPTIONS, "runOnly": {"type": "tag", "values": ["cat.color"]},
               "rules": {"color-contrast-enhanced": {"enabled": False}}}
# Which elements are shown, as one string: compared between the colour schemes to know that COLOUR_ONLY is
# enough (a theme may show an image, say, in one scheme only).
SHOWN = """() => [...document.querySelectorAll('body *')]
  .map(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}) ? '1' : '0').join('')"""
LOADED = "() => typeof window.axe === 'object'"
RUN = "options => window.axe.run(document, options).then(results => results.violations)"


def violations(page, options: dict = OPTIONS) -> list[dict]:
    if not page.evaluate(LOADED):  # once per document: switching the colour scheme keeps it
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(RUN, options)


async def violations_async(page, options: dict = OPTIONS) -> list[dict]:
    if not await page.evaluate(LOADED):
        await page.evaluate(AXE_SCRIPT)
    return await page.evaluate(RUN, options)


def options_after(shown_before: str, shown_now: str) -> dict:
    """What to run in the second colour scheme: the colour rules, unless it shows other elements."""
    return COLOUR_ONLY if shown_now == shown_before else OPTIONS


def in_both_schemes(page, modes: tuple[str, str] = ("light", "dark")) -> list[str]:
    """Every violation on the page as it is, in one colour scheme and then the other (each described, after its
    scheme): every rule in the first, and in the second what options_after() says. The page ends in modes[1]."""
    from chromium import show_in

    found, shown = [], ""
    for mode in modes:
        show_in(page, mode)
        now = page.evaluate(SHOWN)
        options = options_after(shown, now) if shown else OPTIONS
        shown = now
        found += [f"{mode} {describe(v)}" for v in violations(page, options)]
    return found


def describe(violation: dict) -> str:
    node = violation["nodes"][0]
    return f"{violation['id']} ({len(violation['nodes'])}x), e.g. {node['target']}: {node['failureSummary'][:120]}"
