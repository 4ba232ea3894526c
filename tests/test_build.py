# SPDX-License-Identifier: MIT
"""The book builds with warnings as errors, every scenario is on a page, quiz assets are
added once and only where needed, nothing points off the machine, and YAML text is escaped."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import HOSTILE, ROOT, book_pages, make_scenario, read_ids, sphinx_build, sphinx_project

from scenario_quiz import load_bank

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I)


def test_every_scenario_appears_on_a_page(built_book):
    bank = load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")
    shown = set()
    for page in book_pages(built_book):
        shown |= set(re.findall(r'data-scenario="([^"]+)"', page.read_text(encoding="utf-8")))
    assert set(bank.scenarios) - shown == set()


def test_quiz_assets_once_and_only_on_quiz_pages(built_book):
    quiz_pages = 0
    for page in book_pages(built_book):
        html = page.read_text(encoding="utf-8")
        has_quiz = 'data-scenario="' in html
        progress = "data-progress>" in html  # the progress page reads saved answers through the quiz script
        # answer keys and the cohort charts share the quiz's styles
        styled = (has_quiz or progress or "data-answer-key=" in html or "class='sq-chart'" in html
                  or 'class="sq-key sq-rubric"' in html)  # the rubric table shares the rating styles
        quiz_pages += has_quiz
        where = page.relative_to(built_book)
        assert html.count("scenario-quiz.js") == (1 if has_quiz or progress else 0), f"script on {where}"
        assert html.count("scenario-progress.js") == (1 if progress else 0), f"progress script on {where}"
        assert html.count("scenario-quiz.css") == (1 if styled else 0), f"styles on {where}"
        assert html.count('class="sq-score"') == (1 if has_quiz else 0), where
    assert quiz_pages >= 2  # at least a module page and its practice notebook


def test_no_page_loads_anything_from_another_host(built_book):
    offenders = [str(p.relative_to(built_book)) for p in book_pages(built_book) if EXTERNAL.search(p.read_text())]
    assert offenders == []
    assert not (built_book / "_static" / "sphinx-thebe.js").exists() or all(
        "sphinx-thebe" not in p.read_text() for p in book_pages(built_book))


def test_organiser_settings_are_filled_in(built_book):
    # A substitution left unresolved would show its raw {{ name }} to readers.
    assert [p.name for p in book_pages(built_book) if "{{" in p.read_text()] == []


def test_unknown_id_fails_the_build_naming_page_and_id(tmp_path):
    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-one al-nope\n```\n", [make_scenario()])
    run = sphinx_build(source)
    assert run.returncode != 0
    assert "index.md:3" in run.stderr
    assert "unknown scenario id 'al-nope' on page 'index'" in run.stderr


def test_broken_bank_stops_the_build_with_one_line_per_problem(tmp_path):
    source = sphinx_project(tmp_path, "# Page\n", [make_scenario(competency="nope")])
    run = sphinx_build(source)
    assert run.returncode != 0
    assert "scenario 'al-one', field 'competency': unknown competency 'nope'" in run.stderr


def test_text_from_yaml_is_shown_as_text(tmp_path):
    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-hostile\n```\n", [HOSTILE])
    run = sphinx_build(source)
    assert run.returncode == 0, run.stderr
    html = (source.parent / "out" / "index.html").read_text()
    quiz = html[html.index('<section class="sq '):html.index("</section>")]
    # The quiz's JSON model (the runtime's input) is the one script allowed in it: with every "<" escaped,
    # the hostile text inside it cannot close it or open a tag.
    model = re.search(r'<script type="application/json" class="sq-model">(.*?)</script>', quiz, re.S)
    assert model and "<" not in model.group(1) and "\\u003c" in model.group(1)
    quiz = quiz.replace(model.group(0), "")
    for markup in ("<script", "<img", "<svg onload", "<b>", 'onerror="', 'href="javascript', 'src="data:'):
        assert markup not in quiz, f"{markup} reached the page as markup"
    assert "&lt;script&gt;window.pwned" in quiz  # shown as text instead


def test_every_internal_link_and_anchor_resolves(built_book):
    """A link check over the built HTML, with no network: files exist and #anchors are on them."""
    from urllib.parse import unquote, urldefrag, urlsplit

    from conftest import gate

    ids_of: dict[Path, set[str]] = {}

    def ids(page: Path) -> set[str]:
        if page not in ids_of:
            ids_of[page] = set(read_ids(page.read_text(encoding="utf-8")).ids)  # whichever quotes the markup used
        return ids_of[page]

    links, broken = 0, []
    for page in book_pages(built_book):
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]*)"', html):
            if urlsplit(target).scheme or target.startswith(("//", "mailto:")):
                continue  # external links are checked by EXTERNAL above: none may be loaded
            links += 1
            path, fragment = urldefrag(unquote(target))
            path = path.split("?")[0]
            resolved = (page.parent / path).resolve() if path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            where = f"{page.relative_to(built_book)} -> {target}"
            if not resolved.exists():
                broken.append(f"{where} (no such file)")
            elif fragment and resolved.suffix == ".html" and fragment not in ids(resolved):
                broken.append(f"{where} (no such anchor)")
    gate("links", f"{links} internal links and anchors checked, {len(broken)} broken")
    assert broken == []
