# SPDX-License-Identifier: MIT
"""One definition of a valid progress file, held to by Python and the browser alike.

The table below is run through progress.py (parse_progress, then answers_to_grade, as the cohort
command does) and through the book's "My progress" page (opening the same bytes). Both must refuse
the same files and, for each file they accept, sort its answers the same way: kept, answered to an
older wording, not fitting the scenario, or not in the course. Then: opening a file shows what will
change and asks first, and nothing older or broken ever replaces a saved answer.
"""

from __future__ import annotations

import base64
import json

import pytest
from conftest import COURSE

from scenario_quiz.core.grading import item_kind
from scenario_quiz.core.model import BranchingScenario, scenario_version
from scenario_quiz.core.progress import ProgressError, answers_to_grade, parse_progress

PAGE = "book/my-progress.html"
OLD = "0badf00d"  # a fingerprint no scenario has


def pick(bank, kind: str, final: bool):
    """A scenario of one kind: from the modules, or from the final self-assessment."""
    return next(s for s in bank.scenarios.values() if item_kind(s) == kind and bool(s.form) == final
                and (kind != "single" or len(s.options) < 5))


def first_path(scenario: BranchingScenario) -> list[str]:
    """Letters of option a at every scene, from the start to an ending."""
    path, scene = [], scenario.scene(scenario.start)
    while scene is not None:
        path.append("a")
        scene = scenario.scene(scene.options[0].next)
    return path


def cases(bank) -> list[tuple[str, bytes, dict[str, int] | None]]:
    """(name, file bytes, expected sorting) where sorting is None for a refused file, else the
    number of answers kept, older, misfit and unknown."""
    single, path, rated = pick(bank, "single", False), pick(bank, "path", False), pick(bank, "rate", True)
    final_single, final_path = pick(bank, "single", True), pick(bank, "path", True)
    v = {s.id: scenario_version(s) for s in (single, path, rated, final_single, final_path)}
    good = {
        single.id: {"choice": "b", "version": v[single.id]},
        path.id: {"path": first_path(path), "version": v[path.id], "confidence": "sure"},
        rated.id: {"ratings": {chr(97 + i): "helpful" for i in range(len(rated.options))}, "version": v[rated.id]},
        final_single.id: {"choice": "a", "version": v[final_single.id], "confidence": None},
        final_path.id: {"path": first_path(final_path)[:1], "version": v[final_path.id]},  # not finished yet
    }

    def file(**changes) -> dict:
        return {"format": COURSE.progress_format, "version": 2, "nickname": "Sam", "exported": "2026-11-30",
                "answers": good} | changes

    def js(value) -> bytes:
        return json.dumps(value).encode()

    def answers(**extra) -> bytes:  # the good answers plus (or replaced by) `extra`, by scenario id
        return js(file(answers=good | {k.replace("_", "-"): a for k, a in extra.items()}))

    ok = {"kept": 5, "older": 0, "misfit": 0, "unknown": 0}
    letters = "abcde"[: len(single.options) + 1]
    table = [
        ("a good file", js(file()), ok),
        ("an empty file of answers", js(file(answers={})), ok | {"kept": 0}),
        ("a byte-order mark", b"\xef\xbb\xbf" + js(file()), ok),
        ("version 1", js(file(version=1)), ok),
        ("version written 2.0", js(file()).replace(b'"version": 2,', b'"version": 2.0,'), ok),
        ("null where a field is optional", js(file(form=None, exported=None)), ok),
        ("a nickname padded with spaces", js(file(nickname="  " + "n" * 60 + "  ")), ok),
        ("form b", js(file(form="b")), ok),
        ("an older wording", js(file(answers=good | {single.id: {"choice": "b", "version": OLD}})),
         ok | {"kept": 4, "older": 1}),
        ("a scenario not in the course", answers(al_gone_away={"choice": "a", "version": OLD}), ok | {"unknown": 1}),
        ("the id constructor", answers(constructor={"choice": "a", "version": OLD}), ok | {"unknown": 1}),
        ("a letter past the last option", js(file(answers=good | {
            single.id: {"choice": letters[-1], "version": v[single.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("a path past an ending", js(file(answers=good | {
            path.id: {"path": first_path(path) + ["a"], "version": v[path.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("a path with a letter past the options", js(file(answers=good | {
            path.id: {"path": ["e"], "version": v[path.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("ratings for a scenario that asks for a choice", js(file(answers=good | {
            single.id: {"ratings": {"a": "helpful"}, "version": v[single.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("a choice for a scenario that asks for ratings", js(file(answers=good | {
            rated.id: {"choice": "a", "version": v[rated.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("a rating missing", js(file(answers=good | {
            rated.id: {"ratings": {"a": "helpful"}, "version": v[rated.id]}})), ok | {"kept": 4, "misfit": 1}),
        ("not JSON", b"{not json", None),
        ("a list", b"[1, 2]", None),
        ("another format", js(file(format="something-else")), None),
        ("version 3", js(file(version=3)), None),
        ("version true", js(file(version=True)), None),
        ("version as text", js(file(version="2")), None),
        ("an extra top-level key", js(file(extra=1)), None),
        ("a nickname that is a list", js(file(nickname=["Sam"])), None),
        ("a nickname that is null", js(file(nickname=None)), None),
        ("a nickname of 61 letters", js(file(nickname="n" * 61)), None),
        ("an impossible date", js(file(exported="2026-02-30")), None),
        ("a date as a number", js(file(exported=1700000000)), None),
        ("a date with a time", js(file(exported="2026-11-30T00:00:00")), None),
        ("form c", js(file(form="c")), None),
        ("answers as a list", js(file(answers=[])), None),
        ("no answers", js({k: v for k, v in file().items() if k != "answers"}), None),
        ("an id in capitals", answers(AL_X={"choice": "a", "version": OLD}), None),
        ("an id of 81 letters", js(file(answers=good | {"a" * 81: {"choice": "a", "version": OLD}})), None),
        ("the id __proto__", js(file(answers=good | {"__proto__": {"choice": "a", "version": OLD}})), None),
        ("an answer with an extra key", answers(al_x={"choice": "a", "version": OLD, "points": 9}), None),
        ("an answer of two kinds", answers(al_x={"choice": "a", "path": ["a"], "version": OLD}), None),
        ("an answer of no kind", answers(al_x={"version": OLD}), None),
        ("an answer with no fingerprint", answers(al_x={"choice": "a"}), None),
        ("a fingerprint in capitals", answers(al_x={"choice": "a", "version": "0BADF00D"}), None),
        ("a confidence not on the scale", answers(al_x={"choice": "a", "version": OLD, "confidence": "maybe"}), None),
        ("a choice in capitals", answers(al_x={"choice": "A", "version": OLD}), None),
        ("a choice past e", answers(al_x={"choice": "f", "version": OLD}), None),
        ("a choice as a number", answers(al_x={"choice": 1, "version": OLD}), None),
        ("an empty path", answers(al_x={"path": [], "version": OLD}), None),
        ("a path of 21 steps", answers(al_x={"path": ["a"] * 21, "version": OLD}), None),
        ("empty ratings", answers(al_x={"ratings": {}, "version": OLD}), None),
        ("a rating not on the scale", answers(al_x={"ratings": {"a": "great"}, "version": OLD}), None),
        ("2,001 answers", js(file(answers={f"al-{n}": {"choice": "a", "version": OLD} for n in range(2001)})), None),
        ("nested 100,000 deep", b'{"format": "%s", "version": 2, "answers": %s}' % (
            COURSE.progress_format.encode(), b"[" * 100_000 + b"]" * 100_000), None),
        ("a number of 5,000 digits", js(file()).replace(b'"version": 2,', b'"version": ' + b"9" * 5000 + b","), None),
        ("over 2 MB", js(file()) + b" " * 2_000_001, None),
    ]
    return table


def python_sorting(bank, content: bytes) -> dict[str, int] | None:
    try:
        progress = parse_progress(content.decode("utf-8"), COURSE)
    except ProgressError:
        return None
    kept, notes = answers_to_grade(bank, progress)
    kinds = {"kept": len(kept), "older": 0, "misfit": 0, "unknown": 0}
    for note in notes:  # an unfinished path in the final self-assessment opens (to be finished), ungraded
        kinds["kept" if "not finished" in note else "unknown" if "not in the course" in note
              else "older" if "has changed" in note else "misfit"] += 1
    return kinds


def test_python_sorts_every_case_as_the_table_says(bank):
    for name, content, expected in cases(bank):
        assert python_sorting(bank, content) == expected, name


# The file's bytes travel as base64: a list of numbers took Playwright 20 s for the 2 MB case.
OPEN_FILE = """async ([name, base64]) => {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const notice = document.querySelector('.sq-progress-notice');
    const box = document.querySelector('.sq-import-preview');
    notice.textContent = ''; box.hidden = true;
    document.querySelector('.sq-import-changes').textContent = '';
    const input = document.querySelector('#sq--import');
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type: 'application/json'}));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    for (let i = 0; i < 200 && !notice.textContent && box.hidden; i++) await new Promise(r => setTimeout(r, 10));
    const counts = {};
    document.querySelectorAll('.sq-import-changes li')
        .forEach(li => { counts[li.dataset.change] = +li.dataset.count; });
    return {notice: notice.textContent, asking: !box.hidden, counts};
}"""


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


def browser_sorting(page, content: bytes) -> dict[str, int] | None:
    seen = page.evaluate(OPEN_FILE, ["progress.json", b64(content)])
    if "nothing was changed" in seen["notice"] and "no answers to add" not in seen["notice"]:
        return None  # refused
    counts = seen["counts"]
    return {"kept": counts.get("added", 0) + counts.get("replaced", 0) + counts.get("same", 0),
            "older": counts.get("older", 0), "misfit": counts.get("misfit", 0), "unknown": counts.get("unknown", 0)}


@pytest.mark.browser
def test_the_browser_sorts_every_case_as_python_does(page, site, bank):
    page.goto(f"{site}/{PAGE}")
    disagree = []
    for name, content, expected in cases(bank):
        got = browser_sorting(page, content)
        if got != expected or got != python_sorting(bank, content):
            disagree.append(f"{name}: browser {got}, python {python_sorting(bank, content)}, table {expected}")
    assert not disagree, "\n".join(disagree)


def saved_answers(page) -> dict:
    stored = f"localStorage.getItem('{COURSE.answers_key}')"
    return page.evaluate(f"JSON.parse({stored} || '{{}}').answers || {{}}")


@pytest.mark.browser
def test_opening_a_file_shows_what_changes_and_asks_before_replacing(page, site, bank):
    single, path = pick(bank, "single", False), pick(bank, "path", False)
    mine = {single.id: {"choice": "a", "version": scenario_version(single)},
            path.id: {"path": first_path(path), "version": scenario_version(path)}}
    theirs = {single.id: {"choice": "b", "version": scenario_version(single)},  # a different, current answer
              path.id: {"path": first_path(path)[:1], "version": OLD}}  # an older wording: never replaces mine
    page.goto(f"{site}/{PAGE}")
    page.evaluate("a => localStorage.setItem('diabetes-peer-support-course:answers', JSON.stringify({format: 2, "
                  "form: null, answers: a}))", mine)
    page.reload()
    content = json.dumps({"format": COURSE.progress_format, "version": 2, "answers": theirs}).encode()

    seen = page.evaluate(OPEN_FILE, ["theirs.json", b64(content)])
    assert seen["asking"] and seen["counts"] == {"replaced": 1, "older": 1}
    assert page.evaluate("document.activeElement.id") == "sq--import-heading"  # a keyboard user lands on it
    assert page.inner_text(".sq-import-yes") == "Replace 1 answer"
    page.click(".sq-import-no")
    assert saved_answers(page) == mine and "nothing was changed" in page.inner_text(".sq-progress-notice")

    page.evaluate(OPEN_FILE, ["theirs.json", b64(content)])
    page.click(".sq-import-yes")
    assert saved_answers(page) == {single.id: theirs[single.id], path.id: mine[path.id]}
    assert "1 replaced" in page.inner_text(".sq-progress-notice")

    again = page.evaluate(OPEN_FILE, ["theirs.json", b64(content)])  # the same file twice: nothing to add
    assert not again["asking"] and again["counts"] == {"same": 1, "older": 1}
    assert "no answers to add" in again["notice"]


@pytest.mark.browser
def test_a_title_that_opens_a_comment_or_script_cannot_break_my_progress(page, tmp_path):
    from conftest import make_scenario, sphinx_build, sphinx_project

    title = '<!--<script> & </script> -->'
    source = sphinx_project(tmp_path, "# My progress\n\n```{progress}\n```\n", [make_scenario("al-odd", title=title)])
    assert sphinx_build(source).returncode == 0
    built = (source.parent / "out" / "index.html")
    assert "<!--<script>" not in built.read_text()  # every < > & in the embedded catalogue is escaped
    page.goto(built.as_uri())
    assert "not answered any" in page.inner_text(".sq-progress-summary")
    assert [problem for problem in page.problems if problem.startswith("exception: ")] == []  # uncaught errors
    assert page.is_visible(".sq-export")
