# SPDX-License-Identifier: MIT
"""The course keeps the theme's look: its sidebar navigation is styled exactly as in a stock
sphinx-book-theme build (compared in the browser, in light and dark), each page has one search box
and no header bar above the sidebar, no part caption repeats the title of its page, and the "My
progress" table reads right at phone, tablet and desktop widths."""

from __future__ import annotations

import subprocess
import sys

import pytest
from chromium import SIDEWAYS_OVERFLOW

pytestmark = pytest.mark.browser

MODULE = "modules/03-active-listening.html"
PROGRESS = "book/my-progress.html"
DESKTOP = {"width": 1280, "height": 800}

# The parts of the sidebar navigation whose look the theme defines, found by class only, so that a
# change of element (a <div> for the theme's <nav>) shows up as a change of style, not a missing part.
SIDEBAR_PARTS = {
    "part caption": ".bd-links p.caption",
    "list": ".bd-links ul.bd-sidenav",
    "link": ".bd-links li.toctree-l1:not(.current) > a",
    "current page's link": ".bd-links li.toctree-l1.current > a",
    "expand button": ".bd-links li.has-children > details > summary",
}
STYLES = ["display", "color", "text-decoration-line", "font-size", "font-weight", "line-height", "padding-top",
          "padding-left", "margin-top", "margin-bottom", "list-style-type", "box-shadow", "background-color"]

COMPUTED = """([parts, styles]) => Object.fromEntries(Object.entries(parts).map(([name, selector]) => {
  const el = document.querySelector(selector);
  if (!el) return [name, null];
  const style = getComputedStyle(el);
  return [name, Object.fromEntries(styles.map(p => [p, style.getPropertyValue(p)]))];
}))"""

# The colour a theme variable resolves to, as computed styles write colours.
THEME_COLOUR = """(variable) => {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}"""

STOCK_PAGES = {
    "conf.py": 'project = "Stock"\nhtml_theme = "sphinx_book_theme"\nhtml_theme_options = {"navbar_persistent": []}\n',
    "index.rst": "Stock\n=====\n\n.. toctree::\n   :caption: Part one\n\n   one\n   two\n\n"
                 ".. toctree::\n   :caption: Part two\n\n   three\n",
    "one.rst": "One\n===\n\nText.\n",
    "two.rst": "Two\n===\n\n.. toctree::\n\n   four\n",
    "three.rst": "Three\n=====\n\nText.\n",
    "four.rst": "Four\n====\n\nText.\n",
}


@pytest.fixture(scope="module")
def stock_site(tmp_path_factory):
    """A tiny book in the stock sphinx-book-theme, with nothing of the course's: the reference look."""
    from chromium import serve

    source = tmp_path_factory.mktemp("stock")
    for name, text in STOCK_PAGES.items():
        (source / name).write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(source / "_out")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with serve(source / "_out") as url:
        yield url


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_sidebar_navigation_looks_as_the_theme_draws_it(desktop, site, stock_site, mode):
    looks = {}
    for name, url in (("course", f"{site}/{MODULE}"), ("stock", f"{stock_site}/one.html")):
        page = desktop.fresh(viewport=DESKTOP, color_scheme=mode)
        page.goto(url)
        looks[name] = page.evaluate(COMPUTED, [SIDEBAR_PARTS, STYLES])
        looks[name]["muted colour"] = page.evaluate(THEME_COLOUR, "--pst-color-text-muted")
    course, stock = looks["course"], looks["stock"]
    assert all(course[part] for part in SIDEBAR_PARTS), f"sidebar parts missing: {course}"
    # Said outright as well as compared: links are plain blocks in the theme's muted colour.
    assert course["link"]["text-decoration-line"] == "none"
    assert course["link"]["display"] == "block"
    assert course["link"]["color"] == course["muted colour"]
    different = {part: {p: (course[part][p], stock[part][p]) for p in STYLES if course[part][p] != stock[part][p]}
                 for part in SIDEBAR_PARTS}
    assert {part: d for part, d in different.items() if d} == {}, "(course, stock theme) styles differ"


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 375, "height": 667}], ids=["1280px", "375px"])
def test_one_search_box_and_no_header_bar(desktop, site, viewport):
    page = desktop.fresh(viewport=viewport)
    for url in (MODULE, PROGRESS, "book/faq.html"):
        page.goto(f"{site}/{url}")
        searches = page.locator(".search-button-field, .search-button, input[type=search]:not(dialog *)")
        shown = [s.evaluate("el => el.outerHTML.slice(0, 80)") for s in searches.all() if s.is_visible()]
        assert len(shown) == 1, f"{url}: {len(shown)} search boxes: {shown}"
        assert page.locator("#pst-header").bounding_box()["height"] == 0, f"{url}: a header bar above the sidebar"


def test_no_part_caption_repeats_its_page_title(built_book, organiser_book):
    from bs4 import BeautifulSoup

    for root in (built_book, organiser_book):
        sidebar = BeautifulSoup((root / "book" / "index.html").read_text(encoding="utf-8"), "html.parser")
        captions = sidebar.select(".bd-links p.caption")
        assert captions, "no part captions found in the sidebar"
        for caption in captions:
            part = caption.find_next_sibling("ul")
            titles = {a.get_text(" ", strip=True).casefold() for a in part.select(":scope > li > a")}
            name = caption.get_text(" ", strip=True)
            assert name.casefold() not in titles, f"'{name}' is both a part caption and its page's title"


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_progress_table_reads_right_at_every_width(desktop, site, width):
    """Each row's bar and its words share one line, and the table fits the page: before any answer
    ("not started") and after some ("2 of 8 (25%)")."""
    page = desktop.fresh(viewport={"width": width, "height": 800})
    page.goto(f"{site}/{MODULE}")
    first = page.locator("section.sq").first
    first.locator("input[type=radio]").first.check()
    first.locator(".sq-check").click()
    page.goto(f"{site}/{PROGRESS}")
    rows = page.evaluate("""() => [...document.querySelectorAll('.sq-progress-table tbody tr')].map(row => {
        const bar = row.querySelector('.sq-bar').getBoundingClientRect();
        const words = row.querySelector('.sq-bar + span');
        const lines = words.getClientRects();
        const middle = bar.top + bar.height / 2;
        const table = row.closest('table').getBoundingClientRect();
        return {text: words.textContent, lines: lines.length,
                beside: lines.length > 0 && lines[0].top <= middle && middle <= lines[0].bottom,
                fits: table.right <= document.querySelector('.bd-article').getBoundingClientRect().right + 1};
    })""")
    overflow = page.evaluate(SIDEWAYS_OVERFLOW)
    assert len(rows) >= 10 and any(r["text"] == "not started" for r in rows)
    assert any(r["text"] != "not started" for r in rows), "the answered module's row"
    wrong = [r for r in rows if r["lines"] != 1 or not r["beside"] or not r["fits"]]
    assert wrong == [], f"at {width} px"
    assert overflow <= 0
