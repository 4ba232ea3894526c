# SPDX-License-Identifier: MIT
"""A workshop plan as a timetable for organisers (the plan's rules are in core/plans.py)."""

from __future__ import annotations

import datetime as dt
import html

from ..core.bank import Bank
from ..core.plans import Plan, clock
from .text import markdown

__all__ = ["render_plan"]


def render_plan(plan: Plan, bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    """A timetable per day. `module_links` maps a module slug to (title, relative URL)."""
    e = html.escape
    parts = [f"<div class='sq-plan'><p>{e(plan.summary)}</p>"]
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
            f"<th scope='col'>Session</th><th scope='col'>Details</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts) + "</div>"
