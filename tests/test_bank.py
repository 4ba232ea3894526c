# SPDX-License-Identifier: MIT
"""The loader accepts a valid bank and gives one clear line per problem in a broken one."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, make_scenario, write_bank

from scenario_quiz import BankError, Rating, load_bank


def load(folder):
    return load_bank(folder, folder / "refs.bib")


def test_valid_bank_loads(bank_dir):
    bank = load(bank_dir)
    assert list(bank.scenarios) == ["al-one", "sg-two"]
    assert bank.get("al-one").options[2].rating is Rating.PARTLY_HELPFUL
    assert bank.module_of["sg-two"] == "01-sample"
    assert bank.sources["samaritans-shush"] == "Samaritans. SHUSH listening tips."


def _without(key):
    scenario = make_scenario()
    del scenario[key]
    return scenario


def _option(index, **changes):
    scenario = make_scenario()
    scenario["options"][index].update(changes)
    return scenario


# (what is wrong, the scenario list, the one line we expect; "{f}" is the file name). The line is the
# field's own: in the dumped file the scenario starts on line 3, `competency` is on 7, `source: ref` on 9,
# `options:` on 11, each option takes three lines from 12 (text, rating, feedback), `review_by` is on 27,
# and a field added last lands on 28. A missing field gives the scenario's line.
MALFORMED = [
    ("missing field", [_without("question")], "{f}:3: scenario 'al-one', field 'question': is missing"),
    ("unknown rating", [_option(1, rating="great")],
     "{f}:16: scenario 'al-one', field 'options[1].rating': 'great' is not a rating; use one of: "
     "helpful, partly helpful, unhelpful, harmful"),
    ("unknown competency", [make_scenario(competency="listening")],
     "{f}:7: scenario 'al-one', field 'competency': unknown competency 'listening'; "
     "use one of: active-listening, safeguarding"),
    ("duplicate id", [make_scenario(), make_scenario()],
     "{f}:28: scenario 'al-one', field 'id': duplicate id: 'al-one' is already used in {f}"),
    ("too few options", [make_scenario(options=make_scenario()["options"][:2])],
     "{f}:11: scenario 'al-one', field 'options': has 2 option(s); a scenario needs 3 to 5"),
    ("too many options", [make_scenario(options=make_scenario()["options"] + make_scenario()["options"])],
     "{f}:11: scenario 'al-one', field 'options': has 8 options; a scenario needs 3 to 5"),
    ("no helpful option", [_option(0, rating="partly helpful")],
     "{f}:11: scenario 'al-one', field 'options': has no 'helpful' option; at least one option must be rated helpful"),
    ("empty feedback", [_option(2, feedback="   ")],
     "{f}:20: scenario 'al-one', field 'options[2].feedback': is empty"),
    ("misspelt field", [make_scenario(situaton="typo")],
     "{f}:28: scenario 'al-one', field 'situaton': is not a field of a scenario (check the spelling)"),
    ("bad id", [make_scenario("Al One")],
     "{f}:3: scenario 'Al One', field 'id': 'Al One' must be lower case letters, digits and single hyphens, "
     "e.g. al-long-silence"),
    ("unknown source", [make_scenario(source={"ref": "nobody2020"})],
     "{f}:9: scenario 'al-one', field 'source.ref': 'nobody2020' is not a key in {d}/refs.bib"),
    ("bad date", [make_scenario(review={"written_by": "a", "reviewed_by": "b", "review_by": "next year"})],
     "{f}:27: scenario 'al-one', field 'review.review_by': 'next year' is not a date; write it as YYYY-MM-DD"),
    ("number for text", [_option(0, text=42)],
     "{f}:12: scenario 'al-one', field 'options[0].text': should be text, not 42"),
    ("options not a list", [make_scenario(options="A, B or C")],
     "{f}:11: scenario 'al-one', field 'options': should be a list, not 'A, B or C'"),
]


@pytest.mark.parametrize("scenarios, expected", [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED])
def test_each_problem_is_one_clear_line(tmp_path, monkeypatch, scenarios, expected):
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
    with pytest.raises(BankError) as caught:
        load(folder)
    assert str(caught.value) == expected.format(f="bank/01-x.yml", d="bank")


@pytest.mark.parametrize("text, expected", [
    ("scenarios:\n  - &a {id: x}\n  - *a\n", "bank/01-x.yml:3: is not valid YAML: aliases (*name) are not allowed "
     "in the course's files; write the text out in full"),
    ("- just\n- a list\n", "bank/01-x.yml: field 'scenarios': needs a 'scenarios:' list at the top level"),
    ("scenarios:\n  - id: al-\x9b\n", "bank/01-x.yml: is not valid YAML: it contains the character U+009B, "
     "which YAML does not allow"),
])
def test_bad_yaml_is_one_clear_line(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {"01-x.yml": text})
    with pytest.raises(BankError) as caught:
        load(folder)
    assert str(caught.value) == expected


def test_yaml_syntax_error_names_the_line(tmp_path, monkeypatch):
    # The parser's own words differ between libyaml and pure-Python PyYAML; the place must not.
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {"01-x.yml": "scenarios:\n  - id: al-one\n    title: [unclosed\n"})
    with pytest.raises(BankError) as caught:
        load(folder)
    assert re.fullmatch(r"bank/01-x.yml:4: is not valid YAML: .*expected ',' or '\]'.*", str(caught.value))


def test_all_problems_are_reported_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {
        "01-x.yml": {"scenarios": [_without("title"), make_scenario("al-two", competency="nope")]},
        "02-y.yml": "scenarios: [\n",
    })
    with pytest.raises(BankError) as caught:
        load(folder)
    assert [p.file for p in caught.value.problems] == ["bank/01-x.yml", "bank/01-x.yml", "bank/02-y.yml"]
    assert [p.scenario for p in caught.value.problems][:2] == ["al-one", "al-two"]


def test_a_bad_competency_names_its_own_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [make_scenario()]}})
    (folder / "competencies.yml").write_text(
        "competencies:\n"
        "  - id: active-listening\n    name: Active listening\n    description: Listening well.\n"
        "  - id: safeguarding\n    description: Acting on risk.\n"
        "  - id: active-listening\n    name: Again\n    description: Twice.\n")
    with pytest.raises(BankError) as caught:
        load(folder)
    assert str(caught.value).splitlines() == [
        "bank/competencies.yml:5: scenario '#2', field 'name': is missing",  # the item's line: it has no name
        "bank/competencies.yml:7: field 'id': duplicate competency id 'active-listening'",
    ]


def test_check_command_exits_non_zero_with_one_line_per_problem(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [_option(1, rating="great")]}})
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", str(folder),
                          "--references", str(folder / "refs.bib")], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "bank/01-x.yml:15: scenario 'al-one', field 'options[1].rating': 'great' is not a rating; use one of: "
        "helpful, partly helpful, unhelpful, harmful",
        "1 problem(s) found. Nothing was changed.",
    ]
    assert "Traceback" not in run.stderr


def test_course_bank_passes_check():
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK: ")


def test_check_warns_about_reviews_due_and_thin_coverage(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [make_scenario()]}})
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", str(folder),
                          "--references", str(folder / "refs.bib"), "--today", "2027-02-01"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0  # warnings do not stop the build
    assert [line for line in run.stdout.splitlines() if line.startswith("Warning:")] == [
        f"Warning: {folder}/01-x.yml: scenario 'al-one': its review_by date 2027-01-31 has passed; review it, "
        "then set a new date",
        "Warning: competency 'active-listening' is trained by only 1 scenario(s); aim for at least 3",
        "Warning: competency 'safeguarding' is trained by only 0 scenario(s); aim for at least 3",
    ]
