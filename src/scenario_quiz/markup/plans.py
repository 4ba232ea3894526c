# SPDX-License-Identifier: MIT
"""A workshop plan as a timetable for organisers (the plan's rules are in core/plans.py; the
layout is templates/plan.j2)."""

from __future__ import annotations

import datetime as dt
import math

from ..core.bank import Bank
from ..core.plans import Plan, Session, clock, safety_sessions
from .templating import render

__all__ = ["render_plan"]


def _rows(plan: Plan, day_sessions: list[Session], start: dt.datetime, safety: set[int]) -> list[tuple]:
    """Each session with its start time and, where the timetable names them, the trainers in the
    room: a session that sets its own number, and every safety session (which needs more than one)."""
    rows = []
    for session in day_sessions:
        trainers = session.trainers or (plan.trainers if id(session) in safety else None)
        rows.append((f"{start:%H:%M}", session, trainers))
        start += dt.timedelta(minutes=session.minutes)
    return rows


def render_plan(plan: Plan, bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    """A timetable per day. `module_links` maps a module slug to (title, relative URL)."""
    found = safety_sessions(plan)
    safety = {id(session) for _, session, _ in found}
    days = [(day, _rows(plan, day.sessions, clock(day.start), safety)) for day in plan.days]
    return render("plan.j2", plan=plan, bank=bank, links=module_links, days=days,
                  per_trainer=math.ceil(plan.trainees.max / plan.trainers),
                  safety_minutes=sum(session.minutes for _, session, _ in found))
