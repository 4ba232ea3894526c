# SPDX-License-Identifier: MIT
"""The final self-assessment in the static book: two parallel forms, rate-every-option items,
"How sure are you?", and the scoring model the browser looks answers up in.

    model = assessment_model(bank, pass_mark=70, safety_gate=True)   # what Python decided, as JSON data
    html = render_assessment(bank, pass_mark=70, safety_gate=True, progress_url="my-progress.html",
                             read_again={"active-listening": [("Active listening", "03-listening.html")]})

Every number in the model comes from grading.py: the points each answer earns, whether it is a
safety slip, every finished path's points (the one graph walk), each form's and each skill's
points needed, and below how many points a scenario counts as missed. The browser adds up what
it looks up and compares the sums with these thresholds; it holds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.bank import Bank
from ..core.forms import forms
from ..core.grading import (
    CONFIDENCE,
    CONFIDENT,
    POINTS,
    complete_paths,
    item_kind,
    item_max_points,
    missed_below,
    points_needed,
)
from ..core.model import BranchingScenario, Rating, Scenario, letter, scenario_version
from .quiz import embed_json, rate_table, render_quiz
from .templating import Markup, render

__all__ = ["CONFIDENCE_LABELS", "assessment_model", "embed_json", "render_assessment", "render_rate_scenario"]

CONFIDENCE_LABELS = dict(zip(CONFIDENCE, ("Sure", "Fairly sure", "Guessing"), strict=True))


def _item_model(scenario: Scenario | BranchingScenario) -> dict[str, object]:
    kind = item_kind(scenario)
    top = item_max_points(scenario)
    entry: dict[str, object] = {"kind": kind, "competency": scenario.competency, "max": top,
                                "missedBelow": missed_below(top), "version": scenario_version(scenario),
                                "title": scenario.title}
    critical = scenario.safety_critical
    if isinstance(scenario, BranchingScenario):
        entry["paths"] = {",".join(path): [points, int(critical and harmful)]
                          for path, (points, harmful) in complete_paths(scenario).items()}
    elif kind == "rate":
        entry["rate"] = rate_table(scenario)
    else:
        entry["single"] = {letter(i): [POINTS[o.rating], int(critical and o.rating is Rating.HARMFUL)]
                           for i, o in enumerate(scenario.options)}
    return entry


def assessment_model(bank: Bank, pass_mark: int, safety_gate: bool) -> dict[str, object]:
    form_models: dict[str, object] = {}
    for name, ids in forms(bank).items():
        skill_max: dict[str, int] = {}  # each skill's points in this form, in the order the form meets them
        for sid in ids:
            scenario = bank.get(sid)
            skill_max[scenario.competency] = skill_max.get(scenario.competency, 0) + item_max_points(scenario)
        skills = {c: {"name": bank.competencies[c].name, "max": top, "needed": points_needed(top, pass_mark)}
                  for c, top in skill_max.items()}
        top = sum(skill_max.values())
        form_models[name] = {"ids": ids, "items": {sid: _item_model(bank.get(sid)) for sid in ids}, "max": top,
                             "pointsToPass": points_needed(top, pass_mark), "skills": skills}
    return {"passMark": pass_mark, "gate": safety_gate, "confident": sorted(CONFIDENT), "forms": form_models}


def render_rate_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """A scenario where the trainee rates every option, as professional situational judgement tests do."""
    s = bank.get(scenario_id)
    assert isinstance(s, Scenario)
    return render_quiz(bank, s, "rate", heading_level, sure=CONFIDENCE_LABELS)


def _assessment_item(bank: Bank, sid: str) -> Markup:
    # "How sure are you?" sits inside the question's form (a scenario in steps: its first scene's),
    # before the answer is checked.
    return Markup(render_quiz(bank, bank.get(sid), item_kind(bank.get(sid)), sure=CONFIDENCE_LABELS))


def render_assessment(bank: Bank, pass_mark: int, safety_gate: bool,
                      read_again: Mapping[str, Sequence[tuple[str, str]]], progress_url: str) -> str:
    """Both forms, the form chooser, the result panel, and the scoring model for the script.
    `read_again` maps a competency id to the modules to read again, as (title, link)."""
    model = assessment_model(bank, pass_mark, safety_gate)
    items = {name: [_assessment_item(bank, sid) for sid in ids] for name, ids in forms(bank).items()}
    return render("assessment.j2", model=model, model_json=Markup(embed_json(model)), items=items,
                  competencies=list(bank.competencies.values()),
                  read_again=read_again, progress_url=progress_url)
