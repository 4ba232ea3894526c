# SPDX-License-Identifier: MIT
"""One cast: each name in the bank is one person, listed once in scenarios/cast.yml; one clear line per problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError
from scenario_quiz.core.cast import Person, cast_findings, load_cast

ROOT = Path(__file__).resolve().parents[1]

CAST = ("people:\n"
        "  - {name: Ruth, age: 58, diabetes: type 2, role: member, group: library}\n"
        "  - {name: Dr Shah, age: null, diabetes: null, role: GP, group: null}\n")


def _problems(tmp_path, scenario: dict, cast: str = CAST) -> list[str]:
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}, "cast.yml": cast})
    try:
        load_bank(folder)
    except BankError as exc:
        lines = str(exc).splitlines()
        assert all("Traceback" not in line for line in lines)
        return lines
    return []


def test_a_bank_that_keeps_its_cast_passes(tmp_path):
    situation = "At the library group, Ruth, 58, who has type 2 diabetes, stops talking. Dr Shah is away."
    assert _problems(tmp_path, make_scenario(situation=situation)) == []


@pytest.mark.parametrize(("situation", "expected"), [
    ("At the library group, Nadia, 42, stops talking.", r"01-x\.yml:\d+: scenario 'al-one', field 'situation': "
                                                         r"names Nadia, 42, who is not in the cast"),
    ("At the library group, Dr Okafor stops you.", r"field 'situation': names Dr Okafor, who is not in the cast"),
    ("At the library group, Ruth, 61, stops talking.", r"says Ruth is 61, but the cast's Ruth is 58"),
    ("At the library group, Ruth, 58, who has type 1 diabetes, stops.", r"says Ruth has type 1 diabetes"),
    ("After the group at the surgery, Ruth stops you.", r"puts Ruth at the surgery, but Ruth belongs to the group at "
                                                       r"the library"),
])
def test_each_break_of_the_cast_is_one_line_with_file_and_line(tmp_path, situation, expected):
    problems = _problems(tmp_path, make_scenario(situation=situation))
    assert len(problems) == 2 and problems[-1].endswith("problem(s) found. Nothing was changed.") or len(problems) == 1
    assert re.search(expected, problems[0]), problems


def test_a_name_in_feedback_is_found_and_checked(tmp_path):
    scenario = make_scenario(situation="At the library group, Ruth stops talking.")
    scenario["options"][1]["feedback"] = "Moving on leaves Ruth, 61, alone with it."
    assert any("options[1].feedback" in p and "Ruth is 61" in p for p in _problems(tmp_path, scenario))


def test_a_name_listed_twice_is_refused_with_its_line(tmp_path):
    cast = CAST + "  - {name: Ruth, age: 40, diabetes: type 1, role: member, group: café}\n"
    problems = _problems(tmp_path, make_scenario(), cast)
    assert any(re.match(r".*cast\.yml:4: 'Ruth' is already in the cast on line 2", p) for p in problems), problems


@pytest.mark.parametrize(("line", "expected"), [
    ("  - {name: ruth, age: 3, diabetes: type 2, role: member, group: null}", "must be one capitalised name"),
    ("  - {name: Ann, age: old, diabetes: type 2, role: member, group: null}", "age must be a whole number"),
    ("  - {name: Ann, age: 50, diabetes: type 3, role: member, group: null}", "diabetes must be one of"),
    ("  - {name: Ann, age: 50, diabetes: type 2, role: member, group: the moon}", "group 'the moon' must be one of"),
    ("  - {name: Ann, age: 50, diabetes: type 2, role: member, group: null, pet: cat}", "unknown field(s) pet"),
    ("  - [Ann, 50]", "each person is one line"),
])
def test_a_broken_cast_line_is_one_clear_line(line, expected):
    cast, problems = load_cast("people:\n" + line + "\n")
    assert cast == {} and len(problems) == 1 and problems[0][0] == 2 and expected in problems[0][1], problems


@pytest.mark.parametrize("text, expected", [
    ("people: [unclosed\n", "did not find expected"),
    ("people: " + "[" * 5000 + "]" * 5000, "nested more than 40 levels deep"),  # was a RecursionError
    ("ann: &ann {name: Ann}\npeople: [*ann]\n", "aliases (*name) are not allowed"),
    ("people:\n  - {name: Ann, name: Bea, age: 50, diabetes: type 2, role: member, group: null}\n", "given twice"),
])
def test_a_cast_that_is_not_yaml_is_one_line(text, expected):
    """The cast is read as the scenario files are: a hostile cast.yml is one line, never a traceback."""
    cast, problems = load_cast(text)
    assert cast == {} and len(problems) == 1 and problems[0][1].startswith("is not valid YAML"), problems
    assert expected in problems[0][1]


def test_a_bank_without_a_cast_file_checks_no_cast(bank_dir):
    load_bank(bank_dir)  # tests' small banks and older courses have no cast.yml


def test_the_course_has_one_cast_and_the_rule_raises_no_false_alarm(bank):
    """Every name in the course's cast is used, and the unknown-person rule flags nothing on the bank when
    every cast name is known (measured: 0 false alarms over the 194 scenarios). The `bank` fixture loaded
    the course's bank, which raises on any cast problem."""
    cast, problems = load_cast((ROOT / "scenarios" / "cast.yml").read_text(encoding="utf-8"))
    assert problems == [] and len(cast) >= 200
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "scenarios").glob("*.yml") if p.name != "cast.yml")
    # One pattern for every name: a search per name through the bank took most of this test's 3 s.
    used = set(re.findall(rf"(?<![\w-])({'|'.join(map(re.escape, sorted(cast, key=len, reverse=True)))})(?![\w-])",
                          text))
    # A name the pattern passed over (inside a longer one, "Shah" in "Dr Shah") is looked for on its own.
    unused = sorted(n for n in cast if n not in used and not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text))
    assert unused == [], f"in cast.yml but in no scenario: {unused}"
    loose = {n: Person(n, None, None, "member", None) for n in cast}
    alarms = [f for s in bank.scenarios.values() for f in cast_findings(loose, s)]
    assert alarms == []
