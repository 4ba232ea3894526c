# SPDX-License-Identifier: MIT
"""Item statistics for organisers: which scenarios work as test items, from a cohort's answers.

    stats = item_statistics(bank, cohort)
    text = item_stats_csv(stats)         # one row per scenario, for a spreadsheet
    html = item_stats_html(stats)        # the table in the cohort report

For each scenario answered by the cohort:
- facility: the mean share of its points the trainees earned (1.0: everyone got it right);
- discrimination: the correlation between a trainee's share on this scenario and their share on
  everything else they answered (the rest of the test). A good item is answered better by the
  trainees who do better overall: 0.2 or more. Near zero or negative, the item measures
  something else (or its key is wrong);
- how often each option was chosen (for a scenario in steps, each option of each scene; for rate
  every option, how often each option was rated helpful);
- flags: too easy (facility above 0.9), weak or negative discrimination, an option nobody picks,
  a harmful option picked (or, when rating, called helpful) by 20% or more.
Flags need at least MIN_ANSWERS answers: fewer say little about an item.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections import Counter
from collections.abc import Iterable, Mapping

from ..core.bank import Bank
from ..core.grading import AnyAnswer, grade_assessment, item_kind
from ..core.model import BranchingScenario, Rating, letter
from ..markup.templating import render
from .cohort import Cohort, Trainee

__all__ = ["ItemStats", "MIN_ANSWERS", "item_statistics", "item_stats_csv", "item_stats_html"]

MIN_ANSWERS = 5
TOO_EASY = 0.9
WEAK = 0.2
HARMFUL_SHARE = 0.2


@dataclasses.dataclass(frozen=True)
class ItemStats:
    scenario_id: str
    title: str
    answered: int
    facility: float
    discrimination: float | None  # None when it cannot be worked out (too few answers, no spread)
    picks: dict[str, int]  # option label -> how many trainees chose it
    flags: list[str]


def _share(bank: Bank, sid: str, answer: AnyAnswer) -> float:
    """The share of the scenario's points this answer earns, by the engine's own rules."""
    result = grade_assessment(bank, [sid], {sid: answer}, 100).items[0]  # an unfinished path raises
    return result.points / result.max_points


def _scores(bank: Bank, trainee: Trainee) -> dict[str, float]:
    found = {}
    for sid, answer in trainee.answers.items():
        try:
            found[sid] = _share(bank, sid, answer)
        except ValueError:  # an unfinished path in a module: not an item response yet
            continue
    return found


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return round(sxy / math.sqrt(sxx * syy), 2) if sxx and syy else None


def _labels(bank: Bank, sid: str, answer: AnyAnswer) -> Iterable[str]:
    """The option labels an answer picks: 'b'; 'scene: a' along a path; 'c helpful' when rating."""
    scenario = bank.get(sid)
    if isinstance(scenario, BranchingScenario) and not isinstance(answer, (str, Mapping)):  # a path
        scene = scenario.scene(scenario.start)
        for choice in answer:
            if scene is None:
                return
            yield f"{scene.id}: {choice}"
            index = "abcde".index(choice)
            scene = scenario.scene(scene.options[index].next) if index < len(scene.options) else None
    elif isinstance(answer, Mapping):
        yield from (f"{key} {value}" for key, value in answer.items())
    else:
        yield str(answer)


def _every_label(bank: Bank, sid: str) -> dict[str, Rating]:
    """Every option label a trainee could pick, with the option's rating."""
    scenario = bank.get(sid)
    if isinstance(scenario, BranchingScenario):
        return {f"{scene.id}: {letter(i)}": o.rating for scene in scenario.scenes for i, o in enumerate(scene.options)}
    if item_kind(scenario) == "rate":
        return {f"{letter(i)} helpful": o.rating for i, o in enumerate(scenario.options)}
    return {letter(i): o.rating for i, o in enumerate(scenario.options)}


def item_statistics(bank: Bank, cohort: Cohort) -> list[ItemStats]:
    scores = [_scores(bank, trainee) for trainee in cohort.trainees]
    stats = []
    for sid, scenario in bank.scenarios.items():
        mine = [(n, s[sid]) for n, s in enumerate(scores) if sid in s]
        if not mine:
            continue
        item, rest = [], []
        for n, share in mine:
            others = [v for k, v in scores[n].items() if k != sid]
            if others:
                item.append(share)
                rest.append(sum(others) / len(others))
        picks = Counter(label for n, _ in mine for label in _labels(bank, sid, cohort.trainees[n].answers[sid]))
        facility = round(sum(share for _, share in mine) / len(mine), 2)
        discrimination = _correlation(item, rest)
        stats.append(ItemStats(sid, scenario.title, len(mine), facility, discrimination,
                               {label: picks[label] for label in _every_label(bank, sid)},
                               _flags(bank, sid, len(mine), facility, discrimination, picks)))
    return stats


def _flags(bank: Bank, sid: str, answered: int, facility: float, discrimination: float | None,
           picks: Counter[str]) -> list[str]:
    if answered < MIN_ANSWERS:
        return []
    flags = []
    if facility > TOO_EASY:
        flags.append("too easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    elif discrimination is not None and discrimination < WEAK:
        flags.append("weak discrimination")
    every = _every_label(bank, sid)
    scenario = bank.get(sid)
    rated = item_kind(scenario) == "rate"
    # In steps, only the first scene's options count here: every trainee meets that scene.
    start = scenario.start if isinstance(scenario, BranchingScenario) else None
    unpicked = [label for label in every if not picks[label] and not rated and (start is None or label.startswith(
        f"{start}: "))]
    if unpicked:
        flags.append(f"nobody picks {', '.join(unpicked)}")
    harmful = [label for label, rating in every.items()
               if rating is Rating.HARMFUL and picks[label] >= HARMFUL_SHARE * answered]
    if harmful:
        flags.append(f"harmful {'rated helpful' if rated else 'option picked'} by 20% or more: {', '.join(harmful)}")
    return flags


def item_stats_csv(stats: list[ItemStats]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scenario", "title", "answered", "facility", "discrimination", "picks", "flags"])
    for s in stats:
        writer.writerow([s.scenario_id, s.title, s.answered, f"{s.facility:.2f}",
                         "" if s.discrimination is None else f"{s.discrimination:.2f}",
                         "; ".join(f"{label} {count}" for label, count in s.picks.items()), "; ".join(s.flags)])
    return out.getvalue()


def item_stats_html(stats: list[ItemStats]) -> str:
    """The cohort report's item statistics section (templates/item_stats.j2), flagged scenarios first."""
    return render("item_stats.j2", stats=sorted(stats, key=lambda s: (not s.flags, s.scenario_id)),
                  min_answers=MIN_ANSWERS)
