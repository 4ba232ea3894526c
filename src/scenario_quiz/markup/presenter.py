# SPDX-License-Identifier: MIT
"""Presenter mode (organiser edition): scenarios full screen for a workshop room.

    html = render_presenter(bank, ids)                   # a page's one presenter: a slide per scenario
    html = render_present_button(ids, "al-one", "Active listening")   # "Present to the room", above a quiz
    html = render_sessions(plan)                         # a workshop's sessions, each with a Present button

Python decides everything the room sees: each slide holds the situation, the question, and every
option with its rating and feedback (and, in a scenario in steps, where each option leads). The
script presenter_static/scenario-presenter.js only reveals it step by step: the options one at a
time, then the ratings. Nothing is scored and nothing is saved.

A scenario in steps starts at its first scene. Once the ratings are shown, the presenter picks the
option the room chose (its letter key, or its "Go with" button) and the slide moves on to the scene
or ending that option leads to. We chose this over showing every scene in file order because the
room's own choice is what the discussion is about, and a scene that does not follow from it would
confuse people; Python has already written where each option leads, so the script only follows it.
"""

from __future__ import annotations

from ..core.bank import Bank
from ..core.model import LETTERS, BranchingScenario
from ..core.plans import Plan, Session
from .templating import render

__all__ = ["QUESTION", "plan_scenarios", "render_present_button", "render_presenter", "render_sessions"]

# The step name of a simple scenario's one question (a scenario in steps names its scenes and endings).
QUESTION = "question"

KEYS_HELP = ("Keys: Right arrow, Page Down or Space for the next step; Left arrow or Page Up to go back; "
             "R to reveal the ratings; in a scenario in steps, the letter of the room's choice to go on; "
             "Home and End for the first and last scenario; Escape to close.")


def _slide(bank: Bank, scenario_id: str) -> tuple:
    """(scenario, kind, first step, steps): a step is (step id, situation, question, options) for a
    question (a simple scenario's one question has no situation of its own), or an ending."""
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        steps: list = [(scene.id, scene.situation, scene.question, scene.options) for scene in s.scenes]
        return s, "path", s.start, steps + list(s.endings)
    return s, "single", QUESTION, [(QUESTION, "", s.question, s.options)]


def render_presenter(bank: Bank, scenario_ids: list[str]) -> str:
    """The full-screen presenter, hidden until a Present button opens it, with one slide for each
    scenario (each once, in the order given). A page has one; its buttons say which slides to show."""
    slides = [_slide(bank, sid) for sid in dict.fromkeys(scenario_ids)]
    titles = {s.id: {scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}"
                                                                        for end in s.endings}
              for s, kind, _, _ in slides if isinstance(s, BranchingScenario)}
    return render("presenter.j2", slides=slides, titles=titles, letters=LETTERS, keys_help=KEYS_HELP)


def render_present_button(scenario_ids: list[str], start: str, name: str) -> str:
    """"Present to the room" for the scenario `start`: it opens the presenter on that scenario, and
    the arrow keys move through `scenario_ids` (the page's scenarios). `name` heads the presenter."""
    return render("present.j2", ids=scenario_ids, start=start, heading=name)


def plan_scenarios(plan: Plan) -> list[str]:
    """Every scenario the plan's sessions list, each once, in the order of the day."""
    return list(dict.fromkeys(sid for day in plan.days for session in day.sessions for sid in session.scenarios))


def render_sessions(plan: Plan, bank: Bank) -> str:
    """Each session of a workshop plan that lists scenarios, with a button that presents them in order."""
    days: list[tuple[str | None, list[tuple[Session, list[str]]]]] = []
    for day in plan.days:
        sessions = [(session, list(session.scenarios)) for session in day.sessions if session.scenarios]
        if sessions:
            days.append((day.name if len(plan.days) > 1 else None, sessions))
    return render("present.j2", days=days, bank=bank)
