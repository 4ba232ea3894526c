# SPDX-License-Identifier: MIT
"""axe-core (vendored in tests/vendor/axe-core, see its README) run in a Playwright page, sync or async:

    found = violations(page)                # WCAG 2.2 AA problems axe finds on the page as it is now
    found = await violations_async(page)    # the same, in an async Playwright page
    describe(found[0])                      # one line: rule, how many, where, why
"""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
# Only violations are gathered in full: axe then skips describing (and finding selectors for) every element
# that passed, which would take longer than the checks on a long page.
OPTIONS = {"resultTypes": ["violations"]}
LOADED = "() => typeof window.axe === 'object'"
RUN = "options => window.axe.run(document, options).then(results => results.violations)"


def violations(page) -> list[dict]:
    if not page.evaluate(LOADED):  # once per document: switching the colour scheme keeps it
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(RUN, OPTIONS)


async def violations_async(page) -> list[dict]:
    if not await page.evaluate(LOADED):
        await page.evaluate(AXE_SCRIPT)
    return await page.evaluate(RUN, OPTIONS)


def describe(violation: dict) -> str:
    node = violation["nodes"][0]
    return f"{violation['id']} ({len(violation['nodes'])}x), e.g. {node['target']}: {node['failureSummary'][:120]}"
