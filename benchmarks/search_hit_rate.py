# SPDX-License-Identifier: MIT
"""How often a built book's search answers the questions in tests/search_questions.yml.

    .venv/bin/python benchmarks/search_hit_rate.py [BUILT_HTML_DIR] [QUESTIONS_FILE]

It reports the file's two lists apart: the questions the ranking was tuned on, and the held-out ones.

It measures whichever search the build has, so the same command gives the figures before and after a
change: the course's own (search-index.js: sections, in the top 3 and top 5) or Sphinx's
(searchindex.js: pages only). A page counts as found when a result from it is among the first 3 or
5 different pages listed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import launch, serve  # noqa: E402

# Each returns the results for a query, best first, as "page#anchor" ("page" alone for Sphinx's).
COURSE_SEARCH = "q => courseSearch.search(q).results.map(r => r.url.replace('.html#', '#'))"
SPHINX_SEARCH = """q => { const [query, terms, excluded, highlight, objects] = Search._parseQuery(q);
    return Search._performSearch(query, terms, excluded, highlight, objects).reverse().map(r => r[0]); }"""


def pages(results: list[str]) -> list[str]:
    return list(dict.fromkeys(r.split("#")[0] for r in results))


def measure(html_dir: Path, questions: list[dict]) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    ours = (html_dir / "search-index.js").exists()
    counts = dict.fromkeys(("section top 3", "section top 5", "page top 3", "page top 5"), 0)
    with serve(html_dir) as site, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{site}/search.html")
        # Sphinx's own search declares `const Search`, so it is looked up by name, not on window.
        page.wait_for_function("window.courseSearch || (typeof Search !== 'undefined' && Search._index !== null)")
        for question in questions:
            results = page.evaluate(COURSE_SEARCH if ours else SPHINX_SEARCH, question["q"])
            wanted = set(question["answers"])
            wanted_pages = {a.split("#")[0] for a in wanted}
            if ours:
                counts["section top 3"] += bool(wanted & set(results[:3]))
                counts["section top 5"] += bool(wanted & set(results[:5]))
            counts["page top 3"] += bool(wanted_pages & set(pages(results)[:3]))
            counts["page top 5"] += bool(wanted_pages & set(pages(results)[:5]))
        browser.close()
    return counts if ours else {k: v for k, v in counts.items() if k.startswith("page")}


if __name__ == "__main__":
    html_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    source = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "tests" / "search_questions.yml"
    lists = yaml.safe_load(source.read_text(encoding="utf-8"))
    for key in ("questions", "held_out"):
        for name, count in measure(html_dir, lists.get(key) or []).items():
            print(f"{key}, {name}: {count}/{len(lists[key])} ({count / len(lists[key]):.0%})")
