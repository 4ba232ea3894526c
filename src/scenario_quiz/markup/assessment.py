# SPDX-License-Identifier: MIT
"""The final self-assessment in the static book: two parallel forms, rate-every-option items,
"How sure are you?", and the scoring model the browser looks answers up in.

    model = assessment_model(bank, pass_mark=70, safety_gate=True)   # what Python decided, as JSON data
    html = render_assessment(bank, pass_mark=70, safety_gate=True, read_again={...})

Every number in the model comes from grading.py: the points each answer earns, whether it is a
safety slip, every finished path's points (the one graph walk), each form's and each skill's
points needed, and below how many points a scenario counts as missed. The browser adds up what
it looks up and compares the sums with these thresholds; it holds no rule of its own.
"""

from __future__ import annotations

import html
import json

from ..core.bank import Bank
from ..core.forms import forms
from ..core.grading import (
    CONFIDENCE, CONFIDENT, POINTS, RATING_SCALE, complete_paths, item_kind, item_max_points, missed_below,
    points_needed, rating_credit, trips_gate_when_rated,
)
from ..core.model import BranchingScenario, Rating, Scenario, letter
from .quiz import (
    RATING_LABELS, Question, _frame, _slug, html_id, page_id, rating_badge, render_scenario, scenario_version,
)

__all__ = ["CONFIDENCE_LABELS", "assessment_model", "embed_json", "render_assessment", "render_rate_scenario"]

CONFIDENCE_LABELS = dict(zip(CONFIDENCE, ("Sure", "Fairly sure", "Guessing"), strict=True))


def embed_json(data: object) -> str:
    """JSON safe inside a <script> element: every <, > and & escaped, so no text can end the element
    or open a comment."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _item_model(scenario: Scenario | BranchingScenario) -> dict:
    kind = item_kind(scenario)
    top = item_max_points(scenario)
    entry: dict = {"kind": kind, "competency": scenario.competency, "max": top, "missedBelow": missed_below(top),
                   "version": scenario_version(scenario), "title": scenario.title}
    critical = scenario.safety_critical
    if isinstance(scenario, BranchingScenario):
        entry["paths"] = {",".join(path): [points, int(critical and harmful)]
                          for path, (points, harmful) in complete_paths(scenario).items()}
    elif kind == "rate":
        entry["rate"] = {letter(i): {given.value: [rating_credit(o.rating, given),
                                                   int(critical and trips_gate_when_rated(o.rating, given))]
                                     for given in RATING_SCALE}
                         for i, o in enumerate(scenario.options)}
    else:
        entry["single"] = {letter(i): [POINTS[o.rating], int(critical and o.rating is Rating.HARMFUL)]
                           for i, o in enumerate(scenario.options)}
    return entry


def assessment_model(bank: Bank, pass_mark: int, safety_gate: bool) -> dict:
    model: dict = {"passMark": pass_mark, "gate": safety_gate, "confident": sorted(CONFIDENT), "forms": {}}
    for name, ids in forms(bank).items():
        items = {sid: _item_model(bank.get(sid)) for sid in ids}
        skills: dict[str, dict] = {}
        for item in items.values():
            skill = skills.setdefault(item["competency"], {"name": bank.competencies[item["competency"]].name,
                                                           "max": 0})
            skill["max"] += item["max"]
        for skill in skills.values():
            skill["needed"] = points_needed(skill["max"], pass_mark)
        top = sum(item["max"] for item in items.values())
        model["forms"][name] = {"ids": ids, "items": items, "max": top,
                                "pointsToPass": points_needed(top, pass_mark), "skills": skills}
    return model


def _confidence(sid: str, question: Question) -> str:
    radios = "".join(
        f'<span class="sq-confidence-choice"><input type="radio" id="{html_id(sid, *question, "sure", value)}" '
        f'name="{html_id(sid, *question, "sure")}" value="{value}">'
        f'<label for="{html_id(sid, *question, "sure", value)}">{label}</label></span>'
        for value, label in CONFIDENCE_LABELS.items())
    return (f'<fieldset class="sq-confidence"><legend>How sure are you of this answer?</legend>{radios}'
            f"</fieldset>")


def render_rate_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """A scenario where the trainee rates every option, as professional situational judgement tests do."""
    s = bank.get(scenario_id)
    assert isinstance(s, Scenario)
    e = html.escape
    rows, explanations = [], []
    for i, option in enumerate(s.options):
        key = letter(i)
        choices = "".join(
            f'<span class="sq-rate-choice"><input type="radio" id="{html_id(s.id, key, _slug(r))}" '
            f'name="{html_id(s.id, key)}" value="{e(r.value)}">'
            f'<label for="{html_id(s.id, key, _slug(r))}">{RATING_LABELS[r]}</label></span>'
            for r in RATING_SCALE)
        rows.append(f'<fieldset class="sq-rate-option" data-option="{key}"><legend><span class="sq-letter">'
                    f'{key.upper()}.</span> {e(option.text)}</legend><div class="sq-rate-choices">{choices}</div>'
                    f"</fieldset>")
        explanations.append(
            f'<li id="{html_id(s.id, "why", key)}" data-option="{key}"><p class="sq-option-text">'
            f'<span class="sq-letter">{key.upper()}.</span> {e(option.text)}</p>'
            f'<p class="sq-verdict"><span class="sq-you-rated"></span>The course rates it {rating_badge(option.rating)}'
            f'<span class="sq-points"></span></p>'
            f'<p class="sq-why">{e(option.feedback)}</p></li>')
    inner = (f'<form class="sq-form sq-rate-form"><fieldset class="sq-rate-all"><legend class="sq-question">'
             f"{e(s.question)} Rate every option.</legend>{''.join(rows)}</fieldset>{_confidence(s.id, ())}"
             f'<button type="submit" class="sq-check">Check my ratings</button></form>'
             f'<div class="sq-feedback" id="{html_id(s.id, "feedback")}" aria-live="polite" tabindex="-1"></div>'
             f'<details class="sq-explained"><summary>How each option rates, and why</summary>'
             f'<ol class="sq-explanations">{"".join(explanations)}</ol></details>')
    return _frame(bank, s, "Rate every option", heading_level, inner, kind="rate")


def _assessment_item(bank: Bank, sid: str) -> str:
    scenario = bank.get(sid)
    if item_kind(scenario) == "rate":
        return render_rate_scenario(bank, sid)
    quiz = render_scenario(bank, sid)
    # Ask "How sure are you?" inside the question's form (a scenario in steps: its first scene's),
    # before the answer is checked.
    question = ("scene", scenario.start) if isinstance(scenario, BranchingScenario) else ()
    marker = '<button type="submit" class="sq-check">'
    at = quiz.index(marker, quiz.index(f'id="{html_id(sid, *question)}"'))
    return quiz[:at] + _confidence(sid, question) + quiz[at:]


def render_assessment(bank: Bank, pass_mark: int, safety_gate: bool, read_again: dict[str, str],
                      progress_url: str) -> str:
    """Both forms, the form chooser, the result panel, and the scoring model for the script."""
    model = assessment_model(bank, pass_mark, safety_gate)
    parts = [f'<div class="sq-assessment" data-assessment>'
             f'<script type="application/json" class="sq-assessment-model">{embed_json(model)}</script>'
             f'<div class="sq-form-chooser"><p class="sq-form-status" role="status">Choose a form to start. '
             f"Both test the same skills with different scenarios.</p>"]
    parts += [f'<button type="button" class="sq-start-form" data-form="{name}">Start form {name.upper()}</button> '
              for name in model["forms"]]
    parts.append("</div>")
    for name, form in model["forms"].items():
        items = "".join(_assessment_item(bank, sid) for sid in form["ids"])
        parts.append(f'<div class="sq-assessment-form" data-form="{name}" hidden>'
                     f'<h2 class="sq-form-title">Form {name.upper()}</h2>{items}</div>')
    parts.append(_result_panel(bank, model, read_again, progress_url))
    parts.append("</div>")
    return "".join(parts)


def _result_panel(bank: Bank, model: dict, read_again: dict[str, str], progress_url: str) -> str:
    rows = "".join(
        f'<tr data-competency="{html.escape(c.id)}"><th scope="row">{html.escape(c.name)}</th>'
        f'<td class="sq-result-points" data-label="Points">-</td><td class="sq-result-met" data-label="Pass mark met">-</td>'
        f'<td data-label="Read again">{read_again.get(c.id, "")}</td></tr>'
        for c in bank.competencies.values())
    gate = ("<p>The result meets the pass mark only if your points reach it <em>and</em> you chose no harmful "
            "option on a safety-critical scenario (when rating every option: rated no harmful option "
            "helpful).</p>") if model["gate"] else ""
    return (
        f'<section class="sq-result" aria-labelledby="{page_id("result-title")}">'
        f'<h2 id="{page_id("result-title")}">Your result</h2>{gate}'
        f'<p class="sq-result-status" role="status">Start a form, then answer every scenario to see your result.</p>'
        f'<div class="sq-result-body" hidden>'
        f'<div class="sq-result-review" hidden><p><strong>Go over these before you facilitate.</strong> On these '
        f"safety-critical scenarios you chose a harmful option, or rated a harmful option helpful. That is a sign "
        f"to read that part of the course again and talk it through with your organiser, not a judgement of "
        f"you.</p><ul></ul></div>"
        f'<div class="sq-result-talk" hidden><p><strong>Talk these through with your organiser.</strong> First '
        f"come the ones where you felt sure or fairly sure but scored less than half: those matter most.</p>"
        f"<ol></ol></div>"
        f'<table class="sq-result-table"><caption>Your points by skill, and where to read again</caption><thead>'
        f'<tr><th scope="col">Skill</th><th scope="col">Points</th><th scope="col">Pass mark met</th>'
        f'<th scope="col">Read again</th></tr></thead><tbody>{rows}</tbody></table>'
        f'<p class="sq-certificate-offer" hidden>You can print a certificate of self-assessment from '
        f'<a href="{html.escape(progress_url)}">My progress</a>.</p>'
        f'<p><button type="button" class="sq-other-form">Start again with the other form</button></p>'
        f"</div></section>"
    )

