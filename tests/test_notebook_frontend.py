"""The ipywidgets front-end and the answer key use the engine's grading and escape YAML text."""

from __future__ import annotations

import pytest

from conftest import make_scenario, write_bank
from scenario_quiz import grade, load_bank
from scenario_quiz.notebook import Practice, answer_key, course_bank, report_table


@pytest.fixture
def bank(bank_dir):
    return load_bank(bank_dir, bank_dir / "refs.bib")


def test_live_quiz_gives_feedback_and_a_running_score(bank):
    quiz = Practice(bank, ["al-one", "sg-two"])
    assert "answered 0 of 2" in quiz.score.value
    sid, choices, button, feedback = quiz.items[0]
    button.click()  # nothing chosen yet
    assert "Choose one of the options first" in feedback.value
    choices.value = "c"
    button.click()
    assert "You chose C: Partly helpful" in feedback.value and "Kind, but closed." in feedback.value
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


def test_report_table_matches_the_engine(bank):
    report = grade(bank, {"al-one": "d", "sg-two": "d"}, ["al-one", "sg-two"])
    table = report_table(bank, report)
    assert "sg-two" in table and "<- review before you facilitate" in table
    assert "Total: 0 of 4 points (2 answered)" in table


def test_answer_key_lists_every_option_with_its_reason():
    bank = course_bank()
    module = "03-active-listening"
    html = answer_key(module).data
    for scenario in bank.in_module(module):
        assert f"data-answer-key='{scenario.id}'" in html
        for option in scenario.options:
            assert option.feedback.replace("'", "&#x27;").replace('"', "&quot;")[:30] in html


def test_live_quiz_walks_a_scenario_in_steps_and_saves_progress(tmp_path):
    from conftest import make_branching
    from scenario_quiz.progress import answers_to_grade, read_progress

    folder = write_bank(tmp_path / "b", {"01-x.yml": {"scenarios": [make_scenario(), make_branching()]}})
    bank = load_bank(folder, folder / "refs.bib")
    quiz = Practice(bank, ["al-one", "sg-path"])
    sid, choices, button, feedback = quiz.items[1]
    assert [label for label, _ in choices.options] == ["A. Ask gently", "B. Change the subject"]
    choices.value = "a"
    button.click()
    assert "You chose A: Helpful" in feedback.value and not button.disabled
    assert [label for label, _ in choices.options][0] == "A. Ask directly about suicide"  # the next scene
    choices.value = "c"
    button.click()
    assert "Ending: Dev gets help" in feedback.value and button.disabled
    assert "scored 3 of a possible 4 points" in quiz.score.value
    quiz.save(tmp_path / "me.json", nickname="Jo")
    progress = read_progress(tmp_path / "me.json")
    assert progress.nickname == "Jo" and answers_to_grade(bank, progress) == ({"sg-path": ["a", "c"]}, [])
