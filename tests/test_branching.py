# SPDX-License-Identifier: MIT
"""Branching scenarios: the graph checks name file, scenario and scene; paths are scored by the engine."""

from __future__ import annotations

import copy

import pytest
from conftest import make_branching, make_scenario, write_bank

from scenario_quiz import BankError, grade, load_bank


def load(folder):
    return load_bank(folder, folder / "refs.bib")


@pytest.fixture
def small_bank(tmp_path):
    return load(write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [make_scenario(), make_branching()]}}))


def test_branching_scenario_loads(small_bank):
    scenario = small_bank.get("sg-path")
    assert [s.id for s in scenario.scenes] == ["first", "second"]
    assert scenario.scene("second").options[0].next == "good-end"


@pytest.mark.parametrize("path, points, max_points, ending, review", [
    (["a", "a"], 4, 4, "good-end", False),
    (["a", "c"], 3, 4, "good-end", False),
    (["a", "b"], 2, 4, "bad-end", False),
    (["b"], 0, 2, "bad-end", True),  # harmful on a safety-critical scenario
    (["a"], 2, 2, None, False),  # not finished yet: scores the steps taken
])
def test_path_scores_each_choice(small_bank, path, points, max_points, ending, review):
    result = grade(small_bank, {"sg-path": path}).results[0]
    got = (result.points, result.max_points, result.ending, result.safety_review)
    assert got == (points, max_points, ending, review)
    assert result.choice == ",".join(path)


def test_paths_and_simple_answers_add_up(small_bank):
    report = grade(small_bank, {"al-one": "a", "sg-path": ["a", "c"]})
    assert (report.total, report.max_total) == (5, 6)
    assert report.by_competency["safeguarding"].points == 3


@pytest.mark.parametrize("path, message", [
    (["a", "z"], "scenario 'sg-path', scene 'second', has options a, b, c; 'z' is not one of them"),
    (["b", "a"], "scenario 'sg-path': the path goes on after reaching the ending 'bad-end'"),
    ("a", "scenario 'sg-path' is in steps: its answer is a list of letters, one per scene"),
])
def test_impossible_paths_are_refused(small_bank, path, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        grade(small_bank, {"sg-path": path})


def _broken(change) -> dict:
    scenario = make_branching()
    change(scenario)
    return scenario


def _set(path, value):
    def change(scenario):
        target = scenario
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


GRAPH_PROBLEMS = [
    ("missing target", _set(["scenes", 1, "options", 1, "next"], "nowhere"),
     "scene 'second', field 'options[1].next': leads to 'nowhere', which is not a scene or an ending of this scenario"),
    ("bad start", _set(["start"], "begin"), "scenario 'sg-path', field 'start': 'begin' is not the id of a scene"),
    ("unreachable scene", lambda s: s["scenes"].append(copy.deepcopy(s["scenes"][1]) | {"id": "orphan"}),
     "scene 'orphan': this scene cannot be reached from the start"),
    ("unreachable ending", lambda s: s["endings"].append({"id": "lost", "title": "Lost", "text": "Never seen."}),
     "scene 'lost': this ending cannot be reached from the start"),
    ("loop", _set(["scenes", 1, "options", 1, "next"], "first"),
     "scene 'second', field 'options[1].next': leads back to scene 'first', making a loop; add 'loop: true'"),
    ("no helpful option in a scene", _set(["scenes", 1, "options", 0, "rating"], "partly helpful"),
     "scene 'second', field 'options': has no 'helpful' option"),
    ("duplicate scene id", _set(["endings", 1, "id"], "second"),
     "scene 'second', field 'id': the id 'second' is used for more than one scene or ending"),
    ("one-option scene", _set(["scenes", 0, "options"], [make_branching()["scenes"][0]["options"][0]]),
     "field 'scenes[0].options': has 1 option(s); a scene needs 2 to 4"),
]


@pytest.mark.parametrize("change, expected", [c[1:] for c in GRAPH_PROBLEMS], ids=[c[0] for c in GRAPH_PROBLEMS])
def test_graph_problems_name_file_scenario_and_scene(tmp_path, monkeypatch, change, expected):
    monkeypatch.chdir(tmp_path)
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [_broken(change)]}})
    with pytest.raises(BankError) as caught:
        load(folder)
    lines = str(caught.value).splitlines()
    assert any(line.startswith("bank/01-x.yml:") and "scenario 'sg-path'" in line and expected in line
               for line in lines), lines


def test_a_marked_loop_is_allowed_when_there_is_a_way_out(tmp_path):
    def loop_back(scenario):
        scenario["scenes"][1]["options"][1].update(next="first", loop=True)
    small_bank = load(write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [_broken(loop_back)]}}))
    assert grade(small_bank, {"sg-path": ["a", "b", "a", "a"]}).results[0].ending == "good-end"


def test_a_loop_with_no_way_out_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def trap(scenario):
        for option in scenario["scenes"][1]["options"]:
            option.update(next="first", loop=True)
        scenario["scenes"][0]["options"][1]["next"] = "second"
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"scenarios": [_broken(trap)]}})
    with pytest.raises(BankError) as caught:
        load(folder)
    assert "scenario 'sg-path', scene 'first': no path from this scene reaches an ending" in str(caught.value)
