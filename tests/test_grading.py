# SPDX-License-Identifier: MIT
"""Grading: totals, competency breakdowns and the safety-critical review list."""

from __future__ import annotations

import re

import pytest

from scenario_quiz import Rating, grade, load_bank


@pytest.fixture
def small_bank(bank_dir):
    return load_bank(bank_dir, bank_dir / "refs.bib")


def test_totals_and_breakdown(small_bank):
    report = grade(small_bank, {"al-one": "c", "sg-two": "a"})
    assert [(r.scenario_id, r.rating, r.points) for r in report.results] == [
        ("al-one", Rating.PARTLY_HELPFUL, 1), ("sg-two", Rating.HELPFUL, 2)]
    assert (report.answered, report.total, report.max_total) == (2, 3, 4)
    listening = report.by_competency["active-listening"]
    assert (listening.answered, listening.points, listening.max_points, listening.percent) == (1, 1, 2, 50.0)
    assert report.by_competency["safeguarding"].percent == 100.0
    assert report.safety_review == []


def test_unanswered_scenarios_count_but_score_nothing(small_bank):
    report = grade(small_bank, {"al-one": "a"}, ["al-one", "sg-two"])
    assert (report.answered, report.total, report.max_total) == (1, 2, 2)
    assert report.by_competency["safeguarding"].answered == 0
    assert report.by_competency["safeguarding"].percent is None


def test_harmful_answer_on_safety_critical_scenario_is_flagged(small_bank):
    report = grade(small_bank, {"al-one": "d", "sg-two": "d"})
    assert report.total == 0
    assert report.safety_review == ["sg-two"]  # al-one is not safety-critical


@pytest.mark.parametrize("answers, message", [
    ({"al-one": "z"}, "scenario 'al-one' has options a, b, c, d; 'z' is not one of them"),
    ({"al-one": ["a"]}, "scenario 'al-one' has options a, b, c, d; ['a'] is not one of them"),
    ({"nope": "a"}, "unknown scenario id(s): nope"),
])
def test_bad_answers_are_refused(small_bank, answers, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        grade(small_bank, answers)
