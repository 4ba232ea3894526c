# SPDX-License-Identifier: MIT
"""Hostile scenario files: one clear line each, never a traceback, a crash or a hang."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time

import pytest
import yaml
from conftest import make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError


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


# ---- Hostile progress files and the cohort command ----

from scenario_quiz.core.identity import NEUTRAL  # noqa: E402
from scenario_quiz.core.progress import write_progress  # noqa: E402
from scenario_quiz.organiser.cli import main  # noqa: E402

FORMAT = NEUTRAL.progress_format  # a course folder without _config.yml


@pytest.fixture
def cohort_bank(tmp_path):
    scenario = make_scenario(safety_critical=True)  # so a harmful answer lists the trainee's nickname
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    return folder, load_bank(folder, folder / "refs.bib")


def _cohort(folder, files, out, capsys):
    code = main(["cohort", *map(str, files), "--out", str(out), "--bank", str(folder),
                 "--references", str(folder / "refs.bib")])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured


def test_one_bad_file_never_stops_the_cohort_report(cohort_bank, tmp_path, capsys):
    folder, bank = cohort_bank
    good = tmp_path / "good.json"
    version = write_progress(good, bank, {"al-one": "a"}).answers["al-one"].version
    cases = {
        "letter-past-the-end.json": f'{{"format": "{FORMAT}", "version": 2, "answers": '
                                    f'{{"al-one": {{"choice": "e", "version": "{version}"}}}}}}',
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "long-number.json": f'{{"format": "{FORMAT}", "version": {"9" * 5000}, "answers": {{}}}}',
        "nickname.json": f'{{"format": "{FORMAT}", "version": 2, "nickname": "Sam\\u001b[2J\\nFake line", '
                         f'"answers": {{"al-one": {{"choice": "d", "version": "{version}"}}}}}}',
    }
    files = [good]
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        files.append(tmp_path / name)
    out = tmp_path / "report.html"
    code, captured = _cohort(folder, files, out, capsys)
    assert code == 0 and out.exists() and (tmp_path / "report-items.csv").exists()
    assert "skipped " + str(tmp_path / "deep.json") in captured.out
    assert "skipped " + str(tmp_path / "long-number.json") in captured.out
    assert "\x1b" not in captured.out and "Sam\\x1b[2J\\nFake line" in captured.out
    assert "letter-past-the-end.json: has no answers" in captured.out  # set aside, not a crash


def test_a_bad_out_path_is_reported_before_any_work(cohort_bank, tmp_path, capsys):
    folder, _ = cohort_bank
    for out, reason in ((tmp_path, "it is a folder"), (tmp_path / "missing" / "r.html", "missing does not exist"),
                        (tmp_path / ("x" * 300 + ".html"), "File name too long")):
        code, captured = _cohort(folder, [tmp_path / "nothing.json"], out, capsys)
        assert code == 1 and reason in captured.err and captured.out == ""


@pytest.mark.parametrize("where", ["scenes", "endings"])
def test_two_scenes_or_endings_with_one_id_are_refused(tmp_path, where):
    from conftest import make_branching

    scenario = make_branching()
    scenario[where].append(copy.deepcopy(scenario[where][0]))  # the same id again (a copy: YAML would alias it)
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    duplicate = scenario[where][0]["id"]
    assert f"the id '{duplicate}' is used for more than one scene or ending" in _one_line(folder)


# ---- Each file is parsed once, into a tree that knows every line ----

def test_a_complex_key_is_one_clear_line_not_a_crash(tmp_path):
    folder = _file(tmp_path, "module: 01-x\n? [1, 2]\n: x\n")  # a list as a key: Python cannot hold it in a dict
    assert "01-x.yml:2: is not valid YAML: found unhashable key" in _one_line(folder)


def test_each_file_is_parsed_once(tmp_path, monkeypatch):
    from scenario_quiz.core import yamlfile

    parsed = []

    class CountingLoader(yamlfile._SafeLoader):
        def __init__(self, stream):
            parsed.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(yamlfile, "_SafeLoader", CountingLoader)
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}})
    load_bank(folder)
    assert sorted(parsed) == sorted((folder / name).read_text() for name in ("competencies.yml", "01-x.yml"))


# ---- Each problem names the line of its own field ----

def _line_of(text: str, row: str, after: int = 0) -> int:
    """The first line (1-based) after line `after` that contains `row`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if n > after and row in line)


def _dumped(*scenarios) -> str:
    return yaml.safe_dump({"module": "01-x", "scenarios": list(scenarios)}, sort_keys=False)


def test_a_bad_rating_deep_in_a_scenario_names_the_ratings_line(tmp_path):
    second = make_scenario("al-two")
    second["options"][2]["rating"] = "great"
    text = _dumped(make_scenario(), second)
    line = _line_of(text, "rating: great")
    assert line > _line_of(text, "id: al-two") + 10  # far from the scenario's own line
    assert _one_line(_file(tmp_path, text)).endswith(
        f"01-x.yml:{line}: scenario 'al-two', field 'options[2].rating': 'great' is not a rating; use one of: "
        "helpful, partly helpful, unhelpful, harmful")


def test_a_bad_next_in_a_scene_names_that_options_line(tmp_path):
    from conftest import make_branching

    scenario = make_branching()
    scenario["scenes"][1]["options"][1]["next"] = "nowhere"
    text = _dumped(scenario)
    line = _line_of(text, "next: nowhere")
    assert f"01-x.yml:{line}: scenario 'sg-path', scene 'second', field 'options[1].next': leads to 'nowhere', " \
           "which is not a scene or an ending of this scenario" in _one_line(_file(tmp_path, text))


def test_a_missing_field_names_the_line_of_the_nearest_part_that_is_there(tmp_path):
    no_question, no_feedback = make_scenario("al-two"), make_scenario("al-three")
    del no_question["question"]
    del no_feedback["options"][1]["feedback"]
    text = _dumped(make_scenario(), no_question, no_feedback)
    folder = _file(tmp_path, text)
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    three = _line_of(text, "id: al-three")
    assert [(p.scenario, p.field, p.line) for p in caught.value.problems] == [
        ("al-two", "question", _line_of(text, "id: al-two")),  # the scenario's own line
        ("al-three", "options[1].feedback", _line_of(text, "text: Change the subject.", after=three)),  # the option's
    ]


def test_an_unknown_source_names_the_refs_line(tmp_path):
    text = _dumped(make_scenario(), make_scenario("al-two", source={"ref": "nobody2020", "detail": "A page"}))
    folder = _file(tmp_path, text)
    with pytest.raises(BankError) as caught:
        load_bank(folder, folder / "refs.bib")
    assert f"01-x.yml:{_line_of(text, 'ref: nobody2020')}: scenario 'al-two', field 'source.ref': 'nobody2020' " \
           "is not a key in" in str(caught.value)


def test_a_contrast_naming_no_scenario_names_the_contrast_line(tmp_path):
    text = _dumped(make_scenario(contrast="al-nowhere"))
    assert f"01-x.yml:{_line_of(text, 'contrast: al-nowhere')}: scenario 'al-one', field 'contrast': names " \
           "'al-nowhere', which is not another scenario in the bank" in _one_line(_file(tmp_path, text))


def test_a_merge_key_under_a_list_of_its_own_name_never_crashes(tmp_path):
    # YAML keeps the `scenarios:` written out over the one a merge key (<<) brings in: so must the lines.
    merged = yaml.safe_dump([make_scenario("al-merged")], sort_keys=False)
    written = yaml.safe_dump([make_scenario("al-one", competency="nope"), make_scenario("al-two", competency="nope")],
                             sort_keys=False)
    text = "module: 01-x\n<<:\n  scenarios:\n" + "".join(f"  {row}\n" for row in merged.splitlines()) + \
           "scenarios:\n" + written
    folder = _file(tmp_path, text)
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    assert [(p.scenario, p.field, p.line) for p in caught.value.problems] == [
        (sid, "competency", _line_of(text, "competency: nope", after=_line_of(text, f"id: {sid}")))
        for sid in ("al-one", "al-two")]


# ---- A broken .bib file is one line ----

TWO_ENTRIES = ("@misc{samaritans-shush, author = {{Samaritans}}, title = {SHUSH listening tips}}\n"
               "@misc{mind-peer, author = {{Mind}}, title = {Side by side}}\n")
BROKEN_BIBS = {
    "missing brace": (TWO_ENTRIES.replace("tips}}", "tips}", 1),
                      "refs.bib:2: cannot be read as BibTeX: syntax error: '}' expected"),
    "duplicate key": (TWO_ENTRIES + TWO_ENTRIES.splitlines()[1] + "\n",
                      "refs.bib: cannot be read as BibTeX: repeated bibliography entry: mind-peer"),
    "not UTF-8": (TWO_ENTRIES.replace("Mind", "M\udce9nd"), "refs.bib: file is not UTF-8 text; save it as UTF-8"),
}


@pytest.mark.parametrize("text, expected", BROKEN_BIBS.values(), ids=BROKEN_BIBS)
def test_a_broken_bib_file_is_exactly_one_line(tmp_path, text, expected):
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [
        make_scenario(), make_scenario("al-two", source={"ref": "mind-peer"})]}})
    (folder / "refs.bib").write_bytes(text.encode("utf-8", "surrogateescape"))
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--bank", "b", "--references", "b/refs.bib"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert run.returncode == 1 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 2, run.stderr  # the .bib's line, then the count
    assert run.stderr.startswith("b/" + expected)
    assert run.stderr.splitlines()[1] == "1 problem(s) found. Nothing was changed."


def test_pybtex_prints_nothing_even_when_not_strict(tmp_path, capsys):
    import pybtex.errors

    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}})
    (folder / "refs.bib").write_text(TWO_ENTRIES + TWO_ENTRIES)
    pybtex.errors.set_strict_mode(False)  # as a tool sharing the process (pybtex's own command line) may leave it
    try:
        with pytest.raises(BankError) as caught:
            load_bank(folder, folder / "refs.bib")
    finally:
        pybtex.errors.set_strict_mode(True)
    assert capsys.readouterr() == ("", "")
    assert len(caught.value.problems) == 1 and "repeated bibliography entry" in str(caught.value)


def test_a_broken_bib_file_is_one_line_in_the_book_build_too(tmp_path):
    from conftest import sphinx_build, sphinx_project

    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-one\n```\n", [make_scenario()])
    (source / "conf.py").write_text("extensions = ['myst_parser', 'sphinxcontrib.bibtex', "
                                    "'scenario_quiz.sphinx.extension']\n"
                                    "bibtex_bibfiles = ['scenarios/refs.bib']\n"
                                    "scenario_references = 'scenarios/refs.bib'\n")
    (source / "scenarios" / "refs.bib").write_text(BROKEN_BIBS["missing brace"][0])
    run = sphinx_build(source)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert [line for line in run.stderr.splitlines() if "refs.bib" in line] == [
        f"scenario_quiz: {source / 'scenarios' / 'refs.bib'}:2: cannot be read as BibTeX: syntax error: "
        "'}' expected"]  # ours, read before sphinxcontrib-bibtex can stop the build with its own exception


def test_a_bad_source_key_is_one_line_saying_what_a_key_is(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [
        make_scenario(source={"ref": "bad ref!"})]}})
    with pytest.raises(BankError) as caught:
        load_bank(folder, folder / "refs.bib")
    assert len(caught.value.problems) == 1  # was two: one per branch of a needless union
    assert "field 'source.ref': 'bad ref!' is not a key of the references file" in str(caught.value)


@pytest.mark.parametrize("value", ["yes", "no", 1, "true"])
def test_safety_critical_must_be_true_or_false_not_a_word_that_looks_like_it(tmp_path, value):
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [
        make_scenario(safety_critical=value)]}})
    with pytest.raises(BankError) as caught:
        load_bank(folder, folder / "refs.bib")
    assert "field 'safety_critical': should be true or false" in str(caught.value)


# ---- The organiser's files (a workshop plan, _config.yml, nations.yml): read as the scenario files are ----

HOSTILE_TEXT = {
    "nested 5,000 deep": ("days: " + "[" * 5000 + "]" * 5000, "1: is not valid YAML: it is nested more than 40"),
    "not UTF-8": ("title: caf\xe9".encode("latin-1"), ": file is not UTF-8 text; save it as UTF-8"),
    "an impossible date": ("days:\n  - date: 2026-02-30\n", "2: is not valid YAML: the value '2026-02-30' cannot"),
    "an alias": ("a: &x [1]\ndays: *x\n", "2: is not valid YAML: aliases (*name) are not allowed"),
}


@pytest.mark.parametrize("kind", ["plan", "_config.yml", "nations.yml"])
@pytest.mark.parametrize("case", list(HOSTILE_TEXT))
def test_a_hostile_organiser_file_is_one_line(tmp_path, bank, kind, case):
    """Each was a traceback before (RecursionError, UnicodeDecodeError or ValueError) for one file or more."""
    from scenario_quiz.core import identity, settings
    from scenario_quiz.core.plans import PlanError, load_plan

    text, expected = HOSTILE_TEXT[case]
    path = tmp_path / ("plan.yml" if kind == "plan" else kind)
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    read = {"plan": lambda: load_plan(path, bank), "_config.yml": lambda: identity.course_identity(tmp_path),
            "nations.yml": lambda: settings.nation_settings(tmp_path, "wales")}[kind]
    with pytest.raises((PlanError, settings.SettingError)) as caught:
        read()
    assert len(str(caught.value).splitlines()) == 1 and expected in str(caught.value), str(caught.value)
