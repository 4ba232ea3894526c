# SPDX-License-Identifier: MIT
"""The SCORM 1.2 package (`make scorm`): its manifest, and the course inside a real SCORM 1.2 runtime
(scorm-again, vendored in tests/vendor) playing the LMS in Chromium: the final self-assessment's score
and status, the trainee's answers in cmi.suspend_data, and a resume in a fresh browser. The same zip
still works with no LMS. Answers are written through the book's store, as the book saves them."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from conftest import ROOT, gate

sys.path.insert(0, str(ROOT / "tools"))
from pack_scorm import LAUNCH, answer_key, lms_data, read_catalogue  # noqa: E402

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
      "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
ASSESSMENT = "modules/11-final-self-assessment.html"
LIMIT = 4096  # SCORM 1.2's cmi.suspend_data


@pytest.fixture(scope="module")
def scorm_zip(built_book, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("scorm") / "course-scorm12.zip"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "pack_scorm.py"), str(built_book), str(target)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return target


@pytest.fixture(scope="module")
def unzipped(scorm_zip, tmp_path_factory) -> Path:
    """A pretend LMS's folder: its page and scorm-again, and the package unzipped under course/."""
    folder = tmp_path_factory.mktemp("lms")
    shutil.copy(ROOT / "tests" / "scorm_lms.html", folder / "index.html")
    shutil.copy(ROOT / "tests" / "vendor" / "scorm-again" / "scorm12.min.js", folder)
    with zipfile.ZipFile(scorm_zip) as archive:
        archive.extractall(folder / "course")
    return folder


@pytest.fixture(scope="module")
def lms(unzipped):
    from chromium import serve

    with serve(unzipped) as url:
        yield url


def test_manifest_is_scorm_12_and_lists_every_file(scorm_zip):
    with zipfile.ZipFile(scorm_zip) as archive:
        names = set(archive.namelist())
        root = ET.fromstring(archive.read("imsmanifest.xml"))  # well-formed, or this raises
    assert root.tag == f"{{{NS['cp']}}}manifest" and root.get("identifier")
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = root.find("cp:organizations", NS)
    organization = organizations.find(f"cp:organization[@identifier='{organizations.get('default')}']", NS)
    title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    assert organization.findtext("cp:title", namespaces=NS) == title
    [item] = organization.findall("cp:item", NS)
    [sco] = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == sco.get("identifier") and item.findtext("cp:title", namespaces=NS) == title
    assert sco.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and sco.get("type") == "webcontent"
    assert sco.get("href") == LAUNCH and LAUNCH in names
    listed = [unquote(f.get("href")) for f in sco.findall("cp:file", NS)]
    assert sorted(listed) == sorted(names - {"imsmanifest.xml"})  # each listed file is in the zip, and each is listed
    # A mastery score would let an LMS decide passed or failed from the points alone, past the safety gate.
    assert root.find(".//adlcp:masteryscore", NS) is None
    rights = root.findtext("cp:metadata/md:lom/md:rights/md:description/md:langstring", namespaces=NS)
    assert "CC BY 4.0" in rights and "MIT" in rights  # the licences travel with the package


@pytest.mark.parametrize("files, message", [
    ({}, "has no built book: run `make book` first"),
    ({"index.html": "<p>A book without its My progress page</p>"}, "has no scenario catalogue: run `make book` first"),
])
def test_packing_without_a_built_book_says_so_in_one_line(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    pack = [sys.executable, str(ROOT / "tools" / "pack_scorm.py"), str(tmp_path), str(tmp_path / "x.zip")]
    run = subprocess.run(pack, capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and message in run.stderr
    assert not (tmp_path / "x.zip").exists()


def test_two_scenarios_with_the_same_key_stop_the_packer_by_name():
    clash = {sid: {"version": "00000000", "choices": {}} for sid in ("al-clash-33819", "al-clash-37770")}
    with pytest.raises(SystemExit, match="scenarios al-clash-33819 and al-clash-37770 have the same suspend_data key"):
        lms_data({"scenarios": clash, "assessment": {"forms": {}}})


# ---- In the test LMS ----

def watch(page) -> list[str]:
    """The console errors and warnings, and uncaught exceptions, of a page and its frames, from now on. A tab
    watched again (the kept desktop tab, which tests share) keeps its listeners, and their list is emptied."""
    if not hasattr(page, "lms_problems"):
        page.lms_problems = problems = []

        def console(message) -> None:
            # Chromium itself sometimes asks the server's root for /favicon.ico when a page moves on at once
            # (as the launch page and the book's front door do without an LMS). No page of the course asks
            # for it: each names its own icon.
            if message.type in ("error", "warning") and urlparse(message.location["url"]).path != "/favicon.ico":
                problems.append(f"{message.type}: {message.text} ({message.location['url']})")

        page.on("console", console)
        page.on("pageerror", lambda e: problems.append(f"exception: {e}"))
    page.lms_problems.clear()
    return page.lms_problems


def start(page, lms: str, cmi: dict | None = None, launch_page: str = LAUNCH):
    """Open the test LMS in a tab of a computer (`computers()`) and launch the course, giving it what the LMS
    kept from an earlier session. Returns the LMS page and the course's launch frame."""
    page.problems = watch(page)
    page.goto(lms)
    # Nothing stored for the site, where the book keeps its own copy of the answers: what the course has
    # of an earlier session comes from the LMS.
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    page.evaluate("([cmi, launchPage]) => launch(cmi, launchPage)", [cmi, launch_page])
    page.wait_for_function("window.calls.includes('LMSInitialize')")
    return page, page.wait_for_selector("#sco").content_frame()


@pytest.fixture
def computers(browser):
    """`computers()` is a tab in a browser context of its own: a computer the trainee has not used before,
    with nothing stored. Not the kept desktop tab made fresh (conftest's `desktop`), which clears the site's
    storage just before the same site is loaded again: in one full run the resumed record came back empty,
    and a context of its own has nothing to clear, for about a CPU-second more."""
    contexts = []

    def another():
        contexts.append(browser.new_context())
        return contexts[-1].new_page()

    yield another
    for context in contexts:
        context.close()


def open_in_book(lms: str, launch_frame, path: str):
    book = launch_frame.wait_for_selector("#sq-book").content_frame()
    book.goto(f"{lms}/course/{path}")
    return book


def cmi(page, name: str):
    return page.evaluate(f"window.API.cmi.{name}")


def write(book, answers: dict, form: str | None) -> None:
    """Save answers from a page of the book through its store, as answering on the page does."""
    book.evaluate("""([answers, form]) => window.scenarioQuizStore.update((saved, record) => {
        Object.keys(answers).forEach(id => { if (answers[id]) saved[id] = answers[id]; else delete saved[id]; });
        record.form = form;
    })""", [answers, form])


def wait_for_save(page, book, old: str, all_fit: bool = True) -> str:
    """The suspend_data the LMS holds once it has saved what the book's store now holds: another value than
    `old`, for the same form, with one entry per answer (if they all fit). Waiting for a change alone would
    also take an earlier save of the same session."""
    record = book.evaluate("window.scenarioQuizStore.readRecord()")
    count = len(record["answers"]) if all_fit else -1
    page.wait_for_function("""([old, form, count]) => {
        const data = window.API.cmi.suspend_data;
        return data !== old && data.charAt(1) === form && (count < 0 || data.split(",").length - 1 === count);
    }""", arg=[old, record["form"] or "-", count])
    return cmi(page, "suspend_data")


def best_answers(model: dict, form: str) -> dict:
    """The answer earning the most points for every scenario in a form, saved as the book saves it."""
    def best(table):
        return max(table, key=lambda key: table[key][0])

    answers = {}
    for sid in model["forms"][form]["ids"]:
        item = model["forms"][form]["items"][sid]
        saved = {"version": item["version"], "confidence": "sure"}
        if item["kind"] == "single":
            saved["choice"] = best(item["single"])
        elif item["kind"] == "path":
            saved["path"] = best(item["paths"]).split(",")
        else:
            saved["ratings"] = {letter: best(table) for letter, table in item["rate"].items()}
        answers[sid] = saved
    return answers


def safety_slip(model: dict, form: str) -> tuple[str, dict]:
    """A single-choice scenario of the form answered with an option that trips the safety gate."""
    for sid in model["forms"][form]["ids"]:
        item = model["forms"][form]["items"][sid]
        if item["kind"] == "single":
            for letter, (_, slip) in item["single"].items():
                if slip:
                    return sid, {"version": item["version"], "confidence": "sure", "choice": letter}
    raise AssertionError(f"form {form} has no single-choice safety-critical scenario")


@pytest.mark.browser
def test_final_self_assessment_reports_score_and_status_and_resumes(computers, lms, built_book):
    model = read_catalogue(built_book)["assessment"]
    best = best_answers(model, "a")
    slip_id, slip = safety_slip(model, "a")
    last = next(sid for sid in best if sid != slip_id)
    partial = {**best, slip_id: slip, last: None}

    page, launch_frame = start(computers(), lms)
    assert cmi(page, "core.lesson_status") == "incomplete"
    book = open_in_book(lms, launch_frame, ASSESSMENT)
    write(book, partial, "a")
    suspend_data = wait_for_save(page, book, "")
    assert cmi(page, "core.lesson_status") == "incomplete" and cmi(page, "core.score.raw") == ""
    page.evaluate("leave()")
    page.wait_for_function("window.calls.includes('LMSFinish')")
    written = page.evaluate("window.written")
    assert written["cmi.core.exit"] == "suspend" and written["cmi.core.session_time"].startswith("0000:")
    assert page.evaluate("window.calls").count("LMSCommit") >= 2
    kept = {"suspend_data": suspend_data, "core": {"lesson_status": "incomplete"}}
    assert not page.problems, page.problems

    page, launch_frame = start(computers(), lms, kept)  # another computer: the LMS's data is all it has
    book = open_in_book(lms, launch_frame, ASSESSMENT)
    resumed = book.evaluate("window.scenarioQuizStore.readRecord()")
    assert resumed == {"form": "a", "answers": {sid: saved for sid, saved in partial.items() if saved}}
    assert "You have answered" in book.inner_text(".sq-result-status")  # the page shows them too

    write(book, {last: best[last]}, "a")  # complete, with the points to pass but a harmful safety answer
    suspend_data = wait_for_save(page, book, suspend_data)
    assert cmi(page, "core.lesson_status") == "failed"
    form, item = model["forms"]["a"], model["forms"]["a"]["items"][slip_id]
    points = form["max"] - item["max"] + item["single"][slip["choice"]][0]
    # Per cent rounded down to 0.1: at or above the pass mark exactly when the points reach it.
    assert float(cmi(page, "core.score.raw")) == math.floor(1000 * points / form["max"]) / 10 >= model["passMark"]
    assert (cmi(page, "core.score.min"), cmi(page, "core.score.max")) == ("0", "100")

    write(book, {slip_id: best[slip_id]}, "a")
    suspend_data = wait_for_save(page, book, suspend_data)
    assert (cmi(page, "core.lesson_status"), float(cmi(page, "core.score.raw"))) == ("passed", 100)

    write(book, {sid: None for sid in best}, "b")  # starting the other form does not take the pass back
    wait_for_save(page, book, suspend_data)
    assert (cmi(page, "core.lesson_status"), float(cmi(page, "core.score.raw"))) == ("passed", 100)
    page.evaluate("leave()")
    page.wait_for_function("window.calls.includes('LMSFinish')")
    assert page.evaluate("window.written")["cmi.core.exit"] == ""
    assert not page.problems, page.problems


def longest_path(entry: dict, scene: str) -> list[str]:
    steps = entry["scenes"].get(scene)
    if steps is None:  # an ending
        return []
    return max(([letter, *longest_path(entry, step[2])] for letter, step in steps.items()), key=len)


def whole_course(catalogue: dict) -> dict:
    """An answer to every scenario in the book, each as long as it can be: the most suspend_data needs."""
    answers = {}
    for sid, entry in catalogue["scenarios"].items():
        answer = {"path": longest_path(entry, entry["start"])} if "scenes" in entry else {"choice": "a"}
        answers[sid] = {**answer, "version": entry["version"]}
    for form in catalogue["assessment"]["forms"].values():
        for sid, item in form["items"].items():
            saved = {"version": item["version"], "confidence": "fairly-sure"}
            if item["kind"] == "single":
                saved["choice"] = "b"
            elif item["kind"] == "path":
                saved["path"] = max(item["paths"], key=len).split(",")
            else:
                saved["ratings"] = {letter: "partly helpful" for letter in item["rate"]}
            answers[sid] = saved
    return answers


@pytest.mark.browser
def test_a_whole_course_of_answers_fits_suspend_data_and_comes_back(computers, lms, built_book):
    answers = whole_course(read_catalogue(built_book))
    page, launch_frame = start(computers(), lms)
    book = open_in_book(lms, launch_frame, ASSESSMENT)
    write(book, answers, "b")
    suspend_data = wait_for_save(page, book, "")
    assert len(suspend_data) <= LIMIT
    assert suspend_data.count(",") == len(answers)  # every answer kept: none had to be left out

    page, launch_frame = start(computers(), lms, {"suspend_data": suspend_data})
    assert launch_frame.evaluate("window.scenarioQuizStore.readRecord()") == {"form": "b", "answers": answers}
    assert not page.problems, page.problems
    gate("scorm", f"suspend_data for all {len(answers)} scenarios: {len(suspend_data):,} of {LIMIT:,} characters")


@pytest.fixture(scope="module")
def bigger_bank(unzipped) -> tuple[str, dict]:
    """A copy of the launch page for a bank that has outgrown suspend_data: 400 more scenarios in steps,
    each answered with a 20-step path. Returns the page's name and those answers."""
    page = (unzipped / "course" / LAUNCH).read_text()
    data = re.search(r'(<script type="application/json" id="sq-lms-data">)(.*?)(</script>)', page, re.S)
    lms_data = json.loads(data.group(2))
    extra = {}
    for n in range(400):
        sid, version = f"zz-extra-{n}", f"{n:08x}"
        lms_data["items"][sid] = [answer_key(sid, version), version, "path"]
        extra[sid] = {"path": list("abcde" * 4), "version": version}
    name = "bigger-bank-launch.html"
    (unzipped / "course" / name).write_text(page.replace(data.group(2), json.dumps(lms_data)))
    return name, extra


@pytest.mark.browser
def test_when_answers_outgrow_suspend_data_the_final_self_assessment_is_kept(computers, lms, built_book, bigger_bank):
    launch_page, extra = bigger_bank
    best = best_answers(read_catalogue(built_book)["assessment"], "a")
    page, launch_frame = start(computers(), lms, launch_page=launch_page)
    book = open_in_book(lms, launch_frame, ASSESSMENT)
    write(book, {**extra, **best}, "a")  # the assessment saved last
    suspend_data = wait_for_save(page, book, "", all_fit=False)
    assert len(suspend_data) <= LIMIT and cmi(page, "core.lesson_status") == "passed"

    page, launch_frame = start(computers(), lms, {"suspend_data": suspend_data}, launch_page)
    kept = launch_frame.evaluate("window.scenarioQuizStore.readRecord()")["answers"]
    assert {sid: kept[sid] for sid in best} == best
    assert 0 < len(kept) - len(best) < len(extra)  # as many of the rest as fit


@pytest.mark.browser
@pytest.mark.parametrize("where", ["disk", "web server"])
def test_without_an_lms_the_launch_page_is_the_book(page, unzipped, lms, where):
    launch = (unzipped / "course" / LAUNCH).as_uri() if where == "disk" else f"{lms}/course/{LAUNCH}"
    problems = watch(page)
    page.goto(launch)
    page.wait_for_url("**/book/index.html")
    assert "Facilitating diabetes peer support groups" in page.title()
    page.click("text=Active listening")  # the book's own links work as ever
    page.wait_for_selector("section.sq-single")
    assert problems == []
