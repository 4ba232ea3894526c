# SPDX-License-Identifier: MIT
"""Items that measure judgement: the cue report, contrast pairs, the final forms and their scoring rules."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, make_branching, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError
from scenario_quiz.core.cues import LIMIT, MIN_QUESTIONS, cue_report
from scenario_quiz.core.forms import FORM_SIZE, contrast_pairs, form_problems, forms
from scenario_quiz.core.grading import (
    CONFIDENCE,
    PATH_MAX_POINTS,
    complete_paths,
    grade_assessment,
    rating_credit,
)
from scenario_quiz.core.identity import NEUTRAL
from scenario_quiz.core.model import Rating
from scenario_quiz.core.progress import ProgressError, answers_to_grade, read_progress, write_progress
from scenario_quiz.core.settings import neutral_settings


@pytest.fixture(scope="module")
def course():
    return load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")


# ---- The cue report ----

def test_no_guesser_that_skips_the_situation_scores_over_the_limit():
    # As `check` judges them: every setting read as its name, so no nation's wording counts.
    report = cue_report(load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib", neutral_settings(ROOT)))
    assert [g.name for g in report.groups] == ["the whole bank", "final form A", "final form B"]
    assert report.over_limit() == [], "\n".join(report.lines(detail=True))


def test_cue_report_catches_a_bank_where_the_helpful_option_is_longest(tmp_path):
    scenarios = []
    for n in range(6):
        s = make_scenario(f"al-long-{n}")
        s["options"][0]["text"] = "Wait quietly, keep your attention on her, and let her go on when she is ready."
        scenarios.append(s)
    bank = load_bank(write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}}))
    report = cue_report(bank)
    assert report.groups[0].scores["longest"] == 100
    assert report.groups[0].scores["shortest"] == 50  # "Ask if she is OK." is partly helpful
    assert report.over_limit() == []  # six questions are too few to hold to the limit
    assert report.groups[0].items < MIN_QUESTIONS
    assert {item.scenario for item, _ in report.stand_outs} == {s["id"] for s in scenarios}


# ---- Contrast pairs ----

def test_the_bank_has_at_least_twenty_contrast_pairs(course):
    pairs = contrast_pairs(course)
    assert len(pairs) >= 20
    for one, other in pairs:
        helpful = {o.text for o in course.get(one).options if o.rating is Rating.HELPFUL}
        assert helpful.isdisjoint({o.text for o in course.get(other).options if o.rating is Rating.HELPFUL})


def _pair(tmp_path, second_changes: dict, first_contrast: str | None = "al-two"):
    first = make_scenario("al-one", contrast=first_contrast) if first_contrast else make_scenario("al-one")
    second = make_scenario("al-two", contrast="al-one")
    for index, rating in second_changes.items():
        second["options"][index]["rating"] = rating
    return write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [first, second]}})


def test_a_contrast_pair_that_flips_is_accepted(tmp_path):
    bank = load_bank(_pair(tmp_path, {0: "unhelpful", 1: "helpful"}))
    assert contrast_pairs(bank) == [("al-one", "al-two")]


@pytest.mark.parametrize("changes, first_contrast, message", [
    ({}, "al-two", "is helpful here and helpful in 'al-two'"),
    ({0: "unhelpful", 1: "helpful"}, None, "'al-one' must name 'al-two' back"),
    ({0: "unhelpful", 1: "helpful"}, "al-nowhere", "names 'al-nowhere', which is not another scenario"),
])
def test_a_contrast_pair_that_does_not_flip_is_refused(tmp_path, changes, first_contrast, message):
    with pytest.raises(BankError, match=message):
        load_bank(_pair(tmp_path, changes, first_contrast))


def test_a_contrast_pair_needs_nearly_the_same_options(tmp_path):
    folder = _pair(tmp_path, {0: "unhelpful", 1: "helpful"})
    data = (folder / "01-x.yml").read_text().replace("Ask if she is OK.", "Ring her daughter straight away.", 1)
    (folder / "01-x.yml").write_text(data.replace("Tell her what to do.", "Leave the room.", 1))
    with pytest.raises(BankError, match="options match an option of"):
        load_bank(folder)


# ---- The final forms ----

def test_the_course_has_two_fair_parallel_forms(course):
    every = forms(course)
    assert sorted(every) == ["a", "b"]
    assert list(form_problems(course)) == []
    for ids in every.values():
        assert len(ids) >= FORM_SIZE
        assert {course.get(sid).competency for sid in ids} == set(course.competencies)
        assert 3 * sum(course.get(sid).safety_critical for sid in ids) >= len(ids)
        assert sum(getattr(course.get(sid), "rate_every_option", False) for sid in ids) * 2 >= len(ids)
        assert {course.module_of[sid] for sid in ids} == {"11-final-self-assessment"}


def test_form_problems_name_what_is_missing(tmp_path):
    scenarios = [make_scenario("al-one", form="a", rate_every_option=True), make_scenario("sg-two", "safeguarding",
                                                                                         form="b")]
    bank = load_bank(write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}}))
    messages = [message for _, _, message in form_problems(bank)]
    assert f"form A has 1 scenarios; it needs at least {FORM_SIZE}" in messages
    assert "form A has no scenario for: safeguarding" in messages
    assert "form B asks to rate every option in 0 of 1; at least half are needed" in messages
    assert "form A has 0 scenario(s) in steps; it needs at least 2" in messages
    assert "forms A and B are not matched by competency: they differ on active-listening, safeguarding" in messages


# ---- Scoring rules (all in grading.py) ----

@pytest.fixture
def final_bank(tmp_path):
    scenarios = [
        make_scenario("al-one"),  # choose one: a helpful, b unhelpful, c partly, d harmful
        make_scenario("al-rate", rate_every_option=True, form="a"),
        make_scenario("sg-rate", "safeguarding", rate_every_option=True, form="a", safety_critical=True),
        make_branching("sg-path", form="a"),
    ]
    return load_bank(write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}}))


def test_rating_credit_gives_half_for_a_near_miss():
    scale = list(Rating)
    table = [[rating_credit(actual, given) for given in scale] for actual in scale]
    assert table == [[2, 1, 0, 0], [1, 2, 1, 0], [0, 1, 2, 1], [0, 0, 1, 2]]


EXACT = {"a": "helpful", "b": "unhelpful", "c": "partly helpful", "d": "harmful"}


def test_rate_every_option_scores_each_rating(final_bank):
    near = {"a": "partly helpful", "b": "harmful", "c": "partly helpful", "d": "helpful"}
    result = grade_assessment(final_bank, ["al-rate"], {"al-rate": near}, 70)
    assert (result.items[0].points, result.items[0].max_points) == (1 + 1 + 2 + 0, 8)
    assert result.safety_slips == []  # al-rate is not safety-critical


def test_rating_a_harmful_option_helpful_on_a_safety_critical_scenario_trips_the_gate(final_bank):
    ids = ["al-rate", "sg-rate"]
    answers = {"al-rate": EXACT, "sg-rate": {**EXACT, "d": "helpful"}}
    result = grade_assessment(final_bank, ids, answers, 70)
    assert result.total == 8 + 6 and result.points_met
    assert result.safety_slips == ["sg-rate"] and not result.passed
    assert grade_assessment(final_bank, ids, answers, 70, safety_gate=False).passed


def test_paths_are_scored_on_a_fixed_scale(final_bank):
    paths = complete_paths(final_bank.get("sg-path"))
    assert paths == {("a", "a"): (4, False), ("a", "b"): (2, False), ("a", "c"): (3, False), ("b",): (0, True)}
    result = grade_assessment(final_bank, ["sg-path"], {"sg-path": ["b"]}, 70)
    assert result.items[0].max_points == PATH_MAX_POINTS and result.safety_slips == ["sg-path"]
    with pytest.raises(ValueError, match="is not a path from the start to an ending"):
        grade_assessment(final_bank, ["sg-path"], {"sg-path": ["a"]}, 70)


def test_confident_and_wrong_answers_come_first(final_bank):
    ids = ["al-one", "al-rate", "sg-path"]
    answers = {"al-one": "b", "al-rate": {k: "harmful" for k in EXACT}, "sg-path": ["a", "b"]}
    confidence = {"al-one": "guessing", "al-rate": "sure", "sg-path": "fairly-sure"}
    result = grade_assessment(final_bank, ids, answers, 70, confidence=confidence)
    assert result.talk_through == ["al-rate", "al-one"]  # sg-path scored half: not missed
    assert [i.confident_and_wrong for i in result.items] == [False, True, False]


def test_an_attempt_passes_only_when_complete(final_bank):
    ids = ["al-one", "al-rate"]
    assert not grade_assessment(final_bank, ids, {"al-one": "a"}, 50).passed
    assert grade_assessment(final_bank, ids, {"al-one": "a", "al-rate": EXACT}, 50).passed


@pytest.mark.parametrize("answer, message", [
    ({"a": "helpful"}, "give one for each of a, b, c, d"),
    ({**EXACT, "a": "great"}, "a rating must be one of"),
    ("a", "give one for each of a, b, c, d"),
])
def test_bad_rate_answers_are_refused(final_bank, answer, message):
    with pytest.raises(ValueError, match=message):
        grade_assessment(final_bank, ["al-rate"], {"al-rate": answer}, 70)


def test_confidence_must_be_one_of_three(final_bank):
    assert CONFIDENCE == ("sure", "fairly-sure", "guessing")
    with pytest.raises(ValueError, match="confidence 'very' is not one of"):
        grade_assessment(final_bank, ["al-one"], {"al-one": "a"}, 70, confidence={"al-one": "very"})


# ---- Progress file version 2 ----

def test_progress_v2_round_trip_with_ratings_form_and_confidence(final_bank, tmp_path):
    path = tmp_path / "me.json"
    write_progress(path, final_bank, {"al-one": "a", "al-rate": EXACT, "sg-path": ["a", "c"]}, nickname="Sam",
                   confidence={"al-rate": "sure"}, form="a")
    data = json.loads(path.read_text())
    assert data["version"] == 2 and data["form"] == "a"
    assert data["answers"]["al-rate"]["ratings"] == EXACT and data["answers"]["al-rate"]["confidence"] == "sure"
    progress = read_progress(path)
    answers, notes = answers_to_grade(final_bank, progress)
    assert notes == [] and answers["al-rate"] == EXACT and progress.confidence == {"al-rate": "sure"}


def test_progress_v1_files_are_migrated(final_bank, tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": NEUTRAL.progress_format, "version": 1,
                                "answers": {"al-one": {"choice": "a", "version": "0123abcd"}}}))
    progress = read_progress(path)
    assert progress.version == 2 and progress.form is None and progress.answers["al-one"].choice == "a"


@pytest.mark.parametrize("answer, reason", [
    ({"choice": "a", "ratings": {"a": "helpful"}, "version": "0123abcd"}, "exactly one of"),
    ({"ratings": {"a": "brilliant"}, "version": "0123abcd"}, "ratings"),
    ({"choice": "a", "version": "0123abcd", "confidence": "very"}, "confidence"),
])
def test_bad_v2_answers_are_refused_with_one_line(tmp_path, answer, reason):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": NEUTRAL.progress_format, "version": 2,
                                "answers": {"al-one": answer}}))
    with pytest.raises(ProgressError, match=reason) as caught:
        read_progress(path)
    assert "\n" not in str(caught.value)


def test_a_choice_given_for_a_rate_scenario_is_set_aside(final_bank, tmp_path):
    path = tmp_path / "me.json"
    write_progress(path, final_bank, {"al-one": "a"})
    data = json.loads(path.read_text())
    version = write_progress(tmp_path / "x.json", final_bank, {"al-rate": EXACT}).answers["al-rate"].version
    data["answers"]["al-rate"] = {"choice": "a", "version": version}
    path.write_text(json.dumps(data))
    answers, notes = answers_to_grade(final_bank, read_progress(path))
    assert "al-rate" not in answers and notes == ["'al-rate' was answered in the wrong shape"]


def test_check_fails_when_a_guesser_scores_over_the_limit(tmp_path, capsys):
    from scenario_quiz.organiser.cli import main

    scenarios = []
    for n in range(MIN_QUESTIONS):
        s = make_scenario(f"al-long-{n}")
        s["options"][0]["text"] = "Wait quietly, keep your attention on her, and let her go on when she is ready."
        scenarios.append(s)
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
    assert main(["check", "--bank", str(folder), "--references", str(folder / "refs.bib")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{folder}: cue report: the longest guesser scores 100% on the whole bank (limit {LIMIT}%); rewrite the " \
           "options listed by `check --cues`" in err
    assert err[-1] == f"{len(err) - 1} problem(s) found. Nothing was changed."


def test_a_safety_critical_scenario_needs_a_harmful_option(tmp_path):
    """The safety gate looks for a harmful choice: a safety-critical scenario without one is refused."""
    scenario = make_scenario("sg-two", "safeguarding", safety_critical=True)
    scenario["options"][3]["rating"] = "unhelpful"
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    with pytest.raises(BankError, match="field 'safety_critical': is true, but no option is rated harmful"):
        load_bank(folder)
