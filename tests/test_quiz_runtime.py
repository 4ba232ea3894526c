# SPDX-License-Identifier: MIT
"""The quiz runtime's one entry point, `scenarioQuiz.render({model, el})`, the shape a future front-end
(an anywidget, a MyST plugin) calls: in a blank page opened from file://, an empty element becomes a
working quiz, and the markup the script builds from the model is the markup Python's template writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenario_quiz.core.grading import item_kind
from scenario_quiz.markup.assessment import CONFIDENCE_LABELS
from scenario_quiz.markup.quiz import html_id, quiz_model, render_quiz, render_scoreboard

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[1] / "src" / "scenario_quiz" / "static"

# The DOM as data: each element as [tag, sorted attributes, children], text as it is, scripts left
# out (the static quiz carries its model in one). Adjacent text is joined first, so the same text
# made in two pieces compares equal.
CANONICAL = """el => {
  el.normalize();
  const walk = node => node.nodeType === Node.TEXT_NODE ? node.data :
    [node.tagName.toLowerCase(), [...node.attributes].map(a => [a.name, a.value]).sort(),
     [...node.childNodes].filter(c => c.nodeType === Node.TEXT_NODE || (c.nodeType === Node.ELEMENT_NODE &&
       c.tagName !== 'SCRIPT')).map(walk)];
  return walk(el);
}"""


def open_blank(page, tmp_path, body: str = ""):
    """A blank page from file:// with nothing but the quiz script, its style sheet, an empty element
    (#here) and `body`, opened in `page` (conftest's, made fresh). Returns a function that lists its console
    errors and uncaught exceptions so far."""
    page_file = tmp_path / "blank.html"
    page_file.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Blank</title>"
        f"<link rel='stylesheet' href='{(STATIC / 'scenario-quiz.css').as_uri()}'>"
        f"<script src='{(STATIC / 'scenario-quiz.js').as_uri()}'></script></head>"
        f"<body>{body}<div id='here'></div></body></html>",
        encoding="utf-8")
    page.goto(page_file.as_uri())
    assert page.url.startswith("file://")
    return lambda: [p for p in page.problems if not p.startswith("warning: ")]


@pytest.fixture
def blank(page, tmp_path):
    problems = open_blank(page, tmp_path)
    yield page
    assert problems() == []


def render_into(page, model: dict, where: str = "#here") -> None:
    page.evaluate("([model, where]) => { window.stop = "
                  "window.scenarioQuiz.render({ model, el: document.querySelector(where) }); }", [model, where])


def first_of(bank, kind: str) -> str:
    return next(sid for sid, s in sorted(bank.scenarios.items()) if item_kind(s) == kind)


def test_render_makes_a_working_quiz_in_an_empty_element(blank, bank):
    sid = first_of(bank, "single")
    s = bank.get(sid)
    render_into(blank, quiz_model(bank, s, "single"))
    blank.click(f"#{html_id(sid)} .sq-check")
    assert blank.inner_text(f"#{html_id(sid)} .sq-feedback") == "Choose one of the options first."
    blank.check(f"#{html_id(sid, 'b')}")
    blank.click(f"#{html_id(sid)} .sq-check")
    feedback = blank.inner_text(f"#{html_id(sid)} .sq-feedback")
    assert "You chose B." in feedback and s.options[1].feedback[:40] in feedback
    assert s.options[1].rating.value.capitalize() in feedback
    assert blank.is_visible(f"#{html_id(sid)} .sq-explained")
    # The answer is saved as on a book page, with the version Python wrote.
    saved = blank.evaluate("window.scenarioQuizStore.read()")
    assert saved == {sid: {"choice": "b", "version": quiz_model(bank, s, "single")["version"]}}


def test_render_walks_a_scenario_in_steps_to_an_ending(blank, bank):
    sid = first_of(bank, "path")
    s = bank.get(sid)
    render_into(blank, quiz_model(bank, s, "path"))
    scene, path = s.start, []
    scenes = {sc.id: sc for sc in s.scenes}
    while scene in scenes:  # always the first option: Python's `next` decides where it goes
        blank.check(f"#{html_id(sid, 'scene', scene, 'a')}")
        blank.click(f"#{html_id(sid, 'scene', scene)} .sq-check")
        path.append("a")
        scene = scenes[scene].options[0].next
    assert blank.is_visible(f"#{html_id(sid, 'ending', scene)}")
    assert blank.inner_text(f"#{html_id(sid)} .sq-path-score").startswith("You reached an ending")
    assert blank.evaluate("window.scenarioQuizStore.read()")[sid]["path"] == path


def test_render_scores_a_rate_every_option_item_from_the_model(blank, bank):
    sid = first_of(bank, "rate")
    s = bank.get(sid)
    model = quiz_model(bank, s, "rate", sure=CONFIDENCE_LABELS)
    render_into(blank, model)
    for n, option in enumerate(s.options):  # the course's own rating for each: full marks
        blank.check(f"#{html_id(sid, 'abcde'[n], option.rating.value.replace(' ', '-'))}")
    blank.check(f"#{html_id(sid, 'sure', 'sure')}")
    blank.click(f"#{html_id(sid)} .sq-check")
    assert (f"You rated every option: {model['max']} of a possible {model['max']} points"
            in blank.inner_text(f"#{html_id(sid)} .sq-feedback"))


def test_render_adds_to_the_page_score_and_its_function_takes_the_quiz_off(page, tmp_path, bank):
    problems = open_blank(page, tmp_path, render_scoreboard())
    one, two = [sid for sid, s in sorted(bank.scenarios.items()) if item_kind(s) == "single"][:2]
    render_into(page, quiz_model(bank, bank.get(one), "single"))
    render_into(page, quiz_model(bank, bank.get(two), "single"))
    assert page.inner_text(".sq-score-text") == "You have not answered any of the 2 scenarios on this page yet."
    page.check(f"#{html_id(two, 'a')}")
    page.click(f"#{html_id(two)} .sq-check")
    assert page.inner_text(".sq-score-text").startswith("You have answered 1 of 2 scenarios")
    page.evaluate("window.stop()")  # the function render returned for the second quiz
    assert page.inner_text(".sq-score-text") == "You have not answered any of the 1 scenarios on this page yet."
    page.reload()  # a quiz rendered later still finds its saved answer
    render_into(page, quiz_model(bank, bank.get(two), "single"))
    assert "You chose A." in page.inner_text(f"#{html_id(two)} .sq-feedback")
    assert problems() == []


def test_markup_built_from_the_model_is_the_templates_markup(blank, bank):
    """Every scenario in the bank, each kind it can be shown as: the script's markup and Python's
    template must not drift apart (both made answerable, as on a page)."""
    cases = []
    for sid, s in sorted(bank.scenarios.items()):
        kind = item_kind(s)
        for sure in ([CONFIDENCE_LABELS] if kind == "rate" else [None, CONFIDENCE_LABELS]):
            cases.append((sid, render_quiz(bank, s, kind, sure=sure), quiz_model(bank, s, kind, sure=sure)))
    # The cases (7 MB) cross as JSON text, which Playwright passes as it is: as nested values, which it
    # converts one by one, they took 1.3 to 2 s of CPU where this takes 0.9.
    differ = blank.evaluate("""([cases, canonical]) => {
      const canon = eval(canonical);
      const differ = [];
      for (const [sid, html, model] of JSON.parse(cases)) {
        const fromPython = document.createElement('div'), fromModel = document.createElement('div');
        document.body.append(fromPython, fromModel);
        fromPython.innerHTML = html;
        window.scenarioQuiz.render({ model, el: fromPython })();
        window.scenarioQuiz.render({ model, el: fromModel })();
        const a = JSON.stringify(canon(fromPython)), b = JSON.stringify(canon(fromModel));
        if (a !== b) {
          let at = 0; while (a[at] === b[at]) at++;
          differ.push([sid, a.slice(Math.max(0, at - 120), at + 120), b.slice(Math.max(0, at - 120), at + 120)]);
        }
        fromPython.remove(); fromModel.remove();
      }
      return differ;
    }""", [json.dumps(cases), CANONICAL])
    assert len(cases) > 100
    assert differ == [], json.dumps(differ[:3], indent=1)
