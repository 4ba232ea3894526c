# SPDX-License-Identifier: MIT
"""Workshop plans (workshops/*.yml) for organisers: checked, then rendered as a timetable.

    plan = load_plan("workshops/one-day.yml", bank)   # raises PlanError, one line per problem
    plan_problems(plan, bank)                          # the same rules, as a list of lines

A plan can be run as written only if it keeps these rules (each answers something a trainer
found when running the earlier plans):

- each day's sessions add up exactly to the day's length, and everything named exists;
- each day starts with arrival time, and has spare time and a meal break;
- role-play has its time: at least ROUND_MINUTES for each role-played scenario in each round of
  roles, inside its session, with a card for every scenario, in groups the plan's smallest
  group of trainees can make;
- the safety rule the plan declares: the sessions teaching its safety modules end by a time of
  day, last at least so many minutes together, have enough trainers, and do every
  safety-critical scenario of those modules in the room;
- homework never holds a safety-critical scenario, and says how it is checked.

CONTRIBUTING.md documents the file's shape.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, model_validator

from .bank import Bank
from .errors import CourseError
from .model import Strict
from .yamlfile import located, read_yaml_file

__all__ = ["ROUND_MINUTES", "Day", "Homework", "Kind", "Plan", "PlanError", "RolePlaySlot", "SafetyRule",
           "Session", "Trainees", "clock", "day_minutes", "load_plan", "plan_problems", "safety_sessions"]

# One round of roles: about five minutes to play and five to debrief. A full swap in threes is
# three rounds, about thirty minutes a scenario, as the trainer who ran the first plans measured.
ROUND_MINUTES = 10

Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Count = Annotated[int, Field(ge=1, le=50)]


class Kind(str, Enum):
    SESSION = "session"  # teaching, practice or discussion
    ARRIVAL = "arrival"  # arriving, signing in, tea: the day starts without waiting for latecomers
    BREAK = "break"      # a short break, long enough to eat something and check glucose
    MEAL = "meal"        # a meal break
    SLACK = "slack"      # spare time that absorbs a session that ran over


class RolePlaySlot(Strict):
    """Which scenarios a session acts out, and how: the check works out the time it needs."""

    scenarios: Annotated[list[Text], Field(min_length=1)]
    group_size: Annotated[int, Field(ge=2, le=6)]  # people in each group, observers included
    rounds: Annotated[int, Field(ge=1, le=6)]      # rounds of roles for each scenario
    minutes: Annotated[int, Field(gt=0, le=240)]   # the part of the session given to role-play


class Session(Strict):
    title: Text
    minutes: Annotated[int, Field(gt=0, le=240)]
    kind: Kind = Kind.SESSION
    trainers: Count | None = None  # in the room; the plan's `trainers` unless the session says otherwise
    objectives: list[Text] = []
    modules: list[Text] = []
    scenarios: list[Text] = []
    roleplay: RolePlaySlot | None = None
    materials: list[Text] = []
    how: Text | None = None  # Markdown

    @property
    def is_break(self) -> bool:
        return self.kind is not Kind.SESSION


class Day(Strict):
    name: Text
    start: Clock
    end: Clock
    sessions: Annotated[list[Session], Field(min_length=1)]


class Trainees(Strict):
    min: Count
    max: Count

    @model_validator(mode="after")
    def _ordered(self) -> Trainees:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is more than max ({self.max})")
        return self


class SafetyRule(Strict):
    """The plan's own rule for its safety sessions: those that teach any of `modules`."""

    modules: Annotated[list[Text], Field(min_length=1)]
    ends_by: Clock                                  # each ends by this time of day
    minutes: Annotated[int, Field(gt=0, le=1440)]   # together at least this long
    trainers: Count                                 # trainers in the room for each


class Homework(Strict):
    what: Text
    modules: list[Text] = []
    scenarios: list[Text] = []
    checked: Text  # who checks it, how and when: homework nobody checks is not done


class Plan(Strict):
    title: Text
    summary: Text
    trainees: Trainees
    trainers: Count
    safety: SafetyRule
    homework: Homework | None = None
    days: Annotated[list[Day], Field(min_length=1, max_length=5)]


class PlanError(CourseError):
    """A plan that does not add up, breaks one of its rules, or names something that does not exist."""


def clock(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%H:%M")


def day_minutes(day: Day) -> int:
    return int((clock(day.end) - clock(day.start)).total_seconds() // 60)


def safety_sessions(plan: Plan) -> list[tuple[Day, Session, dt.datetime]]:
    """Each session that teaches a safety module, with its day and the time it ends."""
    found = []
    for day in plan.days:
        end = clock(day.start)
        for session in day.sessions:
            end += dt.timedelta(minutes=session.minutes)
            if set(session.modules) & set(plan.safety.modules):
                found.append((day, session, end))
    return found


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_ROLEPLAY_WORD = re.compile(r"\brole-?play(?:s|ed|ing)?\b(?!\s+cards?\b)", re.I)
_CODE = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`")


def _how_problems(session: Session, bank: Bank) -> list[str]:
    """The `how` text must agree with the lists the check and the presenter read."""
    problems = []
    where = f"session '{session.title}'"
    acted = set(session.roleplay.scenarios) if session.roleplay else set()
    for sentence in _SENTENCE.split(session.how or ""):
        for sid in _CODE.findall(sentence):
            if sid not in bank.scenarios:
                continue  # not a scenario id: code of another kind
            if sid not in session.scenarios:
                problems.append(f"{where}: 'how' names '{sid}', which the session's scenarios do not list")
            elif _ROLEPLAY_WORD.search(sentence) and sid not in acted:
                problems.append(f"{where}: 'how' role-plays '{sid}', but roleplay.scenarios does not list it, "
                                f"so its time is not checked")
    return problems


def _roleplay_problems(plan: Plan, session: Session, slot: RolePlaySlot, bank: Bank) -> list[str]:
    where = f"session '{session.title}'"
    needed = ROUND_MINUTES * len(slot.scenarios) * slot.rounds
    problems = []
    if slot.minutes < needed:
        problems.append(f"{where}: role-playing {len(slot.scenarios)} scenario(s) for {slot.rounds} round(s) needs "
                        f"at least {needed} minutes ({ROUND_MINUTES} a round: play, then debrief), but roleplay "
                        f"gives {slot.minutes}")
    if slot.minutes > session.minutes:
        problems.append(f"{where}: roleplay gives {slot.minutes} minutes, but the session lasts {session.minutes}")
    if slot.rounds > slot.group_size:
        problems.append(f"{where}: {slot.rounds} rounds in groups of {slot.group_size}: each round gives everyone "
                        f"a new part, so there can be no more rounds than people")
    if slot.group_size > plan.trainees.min:
        problems.append(f"{where}: groups of {slot.group_size} cannot be made from the plan's smallest group of "
                        f"{plan.trainees.min} trainees")
    for sid in slot.scenarios:
        if sid not in bank.scenarios:
            problems.append(f"{where}: no scenario '{sid}'")
        elif sid not in session.scenarios:
            problems.append(f"{where}: role-played scenario '{sid}' is missing from its scenarios, which the "
                            f"timetable and the presenter show")
        elif getattr(bank.get(sid), "roleplay", None) is None:
            problems.append(f"{where}: scenario '{sid}' has no role-play card; add roleplay briefs to it, "
                            f"or discuss it instead")
    return problems


def _day_problems(plan: Plan, day: Day, bank: Bank) -> list[str]:
    where = f"day '{day.name}'"
    problems = []
    planned = sum(s.minutes for s in day.sessions)
    if planned != day_minutes(day):
        problems.append(f"{where}: the sessions add up to {planned} minutes, but "
                        f"{day.start} to {day.end} is {day_minutes(day)} minutes")
    if day.sessions[0].kind is not Kind.ARRIVAL:
        problems.append(f"{where}: it does not start with arrival time (a first session with kind: arrival)")
    if not any(s.kind is Kind.SLACK for s in day.sessions):
        problems.append(f"{where}: no spare time for overruns (a session with kind: slack)")
    if not any(s.kind is Kind.MEAL for s in day.sessions):
        problems.append(f"{where}: no meal break to eat and check glucose (a session with kind: meal)")
    modules = set(bank.module_of.values())
    for session in day.sessions:
        at = f"session '{session.title}'"
        if session.is_break and (session.scenarios or session.roleplay or session.modules):
            problems.append(f"{at}: a session with kind: {session.kind.value} cannot list modules, scenarios "
                            f"or role-play")
        problems += [f"{at}: no module '{m}'" for m in session.modules if m not in modules]
        problems += [f"{at}: no scenario '{s}'" for s in session.scenarios if s not in bank.scenarios]
        if session.roleplay:
            problems += _roleplay_problems(plan, session, session.roleplay, bank)
        problems += _how_problems(session, bank)
    return problems


def _safety_problems(plan: Plan, bank: Bank) -> list[str]:
    rule = plan.safety
    modules = set(bank.module_of.values())
    problems = [f"safety: no module '{m}'" for m in rule.modules if m not in modules]
    found = safety_sessions(plan)
    if not found:
        return problems + [f"safety: no session teaches {', '.join(rule.modules)}"]
    for day, session, end in found:
        if end > clock(rule.ends_by):
            problems.append(f"session '{session.title}': it ends at {end:%H:%M} on '{day.name}', but the safety "
                            f"sessions must end by {rule.ends_by}")
        trainers = session.trainers or plan.trainers
        if trainers < rule.trainers:
            problems.append(f"session '{session.title}': {trainers} trainer(s), but a safety session needs "
                            f"{rule.trainers}, so that one can step out with someone")
    total = sum(session.minutes for _, session, _ in found)
    if total < rule.minutes:
        problems.append(f"safety: the sessions on {', '.join(rule.modules)} add up to {total} minutes, but the plan "
                        f"asks for at least {rule.minutes}")
    in_the_room = {sid for day in plan.days for s in day.sessions if not s.is_break for sid in s.scenarios}
    for module in rule.modules:
        problems += [f"safety: safety-critical scenario '{s.id}' ({module}) is not done in any session"
                     for s in bank.in_module(module) if s.safety_critical and s.id not in in_the_room]
    return problems


def _homework_problems(plan: Plan, bank: Bank) -> list[str]:
    homework = plan.homework
    if homework is None:
        return []
    modules = set(bank.module_of.values())
    problems = [f"homework: no module '{m}'" for m in homework.modules if m not in modules]
    for sid in homework.scenarios:
        if sid not in bank.scenarios:
            problems.append(f"homework: no scenario '{sid}'")
        elif bank.get(sid).safety_critical:
            problems.append(f"homework: '{sid}' is safety-critical: do it in a session, where a trainer sees "
                            f"the answers")
    return problems


def plan_problems(plan: Plan, bank: Bank) -> list[str]:
    """Every rule the plan breaks, one line each (without the file name)."""
    problems = []
    for day in plan.days:
        problems += _day_problems(plan, day, bank)
    return problems + _safety_problems(plan, bank) + _homework_problems(plan, bank)


def load_plan(path: str | Path, bank: Bank) -> Plan:
    path = Path(path)
    data, problem = read_yaml_file(path)  # the scenario files' reader: a hostile plan is one line
    if problem:
        raise PlanError(located(str(path), problem))
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}: field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors(include_url=False)]
        raise PlanError(lines) from None
    problems = plan_problems(plan, bank)
    if problems:
        raise PlanError([f"{path}: {problem}" for problem in problems])
    return plan
