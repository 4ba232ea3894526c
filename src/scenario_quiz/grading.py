"""Score a trainee's answers. The only place where a rating becomes points.

    report = grade(bank, {"al-silence": "b", "al-fixing": "a"})
    report.total, report.max_total, report.by_competency["active-listening"].points

Answers name options by letter ("a" is the first option in the YAML). The static book
receives each option's points from `points_for` at build time, so the browser never needs
rules of its own.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Iterable, Mapping

from .bank import Bank
from .model import Rating, Scenario

__all__ = ["POINTS", "MAX_POINTS", "CompetencyScore", "Report", "ScenarioResult", "grade", "letter", "points_for"]

POINTS: Mapping[Rating, int] = {
    Rating.HELPFUL: 2,
    Rating.PARTLY_HELPFUL: 1,
    Rating.UNHELPFUL: 0,
    Rating.HARMFUL: 0,
}
MAX_POINTS = max(POINTS.values())


def letter(index: int) -> str:
    """Option letter shown to trainees and used in saved answers: 0 -> 'a'."""
    return string.ascii_lowercase[index]


def points_for(rating: Rating) -> int:
    return POINTS[rating]


@dataclasses.dataclass(frozen=True)
class ScenarioResult:
    scenario_id: str
    competency: str
    choice: str | None  # the letter chosen, or None if not answered
    rating: Rating | None
    points: int
    max_points: int
    safety_review: bool  # a harmful choice on a safety-critical scenario


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


def _result(scenario: Scenario, choice: str | None) -> ScenarioResult:
    if choice is None:
        return ScenarioResult(scenario.id, scenario.competency, None, None, 0, MAX_POINTS, False)
    letters = [letter(i) for i in range(len(scenario.options))]
    if choice not in letters:
        raise ValueError(f"scenario '{scenario.id}' has options {', '.join(letters)}; '{choice}' is not one of them")
    rating = scenario.options[letters.index(choice)].rating
    return ScenarioResult(
        scenario.id, scenario.competency, choice, rating, POINTS[rating], MAX_POINTS,
        scenario.safety_critical and rating is Rating.HARMFUL,
    )


def grade(bank: Bank, answers: Mapping[str, str], scenario_ids: Iterable[str] | None = None) -> Report:
    """Grade `answers` ({scenario id: letter}) over `scenario_ids` (default: every answered one).

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
