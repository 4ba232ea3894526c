"""Jupyter front-end.

    from scenario_quiz.notebook import show, practise, answer_key, report_table

    show("al-silence-after-news")        # the static quiz, as the book shows it (HTML output)
    quiz = practise("03-active-listening")  # a live quiz with ipywidgets: answer, feedback, running score
    quiz.save("my-progress.json", nickname="Sam")  # the same progress file the book exports
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
from .grading import MAX_POINTS, Answer, Report, grade, points_for
from .model import BranchingScenario, Option, letter
from .progress import write_progress
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


def _option_rows(options: list[Option], leads_to=None) -> str:
    e = html.escape
    return "".join(
        f"<tr><th scope='row'>{letter(i).upper()}</th><td>{e(o.text)}</td>"
        f"<td>{RATING_LABELS[o.rating]} ({points_for(o.rating)})</td><td>{e(o.feedback)}"
        f"{leads_to(o) if leads_to else ''}</td></tr>"
        for i, o in enumerate(options)
    )


def _options_table(rows: str) -> str:
    return ("<table><thead><tr><th scope='col'>Option</th><th scope='col'>Text</th>"
            f"<th scope='col'>Rating (points)</th><th scope='col'>Why</th></tr></thead><tbody>{rows}</tbody></table>")


def answer_key(module_or_ids: str | Iterable[str]):
    """Display every scenario with each option's rating, points and reason (and, for a scenario
    in steps, where each option leads)."""
    from IPython.display import HTML

    bank = course_bank()
    e = html.escape
    parts = []
    for sid in _ids(bank, module_or_ids):
        s = bank.get(sid)
        if isinstance(s, BranchingScenario):
            names = {x.id: x.question for x in s.scenes} | {x.id: f"Ending: {x.title}" for x in s.endings}
            body = "".join(
                f"<p><strong>Step: {e(scene.question)}</strong></p>{_markdown().render(scene.situation)}"
                + _options_table(_option_rows(scene.options, lambda o: f" <em>Leads to: {e(names[o.next])}</em>"))
                for scene in s.scenes
            ) + "".join(f"<p><strong>Ending: {e(end.title)}</strong></p>{_markdown().render(end.text)}"
                        for end in s.endings)
        else:
            body = f"<p><strong>{e(s.question)}</strong></p>{_options_table(_option_rows(s.options))}"
        safety = " Safety-critical." if s.safety_critical else ""
        parts.append(
            f"<section class='sq-key' data-answer-key='{e(s.id)}'><h3>{e(s.title)} <code>{e(s.id)}</code></h3>"
            f"{_markdown().render(s.situation)}{body}"
            f"<p>Skill: {e(bank.competencies[s.competency].name)}. "
            f"Source: {e(bank.sources.get(s.source.ref, s.source.ref))}{safety}</p></section>"
        )
    return HTML("\n".join(parts))


def report_table(bank: Bank, report: Report) -> str:
    """A graded report as plain text: each scenario, the total and each competency."""
    lines = [f"{'Scenario':<34} {'Answer':<6} {'Rating':<15} Points"]
    for r in report.results:
        rating = (RATING_LABELS[r.rating] if r.rating else "not answered" if r.choice is None
                  else f"{len(r.choice.split(','))} steps")
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
    """A live quiz: every scenario with its own choice, button and feedback, and a running score
    at the top computed by `grade`. A scenario in steps moves on to the scene the answer leads to."""

    def __init__(self, bank: Bank, scenario_ids: list[str]):
        import ipywidgets as w

        self.bank, self.ids = bank, scenario_ids
        self.answers: dict[str, Answer] = {}
        self.score = w.HTML(self._score_text())
        self.items = []
        boxes = [self.score]
        for sid in scenario_ids:
            s = bank.get(sid)
            prompt = w.HTML()
            choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"), description="")
            button = w.Button(description="Check my answer")
            feedback = w.HTML()
            button.on_click(functools.partial(self._check, sid, prompt, choices, button, feedback))
            self.items.append((sid, choices, button, feedback))
            self._show_step(sid, prompt, choices)
            boxes.append(w.VBox([w.HTML(f"<h3>{html.escape(s.title)}</h3>{_markdown().render(s.situation)}"),
                                 prompt, choices, button, feedback]))
        self.widget = w.VBox(boxes)

    def _scene(self, scenario_id: str):
        """The scene now waiting for an answer in a scenario in steps (None once it has ended)."""
        s = self.bank.get(scenario_id)
        scene = s.scene(s.start)
        for choice in self.answers.get(scenario_id, []):
            scene = s.scene(scene.options[ord(choice) - ord("a")].next)
        return scene

    def _show_step(self, scenario_id: str, prompt, choices) -> None:
        s = self.bank.get(scenario_id)
        step = self._scene(scenario_id) if isinstance(s, BranchingScenario) else s
        if step is None:
            return
        situation = _markdown().render(step.situation) if isinstance(s, BranchingScenario) else ""
        prompt.value = f"{situation}<p><strong>{html.escape(step.question)}</strong></p>"
        choices.options = [(f"{letter(i).upper()}. {o.text}", letter(i)) for i, o in enumerate(step.options)]
        choices.value = None

    def _score_text(self) -> str:
        report = grade(self.bank, self.answers, self.ids)
        return (f"<p role='status'>You have answered {report.answered} of {len(self.ids)} scenarios "
                f"and scored {report.total} of a possible {report.max_total} points.</p>")

    def answer(self, scenario_id: str, choice: str) -> str:
        """Record an answer and return the feedback HTML (used by the button, and by tests)."""
        s = self.bank.get(scenario_id)
        if isinstance(s, BranchingScenario):
            scene = self._scene(scenario_id)
            path = [*self.answers.get(scenario_id, []), choice]
            result = grade(self.bank, {scenario_id: path}).results[0]  # checks the path, too
            option = scene.options[ord(choice) - ord("a")]
            self.answers[scenario_id] = path
        else:
            result = grade(self.bank, {scenario_id: choice}).results[0]
            option = s.options[ord(choice) - ord("a")]
            self.answers[scenario_id] = choice
        self.score.value = self._score_text()
        ending = s.ending(result.ending) if isinstance(s, BranchingScenario) and result.ending else None
        end_text = (f"<p><strong>Ending: {html.escape(ending.title)}</strong></p>{_markdown().render(ending.text)}"
                    if ending else "")
        return (f"<p><strong>You chose {choice.upper()}: {RATING_LABELS[option.rating]}</strong> "
                f"({points_for(option.rating)} of {MAX_POINTS} points).</p><p>{html.escape(option.feedback)}</p>"
                f"{end_text}")

    def _check(self, sid, prompt, choices, button, feedback, _click) -> None:
        if choices.value is None:
            feedback.value = "<p>Choose one of the options first.</p>"
            return
        feedback.value = self.answer(sid, choices.value)
        if isinstance(self.bank.get(sid), BranchingScenario) and self._scene(sid) is not None:
            self._show_step(sid, prompt, choices)  # on to the next scene
        else:
            choices.disabled = button.disabled = True

    def save(self, path: str | Path, nickname: str = "") -> None:
        """Save the answers as a progress file: the same format the book exports and imports."""
        write_progress(path, self.bank, self.answers, nickname=nickname)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def practise(module_or_ids: str | Iterable[str]) -> Practice:
    """A live ipywidgets quiz for a module (e.g. "03-active-listening") or a list of ids."""
    bank = course_bank()
    return Practice(bank, _ids(bank, module_or_ids))
