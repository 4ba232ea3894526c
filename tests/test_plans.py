# SPDX-License-Identifier: MIT
"""Workshop plans a trainer can run as written: each rule of core/plans.py refuses a plan that
breaks it, with one line naming the problem, and the course's own plans keep every rule."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.plans import PlanError, load_plan
from scenario_quiz.markup.kit import render_cards

CARD = {"member": "You are Ruth.", "facilitator": "You run the group."}


@pytest.fixture(scope="module")
def small_bank(tmp_path_factory):
    folder = write_bank(tmp_path_factory.mktemp("bank"), {
        "01-talk.yml": {"module": "01-talk", "scenarios": [
            make_scenario("al-one", roleplay=CARD), make_scenario("al-two"),
            make_scenario("al-three", roleplay=CARD)]},
        "02-safe.yml": {"module": "02-safe", "scenarios": [
            make_scenario("sg-a", "safeguarding", safety_critical=True),
            make_scenario("sg-b", "safeguarding", safety_critical=True),
            make_scenario("sg-c", "safeguarding")]},
    })
    return load_bank(folder, folder / "refs.bib")


GOOD = {
    "title": "T", "summary": "S", "trainees": {"min": 6, "max": 12}, "trainers": 2,
    "safety": {"modules": ["02-safe"], "ends_by": "13:00", "minutes": 120, "trainers": 2},
    "homework": {"what": "The rest.", "modules": ["01-talk"], "scenarios": ["al-two"], "checked": "At a catch-up."},
    "days": [{"name": "Day", "start": "09:00", "end": "17:00", "sessions": [
        {"title": "Arrive", "minutes": 15, "kind": "arrival"},
        {"title": "Safety", "minutes": 120, "modules": ["02-safe"], "scenarios": ["sg-a", "sg-b"]},
        {"title": "Tea", "minutes": 15, "kind": "break"},
        {"title": "Listening", "minutes": 60, "modules": ["01-talk"], "scenarios": ["al-one", "al-three"],
         "roleplay": {"scenarios": ["al-one"], "group_size": 3, "rounds": 3, "minutes": 30},
         "how": "Role-play `al-one` in threes. Then discuss `al-three`."},
        {"title": "Lunch", "minutes": 45, "kind": "meal"},
        {"title": "Afternoon", "minutes": 195, "modules": ["01-talk"]},
        {"title": "Spare", "minutes": 30, "kind": "slack"},
    ]}],
}


def _problems(tmp_path, bank, plan: dict) -> list[str]:
    path = tmp_path / "plan.yml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    try:
        load_plan(path, bank)
    except PlanError as exc:
        return [line.removeprefix(f"{path}: ") for line in str(exc).splitlines()]
    return []


def _session(plan: dict, title: str) -> dict:
    return next(s for s in plan["days"][0]["sessions"] if s["title"] == title)


def test_a_plan_that_keeps_every_rule_loads(tmp_path, small_bank):
    assert _problems(tmp_path, small_bank, GOOD) == []


def _roleplay(plan, **changes):
    _session(plan, "Listening")["roleplay"].update(changes)


def _move_safety_after_lunch(plan):
    sessions = plan["days"][0]["sessions"]
    safety = sessions.pop(1)
    sessions.insert(4, safety)


def _retitle_tea_as_a_session(plan):
    tea = _session(plan, "Tea")
    tea.pop("kind")


BROKEN = {
    # role-play time: 10 minutes a scenario a round
    "too little role-play time": (
        lambda p: _roleplay(p, minutes=29),
        ["session 'Listening': role-playing 1 scenario(s) for 3 round(s) needs at least 30 minutes "
         "(10 a round: play, then debrief), but roleplay gives 29"]),
    "role-play longer than its session": (
        lambda p: (_roleplay(p, minutes=70, rounds=3), None)[1],
        ["session 'Listening': roleplay gives 70 minutes, but the session lasts 60"]),
    "a role-play the how mentions but the check cannot time": (
        lambda p: _session(p, "Listening").pop("roleplay"),
        ["session 'Listening': 'how' role-plays 'al-one', but roleplay.scenarios does not list it, "
         "so its time is not checked"]),
    "a role-played scenario without a card": (
        lambda p: (_roleplay(p, scenarios=["al-one", "al-two"], minutes=60),
                   _session(p, "Listening")["scenarios"].append("al-two")),
        ["session 'Listening': scenario 'al-two' has no role-play card; add roleplay briefs to it, "
         "or discuss it instead"]),
    "a role-played scenario the session does not list": (
        lambda p: _session(p, "Listening")["scenarios"].remove("al-one"),
        ["session 'Listening': role-played scenario 'al-one' is missing from its scenarios, which the timetable "
         "and the presenter show",
         "session 'Listening': 'how' names 'al-one', which the session's scenarios do not list"]),
    "groups bigger than the smallest group of trainees": (
        lambda p: p["trainees"].update(min=2),
        ["session 'Listening': groups of 3 cannot be made from the plan's smallest group of 2 trainees"]),
    "more rounds than people": (
        lambda p: _roleplay(p, rounds=4, minutes=40),
        ["session 'Listening': 4 rounds in groups of 3: each round gives everyone a new part, so there can be "
         "no more rounds than people"]),
    # the plan's safety rule
    "safety after lunch": (
        _move_safety_after_lunch,
        ["session 'Safety': it ends at 13:15 on 'Day', but the safety sessions must end by 13:00"]),
    "safety too short": (
        lambda p: (_session(p, "Safety").update(minutes=100), _session(p, "Spare").update(minutes=50)),
        ["safety: the sessions on 02-safe add up to 100 minutes, but the plan asks for at least 120"]),
    "one trainer for a safety session": (
        lambda p: _session(p, "Safety").update(trainers=1),
        ["session 'Safety': 1 trainer(s), but a safety session needs 2, so that one can step out with someone"]),
    "a safety-critical scenario left out of the room": (
        lambda p: _session(p, "Safety")["scenarios"].remove("sg-b"),
        ["safety: safety-critical scenario 'sg-b' (02-safe) is not done in any session"]),
    "a safety-critical scenario as homework": (
        lambda p: p["homework"]["scenarios"].append("sg-a"),
        ["homework: 'sg-a' is safety-critical: do it in a session, where a trainer sees the answers"]),
    "homework nobody checks": (
        lambda p: p["homework"].pop("checked"),
        ["field 'homework.checked': Field required"]),
    "no safety rule": (
        lambda p: p.pop("safety"),
        ["field 'safety': Field required"]),
    # each day: arrival, spare time, a meal
    "no arrival time": (
        lambda p: (p["days"][0]["sessions"].pop(0), p["days"][0].update(start="09:15")),
        ["day 'Day': it does not start with arrival time (a first session with kind: arrival)"]),
    "no spare time": (
        lambda p: _session(p, "Spare").pop("kind"),
        ["day 'Day': no spare time for overruns (a session with kind: slack)"]),
    "no meal break": (
        lambda p: _session(p, "Lunch").update(kind="break"),
        ["day 'Day': no meal break to eat and check glucose (a session with kind: meal)"]),
    "a break that holds scenarios": (
        lambda p: _session(p, "Tea").update(scenarios=["sg-c"]),
        ["session 'Tea': a session with kind: break cannot list modules, scenarios or role-play"]),
    "timings that do not add up": (
        lambda p: _session(p, "Afternoon").update(minutes=190),
        ["day 'Day': the sessions add up to 475 minutes, but 09:00 to 17:00 is 480 minutes"]),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_each_rule_refuses_a_plan_that_breaks_it(case, tmp_path, small_bank):
    change, expected = BROKEN[case]
    plan = copy.deepcopy(GOOD)
    change(plan)
    assert _problems(tmp_path, small_bank, plan) == expected


def test_bad_input_is_one_line_not_a_traceback(tmp_path, small_bank):
    assert _problems(tmp_path, small_bank, {**GOOD, "trainees": {"min": 8, "max": 4}}) == [
        "field 'trainees': Value error, min (8) is more than max (4)"]
    path = tmp_path / "bad.yml"
    path.write_text("days: [unclosed")
    with pytest.raises(PlanError) as caught:
        load_plan(path, small_bank)
    assert len(str(caught.value).splitlines()) == 1


def test_check_reports_a_broken_plan_one_line_each(tmp_path):
    """`python -m scenario_quiz check` checks the plans beside the bank, as the build does."""
    plans = tmp_path / "workshops"
    plans.mkdir()
    for plan in (ROOT / "workshops").glob("*.yml"):
        (plans / plan.name).write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    one_day = yaml.safe_load((plans / "one-day.yml").read_text(encoding="utf-8"))
    one_day["safety"]["minutes"] = 600
    (plans / "one-day.yml").write_text(yaml.safe_dump(one_day, sort_keys=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scenario_quiz", "check", "--plans", str(plans)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if "one-day.yml" in line]
    assert len(lines) == 1 and "asks for at least 600" in lines[0], run.stderr
    assert "Traceback" not in run.stderr


# The course's own plans: the rule each declares must be at least the one the course promises.

PLANS = sorted((ROOT / "workshops").glob("*.yml"))


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_the_course_plans_declare_the_course_safety_rule(path, bank):
    plan = load_plan(path, bank)
    assert {"07-mental-health", "08-medical-emergencies"} <= set(plan.safety.modules)
    assert plan.safety.ends_by <= "13:00" and plan.safety.minutes >= 120 and plan.safety.trainers >= 2
    assert plan.homework is not None and plan.homework.checked
    # Independently of the loader: on the day they fall, the safety sessions are before lunch.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for day in data["days"]:
        h, m = map(int, day["start"].split(":"))
        clock, seen_meal = h * 60 + m, False
        for session in day["sessions"]:
            clock += session["minutes"]
            seen_meal |= session.get("kind") == "meal"
            if {"07-mental-health", "08-medical-emergencies"} & set(session.get("modules", [])):
                assert not seen_meal and clock <= 13 * 60, session["title"]


ROLES = re.compile(r"\b(facilitator|member|observer)s?\b", re.I)


def _debrief_sentences(text: str) -> list[str]:
    """Sentences that say who speaks after a role-play: they mention a debrief, and two roles or who is first."""
    # Headings, list items and blank lines end a sentence in Markdown, whatever the punctuation.
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*#>|]|\d+\.)\s)", text)
    sentences = [s for b in blocks for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z*`])", " ".join(b.split()))]
    return [s for s in sentences if re.search(r"debrief|afterwards", s, re.I)
            and (len(set(ROLES.findall(s))) >= 2 or (ROLES.search(s) and re.search(r"\bfirst\b", s)))]


def test_one_debrief_order_everywhere(bank):
    """The plans, the cards and the pages all have the facilitator speak first (the guide says why)."""
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
             for p in [*(ROOT / "organisers").glob("*.md"), *(ROOT / "modules").glob("*.md"),
                       *(ROOT / "book").glob("*.md")]}
    for path in PLANS:  # each session's `how`, as a paragraph of its own
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts[str(path.relative_to(ROOT))] = "\n\n".join(
            s.get("how") or "" for day in data["days"] for s in day["sessions"])
    texts["role-play cards"] = re.sub(r"<[^>]+>", " ", render_cards(bank, {}))
    orders = [(where, s) for where, text in texts.items() for s in _debrief_sentences(text)]
    wrong = [(where, s) for where, s in orders if ROLES.search(s).group(1).lower() != "facilitator"]
    assert wrong == []
    assert {"workshops/one-day.yml", "workshops/two-day.yml", "role-play cards"} <= {w for w, _ in orders}
    assert "Why the facilitator first" in texts["organisers/guide.md"]
