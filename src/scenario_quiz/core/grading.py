# SPDX-License-Identifier: MIT
"""Score a trainee's answers. The only place where a rating becomes points, and where every rule
of the final self-assessment lives: partial credit when rating every option, paths on a fixed
scale, the pass mark, the safety gate, each skill's "met", and which answers to talk through.

    report = grade(bank, {"al-silence": "b", "mh-path-not-going-on": ["a", "c"]})
    report.total, report.max_total, report.by_competency["active-listening"].points

Answers name options by letter ("a" is the first option in the YAML). A branching scenario's
answer is the list of letters chosen along its path, scene by scene; each choice scores like a
simple scenario, out of MAX_POINTS. The static book receives each option's points from
`points_for` at build time, so the browser never needs rules of its own.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence

from .bank import Bank
from .graph import walk
from .model import AnyScenario, BranchingScenario, Rating, letter

__all__ = [
    "Answer", "AssessmentResult", "CONFIDENCE", "ItemResult", "PATH_MAX_POINTS", "POINTS", "MAX_POINTS",
    "RATING_SCALE", "CompetencyScore", "Report", "ScenarioResult", "SkillResult", "complete_paths", "grade",
    "grade_assessment", "item_kind", "item_max_points", "missed_below", "points_for", "points_needed",
    "rating_credit", "trips_gate_when_rated",
]

POINTS: Mapping[Rating, int] = {
    Rating.HELPFUL: 2,
    Rating.PARTLY_HELPFUL: 1,
    Rating.UNHELPFUL: 0,
    Rating.HARMFUL: 0,
}
MAX_POINTS = max(POINTS.values())
Answer = str | Sequence[str]  # a letter, or the letters chosen along a branching scenario's path


def points_for(rating: Rating) -> int:
    return POINTS[rating]


@dataclasses.dataclass(frozen=True)
class ScenarioResult:
    scenario_id: str
    competency: str
    choice: str | None  # the letter chosen ("b,a" along a path), or None if not answered
    rating: Rating | None  # None for a branching scenario: each step has its own
    points: int
    max_points: int
    safety_review: bool  # a harmful choice on a safety-critical scenario
    ending: str | None = None  # the ending a branching path reached, if it has reached one


@dataclasses.dataclass(frozen=True)
class CompetencyScore:
    competency: str
    answered: int
    scenarios: int
    points: int
    max_points: int  # of the answered scenarios

    @property
    def percent(self) -> float | None:
        return round(100 * self.points / self.max_points, 1) if self.max_points else None


@dataclasses.dataclass(frozen=True)
class Report:
    results: tuple[ScenarioResult, ...]
    by_competency: Mapping[str, CompetencyScore]

    @property
    def answered(self) -> int:
        return sum(r.choice is not None for r in self.results)

    @property
    def total(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def max_total(self) -> int:
        """Points available across the answered scenarios."""
        return sum(r.max_points for r in self.results if r.choice is not None)

    @property
    def safety_review(self) -> list[str]:
        return [r.scenario_id for r in self.results if r.safety_review]


def _options_error(scenario_id: str, where: str, count: int, choice: object) -> ValueError:
    letters = ", ".join(letter(i) for i in range(count))
    return ValueError(f"scenario '{scenario_id}'{where} has options {letters}; {choice!r} is not one of them")


def _path_result(scenario: BranchingScenario, path: Sequence[str]) -> ScenarioResult:
    walked = walk(scenario, path)
    points = sum(POINTS[step.option.rating] for step in walked.steps)
    harmful = any(step.option.rating is Rating.HARMFUL for step in walked.steps)
    return ScenarioResult(scenario.id, scenario.competency, ",".join(path) or None, None, points,
                          MAX_POINTS * max(len(path), 1), scenario.safety_critical and harmful,
                          walked.ending.id if walked.ending else None)


def _result(scenario: AnyScenario, choice: Answer | None) -> ScenarioResult:
    if choice is None or (isinstance(scenario, BranchingScenario) and not choice):
        return ScenarioResult(scenario.id, scenario.competency, None, None, 0, MAX_POINTS, False)
    if isinstance(scenario, BranchingScenario):
        if isinstance(choice, str):
            raise ValueError(f"scenario '{scenario.id}' is in steps: its answer is a list of letters, one per scene")
        return _path_result(scenario, list(choice))
    letters = [letter(i) for i in range(len(scenario.options))]
    if choice not in letters:
        raise _options_error(scenario.id, "", len(letters), choice)
    rating = scenario.options[letters.index(choice)].rating
    return ScenarioResult(
        scenario.id, scenario.competency, choice, rating, POINTS[rating], MAX_POINTS,
        scenario.safety_critical and rating is Rating.HARMFUL,
    )


def grade(bank: Bank, answers: Mapping[str, Answer], scenario_ids: Iterable[str] | None = None) -> Report:
    """Grade `answers` ({scenario id: letter or path}) over `scenario_ids` (default: every answered one).

    Unanswered scenarios in `scenario_ids` count as not answered, scoring nothing.
    """
    ids = list(scenario_ids) if scenario_ids is not None else list(answers)
    unknown = [sid for sid in [*ids, *answers] if sid not in bank.scenarios]
    if unknown:
        raise ValueError(f"unknown scenario id(s): {', '.join(dict.fromkeys(unknown))}")
    results = tuple(_result(bank.get(sid), answers.get(sid)) for sid in ids)
    by_competency: dict[str, CompetencyScore] = {}
    for cid in dict.fromkeys(r.competency for r in results):
        mine = [r for r in results if r.competency == cid]
        done = [r for r in mine if r.choice is not None]
        by_competency[cid] = CompetencyScore(
            cid, len(done), len(mine), sum(r.points for r in done), sum(r.max_points for r in done)
        )
    return Report(results, by_competency)


# ---- The final self-assessment: rate-every-option, paths on a fixed scale, the safety gate ----

RATING_SCALE = (Rating.HELPFUL, Rating.PARTLY_HELPFUL, Rating.UNHELPFUL, Rating.HARMFUL)  # best to worst
PATH_MAX_POINTS = 2 * MAX_POINTS  # a scenario in steps counts as two choices in an assessment
CONFIDENCE = ("sure", "fairly-sure", "guessing")
CONFIDENT = frozenset({"sure", "fairly-sure"})


def rating_credit(actual: Rating, given: Rating) -> int:
    """Points for rating an option `given` when the course rates it `actual`: the exact rating
    earns MAX_POINTS, a near miss (the next rating up or down the scale) half of that."""
    distance = abs(RATING_SCALE.index(actual) - RATING_SCALE.index(given))
    return {0: MAX_POINTS, 1: MAX_POINTS // 2}.get(distance, 0)


def rate_max_points(scenario: AnyScenario) -> int:
    return MAX_POINTS * len(scenario.every_option)


def trips_gate_when_rated(option_rating: Rating, given: Rating) -> bool:
    """Rate-every-option: calling a harmful option helpful is the safety slip the gate looks for."""
    return option_rating is Rating.HARMFUL and given is Rating.HELPFUL


def complete_paths(scenario: BranchingScenario) -> dict[tuple[str, ...], tuple[int, bool]]:
    """Every way through a scenario in steps, from the start to an ending: the letters chosen ->
    (points on the assessment's fixed scale of PATH_MAX_POINTS, whether a harmful option was chosen).

    Each path is followed with graph.walk, the one walker; the page carries the result, so the
    browser looks a finished path up instead of walking the scenes itself."""
    found: dict[tuple[str, ...], tuple[int, bool]] = {}

    def extend(path: tuple[str, ...]) -> None:
        walked = walk(scenario, path)
        if walked.at is None:  # an ending: scale the points earned along the way to the fixed maximum
            earned = sum(POINTS[step.option.rating] for step in walked.steps)
            found[path] = (round(PATH_MAX_POINTS * earned / (MAX_POINTS * len(path))),
                           any(step.option.rating is Rating.HARMFUL for step in walked.steps))
            return
        if any(step.scene.id == walked.at.id for step in walked.steps):
            raise ValueError(f"scenario '{scenario.id}' loops back to scene '{walked.at.id}'; an assessment needs "
                             f"paths that end")
        for index in range(len(walked.at.options)):
            extend((*path, letter(index)))

    extend(())
    return found


@dataclasses.dataclass(frozen=True)
class ItemResult:
    """One scenario of an assessment attempt."""

    scenario_id: str
    competency: str
    kind: str  # "single", "rate" or "path"
    answered: bool
    points: int
    max_points: int
    safety_slip: bool  # a harmful choice (or a harmful option rated helpful) on a safety-critical scenario
    confidence: str | None

    @property
    def missed(self) -> bool:
        """Less than half the points: a scenario to go over again."""
        return self.points < missed_below(self.max_points)

    @property
    def confident_and_wrong(self) -> bool:
        return self.missed and self.confidence in CONFIDENT


@dataclasses.dataclass(frozen=True)
class SkillResult:
    competency: str
    points: int
    max_points: int
    points_needed: int

    @property
    def met(self) -> bool:
        return self.points >= self.points_needed


@dataclasses.dataclass(frozen=True)
class AssessmentResult:
    items: tuple[ItemResult, ...]
    skills: Mapping[str, SkillResult]
    total: int
    max_total: int
    points_to_pass: int
    safety_gate: bool  # whether the gate is switched on

    @property
    def complete(self) -> bool:
        return all(item.answered for item in self.items)

    @property
    def points_met(self) -> bool:
        return self.total >= self.points_to_pass

    @property
    def safety_slips(self) -> list[str]:
        return [item.scenario_id for item in self.items if item.safety_slip]

    @property
    def passed(self) -> bool:
        """The pass mark is met only with every scenario answered, the points reached and, with
        the gate on, no safety slip."""
        return self.complete and self.points_met and not (self.safety_gate and self.safety_slips)

    @property
    def talk_through(self) -> list[str]:
        """Scenarios to go over with the organiser: confident-and-wrong first, then other misses."""
        missed = [item for item in self.items if item.missed and item.answered]
        return [i.scenario_id for i in missed if i.confident_and_wrong] + \
               [i.scenario_id for i in missed if not i.confident_and_wrong]


def item_kind(scenario: AnyScenario) -> str:
    if isinstance(scenario, BranchingScenario):
        return "path"
    return "rate" if scenario.rate_every_option else "single"


def item_max_points(scenario: AnyScenario) -> int:
    return {"path": PATH_MAX_POINTS, "rate": rate_max_points(scenario), "single": MAX_POINTS}[item_kind(scenario)]


def missed_below(max_points: int) -> int:
    """A scenario scoring fewer points than this counts as missed: less than half of its maximum."""
    return math.ceil(max_points / 2)


def points_needed(max_points: int, pass_mark: int) -> int:
    return math.ceil(pass_mark * max_points / 100)


def _item_result(scenario: AnyScenario, answer: object, confidence: str | None) -> ItemResult:
    kind, sid = item_kind(scenario), scenario.id
    unanswered = ItemResult(sid, scenario.competency, kind, False, 0, item_max_points(scenario), False, None)
    if answer is None:
        return unanswered
    if confidence is not None and confidence not in CONFIDENCE:
        raise ValueError(f"scenario '{sid}': confidence {confidence!r} is not one of {', '.join(CONFIDENCE)}")
    critical = scenario.safety_critical
    if isinstance(scenario, BranchingScenario):  # kind "path"
        if isinstance(answer, (str, Mapping)) or not isinstance(answer, Iterable):
            raise ValueError(f"scenario '{sid}' is in steps: its answer is a list of letters, one per scene")
        outcome = complete_paths(scenario).get(tuple(answer))
        if outcome is None:
            raise ValueError(f"scenario '{sid}': {list(answer)!r} is not a path from the start to an ending")
        points, harmful = outcome
        return ItemResult(sid, scenario.competency, kind, True, points, PATH_MAX_POINTS, critical and harmful,
                          confidence)
    if kind == "rate":
        letters = [letter(i) for i in range(len(scenario.options))]
        if not isinstance(answer, Mapping) or sorted(answer) != letters:
            raise ValueError(f"scenario '{sid}' asks for a rating of every option: give one for each of "
                             f"{', '.join(letters)}")
        try:
            given = {key: Rating(value) for key, value in answer.items()}
        except ValueError:
            raise ValueError(f"scenario '{sid}': a rating must be one of "
                             f"{', '.join(r.value for r in RATING_SCALE)}") from None
        options = dict(zip(letters, scenario.options, strict=True))
        points = sum(rating_credit(options[key].rating, given[key]) for key in letters)
        slip = critical and any(trips_gate_when_rated(options[key].rating, given[key]) for key in letters)
        return ItemResult(sid, scenario.competency, kind, True, points, rate_max_points(scenario), slip, confidence)
    single = _result(scenario, answer)  # type: ignore[arg-type]
    return ItemResult(sid, scenario.competency, kind, True, single.points, MAX_POINTS, single.safety_review,
                      confidence)


def grade_assessment(bank: Bank, scenario_ids: Sequence[str], answers: Mapping[str, object], pass_mark: int,
                     safety_gate: bool = True, confidence: Mapping[str, str] | None = None) -> AssessmentResult:
    """Grade one attempt at an assessment form. `answers` maps a scenario id to a letter (choose
    one), a list of letters (a path to an ending) or {letter: rating} (rate every option)."""
    confidence = confidence or {}
    items = tuple(_item_result(bank.get(sid), answers.get(sid), confidence.get(sid)) for sid in scenario_ids)
    skills = {}
    for cid in dict.fromkeys(item.competency for item in items):
        mine = [item for item in items if item.competency == cid]
        top = sum(item.max_points for item in mine)
        skills[cid] = SkillResult(cid, sum(item.points for item in mine), top, points_needed(top, pass_mark))
    top = sum(item.max_points for item in items)
    return AssessmentResult(items, skills, sum(item.points for item in items), top, points_needed(top, pass_mark),
                            safety_gate)
