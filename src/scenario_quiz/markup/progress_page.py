# SPDX-License-Identifier: MIT
"""The "My progress" page: a catalogue of every scenario for the script, and the page's controls.

The catalogue carries what Python decided (each option's points, which choices put a trainee on
the safety review list, how a stepped scenario's scenes link up, each scenario's fingerprint), so
`static/scenario-progress.js` only looks things up and adds them together.
"""

from __future__ import annotations

from ..core.bank import Bank
from ..core.grading import MAX_POINTS, points_for
from ..core.model import ID_PATTERN, LETTERS, BranchingScenario, Option, Rating, letter, scenario_version
from .assessment import assessment_model, embed_json
from .templating import Markup, render

__all__ = ["catalogue", "render_progress_page"]


def _choices(options: list[Option], safety_critical: bool, with_next: bool = False) -> dict[str, list]:
    """letter -> [points, review flag(, next)] for each option."""
    return {
        letter(i): [points_for(o.rating), int(safety_critical and o.rating is Rating.HARMFUL)]
        + ([o.next] if with_next else [])
        for i, o in enumerate(options)
    }


def catalogue(bank: Bank, modules: list[tuple[str, str, str]], pass_mark: int, safety_gate: bool = True) -> dict:
    """Everything the progress script needs. `modules` is [(slug, title, url)] in book order.
    The final self-assessment's scenarios are scored through its own model, not the module tally."""
    order = {slug: n for n, (slug, _, _) in enumerate(modules)}
    scenarios = {}
    for sid, s in bank.scenarios.items():
        if s.form:
            continue
        entry = {"module": order.get(bank.module_of[sid], -1), "competency": s.competency,
                 "title": s.title, "version": scenario_version(s)}
        if isinstance(s, BranchingScenario):
            entry["start"] = s.start
            entry["scenes"] = {scene.id: _choices(scene.options, s.safety_critical, True) for scene in s.scenes}
        else:
            entry["choices"] = _choices(s.options, s.safety_critical)
        scenarios[sid] = entry
    return {
        "format": bank.identity.progress_format, "version": 2, "maxPoints": MAX_POINTS, "passMark": pass_mark,
        "idPattern": ID_PATTERN.pattern, "letters": list(LETTERS),
        "assessment": assessment_model(bank, pass_mark, safety_gate),
        "modules": [{"title": title, "url": url} for _, title, url in modules],
        "competencies": [{"id": c.id, "name": c.name} for c in bank.competencies.values()],
        "scenarios": scenarios,
    }


def render_progress_page(bank: Bank, modules: list[tuple[str, str, str]], pass_mark: int, safety_gate: bool,
                         assessment_url: str) -> str:
    data = Markup(embed_json(catalogue(bank, modules, pass_mark, safety_gate)))
    return render("progress.j2", catalogue=data, pass_mark=pass_mark, assessment_url=assessment_url,
                  course=bank.identity.certificate_course)
