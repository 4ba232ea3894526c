"""Score a trainee's answers. The only place where a rating becomes points.

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
from .model import AnyScenario, BranchingScenario, Rating, letter

__all__ = [
    "Answer", "POINTS", "MAX_POINTS", "CompetencyScore", "Report", "ScenarioResult", "grade", "points_for",
    "points_to_pass",
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


def points_to_pass(scenario_count: int, pass_mark: int) -> int:
    """Points needed to pass an assessment of simple scenarios: `pass_mark` per cent of the maximum."""
    return math.ceil(pass_mark * MAX_POINTS * scenario_count / 100)


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
    scene, points, harmful, ending = scenario.scene(scenario.start), 0, False, None
    for choice in path:
        if scene is None:
            raise ValueError(f"scenario '{scenario.id}': the path goes on after reaching the ending '{ending}'")
        letters = [letter(i) for i in range(len(scene.options))]
        if choice not in letters:
            raise _options_error(scenario.id, f", scene '{scene.id}',", len(letters), choice)
        option = scene.options[letters.index(choice)]
        points += POINTS[option.rating]
        harmful = harmful or option.rating is Rating.HARMFUL
        scene = scenario.scene(option.next)
        ending = option.next if scene is None else None
    return ScenarioResult(scenario.id, scenario.competency, ",".join(path) or None, None, points,
                          MAX_POINTS * max(len(path), 1), scenario.safety_critical and harmful, ending)


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
