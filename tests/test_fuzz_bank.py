# SPDX-License-Identifier: MIT
"""Property-based fuzzing of the loader: whatever a scenario file holds, the result is either a
valid bank or a BankError whose every line names the file (and, for a scenario's problem, the
scenario and the field). Never another exception, never a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import gate, make_scenario, write_bank
from scenario_quiz import BankError, load_bank

FIELDS = ["id", "title", "situation", "question", "competency", "options", "source", "review", "safety_critical"]
ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), ODD_TEXT,
    st.just("x" * 20_000),  # a huge string (the cap is 3,000)
    st.just("\u202e\u0000\ufeff\U0001f600 café"),  # direction override, NUL, BOM, emoji
    st.lists(st.integers(), max_size=3), st.dictionaries(ODD_TEXT, st.integers(), max_size=3),
)


@st.composite
def broken_scenario(draw) -> dict:
    scenario = make_scenario(f"al-{draw(st.integers(0, 3))}")
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["drop", "junk", "extra", "option-junk", "option-drop", "rating"]))
        if action == "drop":
            scenario.pop(draw(st.sampled_from(FIELDS)), None)
        elif action == "junk":
            scenario[draw(st.sampled_from(FIELDS))] = draw(JUNK)
        elif action == "extra":
            scenario[draw(ODD_TEXT)] = draw(JUNK)
        elif isinstance(scenario.get("options"), list) and scenario["options"]:
            option = scenario["options"][draw(st.integers(0, len(scenario["options"]) - 1))]
            if not isinstance(option, dict):
                continue
            if action == "option-junk":
                option[draw(st.sampled_from(["text", "rating", "feedback"]))] = draw(JUNK)
            elif action == "option-drop":
                option.pop(draw(st.sampled_from(["text", "rating", "feedback"])), None)
            else:
                option["rating"] = draw(st.sampled_from(["Helpful", "great", "partly", "", "HARMFUL"]))
    return scenario


RAW_FILES = st.one_of(
    ODD_TEXT,
    st.just("a: &a [1, 2]\nb: *a\n"),  # aliases
    st.just("lol: &l ['lol','lol']\n" + "".join(f"l{i}: &l{i} [*l{i - 1 if i > 1 else ''}]\n" for i in range(1, 9))),
    st.integers(1, 3000).map(lambda n: "scenarios: " + "[" * n + "]" * n),  # deep nesting
    st.just("scenarios:\n  - id: al-1\n\ttitle: tab\n"),
    st.just("\ufeffscenarios: []\n"),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


def check_outcome(folder: Path) -> None:
    try:
        load_bank(folder, folder / "refs.bib")
    except BankError as error:
        assert error.problems
        for problem in error.problems:
            line = str(problem)
            assert "\n" not in line and "Traceback" not in line
            assert line.startswith(problem.file) and problem.file.endswith(".yml")
            if problem.scenario:
                assert f"scenario '{problem.scenario}'" in line and len(problem.scenario) <= 80
            if problem.field:
                assert f"field '{problem.field}'" in line


SETTINGS = settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(broken_scenario(), min_size=1, max_size=4))
def test_broken_scenarios_give_clear_errors(scenarios):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bank(Path(tmp), {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
        check_outcome(folder)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(RAW_FILES)
def test_any_file_content_gives_clear_errors(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bank(Path(tmp), {"01-x.yml": text})
        check_outcome(folder)


def test_fuzz_case_count_is_reported():
    cases = SETTINGS.max_examples + 150
    gate("fuzz", f"{cases} generated malformed scenario files, each one clear line per problem")
    assert cases >= 500


def test_yaml_bomb_is_refused_quickly(tmp_path):
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    folder = write_bank(tmp_path / "bank", {"01-x.yml": bomb})
    try:
        load_bank(folder, folder / "refs.bib")
    except BankError as error:
        assert "aliases (*name) are not allowed" in str(error)
    else:
        raise AssertionError("a YAML bomb was accepted")
