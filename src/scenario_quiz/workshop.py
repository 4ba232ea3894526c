# SPDX-License-Identifier: MIT
"""Workshop plans (workshops/*.yml) for organisers: checked, then rendered as a timetable.

    plan = load_plan("workshops/one-day.yml", bank)   # raises PlanError, one line per problem
    html = render_plan(plan, bank, module_links)

The check: each day's sessions add up exactly to the day's length, and every module and
scenario a session names exists. CONTRIBUTING.md documents the file's shape.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .bank import Bank
from .render import _markdown

__all__ = ["Plan", "PlanError", "day_minutes", "load_plan", "render_plan"]

Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Session(_Strict):
    title: Text
    minutes: Annotated[int, Field(gt=0, le=240)]
    is_break: bool = Field(False, alias="break")
    objectives: list[Text] = []
    modules: list[Text] = []
    scenarios: list[Text] = []
    materials: list[Text] = []
    how: Text | None = None  # Markdown


class Day(_Strict):
    name: Text
    start: Clock
    end: Clock
    sessions: Annotated[list[Session], Field(min_length=1)]


class Plan(_Strict):
    title: Text
    summary: Text
    days: Annotated[list[Day], Field(min_length=1, max_length=5)]


class PlanError(Exception):
    """A plan that does not add up or names something that does not exist."""


def _clock(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%H:%M")


def day_minutes(day: Day) -> int:
    return int((_clock(day.end) - _clock(day.start)).total_seconds() // 60)


def load_plan(path: str | Path, bank: Bank) -> Plan:
    path = Path(path)
    try:
        plan = Plan.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path}: cannot be read as YAML: {' '.join(str(exc).split())}") from None
    except ValidationError as exc:
        lines = [f"{path}: field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors(include_url=False)]
        raise PlanError("\n".join(lines)) from None
    modules = set(bank.module_of.values())
    problems = []
    for day in plan.days:
        planned = sum(s.minutes for s in day.sessions)
        if planned != day_minutes(day):
            problems.append(f"{path}: day '{day.name}': the sessions add up to {planned} minutes, but "
                            f"{day.start} to {day.end} is {day_minutes(day)} minutes")
        for session in day.sessions:
            problems += [f"{path}: session '{session.title}': no module '{m}'" for m in session.modules
                         if m not in modules]
            problems += [f"{path}: session '{session.title}': no scenario '{s}'" for s in session.scenarios
                         if s not in bank.scenarios]
    if problems:
        raise PlanError("\n".join(problems))
    return plan


def render_plan(plan: Plan, bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    """A timetable per day. `module_links` maps a module slug to (title, relative URL)."""
    e = html.escape
    parts = [f"<div class='sq-plan'><p>{e(plan.summary)}</p>"]
    for day in plan.days:
        rows, clock = [], _clock(day.start)
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
                details.append(f"<div class='sq-plan-how'>{_markdown().render(session.how)}</div>")
            rows.append(f"<tr{' class=sq-plan-break' if session.is_break else ''}><td>{clock:%H:%M}</td>"
                        f"<td>{session.minutes} min</td><th scope='row'>{e(session.title)}</th>"
                        f"<td>{''.join(details)}</td></tr>")
            clock += dt.timedelta(minutes=session.minutes)
        parts.append(
            f"<h2>{e(day.name)}: {day.start} to {day.end}</h2>"
            f"<table class='sq-plan-table'><thead><tr><th scope='col'>Start</th><th scope='col'>Length</th>"
            f"<th scope='col'>Session</th><th scope='col'>Details</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts) + "</div>"
