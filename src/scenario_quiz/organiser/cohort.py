# SPDX-License-Identifier: MIT
"""A summary of a group of trainees, from the progress files they chose to share.

    python -m scenario_quiz cohort results/*.json --out report.html

It grades every file with the engine and writes a self-contained HTML report (no scripts, no
outside files) and a table in the terminal: how many trainees, how scores spread, each skill's
average, the scenarios most often answered unhelpfully, and safety-critical misses. Trainees are
named only by the nickname they chose, if any. A file that is not a usable progress file is
skipped with a message naming it; the report still appears.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from ..core.bank import Bank
from ..core.forms import forms
from ..core.grading import AssessmentResult, Report, grade, grade_assessment
from ..core.model import Rating
from ..core.progress import ProgressError, answers_to_grade, read_progress
from ..markup.templating import Markup, macro

__all__ = ["Cohort", "Trainee", "build_cohort", "cohort_charts", "cohort_html", "cohort_table"]

BINS = [(0, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]  # per cent, upper bound excluded


@dataclasses.dataclass(frozen=True)
class Trainee:
    file: str
    nickname: str
    report: Report  # the module scenarios answered
    answers: dict[str, object]  # every usable answer, for item statistics
    assessment: AssessmentResult | None = None  # the final self-assessment form taken, if any
    form: str | None = None

    @property
    def safety_review(self) -> list[str]:
        return self.report.safety_review + (self.assessment.safety_slips if self.assessment else [])

    @property
    def percent(self) -> float:
        return 100 * self.report.total / self.report.max_total if self.report.max_total else 0.0


@dataclasses.dataclass(frozen=True)
class Cohort:
    trainees: list[Trainee]
    skipped: list[tuple[str, str]]  # (file, reason)
    notes: list[tuple[str, str]]  # (file, answer set aside)

    def distribution(self) -> list[tuple[str, int]]:
        return [(f"{low}-{min(high - 1, 100)}%", sum(low <= t.percent < high for t in self.trainees))
                for low, high in BINS]

    def competency_averages(self, bank: Bank) -> dict[str, float]:
        """Each skill's average, over the trainees who answered at least one of its scenarios,
        in the order of the competency list."""
        shares: dict[str, list[float]] = {}
        for trainee in self.trainees:
            for competency, score in trainee.report.by_competency.items():
                if score.percent is not None:
                    shares.setdefault(competency, []).append(score.percent)
        return {c: round(sum(shares[c]) / len(shares[c]), 1) for c in bank.competencies if c in shares}

    def most_missed(self, bank: Bank, limit: int = 10) -> list[tuple[str, int, int]]:
        """(scenario id, times answered unhelpfully or harmfully, times answered), most missed first."""
        missed, answered = Counter(), Counter()
        for trainee in self.trainees:
            for result in trainee.report.results:
                if result.choice is None:
                    continue
                answered[result.scenario_id] += 1
                poor = (result.points == 0 if result.rating is None
                        else result.rating in (Rating.UNHELPFUL, Rating.HARMFUL))
                missed[result.scenario_id] += poor
        ranked = sorted((sid for sid in missed if missed[sid]), key=lambda sid: (-missed[sid], sid))
        return [(sid, missed[sid], answered[sid]) for sid in ranked[:limit]]

    def safety_misses(self) -> tuple[dict[str, list[str]], int]:
        """Scenario id -> nicknames of trainees who chose harmfully there; and how many had no nickname."""
        named: dict[str, list[str]] = {}
        anonymous = 0
        for trainee in self.trainees:
            for sid in trainee.safety_review:
                if trainee.nickname:
                    named.setdefault(sid, []).append(trainee.nickname)
                else:
                    anonymous += 1
        return named, anonymous


def _final_attempt(bank: Bank, answers: dict[str, object], confidence: dict[str, str], form: str | None,
                   pass_mark: int, safety_gate: bool) -> tuple[str | None, AssessmentResult | None]:
    """Grade the form the file says it was taking (else the form with the most answers)."""
    every = forms(bank)
    answered = {name: sum(sid in answers for sid in ids) for name, ids in every.items()}
    name = form if form in every else max(answered, key=answered.__getitem__, default=None)
    if name is None or not answered.get(name):
        return None, None
    mine = {sid: answers[sid] for sid in every[name] if sid in answers}
    return name, grade_assessment(bank, every[name], mine, pass_mark, safety_gate, confidence)


def build_cohort(bank: Bank, files: list[str | Path], pass_mark: int = 70, safety_gate: bool = True) -> Cohort:
    trainees, skipped, notes = [], [], []
    final_ids = {sid for ids in forms(bank).values() for sid in ids}
    for file in files:
        name = str(file)
        try:
            progress = read_progress(file, bank.identity)
        except ProgressError as exc:
            skipped.append((name, str(exc)))
            continue
        answers, set_aside = answers_to_grade(bank, progress)
        notes += [(name, note) for note in set_aside]
        if not answers:
            skipped.append((name, "has no answers to the scenarios in this course"))
            continue
        try:
            report = grade(bank, {sid: a for sid, a in answers.items() if sid not in final_ids})  # type: ignore[misc]
            form, attempt = _final_attempt(bank, answers, progress.confidence, progress.form, pass_mark, safety_gate)
        except ValueError as exc:  # an answer that fits no option or path of today's scenario
            skipped.append((name, f"has an answer the course cannot grade ({exc})"))
            continue
        trainees.append(Trainee(name, progress.nickname, report, dict(answers), attempt, form))
    return Cohort(trainees, skipped, notes)


def visible(text: str) -> str:
    """`text` with control characters shown as escapes, so a nickname or file name cannot forge
    lines or colours in a terminal."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def cohort_table(bank: Bank, cohort: Cohort) -> str:
    lines = [f"Trainees: {len(cohort.trainees)} (skipped files: {len(cohort.skipped)})"]
    lines += [f"  skipped {visible(file)}: {visible(reason)}" for file, reason in cohort.skipped]
    if cohort.trainees:
        mean = sum(t.percent for t in cohort.trainees) / len(cohort.trainees)
        lines += ["", f"Average score: {mean:.1f}%", "", "Score       Trainees"]
        widest = max(count for _, count in cohort.distribution()) or 1
        lines += [f"{label:<11} {count:>4}  {'#' * round(40 * count / widest)}"
                  for label, count in cohort.distribution()]
        lines += ["", f"{'Skill':<34} Average"]
        lines += [f"{bank.competencies[c].name:<34} {v:5.1f}%" for c, v in cohort.competency_averages(bank).items()]
        lines += ["", "Most often answered unhelpfully or harmfully:"]
        lines += [f"  {sid:<40} {m} of {n}" for sid, m, n in cohort.most_missed(bank)]
        took = [t for t in cohort.trainees if t.assessment and t.assessment.complete]
        lines += ["", f"Final self-assessment: {len(took)} completed a form; "
                      f"{sum(t.assessment.passed for t in took if t.assessment)} met the pass mark; "
                      f"{sum(t.assessment.points_met and not t.assessment.passed for t in took if t.assessment)} "
                      f"reached the points but made a safety slip"]
        named, anonymous = cohort.safety_misses()
        lines += ["", "Safety-critical misses (review before facilitating):"]
        lines += [f"  {sid:<40} {visible(', '.join(names))}" for sid, names in sorted(named.items())]
        lines += [f"  and {anonymous} more misses by trainees without a nickname"] if anonymous else []
        lines += ["  none"] if not named and not anonymous else []
    return "\n".join(lines)


def _cohort_html(name: str, *args: object) -> str:
    return str(macro(name, "cohort.j2")(*args))


def cohort_charts(bank: Bank, cohort: Cohort) -> str:
    """The report's two charts (score bands, average by skill), as HTML bar tables."""
    averages = [(bank.competencies[c].name, v) for c, v in cohort.competency_averages(bank).items()]
    return _cohort_html("charts", cohort.distribution(), averages)


def cohort_html(bank: Bank, cohort: Cohort, item_section: str = "") -> str:
    """The report page; `item_section` is the item statistics' HTML (item_stats.item_stats_html)."""
    named, anonymous = cohort.safety_misses()
    titles = {sid: s.title for sid, s in bank.scenarios.items()}
    return _cohort_html("page", cohort, Markup(cohort_charts(bank, cohort)), titles, cohort.most_missed(bank),
                        sorted(named.items()), anonymous, Markup(item_section))
