# SPDX-License-Identifier: MIT
"""One error type: a problem in the bank, a workshop plan, a progress file or the settings is a
CourseError whose `lines` are one line per problem, and the command line and the book build print
those same lines."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import make_scenario, sphinx_project, write_bank

from scenario_quiz.core.bank import BankError, load_bank
from scenario_quiz.core.errors import CourseError
from scenario_quiz.core.plans import PlanError, load_plan
from scenario_quiz.core.progress import ProgressError, parse_progress
from scenario_quiz.core.settings import SettingError, expand


def _bad_bank(folder):
    return write_bank(folder, {"01-x.yml": {"module": "01-x", "scenarios": [
        make_scenario("al-one", competency="no-such-skill"), make_scenario("al-two", title="")]}})


def _raise_bank(tmp_path):
    load_bank(_bad_bank(tmp_path / "bank"), tmp_path / "bank" / "refs.bib")


def _raise_plan(tmp_path):
    bank = load_bank(write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}}),
                     tmp_path / "bank" / "refs.bib")
    (tmp_path / "plan.yml").write_text("title: [unclosed\n  - and: a second line\n")  # YAML's message spans lines
    load_plan(tmp_path / "plan.yml", bank)


CASES = {
    "bank": (BankError, _raise_bank),
    "plan": (PlanError, _raise_plan),
    "progress": (ProgressError, lambda tmp_path: parse_progress("[]")),
    "settings": (SettingError, lambda tmp_path: expand("Ring {{ no_such_line }}.", {"crisis_line": "x"})),
}


@pytest.mark.parametrize("kind", CASES)
def test_every_kind_of_problem_is_a_course_error_of_one_line_each(tmp_path, kind):
    error_type, cause = CASES[kind]
    with pytest.raises(CourseError) as caught:
        cause(tmp_path)
    error = caught.value
    assert isinstance(error, error_type)
    assert error.lines and all(line.strip() and "\n" not in line for line in error.lines)
    assert str(error) == "\n".join(error.lines)
    assert len(error.lines) == len(error.problems)


def test_a_bank_error_keeps_its_located_problems(tmp_path):
    with pytest.raises(BankError) as caught:
        _raise_bank(tmp_path)
    assert [(p.scenario, p.field) for p in caught.value.problems] == [("al-one", "competency"), ("al-two", "title")]


def test_the_command_line_and_the_book_build_print_the_same_lines(tmp_path):
    with pytest.raises(BankError) as caught:
        _raise_bank(tmp_path)
    folder = _bad_bank(tmp_path / "cli")
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", str(folder), "--references",
                          str(folder / "refs.bib")], capture_output=True, text=True)
    printed = run.stderr.splitlines()
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert [line.split(": ", 1)[1] for line in printed[:2]] == [line.split(": ", 1)[1] for line in caught.value.lines]

    source = sphinx_project(tmp_path, "# Page\n", [make_scenario("al-one", competency="no-such-skill"),
                                                   make_scenario("al-two", title="")])
    # --keep-going: -W alone would stop at the first problem logged, and every line is wanted here.
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(source),
                            str(tmp_path / "out")], capture_output=True, text=True)
    logged = [line.split("scenario_quiz: ", 1)[1].split(": ", 1)[1] for line in build.stderr.splitlines()
              if "scenario_quiz: " in line and "01-x.yml" in line]
    assert build.returncode != 0 and "Traceback" not in build.stderr
    assert logged == [line.split(": ", 1)[1] for line in caught.value.lines]
