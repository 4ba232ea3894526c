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
import html
from collections import Counter
from pathlib import Path

from ..core.bank import Bank
from ..core.forms import forms
from ..core.grading import AssessmentResult, Report, grade, grade_assessment
from ..core.model import Rating
from ..core.progress import ProgressError, answers_to_grade, read_progress

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
                poor = result.points == 0 if result.rating is None else result.rating in (Rating.UNHELPFUL, Rating.HARMFUL)
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
            progress = read_progress(file)
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
        lines += [f"{label:<11} {count:>4}  {'#' * round(40 * count / widest)}" for label, count in cohort.distribution()]
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


def _bars(rows: list[tuple[str, float]], maximum: float, unit: str, headings: tuple[str, str]) -> str:
    """A horizontal bar chart as a plain HTML table: a row per bar, with the number written out (not
    colour alone). Its words are page text, so they wrap and stay full size on a phone, where an SVG
    drawing shrinks with its width; its few styles are inline, so it looks the same in the book, in
    the standalone report and in Jupyter."""
    bars = []
    for label, value in rows:
        width = 0 if not maximum else 100 * value / maximum
        bars.append(
            f'<tr><th scope="row">{html.escape(label)}</th>'
            f'<td style="width:50%"><span aria-hidden="true" style="display:block;height:1.1em;width:{width:.1f}%;'
            f'background:#1d4ed8"></span></td><td>{value:g}{unit}</td></tr>'
        )
    # The value's heading spans the bar and the number, so the number is read out under it.
    return (f'<table class="sq-bars"><thead><tr><th scope="col">{html.escape(headings[0])}</th>'
            f'<th scope="col" colspan="2">{html.escape(headings[1])}</th></tr></thead><tbody>{"".join(bars)}</tbody>'
            f'</table>')


def cohort_charts(bank: Bank, cohort: Cohort) -> str:
    """The report's two charts (score bands, average by skill), as HTML bar tables."""
    distribution = cohort.distribution()
    averages = cohort.competency_averages(bank)
    return (
        f"<div class='sq-chart'><h2>How scores spread</h2><figure>"
        f"{_bars(distribution, max([c for _, c in distribution] + [1]), '', ('Score band', 'Trainees'))}"
        f"<figcaption>Number of trainees in each score band (percentage of the points available for what they "
        f"answered).</figcaption></figure>"
        f"<h2>Average by skill</h2><figure>"
        f"{_bars([(bank.competencies[c].name, v) for c, v in averages.items()], 100, '%', ('Skill', 'Average'))}"
        f"<figcaption>Average percentage of points for each skill.</figcaption></figure></div>"
    )


def cohort_html(bank: Bank, cohort: Cohort, item_section: str = "") -> str:
    """The report page; `item_section` is the item statistics' HTML (item_stats.item_stats_html)."""
    e = html.escape
    named, anonymous = cohort.safety_misses()
    titles = {sid: s.title for sid, s in bank.scenarios.items()}
    missed = "".join(f"<tr><td>{e(titles[sid])} <code>{e(sid)}</code></td><td>{m} of {n}</td></tr>"
                     for sid, m, n in cohort.most_missed(bank))
    safety = "".join(f"<li>{e(titles[sid])}: {e(', '.join(names))}</li>" for sid, names in sorted(named.items()))
    if anonymous:
        safety += f"<li>{anonymous} more misses by trainees who gave no nickname</li>"
    skipped = "".join(f"<li><code>{e(file)}</code> {e(reason)}</li>" for file, reason in cohort.skipped)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Cohort summary</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1f2937}}
table{{border-collapse:collapse}}td,th{{border:1px solid #9ca3af;padding:.3rem .6rem;text-align:left}}
</style></head>
<body><main>
<h1>Cohort summary: self-assessment results</h1>
<p>{len(cohort.trainees)} trainees. These are self-assessment results that trainees chose to share.
They are for planning support, not for judging people.</p>
{cohort_charts(bank, cohort)}
<h2>Scenarios most often answered unhelpfully or harmfully</h2>
<table><thead><tr><th scope="col">Scenario</th><th scope="col">Times</th></tr></thead><tbody>{missed}</tbody></table>
<h2>Safety-critical misses</h2>
<p>These trainees chose a harmful option on a safety-critical scenario. Talk it through with them before they
facilitate.</p><ul>{safety or "<li>None.</li>"}</ul>
{item_section}
<h2>Files skipped</h2><ul>{skipped or "<li>None.</li>"}</ul>
</main></body></html>
"""
