# SPDX-License-Identifier: MIT
"""Element ids are unique on every page by construction: scenario ids that share a start
(`pr-base`, `pr-base-a`, `pr-base-title`), scenes named like the fixed parts of an id (`title`,
`why`, `x` and `x-a`) and scenarios named like a page-level id (`score-title`) never clash, and
every label and aria reference points at an element that is there."""

from __future__ import annotations

import pytest
from conftest import (
    ID_REFERENCES,
    book_pages,
    gate,
    id_problems,
    make_branching,
    make_scenario,
    read_ids,
    sphinx_build,
    sphinx_project,
    write_bank,
)

from scenario_quiz import load_bank
from scenario_quiz.markup.assessment import render_assessment
from scenario_quiz.markup.kit import render_cards
from scenario_quiz.markup.presenter import render_present_button, render_presenter
from scenario_quiz.markup.quiz import html_id, page_id, render_scenario, render_scoreboard

ALIKE = ["pr-base", "pr-base-a", "pr-base-title", "score-title", "result-title"]


def _option(text: str, rating: str, leads_to: str) -> dict:
    return {"text": text, "rating": rating, "feedback": f"Because: {text}", "next": leads_to}


def tricky_path(sid: str = "pr-path", **changes) -> dict:
    """A scenario in steps whose scene and ending ids look like the parts of other ids: under the
    old single-hyphen ids, scene `x-a` was option a of scene `x`, and ending `x-feedback` was the
    feedback box of scene `x`."""
    return make_branching(sid, start="x", scenes=[
        {"id": "x", "situation": "Start.", "question": "First?",
         "options": [_option("Go on", "helpful", "x-a"), _option("Go round", "unhelpful", "title")]},
        {"id": "x-a", "situation": "Next.", "question": "Then?",
         "options": [_option("Ask why", "helpful", "why"), _option("Stop", "unhelpful", "x-why-a")]},
        {"id": "title", "situation": "Round.", "question": "Now?",
         "options": [_option("Ask why", "helpful", "why"), _option("Stop", "harmful", "x-feedback")]},
        {"id": "why", "situation": "Why.", "question": "Last?",
         "options": [_option("Listen", "helpful", "good"), _option("Leave", "unhelpful", "x-feedback")]},
    ], endings=[{"id": "good", "title": "Good", "text": "Good."},
                {"id": "x-feedback", "title": "Cut short", "text": "Short."},
                {"id": "x-why-a", "title": "Stopped", "text": "Stopped."}], **changes)


def _rated(sid: str, form: str) -> dict:
    return make_scenario(sid, form=form, rate_every_option=True, safety_critical=True)


def test_scenarios_with_alike_ids_on_one_page_give_no_duplicate_id(tmp_path):
    scenarios = [make_scenario(sid) for sid in ALIKE] + [tricky_path()]
    page = f"# Page\n\n```{{scenario}} {' '.join(ALIKE)} pr-path\n```\n"
    source = sphinx_project(tmp_path, page, scenarios)
    run = sphinx_build(source)
    assert run.returncode == 0, run.stderr
    html = (source.parent / "out" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="sq-score"') == 1  # the scoreboard, whose heading a scenario is named like
    assert id_problems(html) == []


def test_every_kind_of_quiz_and_panel_together_gives_no_duplicate_id(tmp_path):
    """Every id the engine makes, at once: quizzes, scenes, endings, rate-every-option radios, "How
    sure are you?", the assessment's result, the scoreboard, role-play cards and the presenter."""
    roleplay = {"member": "You feel low.", "facilitator": "You run the group."}
    scenarios = ([make_scenario(sid, roleplay=roleplay) for sid in ALIKE] + [tricky_path()]
                 + [_rated(sid, "a") for sid in ("fa-rate", "fa-rate-a", "fa-rate-a-helpful")]
                 + [make_scenario("fa-one", form="a"), make_scenario("fa-one-sure", form="a"),
                    tricky_path("fa-path", form="a"), tricky_path("fa-path-scene", form="a")])
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": scenarios}})
    bank = load_bank(folder, folder / "refs.bib")
    on_page = [*ALIKE, "pr-path"]
    html = "".join([
        *(render_present_button(on_page, sid, "Page") + render_scenario(bank, sid) for sid in on_page),
        render_scoreboard(),
        render_assessment(bank, pass_mark=70, safety_gate=True, read_again={}, progress_url="progress.html"),
        render_cards(bank, {}), render_presenter(bank, [*on_page, "fa-path", "fa-rate"]),
    ])
    found = read_ids(html)
    assert html_id("fa-rate", "a", "partly-helpful") in found.ids  # the parts it checks are all there
    assert html_id("fa-path", "scene", "x", "sure", "fairly-sure") in found.ids
    assert html_id("pr-base", "card", "title") in found.ids
    assert page_id("result-title") in found.ids
    assert html_id("pr-base-title", "presenter") in found.ids and page_id("presenter-title") in found.ids
    assert id_problems(html) == []


@pytest.mark.parametrize("parts", [("al-one", "why--a"), ("al-one", ""), ("al--one",), ("al-one", "-a"),
                                   ("Al-one",), ("al-one", "a b")])
def test_a_part_that_could_blur_the_joins_is_refused(parts):
    with pytest.raises(ValueError, match="cannot be part of an element id"):
        html_id(*parts)


def test_page_ids_are_a_form_no_scenario_can_take():
    assert page_id("score-title") == "sq--score-title" != html_id("score-title")
    with pytest.raises(ValueError, match="cannot be part of an element id"):
        page_id("score--title")


@pytest.mark.parametrize("edition", ["built_book", "organiser_book"])
def test_every_page_has_unique_ids_and_labels_that_point_at_them(edition, request):
    """Both editions: the organiser's adds the role-play cards and the answer notes. Links to
    #anchors are checked by test_build.py, with the links to other pages."""
    book = request.getfixturevalue(edition)
    pages = book_pages(book)
    problems = [f"{page.relative_to(book)}: {problem}" for page in pages
                for problem in id_problems(page.read_text(encoding="utf-8"), ID_REFERENCES)]
    gate(f"ids ({edition.split('_')[0]})", f"{len(pages)} pages, {len(problems)} duplicate or dangling ids")
    assert problems == []
