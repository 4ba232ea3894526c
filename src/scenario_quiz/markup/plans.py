# SPDX-License-Identifier: MIT
"""A workshop plan as a timetable for organisers (the plan's rules are in core/plans.py)."""

from __future__ import annotations

import datetime as dt
import html
import math

from ..core.bank import Bank
from ..core.plans import Plan, Session, clock, safety_sessions
from .text import markdown

__all__ = ["render_plan"]


def _module_names(modules: list[str], module_links: dict[str, tuple[str, str]]) -> str:
    return ", ".join(html.escape(module_links.get(m, (m, ""))[0]) for m in modules)


def _roleplay(session: Session, bank: Bank) -> str:
    slot, e = session.roleplay, html.escape
    rounds = f"{slot.rounds} round{'s' if slot.rounds > 1 else ''} of roles"
    return (f"<p><strong>Role-play:</strong> {'; '.join(e(bank.get(s).title) for s in slot.scenarios)}. "
            f"In groups of {slot.group_size}, {rounds} for each scenario: {slot.minutes} min.</p>")


def _people(plan: Plan, module_links: dict[str, tuple[str, str]]) -> str:
    """Who the plan is for and who runs it, and the plan's safety rule, in words."""
    rule, found = plan.safety, safety_sessions(plan)
    per_trainer = math.ceil(plan.trainees.max / plan.trainers)
    trainers = f"{plan.trainers} trainer{'s' if plan.trainers > 1 else ''}"
    return (f"<p><strong>Group size:</strong> {plan.trainees.min} to {plan.trainees.max} trainees, with {trainers}: "
            f"at most {per_trainer} trainees to a trainer.</p>"
            f"<p><strong>Safety sessions:</strong> {_module_names(rule.modules, module_links)}. They end by "
            f"{rule.ends_by}, while people are fresh, and last {sum(s.minutes for _, s, _ in found)} minutes "
            f"together (at least {rule.minutes}), with {rule.trainers} trainers in the room so that one can step "
            f"out with anyone who needs to.</p>")


def _homework(plan: Plan, bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    homework, e = plan.homework, html.escape
    if homework is None:
        return ""
    named = []
    if homework.modules:
        named.append(f"<p><strong>Modules:</strong> {_module_names(homework.modules, module_links)}</p>")
    if homework.scenarios:
        named.append("<p><strong>Scenarios:</strong> "
                     + "; ".join(f"{e(bank.get(s).title)} (<code>{e(s)}</code>)" for s in homework.scenarios) + "</p>")
    return (f"<h2>Homework, and how it is checked</h2><p>{e(homework.what)}</p>{''.join(named)}"
            f"<p><strong>How it is checked:</strong> {e(homework.checked)}</p>")


def render_plan(plan: Plan, bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    """A timetable per day. `module_links` maps a module slug to (title, relative URL)."""
    e = html.escape
    safety = {id(session) for _, session, _ in safety_sessions(plan)}
    parts = [f"<div class='sq-plan'><p>{e(plan.summary)}</p>{_people(plan, module_links)}"]
    for day in plan.days:
        rows, start = [], clock(day.start)
        for session in day.sessions:
            details = []
            if session.objectives:
                details.append("<p><strong>Objectives</strong></p><ul>"
                               + "".join(f"<li>{e(o)}</li>" for o in session.objectives) + "</ul>")
            if session.modules:
                links = [f"<a href='{module_links[m][1]}'>{e(module_links[m][0])}</a>" if m in module_links else e(m)
                         for m in session.modules]
                details.append(f"<p><strong>Modules:</strong> {', '.join(links)}</p>")
            if session.scenarios:
                details.append("<p><strong>Scenarios:</strong> "
                               + "; ".join(f"{e(bank.get(s).title)} (<code>{e(s)}</code>)" for s in session.scenarios)
                               + "</p>")
            if session.roleplay:
                details.append(_roleplay(session, bank))
            if session.trainers or id(session) in safety:
                details.append(f"<p><strong>Trainers in the room:</strong> {session.trainers or plan.trainers}</p>")
            if session.materials:
                details.append(f"<p><strong>Materials:</strong> {e(', '.join(session.materials))}</p>")
            if session.how:
                details.append(f"<div class='sq-plan-how'>{markdown().render(session.how)}</div>")
            rows.append(f"<tr{' class=sq-plan-break' if session.is_break else ''}><td>{start:%H:%M}</td>"
                        f"<td>{session.minutes} min</td><th scope='row'>{e(session.title)}</th>"
                        f"<td>{''.join(details)}</td></tr>")
            start += dt.timedelta(minutes=session.minutes)
        parts.append(
            f"<h2>{e(day.name)}: {day.start} to {day.end}</h2>"
            f"<table class='sq-plan-table'><thead><tr><th scope='col'>Start</th><th scope='col'>Length</th>"
            f"<th scope='col'>Session</th><th scope='col'>Details</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts) + _homework(plan, bank, module_links) + "</div>"
