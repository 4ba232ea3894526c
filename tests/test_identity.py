# SPDX-License-Identifier: MIT
"""Course identity in configuration: the engine serves a second course unchanged. A course folder
whose _config.yml names another course gets pages, saved answers and progress files with that
course's identity, and nothing of this one's."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
import zipfile

import pytest
import yaml
from conftest import COURSE, ROOT, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError
from scenario_quiz.core.identity import NEUTRAL, identity_from
from scenario_quiz.core.progress import ProgressError, read_progress, write_progress
from scenario_quiz.organiser.cohort import build_cohort

OTHER = {"storage_key": "foot-care-course", "progress_format": "foot-care-course/progress",
         "certificate_course": "Looking after your feet", "offline_folder": "Foot_care-offline"}
COURSE_META = re.compile(r'<meta name="scenario-quiz-course" content="([^"]*)">')  # as tools/pack_scorm.py finds it
# Everything that would give this course away on another course's pages or files.
THIS_COURSE = (COURSE.storage_key, COURSE.progress_format, COURSE.certificate_course, COURSE.offline_folder,
               "diabetes-peer-support")


def other_course(tmp_path):
    """A second course: its own _config.yml (identity under sphinx.config, as in this book), one module, a
    quiz page and a My progress page, built by Sphinx with the same engine."""
    root = tmp_path / "other"
    write_bank(root / "scenarios", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario("al-one")]}})
    (root / "_config.yml").write_text(yaml.safe_dump({"title": "Foot care", "sphinx": {"config": {
        "scenario_course": OTHER}}}))
    (root / "conf.py").write_text(
        "project = 'Foot care'\n"
        "extensions = ['myst_parser', 'scenario_quiz.sphinx.extension']\n"
        "scenario_references = 'scenarios/refs.bib'\n"
        f"scenario_course = {OTHER!r}\n"
        "scenario_progress_page = 'my-progress'\n"
        "scenario_module_dir = '.'\n")
    (root / "index.md").write_text("# Module\n\n```{scenario} al-one\n```\n\n```{toctree}\nmy-progress\n```\n")
    (root / "my-progress.md").write_text("# My progress\n\n```{progress}\n```\n")
    return root


@pytest.fixture(scope="module")
def built_other(tmp_path_factory):
    root = other_course(tmp_path_factory.mktemp("identity"))
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(root), str(root / "_out")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return root


def test_the_pages_carry_the_other_course_and_nothing_of_this_one(built_other):
    pages = {path.name: path.read_text(encoding="utf-8") for path in (built_other / "_out").glob("*.html")}
    tags = [COURSE_META.search(text) for text in pages.values()]
    assert all(tags) and [json.loads(html.unescape(tag[1])) for tag in tags if tag] == len(pages) * [
        {"answers": "foot-care-course:answers", "nickname": "foot-care-course:nickname",
         "format": "foot-care-course/progress"}]
    assert "course <em>Looking after your feet</em>" in pages["my-progress.html"]
    assert '"format":"foot-care-course/progress"' in pages["my-progress.html"]  # the catalogue, for import/export
    scripts = "".join(path.read_text() for path in (built_other / "_out" / "_static").glob("scenario-*.js"))
    leaks = [f"{name}: {mark}" for name, text in [*pages.items(), ("scripts", scripts)]
             for mark in THIS_COURSE if mark in text]
    assert leaks == []


def test_progress_files_carry_the_other_course_and_nothing_of_this_one(tmp_path):
    root = other_course(tmp_path)
    bank = load_bank(root / "scenarios", root / "scenarios" / "refs.bib")  # as the notebook and cohort load it
    assert bank.identity == identity_from(OTHER)
    saved = tmp_path / "jo.json"
    write_progress(saved, bank, {"al-one": "a"}, nickname="Jo")
    text = saved.read_text()
    assert json.loads(text)["format"] == "foot-care-course/progress"
    assert [mark for mark in THIS_COURSE if mark in text] == []
    assert read_progress(saved, bank.identity).nickname == "Jo"
    with pytest.raises(ProgressError, match="not a progress file from this course"):
        read_progress(saved, COURSE)  # this course's cohort command would not take it as one of its own
    assert len(build_cohort(bank, [saved]).trainees) == 1
    cohort = [sys.executable, "-m", "scenario_quiz", "cohort", str(saved), "--bank", str(root / "scenarios"),
              "--references", str(root / "scenarios" / "refs.bib"), "--out", str(tmp_path / "r.html")]
    run = subprocess.run(cohort, capture_output=True, text=True)
    assert run.returncode == 0 and "Trainees: 1 (skipped files: 0)" in run.stdout, run.stdout + run.stderr


def test_this_course_keeps_todays_identity_so_saved_answers_still_load(bank):
    # Answers saved in browsers and files downloaded before the identity moved into _config.yml.
    assert (bank.identity.answers_key, bank.identity.nickname_key, bank.identity.progress_format) == (
        "diabetes-peer-support-course:answers", "diabetes-peer-support-course:nickname",
        "diabetes-peer-support-course/progress")
    assert bank.identity.certificate_course == "Facilitating diabetes peer support groups"
    assert bank.identity.offline_folder == "diabetes-peer-support-course"  # the folder earlier offline copies unzip to


def test_the_offline_copy_unzips_to_the_other_courses_folder_and_names_it(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from pack_offline import pack

    built = tmp_path / "html"
    (built / "book").mkdir(parents=True)
    (built / "index.html").write_text("<!DOCTYPE html>")
    (built / "book" / "index.html").write_text("<!DOCTYPE html>")
    assert pack(built, tmp_path / "other.zip", root=other_course(tmp_path)) == 2
    with zipfile.ZipFile(tmp_path / "other.zip") as archive:
        names, readme = archive.namelist(), archive.read("Foot_care-offline/README.txt").decode()
    assert sorted(names) == ["Foot_care-offline/README.txt", "Foot_care-offline/book/index.html",
                             "Foot_care-offline/index.html"]
    assert readme.startswith("Looking after your feet: offline copy\n")
    assert [mark for mark in THIS_COURSE if mark in readme] == []


@pytest.mark.parametrize("block, message", [
    ({"storage_key": "My Course!"}, "storage_key is written in lower case"),
    ({"progress_format": ""}, "progress_format is written in lower case"),
    ({"storage_kee": "x"}, "scenario_course has no setting storage_kee"),
    ({"offline_folder": "my course"}, "offline_folder is one folder name"),
    ({"offline_folder": "../elsewhere"}, "offline_folder is one folder name"),
    (["storage_key"], "scenario_course is a list of settings"),
])
def test_an_unusable_identity_is_one_line_naming_the_setting(tmp_path, block, message):
    folder = write_bank(tmp_path / "c" / "scenarios", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario()]}})
    (tmp_path / "c" / "_config.yml").write_text(yaml.safe_dump({"sphinx": {"config": {"scenario_course": block}}}))
    with pytest.raises(BankError, match=message) as caught:
        load_bank(folder)
    assert len(caught.value.lines) == 1


def test_a_course_that_sets_nothing_gets_the_neutral_identity_and_its_own_title():
    assert identity_from(None, "Foot care") == dataclasses.replace(NEUTRAL, certificate_course="Foot care")


def test_the_offline_folder_follows_the_storage_key_unless_set():
    assert identity_from({"storage_key": "nhs.uk/foot-care"}).offline_folder == "nhs.uk-foot-care"
    assert identity_from({"storage_key": "foot-care", "offline_folder": "Feet"}).offline_folder == "Feet"


@pytest.mark.browser
def test_the_script_saves_under_the_other_courses_key(built_other, page):
    page.goto((built_other / "_out" / "index.html").as_uri())
    page.evaluate("window.scenarioQuizStore.update(answers => { answers['al-one'] = {choice: 'a', version: 'x'}; })")
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == ["foot-care-course:answers"]
