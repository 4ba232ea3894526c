"""Jupyter front-end.

    from scenario_quiz.notebook import show, practise, answer_key, report_table

    show("al-silence-after-news")        # the static quiz, as the book shows it (HTML output)
    practise("03-active-listening")      # a live quiz with ipywidgets: answer, feedback, running score
    answer_key("03-active-listening")    # every option's rating and reason, for organisers
    print(report_table(bank, report))    # a graded report as a plain-text table

`show` and `answer_key` give plain HTML outputs, so notebooks saved with them build into the
static book with no kernel and no widget scripts. `practise` is for a live kernel only; the
exercise notebooks keep its cell without output (and nbval skips it), so no widget state
reaches the book.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from pathlib import Path

from .bank import Bank, load_bank
from .grading import Report, grade, points_for
from .model import letter
from .render import RATING_LABELS, _markdown, render_scenario

__all__ = ["answer_key", "course_bank", "practise", "report_table", "show"]


def _course_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder above `start` holding scenarios/competencies.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios" / "competencies.yml").exists():
            return folder
    raise FileNotFoundError(f"no scenarios/competencies.yml found in {here} or any folder above it")


@functools.lru_cache(maxsize=4)
def course_bank(root: Path | None = None) -> Bank:
    """The course's scenario bank, found from the current folder (a notebook's folder)."""
    root = _course_root(root)
    return load_bank(root / "scenarios", root / "book" / "references.bib")


def _ids(bank: Bank, module_or_ids: str | Iterable[str]) -> list[str]:
    if isinstance(module_or_ids, str):
        in_module = [s.id for s in bank.in_module(module_or_ids)]
        return in_module or [module_or_ids]
    return list(module_or_ids)


def show(*scenario_ids: str):
    """Display the static quiz for each id (the same HTML as the book)."""
    from IPython.display import HTML

    bank = course_bank()
    return HTML("\n".join(render_scenario(bank, sid) for sid in scenario_ids))


def answer_key(module_or_ids: str | Iterable[str]):
    """Display every scenario with each option's rating, points and reason."""
    from IPython.display import HTML

    bank = course_bank()
    e = html.escape
    parts = []
    for sid in _ids(bank, module_or_ids):
        s = bank.get(sid)
        rows = "".join(
            f"<tr><th scope='row'>{letter(i).upper()}</th><td>{e(o.text)}</td>"
            f"<td>{RATING_LABELS[o.rating]} ({points_for(o.rating)})</td><td>{e(o.feedback)}</td></tr>"
            for i, o in enumerate(s.options)
        )
        safety = " Safety-critical." if s.safety_critical else ""
        parts.append(
            f"<section class='sq-key' data-answer-key='{e(s.id)}'><h3>{e(s.title)} <code>{e(s.id)}</code></h3>"
            f"{_markdown().render(s.situation)}<p><strong>{e(s.question)}</strong></p>"
            f"<table><thead><tr><th scope='col'>Option</th><th scope='col'>Text</th>"
            f"<th scope='col'>Rating (points)</th><th scope='col'>Why</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>Skill: {e(bank.competencies[s.competency].name)}. "
            f"Source: {e(bank.sources.get(s.source.ref, s.source.ref))}{safety}</p></section>"
        )
    return HTML("\n".join(parts))


def report_table(bank: Bank, report: Report) -> str:
    """A graded report as plain text: each scenario, the total and each competency."""
    lines = [f"{'Scenario':<34} {'Answer':<6} {'Rating':<15} Points"]
    for r in report.results:
        rating = RATING_LABELS[r.rating] if r.rating else "not answered"
        flag = "  <- review before you facilitate" if r.safety_review else ""
        lines.append(f"{r.scenario_id:<34} {(r.choice or '-').upper():<6} {rating:<15} "
                     f"{r.points}/{r.max_points}{flag}")
    lines += ["", f"Total: {report.total} of {report.max_total} points ({report.answered} answered)", "",
              f"{'Competency':<34} Answered  Points"]
    for c in report.by_competency.values():
        name = bank.competencies[c.competency].name
        lines.append(f"{name:<34} {c.answered:>3} of {c.scenarios:<3} {c.points}/{c.max_points}")
    return "\n".join(lines)


class Practice:
    """A live quiz: one question at a time is not needed; every scenario is shown with its own
    choice, button and feedback, and a running score at the top computed by `grade`."""

    def __init__(self, bank: Bank, scenario_ids: list[str]):
        import ipywidgets as w

        self.bank, self.ids, self.answers = bank, scenario_ids, {}
        self.score = w.HTML(self._score_text())
        self.items = []
        boxes = [self.score]
        for sid in scenario_ids:
            s = bank.get(sid)
            choices = w.RadioButtons(
                options=[(f"{letter(i).upper()}. {o.text}", letter(i)) for i, o in enumerate(s.options)],
                value=None, layout=w.Layout(width="auto"), description="",
            )
            button = w.Button(description="Check my answer")
            feedback = w.HTML()
            button.on_click(functools.partial(self._check, sid, choices, button, feedback))
            self.items.append((sid, choices, button, feedback))
            boxes.append(w.VBox([
                w.HTML(f"<h3>{html.escape(s.title)}</h3>{_markdown().render(s.situation)}"
                       f"<p><strong>{html.escape(s.question)}</strong></p>"),
                choices, button, feedback,
            ]))
        self.widget = w.VBox(boxes)

    def _score_text(self) -> str:
        report = grade(self.bank, self.answers, self.ids)
        return (f"<p role='status'>You have answered {report.answered} of {len(self.ids)} scenarios "
                f"and scored {report.total} of a possible {report.max_total} points.</p>")

    def answer(self, scenario_id: str, choice: str) -> str:
        """Record an answer and return the feedback HTML (used by the button, and by tests)."""
        report = grade(self.bank, {scenario_id: choice})
        result = report.results[0]
        option = self.bank.get(scenario_id).options[ord(choice) - ord("a")]
        self.answers[scenario_id] = choice
        self.score.value = self._score_text()
        return (f"<p><strong>You chose {choice.upper()}: {RATING_LABELS[result.rating]}</strong> "
                f"({result.points} of {result.max_points} points).</p><p>{html.escape(option.feedback)}</p>")

    def _check(self, sid, choices, button, feedback, _click) -> None:
        if choices.value is None:
            feedback.value = "<p>Choose one of the options first.</p>"
            return
        feedback.value = self.answer(sid, choices.value)
        choices.disabled = button.disabled = True

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def practise(module_or_ids: str | Iterable[str]) -> Practice:
    """A live ipywidgets quiz for a module (e.g. "03-active-listening") or a list of ids."""
    bank = course_bank()
    return Practice(bank, _ids(bank, module_or_ids))
