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

import html

from ..core.bank import Bank
from ..core.model import BranchingScenario, Ending, Option, PathOption, Scene, letter
from ..core.plans import Plan, Session
from .quiz import html_id, page_id, rating_badge
from .text import markdown

__all__ = ["QUESTION", "plan_scenarios", "render_present_button", "render_presenter", "render_sessions"]

# The step name of a simple scenario's one question (a scenario in steps names its scenes and endings).
QUESTION = "question"

KEYS_HELP = ("Keys: Right arrow, Page Down or Space for the next step; Left arrow or Page Up to go back; "
             "R to reveal the ratings; in a scenario in steps, the letter of the room's choice to go on; "
             "Home and End for the first and last scenario; Escape to close.")


def _options(question_id: str, options: list[Option] | list[PathOption], leads_to: dict[str, str]) -> str:
    """The options of one question, each hidden until revealed, its rating and feedback hidden
    until the ratings are revealed. In a scenario in steps each option also says where it leads."""
    e = html.escape
    items = []
    for index, option in enumerate(options):
        key = letter(index)
        follow = ""
        if isinstance(option, PathOption):
            follow = (f'<p class="sq-slide-leads">Leads to: {e(leads_to[option.next])}</p>'
                      f'<button type="button" class="sq-slide-follow" data-next="{e(option.next)}">'
                      f"Go with {key.upper()}</button>")
        items.append(
            f'<li class="sq-slide-option" data-option="{key}" hidden>'
            f'<p class="sq-slide-text"><span class="sq-letter">{key.upper()}.</span> {e(option.text)}</p>'
            f'<div class="sq-slide-verdict" hidden><p>{rating_badge(option.rating)}</p>'
            f'<p class="sq-slide-why">{e(option.feedback)}</p>{follow}</div></li>')
    return f'<ol class="sq-slide-options" data-question="{e(question_id)}">{"".join(items)}</ol>'


def _question(step: str, situation: str, asked: str, options: list, leads_to: dict[str, str]) -> str:
    scene = f'<div class="sq-slide-situation">{markdown().render(situation)}</div>' if situation else ""
    return (f'<div class="sq-slide-step" data-step="{html.escape(step)}" hidden>{scene}'
            f'<p class="sq-slide-question">{html.escape(asked)}</p>{_options(step, options, leads_to)}</div>')


def _ending(end: Ending) -> str:
    return (f'<div class="sq-slide-step sq-slide-ending" data-step="{html.escape(end.id)}" data-ending="true" hidden>'
            f'<p class="sq-slide-ending-title">Ending: {html.escape(end.title)}</p>'
            f'<div class="sq-slide-situation">{markdown().render(end.text)}</div></div>')


def _slide(bank: Bank, scenario_id: str) -> str:
    e = html.escape
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        leads_to = {scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}"
                                                                      for end in s.endings}
        steps = [_scene(scene, leads_to) for scene in s.scenes] + [_ending(end) for end in s.endings]
        kind, start = "path", s.start
    else:
        steps = [_question(QUESTION, "", s.question, list(s.options), {})]
        kind, start = "single", QUESTION
    return (f'<div class="sq-slide" id="{html_id(s.id, "presenter")}" data-slide="{e(s.id)}" data-kind="{kind}" '
            f'data-start="{e(start)}" hidden><h3 class="sq-slide-title">{e(s.title)}</h3>'
            f'<div class="sq-slide-situation sq-slide-opening">{markdown().render(s.situation)}</div>'
            f'{"".join(steps)}</div>')


def _scene(scene: Scene, leads_to: dict[str, str]) -> str:
    return _question(scene.id, scene.situation, scene.question, list(scene.options), leads_to)


def render_presenter(bank: Bank, scenario_ids: list[str]) -> str:
    """The full-screen presenter, hidden until a Present button opens it, with one slide for each
    scenario (each once, in the order given). A page has one; its buttons say which slides to show."""
    slides = "".join(_slide(bank, sid) for sid in dict.fromkeys(scenario_ids))
    button = '<button type="button" class="sq-presenter-{0}">{1}</button>'.format
    return (
        f'<div class="sq-presenter" id="{page_id("presenter")}" role="dialog" aria-modal="true" '
        f'aria-labelledby="{page_id("presenter-title")}" aria-describedby="{page_id("presenter-keys")}" hidden>'
        f'<div class="sq-presenter-bar"><h2 class="sq-presenter-title" id="{page_id("presenter-title")}">'
        f'Presenter mode</h2><p class="sq-presenter-count"></p></div>'
        f'<div class="sq-presenter-stage" tabindex="0" role="region" aria-label="Scenario">{slides}'
        f'<div class="sq-presenter-end" hidden><p class="sq-presenter-end-title">End of the list</p>'
        f"<p>Every scenario in this list has been shown. Press Escape, or Close, to go back to the page.</p></div>"
        f"</div>"
        f'<p class="sq-presenter-status" role="status"></p>'
        f'<div class="sq-presenter-controls">{button("back", "Back")}{button("next", "Next")}'
        f'{button("reveal", "Reveal ratings")}{button("close", "Close")}</div>'
        f'<p class="sq-presenter-keys" id="{page_id("presenter-keys")}">{KEYS_HELP}</p></div>'
    )


def _present_attributes(scenario_ids: list[str], name: str, start: str | None = None) -> str:
    e = html.escape
    first = f' data-present-start="{e(start)}"' if start else ""
    return f'data-present="{e(" ".join(scenario_ids))}"{first} data-present-name="{e(name)}"'


def render_present_button(scenario_ids: list[str], start: str, name: str) -> str:
    """"Present to the room" for the scenario `start`: it opens the presenter on that scenario, and
    the arrow keys move through `scenario_ids` (the page's scenarios). `name` heads the presenter."""
    return (f'<p class="sq-present-line"><button type="button" class="sq-present" '
            f'{_present_attributes(scenario_ids, name, start)} aria-describedby="{html_id(start, "title")}">'
            f"Present to the room</button></p>")


def plan_scenarios(plan: Plan) -> list[str]:
    """Every scenario the plan's sessions list, each once, in the order of the day."""
    return list(dict.fromkeys(sid for day in plan.days for session in day.sessions for sid in session.scenarios))


def _session(bank: Bank, session: Session) -> str:
    e = html.escape
    ids = list(session.scenarios)
    count = f"{len(ids)} scenario" + ("" if len(ids) == 1 else "s")
    titles = "; ".join(e(bank.get(sid).title) for sid in ids)
    return (f'<li><button type="button" class="sq-present" {_present_attributes(ids, session.title)}>'
            f"Present: {e(session.title)}</button> <span class='sq-session-count'>{count}: {titles}</span></li>")


def render_sessions(plan: Plan, bank: Bank) -> str:
    """Each session of a workshop plan that lists scenarios, with a button that presents them in order."""
    days = []
    for day in plan.days:
        items = [_session(bank, session) for session in day.sessions if session.scenarios]
        if items:
            heading = f"<h3>{html.escape(day.name)}</h3>" if len(plan.days) > 1 else ""
            days.append(f"{heading}<ul class='sq-session-list'>{''.join(items)}</ul>")
    return f"<div class='sq-sessions'>{''.join(days) or '<p>No session in this plan lists scenarios.</p>'}</div>"
