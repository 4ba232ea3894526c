# SPDX-License-Identifier: MIT
"""Workshop plans (workshops/*.yml) for organisers: checked, then rendered as a timetable.

    plan = load_plan("workshops/one-day.yml", bank)   # raises PlanError, one line per problem
    html = render_plan(plan, bank, module_links)

The check: each day's sessions add up exactly to the day's length, and every module and
scenario a session names exists. CONTRIBUTING.md documents the file's shape.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, StringConstraints, ValidationError

from .bank import Bank
from .model import Strict

__all__ = ["Day", "Plan", "PlanError", "Session", "clock", "day_minutes", "load_plan"]

Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Session(Strict):
    title: Text
    minutes: Annotated[int, Field(gt=0, le=240)]
    is_break: bool = Field(False, alias="break")
    objectives: list[Text] = []
    modules: list[Text] = []
    scenarios: list[Text] = []
    materials: list[Text] = []
    how: Text | None = None  # Markdown


class Day(Strict):
    name: Text
    start: Clock
    end: Clock
    sessions: Annotated[list[Session], Field(min_length=1)]


class Plan(Strict):
    title: Text
    summary: Text
    days: Annotated[list[Day], Field(min_length=1, max_length=5)]


class PlanError(Exception):
    """A plan that does not add up or names something that does not exist."""


def clock(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%H:%M")


def day_minutes(day: Day) -> int:
    return int((clock(day.end) - clock(day.start)).total_seconds() // 60)


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
