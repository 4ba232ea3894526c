"""Hostile scenario files: one clear line each, never a traceback, a crash or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import yaml

from conftest import make_scenario, write_bank
from scenario_quiz import load_bank
from scenario_quiz.bank import BankError


def _one_line(folder) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def _file(tmp_path, text: str):
    return write_bank(tmp_path / "b", {"01-x.yml": text})


def test_an_impossible_date_names_its_line(tmp_path):
    text = yaml.safe_dump({"module": "01-x", "scenarios": [make_scenario()]}, sort_keys=False)
    text = text.replace("review_by: '2027-01-31'", "review_by: 2027-11-31")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "2027-11-31" in row)
    message = _one_line(_file(tmp_path, text))
    assert f"01-x.yml:{line}: is not valid YAML: the value '2027-11-31' cannot be read" in message


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe", "!!timestamp x", "!!binary aGVsbG8="])
def test_explicit_tags_are_refused(tmp_path, value):
    text = yaml.safe_dump({"module": "01-x", "scenarios": [make_scenario()]}, sort_keys=False)
    text = text.replace("title: A pause after hard news", f"title: {value}")
    assert "explicit tags" in _one_line(_file(tmp_path, text))


def test_a_duplicate_key_is_refused_not_silently_dropped(tmp_path):
    text = yaml.safe_dump({"module": "01-x", "scenarios": [make_scenario()]}, sort_keys=False)
    text += "scenarios: []\n"
    line = len(text.splitlines())
    assert f":{line}: is not valid YAML: the key 'scenarios' is given twice" in _one_line(_file(tmp_path, text))


def test_deep_nesting_is_refused_quickly_without_crashing(tmp_path):
    folder = _file(tmp_path, "scenarios: " + "[" * 30000 + "]" * 30000 + "\n")
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", str(folder),
                          "--references", str(folder / "refs.bib")], capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - start < 20
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "nested more than 40 levels deep" in run.stderr


@pytest.mark.parametrize("kind", ["loop", "device", "pipe"])
def test_files_that_are_not_regular_files_are_refused_without_hanging(tmp_path, kind):
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}})
    bad = folder / "02-bad.yml"
    if kind == "loop":
        os.symlink(bad, bad)
    elif kind == "device":
        os.symlink("/dev/zero", bad)
    else:
        os.mkfifo(bad)
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", str(folder),
                          "--references", str(folder / "refs.bib")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "02-bad.yml: is not a regular file" in run.stderr


def test_an_empty_competency_list_does_not_switch_the_check_off(tmp_path):
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}})
    (folder / "competencies.yml").write_text("competencies: []\n")
    assert "lists no competencies" in _one_line(folder)


def test_the_module_field_must_name_its_own_file(tmp_path):
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": [1, 2], "scenarios": [make_scenario()]}})
    assert "field 'module': module is [1, 2]; it should be '01-x'" in _one_line(folder)
