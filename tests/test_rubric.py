# SPDX-License-Identifier: MIT
"""The rubric of moves: one rating for one move everywhere, unless a scenario says why not."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError
from scenario_quiz.core.rubric import MIN_TAGGED, coverage, rubric_problems

RUBRIC = {"moves": [{"id": "treatment-advice", "name": "Advise on treatment", "rating": "harmful",
                     "reason": "Treatment belongs to the person and their team."}]}


@pytest.fixture(scope="module")
def course():
    return load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")


def _bank(tmp_path, **option_changes):
    scenario = make_scenario()
    scenario["options"][3].update(option_changes)  # "Tell her what to do.", rated harmful
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    (folder / "rubric.yml").write_text(yaml.safe_dump(RUBRIC))
    return folder


def test_a_tagged_option_keeps_its_moves_rating(tmp_path):
    assert load_bank(_bank(tmp_path, move="treatment-advice")).get("al-one").options[3].move == "treatment-advice"


@pytest.mark.parametrize("changes, message", [
    ({"move": "treatment-advice", "rating": "unhelpful"},
     "field 'options[3].rating': is 'unhelpful', but the rubric rates move 'treatment-advice' 'harmful'"),
    ({"move": "no-such-move"}, "field 'options[3].move': 'no-such-move' is not a move in rubric.yml"),
    ({"rubric_exception": "Because."}, "field 'options[3].rubric_exception': is given, but the option names no move"),
])
def test_a_move_rated_otherwise_without_a_reason_is_refused(tmp_path, changes, message):
    with pytest.raises(BankError, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        load_bank(_bank(tmp_path, **changes))
    assert "\n" not in str(caught.value)


def test_a_stated_exception_is_accepted(tmp_path):
    bank = load_bank(_bank(tmp_path, move="treatment-advice", rating="unhelpful",
                           rubric_exception="She asked what the group does, and nobody is changing anything."))
    assert bank.get("al-one").options[3].rating.value == "unhelpful"


def test_the_course_rubric_is_broad_and_used(course):
    assert len(course.rubric) >= 25
    tagged, total = coverage(course)
    assert 100 * tagged >= MIN_TAGGED * total, f"only {tagged} of {total} options name a move"
    assert rubric_problems(course) == []  # every option of a safety-critical scenario names a move
    used = {o.move for s in course.scenarios.values() for o in s.every_option if o.move}
    assert len(used) >= 25


def test_coverage_problems_name_the_scenario(tmp_path):
    folder = _bank(tmp_path)
    data = yaml.safe_load((folder / "01-x.yml").read_text())
    data["scenarios"][0]["safety_critical"] = True
    (folder / "01-x.yml").write_text(yaml.safe_dump(data))
    problems = rubric_problems(load_bank(folder))
    assert ("01-x", "al-one", "4 option(s) of this safety-critical scenario name no move; every option of a "
                              "safety-critical scenario needs one") in problems
    assert any("0 of 4 options (0%) name a move" in message for _, _, message in problems)


def test_the_rubric_page_shows_every_move(built_book, course):
    page = (built_book / "book" / "how-scenarios-are-rated.html").read_text(encoding="utf-8")
    assert page.count('<tr id="move-') == len(course.rubric)
    assert all(f'id="move-{move}"' in page for move in course.rubric)
