# SPDX-License-Identifier: MIT
"""The ipywidgets front-end and the answer key use the engine's grading and escape YAML text."""

from __future__ import annotations

import html as html_text
import re

import pytest
from conftest import make_branching, make_scenario, write_bank

from scenario_quiz import grade, load_bank
from scenario_quiz.notebook import Practice, answer_key, report_table


def said(markup: str) -> str:
    """What the reader reads in some HTML: its text, tags gone, spaces collapsed, entities decoded."""
    return html_text.unescape(" ".join(re.sub(r"<[^>]+>", " ", markup).split()))


@pytest.fixture
def small_bank(bank_dir):
    return load_bank(bank_dir, bank_dir / "refs.bib")


def test_live_quiz_gives_feedback_and_a_running_score(small_bank):
    quiz = Practice(small_bank, ["al-one", "sg-two"])
    assert "answered 0 of 2" in quiz.score.value
    sid, choices, button, feedback = quiz.items[0]
    button.click()  # nothing chosen yet
    assert "Choose one of the options first" in feedback.value
    choices.value = "c"
    button.click()
    assert "You chose C. Ask if she is OK. Partly helpful (1 of 2 points) Kind, but closed." in said(feedback.value)
    assert choices.disabled and button.disabled
    assert "answered 1 of 2 scenarios and scored 1 of a possible 2 points" in quiz.score.value
    quiz.answer("sg-two", "a")
    assert "answered 2 of 2 scenarios and scored 3 of a possible 4 points" in quiz.score.value


def test_live_quiz_escapes_yaml_text(tmp_path):
    hostile = make_scenario(title="<script>x()</script>")
    hostile["options"][1]["feedback"] = "<img src=x onerror=alert(1)>"
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"scenarios": [hostile]}})
    quiz = Practice(load_bank(folder, folder / "refs.bib"), ["al-one"])
    assert "<script>" not in quiz.widget.children[1].children[0].value
    assert "<img" not in quiz.answer("al-one", "b")


def test_report_table_matches_the_engine(small_bank):
    report = grade(small_bank, {"al-one": "d", "sg-two": "d"}, ["al-one", "sg-two"])
    table = report_table(small_bank, report)
    assert "sg-two" in table and "<- review before you facilitate" in table
    assert "Total: 0 of 4 points (2 answered)" in table


def test_answer_key_lists_every_option_with_its_reason(bank):
    module = "03-active-listening"
    html = answer_key(module).data
    for scenario in bank.in_module(module):
        assert f"data-answer-key='{scenario.id}'" in html
        for option in scenario.options:
            assert option.feedback[:30] in html_text.unescape(html)


def test_live_quiz_walks_a_scenario_in_steps_and_saves_progress(tmp_path):
    from scenario_quiz.core.progress import answers_to_grade, read_progress

    folder = write_bank(tmp_path / "b", {"01-x.yml": {"scenarios": [make_scenario(), make_branching()]}})
    small_bank = load_bank(folder, folder / "refs.bib")
    quiz = Practice(small_bank, ["al-one", "sg-path"])
    sid, choices, button, feedback = quiz.items[1]
    assert [label for label, _ in choices.options] == ["A. Ask gently", "B. Change the subject"]
    choices.value = "a"
    button.click()
    assert "You chose A. Ask gently Helpful (2 of 2 points)" in said(feedback.value) and not button.disabled
    assert [label for label, _ in choices.options][0] == "A. Ask directly about suicide"  # the next scene
    choices.value = "c"
    button.click()
    assert "Ending: Dev gets help" in feedback.value and button.disabled
    assert "scored 3 of a possible 4 points" in quiz.score.value
    quiz.save(tmp_path / "me.json", nickname="Jo")
    progress = read_progress(tmp_path / "me.json", small_bank.identity)
    assert progress.nickname == "Jo" and answers_to_grade(small_bank, progress) == ({"sg-path": ["a", "c"]}, [])


# ---- The final self-assessment: one form, shuffled options, confidence, the result from grading.py ----

@pytest.fixture
def final_bank(tmp_path):
    folder = write_bank(tmp_path / "final", {"11-final.yml": {"module": "11-final", "scenarios": [
        make_scenario("al-pick", form="a"),
        make_scenario("al-rate", rate_every_option=True, form="a"),
        make_scenario("sg-rate", "safeguarding", rate_every_option=True, safety_critical=True, form="a"),
        make_branching("sg-path", form="a"),
        make_scenario("al-other", form="b"),
    ]}})
    return load_bank(folder, folder / "refs.bib")


RIGHT = {"a": "helpful", "b": "unhelpful", "c": "partly helpful", "d": "harmful"}  # make_scenario's ratings


def drive(quiz, answers, confidence):
    for sid, answer in answers.items():
        quiz.answer(sid, answer, confidence=confidence[sid])


def test_final_form_result_is_grade_assessments(final_bank):
    from scenario_quiz.core.forms import forms
    from scenario_quiz.core.grading import grade_assessment
    from scenario_quiz.notebook import Assessment

    quiz = Assessment(final_bank, "a", seed=1)
    assert quiz.ids == forms(final_bank)["a"] and "al-other" not in quiz.items
    answers = {"al-pick": "b", "al-rate": {**RIGHT, "a": "unhelpful", "b": "harmful", "c": "harmful"},
               "sg-rate": RIGHT, "sg-path": ["a", "c"]}
    confidence = {"al-pick": "guessing", "al-rate": "sure", "sg-rate": "fairly-sure", "sg-path": "sure"}
    drive(quiz, dict(list(answers.items())[:3]), confidence)
    assert quiz.outcome.value == "" and "answered 3 of 4" in quiz.status.value
    drive(quiz, {"sg-path": ["a", "c"]}, confidence)
    expected = grade_assessment(final_bank, forms(final_bank)["a"], answers, 70, True, confidence)
    assert quiz.result() == expected and expected.talk_through == ["al-rate", "al-pick"]
    shown = quiz.outcome.value
    assert f"You scored {expected.total} of {expected.max_total} points" in shown
    assert shown.index("<code>al-rate</code> (you felt sure") < shown.index("<code>al-pick</code>")
    assert Assessment(final_bank, "a", pass_mark=95).result().points_to_pass == \
        grade_assessment(final_bank, quiz.ids, {}, 95).points_to_pass


def test_a_harmful_option_rated_helpful_blocks_the_pass(final_bank):
    from scenario_quiz.notebook import Assessment

    answers = {"al-pick": "a", "al-rate": RIGHT, "sg-rate": {**RIGHT, "d": "helpful"}, "sg-path": ["a", "a"]}
    confidence = dict.fromkeys(answers, "sure")
    quiz = Assessment(final_bank, "a", seed=2)
    drive(quiz, answers, confidence)
    result = quiz.result()
    assert result.points_met and not result.passed and result.safety_slips == ["sg-rate"]
    assert "Go over these before you facilitate" in quiz.outcome.value
    assert "does not meet the pass mark yet" in quiz.outcome.value
    ungated = Assessment(final_bank, "a", safety_gate=False)
    drive(ungated, answers, confidence)
    assert ungated.result().passed and "This meets the pass mark." in ungated.outcome.value


def test_rating_every_option_by_the_widgets(final_bank):
    from scenario_quiz.notebook import Assessment

    quiz = Assessment(final_bank, "a", seed=3)
    item = quiz.items["sg-rate"]
    item["button"].click()
    assert "Rate every option first" in item["feedback"].value
    for key, box in item["ratings"].items():
        box.value = {**RIGHT, "d": "helpful", "b": "harmful"}[key]
    item["button"].click()
    assert "Say how sure you are first" in item["feedback"].value and "sg-rate" not in quiz.answers
    item["sure"].value = "sure"
    item["button"].click()
    feedback = item["feedback"].value
    assert "Your ratings score 5 of 8 points" in feedback and "rated a harmful option helpful" in feedback
    assert "<td>Harmful</td><td>Unhelpful</td><td>1 of 2</td><td>It moves on too fast.</td>" in feedback  # b
    assert "<td>Helpful</td><td>Harmful</td><td>0 of 2</td><td>Advice, not support.</td>" in feedback  # d
    assert item["button"].disabled and all(box.disabled for box in item["ratings"].values())
    assert quiz.answers["sg-rate"]["d"] == "helpful" and quiz.confidence["sg-rate"] == "sure"


def test_confidence_is_required_once_per_scenario(final_bank):
    from scenario_quiz.notebook import Assessment

    quiz = Assessment(final_bank, "a", seed=4)
    with pytest.raises(ValueError, match="say how sure you are"):
        quiz.answer("al-pick", "a")
    with pytest.raises(ValueError, match="say how sure you are"):
        quiz.answer("al-rate", RIGHT, confidence="certain")
    with pytest.raises(ValueError, match="say how sure you are"):
        quiz.answer("sg-path", "a")
    assert quiz.answers == {}
    item = quiz.items["sg-path"]  # in steps: asked at the first scene only
    item["choices"].value = "a"
    item["button"].click()
    assert "Say how sure you are first" in item["feedback"].value
    item["sure"].value = "guessing"
    item["button"].click()
    assert "Ask directly about suicide" in str(item["choices"].options) and item["sure"].disabled
    item["choices"].value = "c"
    item["button"].click()
    assert "Ending: Dev gets help" in item["feedback"].value and "scores 3 of 4 points" in item["feedback"].value
    assert quiz.answers["sg-path"] == ["a", "c"] and quiz.confidence["sg-path"] == "guessing"


def test_options_are_shuffled_but_keep_the_courses_letters(final_bank):
    from scenario_quiz.notebook import Assessment

    orders = {seed: Assessment(final_bank, "a", seed=seed).order["al-pick", ""] for seed in range(6)}
    assert len({tuple(order) for order in orders.values()}) > 1  # the order changes between attempts
    quiz = Assessment(final_bank, "a", seed=5)
    assert quiz.order == Assessment(final_bank, "a", seed=5).order  # and a seed makes it reproducible
    options = quiz.items["al-pick"]["choices"].options
    assert [label[0] for label, _ in options] == ["A", "B", "C", "D"]
    assert [value for _, value in options] == [chr(ord("a") + i) for i in quiz.order["al-pick", ""]]
    shown_as, course_letter = options[0][0][0], options[0][1]
    quiz.items["al-pick"]["choices"].value = course_letter
    quiz.items["al-pick"]["sure"].value = "sure"
    quiz.items["al-pick"]["button"].click()
    assert said(quiz.items["al-pick"]["feedback"].value).startswith(f"You chose {shown_as}. ")
    assert quiz.answers["al-pick"] == course_letter  # saved with the course's own letter


def test_final_form_saves_progress_version_2(final_bank, tmp_path):
    import json

    from scenario_quiz.core.grading import grade_assessment
    from scenario_quiz.core.progress import answers_to_grade, read_progress
    from scenario_quiz.notebook import Assessment

    quiz = Assessment(final_bank, "a", seed=6)
    answers = {"al-pick": "c", "sg-rate": {**RIGHT, "a": "partly helpful"}, "sg-path": ["b"]}
    drive(quiz, answers, {"al-pick": "sure", "sg-rate": "guessing", "sg-path": "fairly-sure"})
    quiz.save(tmp_path / "final.json", nickname="Sam")
    assert json.loads((tmp_path / "final.json").read_text())["version"] == 2
    progress = read_progress(tmp_path / "final.json", final_bank.identity)
    assert progress.form == "a" and progress.nickname == "Sam"
    assert progress.confidence == {"al-pick": "sure", "sg-rate": "guessing", "sg-path": "fairly-sure"}
    assert progress.answers["sg-rate"].answer == answers["sg-rate"]
    assert answers_to_grade(final_bank, progress) == (answers, [])
    again = grade_assessment(final_bank, quiz.ids, answers, 70, True, progress.confidence)
    assert again == quiz.result()


def test_module_practice_saves_version_2_without_confidence(small_bank, tmp_path):
    import json

    quiz = Practice(small_bank, ["al-one", "sg-two"])
    quiz.answer("al-one", "a")
    quiz.save(tmp_path / "me.json")
    saved = json.loads((tmp_path / "me.json").read_text())
    assert saved["version"] == 2 and "form" not in saved and "confidence" not in saved["answers"]["al-one"]


def test_practise_the_final_needs_a_form():
    from scenario_quiz.notebook import practise

    with pytest.raises(ValueError, match='form="a"'):
        practise("final")
    with pytest.raises(ValueError, match="no form 'c'"):
        practise(form="c")


def test_answer_key_covers_rate_every_option_scenarios(bank):
    from scenario_quiz.core.forms import forms
    from scenario_quiz.core.grading import item_kind
    from scenario_quiz.markup.quiz import RATING_LABELS

    rated = [sid for ids in forms(bank).values() for sid in ids if item_kind(bank.get(sid)) == "rate"]
    assert rated, "the course has no rate-every-option scenario to check"
    html = answer_key(rated[:3]).data
    for sid in rated[:3]:
        assert f"data-answer-key='{sid}'" in html
        for option in bank.get(sid).options:
            assert f"{RATING_LABELS[option.rating]} (" in said(html)
            assert option.feedback[:30] in html_text.unescape(html)
    assert "the trainee rates every option" in html
