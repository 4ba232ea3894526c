# SPDX-License-Identifier: MIT
"""Scenarios on paper (printed.py, and print mode in the book: sphinx_print.py): the question where it
is read, with nothing to press, and the answer at the back. Fast: no browser, no book build."""

from __future__ import annotations

import re

from conftest import HOSTILE, make_branching, make_scenario, sphinx_build, sphinx_project, write_bank

from scenario_quiz import load_bank
from scenario_quiz.markup.printed import PAGE_PLACEHOLDER, render_answer_print, render_scenario_print
from scenario_quiz.markup.quiz import html_id

CONTROLS = re.compile(r"<(input|button|form|select|textarea|details|script)\b", re.I)


def bank_of(tmp_path, scenarios):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
    return load_bank(folder, folder / "refs.bib")


def test_a_printed_scenario_asks_with_lettered_options_and_points_to_its_answer(tmp_path):
    bank = bank_of(tmp_path, [make_scenario("al-one")])
    question = render_scenario_print(bank, "al-one", "3.4", heading_level=4)
    assert CONTROLS.search(question) is None
    assert "data-scenario" not in question  # so the page gets no quiz script
    assert '<h4 class="sq-title"' in question and "Scenario 3.4: </span>A pause after hard news" in question
    assert [m for m in re.findall(r'<span class="sq-letter">([A-E])\.</span>', question)] == ["A", "B", "C", "D"]
    answer_link = f'href="#{html_id("al-one", "answer")}">Answer: page <span class="page-number">{PAGE_PLACEHOLDER}'
    assert answer_link in question
    for option in bank.get("al-one").options:  # nothing of the answer beside the question
        assert option.feedback not in question
    assert "Helpful" not in question


def test_its_answer_gives_every_option_its_rating_points_and_why(tmp_path):
    bank = bank_of(tmp_path, [make_scenario("al-one")])
    answer = render_answer_print(bank, "al-one", "3.4")
    assert f'id="{html_id("al-one", "answer")}"' in answer and "Scenario 3.4: </span>" in answer
    assert f'href="#{html_id("al-one")}">Question: page' in answer
    for option in bank.get("al-one").options:
        assert option.text in answer and option.feedback in answer
    assert re.findall(r"sq-rating--([a-z-]+)", answer) == ["helpful", "unhelpful", "partly-helpful", "harmful"]
    assert "(2 points)" in answer and "(1 point)" in answer


def test_rating_every_option_asks_for_a_rating_and_gives_no_points(tmp_path):
    bank = bank_of(tmp_path, [make_scenario("al-one")])
    assert "Rate every option" in render_scenario_print(bank, "al-one", "A.1", rate_every_option=True)
    answer = render_answer_print(bank, "al-one", "A.1", rate_every_option=True)
    assert "point" not in answer and "Helpful" in answer


def test_a_scenario_in_steps_prints_every_step_and_ending_with_where_each_option_goes(tmp_path):
    path = make_branching("sg-path")
    path["scenes"].reverse()  # the file may list the first scene anywhere: it still prints as step 1
    bank = bank_of(tmp_path, [path])
    question = render_scenario_print(bank, "sg-path", "7.2")
    assert CONTROLS.search(question) is None
    steps = re.findall(r'class="sq-print-step-title">([^<]*)<', question)
    assert steps == ["Step 1", "Step 2", "Ending 1: Dev gets help", "Ending 2: Dev leaves"]
    assert question.index("Dev says he sees no point.") < question.index("Dev says more.")
    assert re.findall(r"Go to ([a-z]+ \d)\.", question) == ["step 2", "ending 2", "ending 1", "ending 2", "ending 1"]
    answer = render_answer_print(bank, "sg-path", "7.2")
    assert "Step 1: What do you say?" in answer and "Step 2: What now?" in answer
    assert answer.count("Goes to ") == 5
    for option in bank.get("sg-path").every_option:
        assert option.feedback in answer and option.feedback not in question


def test_printed_text_from_the_bank_is_escaped(tmp_path):
    bank = bank_of(tmp_path, [HOSTILE])
    printed = render_scenario_print(bank, "al-hostile", "1.1") + render_answer_print(bank, "al-hostile", "1.1")
    assert not re.search(r"<(script|img|b)\b|<svg onload", printed, re.I)  # the rating icons are the only svg
    assert 'href="javascript' not in printed.lower()


def test_print_mode_numbers_the_scenarios_and_puts_the_answers_at_the_end(tmp_path):
    page = "# Module\n\n## Scenarios\n\n```{scenario} al-one sg-path\n```\n\n## Key points\n\nListen first.\n"
    source = sphinx_project(tmp_path, page, [make_scenario("al-one"), make_branching("sg-path")])
    (source / "conf.py").write_text((source / "conf.py").read_text() + "scenario_print = True\n")
    run = sphinx_build(source)
    assert run.returncode == 0, run.stdout + run.stderr
    html = (source.parent / "out" / "index.html").read_text()
    body = html[html.index('<div class="body"'):]
    assert CONTROLS.search(body.split('<div class="sphinxsidebar"')[0]) is None
    assert "scenario-quiz.js" not in html and "scenario-quiz.css" in html
    # One level below "Scenarios" (h2); numbered in page order; the answers after everything else.
    answers = body.index('id="sq--answers"')
    assert re.findall(r'<h3 class="sq-title"[^>]*><span class="sq-kicker">(Scenario \d+): ', body[:answers]) == [
        "Scenario 1", "Scenario 2"]
    assert body.index("Key points") < answers < body.index(f'id="{html_id("al-one", "answer")}"')
    assert body.index(f'id="{html_id("al-one", "answer")}"') < body.index(f'id="{html_id("sg-path", "answer")}"')
    assert "Silence gives room." in body[answers:] and "Silence gives room." not in body[:answers]
