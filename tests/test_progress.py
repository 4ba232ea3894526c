# SPDX-License-Identifier: MIT
"""My progress: export from the book, import in a fresh browser profile, and the cohort command
read the same file and agree with the engine. Bad files are refused and nothing is lost."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import COURSE, PASS_FORM_A, ROOT
from quiz_page import focus

from scenario_quiz import grade
from scenario_quiz.core.progress import ProgressError, answers_to_grade, read_progress, write_progress
from scenario_quiz.markup.quiz import html_id, page_id
from scenario_quiz.organiser.cohort import build_cohort

PAGE = "book/my-progress.html"


def answer_on(page, site, module: str, count: int) -> dict:
    """Answer the first `count` single-choice scenarios of a module's page, by keyboard, finding each
    element with document.querySelector (tests/quiz_page.py's `focus`): Playwright's check and click, with
    their own selector engine and waits, took twice the CPU (0.18 s an answer) on a page this size."""
    page.goto(f"{site}/modules/{module}.html")
    answers = {}
    ids = page.evaluate("[...document.querySelectorAll('section.sq-single')].map(e => e.dataset.scenario)")
    for n, sid in enumerate(ids[:count]):
        letter = "abc"[n % 3]
        focus(page, f"#{html_id(sid, letter)}")
        page.keyboard.press("Space")
        focus(page, f"#{html_id(sid)} .sq-check")
        page.keyboard.press("Enter")
        answers[sid] = letter
    return answers


def summary_numbers(page) -> tuple[int, int, int]:
    text = page.inner_text(".sq-progress-summary")
    answered, points, possible = re.search(r"answered (\d+) of \d+ .* scored (\d+) of a possible (\d+)", text).groups()
    return int(answered), int(points), int(possible)


@pytest.mark.browser
def test_export_import_and_cohort_round_trip(desktop, site, bank, tmp_path):
    page = desktop.fresh()  # a context accepts downloads unless told not to
    answers = answer_on(page, site, "03-active-listening", 5) | answer_on(page, site, "08-medical-emergencies", 4)
    report = grade(bank, answers)
    page.goto(f"{site}/{PAGE}")
    assert summary_numbers(page) == (9, report.total, report.max_total)
    page.fill(f"#{page_id('nickname')}", "Sam")
    assert page.is_hidden(".sq-print-certificate")  # no final self-assessment passed: no certificate
    with page.expect_download() as download:
        page.click(".sq-export")
    exported = tmp_path / "sam.json"
    download.value.save_as(exported)

    data = json.loads(exported.read_text())
    assert data["format"] == "diabetes-peer-support-course/progress" and data["version"] == 2
    assert data["nickname"] == "Sam" and set(data["answers"]) == set(answers)

    page = desktop.fresh()  # another device: nothing stored for the site (tests/chromium.py's KeptTab)
    page.goto(f"{site}/{PAGE}")
    assert "not answered any" in page.inner_text(".sq-progress-summary")
    page.set_input_files(f"#{page_id('import')}", str(exported))
    page.wait_for_selector(".sq-import-preview", state="visible")  # it shows what will change, and asks first
    assert page.inner_text(".sq-import-changes") == "9 new answers will be added."
    page.click(".sq-import-yes")
    page.wait_for_function("document.querySelector('.sq-progress-notice').textContent.includes('Opened')")
    assert summary_numbers(page) == (9, report.total, report.max_total)
    assert page.input_value(f"#{page_id('nickname')}") == "Sam"
    page.goto(f"{site}/modules/03-active-listening.html")  # the imported answers show on the module page too
    first = next(iter(answers))
    assert page.is_checked(f"#{html_id(first, answers[first])}")

    cohort = build_cohort(bank, [exported])  # and the organiser's command reads the same file
    assert cohort.skipped == [] and cohort.trainees[0].nickname == "Sam"
    assert (cohort.trainees[0].report.total, cohort.trainees[0].report.max_total) == (report.total, report.max_total)


@pytest.mark.browser
@pytest.mark.parametrize("content, message", [
    ("{not json", "not a progress file from this course"),
    ('{"hello": "world"}', "not a progress file from this course"),
    ('{"format": "diabetes-peer-support-course/progress", "version": 3, "answers": {}}', "format version 3"),
    ('{"format": "diabetes-peer-support-course/progress", "version": 1, "answers": {"al-x": {"choice": "<b>"}}}',
     "damaged"),
])
def test_bad_import_is_refused_and_progress_kept(page, site, tmp_path, content, message):
    answer_on(page, site, "03-active-listening", 2)
    page.goto(f"{site}/{PAGE}")
    before = summary_numbers(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.set_input_files(f"#{page_id('import')}", str(bad))
    page.wait_for_function("document.querySelector('.sq-progress-notice').textContent.length > 0")
    assert message in page.inner_text(".sq-progress-notice")
    assert "nothing was changed" in page.inner_text(".sq-progress-notice")
    assert summary_numbers(page) == before


@pytest.mark.browser
def test_certificate_prints_alone_and_says_self_assessment(page, site):
    import io
    import unicodedata

    from pypdf import PdfReader

    page.goto(f"{site}/modules/11-final-self-assessment.html")
    # A passing attempt at form A, saved as the book saves it: the best answer to every scenario.
    page.evaluate(PASS_FORM_A)
    page.goto(f"{site}/{PAGE}")
    page.fill(f"#{page_id('nickname')}", "Priya")
    assert page.is_visible(".sq-print-certificate")
    page.evaluate("document.documentElement.classList.add('sq-printing-certificate')")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    assert "Certificate of self-assessment" in text and "Priya" in text
    assert "not a qualification" in text and "Self-assessment, not accreditation" in text
    assert "By module" not in text and "Download my progress" not in text  # the rest of the page is hidden


def test_notebook_answers_save_in_the_same_format(bank, tmp_path):
    sid = next(s for s in bank.scenarios if s.startswith("al-"))
    saved = write_progress(tmp_path / "p.json", bank, {sid: "b"}, nickname="Jo")
    again = read_progress(tmp_path / "p.json", COURSE)
    assert again == saved and answers_to_grade(bank, again) == ({sid: "b"}, [])


@pytest.mark.parametrize("content, reason", [
    ("{oops", "is not JSON (line 1)"),
    ('["a list"]', "is not a progress file from this course"),
    ('{"format": "diabetes-peer-support-course/progress", "version": 3, "answers": {}}',
     "is progress format version 3; this course reads versions 1 and 2"),
    ('{"format": "diabetes-peer-support-course/progress", "version": 1, "answers": {"al-x": {"choice": "b"}}}',
     "has a problem in 'answers.al-x.version': Field required"),
])
def test_cohort_skips_bad_files_by_name(bank, tmp_path, content, reason):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(ProgressError, match=re.escape(reason)):
        read_progress(bad, COURSE)
    good = tmp_path / "good.json"
    write_progress(good, bank, {next(iter(bank.scenarios)): "a"})
    cohort = build_cohort(bank, [bad, good])
    assert cohort.skipped == [(str(bad), reason)] and len(cohort.trainees) == 1


def test_cohort_command_writes_report_and_table(bank, tmp_path):
    ids = [s for s in bank.scenarios if not hasattr(bank.get(s), "scenes")][:6]
    write_progress(tmp_path / "a.json", bank, {i: "a" for i in ids}, nickname="Ade")
    write_progress(tmp_path / "b.json", bank, {i: "b" for i in ids})
    (tmp_path / "junk.json").write_text("junk")
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "cohort", *sorted(map(str, tmp_path.glob("*.json"))),
                          "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "Trainees: 2 (skipped files: 1)" in run.stdout and "junk.json: is not JSON" in run.stdout
    report = out.read_text()
    assert "<script" not in report and "http" not in report
    assert "Average by skill" in report and '<table class="sq-bars">' in report
