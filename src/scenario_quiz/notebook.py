# SPDX-License-Identifier: MIT
"""Jupyter front-end.

    from scenario_quiz.notebook import show, practise, answer_key, report_table

    show("al-silence-after-news")        # the static quiz, as the book shows it (HTML output)
    quiz = practise("03-active-listening")  # a live quiz with ipywidgets: answer, feedback, running score
    quiz.save("my-progress.json", nickname="Sam")  # the same progress file the book exports
    final = practise("final", form="a")  # the final self-assessment, one form, options shuffled
    final.answer("fa-retired-gp-joins", {"a": "unhelpful", ...}, confidence="sure"); final.result()
    answer_key("03-active-listening")    # every option's rating and reason, for organisers
    print(report_table(bank, report))    # a graded report as a plain-text table

`show` and `answer_key` give plain HTML outputs, so notebooks saved with them build into the
static book with no kernel and no widget scripts. `practise` is for a live kernel only; the
exercise notebooks keep its cell without output (and nbval skips it), so no widget state
reaches the book.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable
from pathlib import Path

from .core.bank import Bank, load_bank
from .core.forms import forms
from .core.grading import (
    CONFIDENCE,
    MAX_POINTS,
    RATING_SCALE,
    Answer,
    AssessmentResult,
    ItemResult,
    Report,
    complete_paths,
    grade,
    grade_assessment,
    item_kind,
    points_for,
    rating_credit,
)
from .core.graph import walk
from .core.model import BranchingScenario, Rating, letter
from .core.progress import write_progress
from .markup.assessment import CONFIDENCE_LABELS
from .markup.quiz import RATING_LABELS, render_scenario
from .markup.templating import macro


def _html(name: str, *args, **kwargs) -> str:
    """One of the notebook's pieces of HTML, from templates/notebook.j2."""
    return str(macro(name, "notebook.j2")(*args, **kwargs))


def _points(earned: int, possible: int, what: str = "") -> str:
    return f"{earned} of {possible} points{what}"

__all__ = ["Assessment", "Practice", "answer_key", "course_bank", "practise", "report_table", "show"]


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


def embed(kind: str, argument: str, content: str) -> str:
    """Mark generated HTML so the book re-renders it from the bank at build time (sphinx_ext):
    a notebook's saved output then never shows another nation's lines or an old wording."""
    return _html("embed", kind, argument, content)


def show_html(bank: Bank, scenario_ids: Iterable[str]) -> str:
    return "\n".join(render_scenario(bank, sid) for sid in scenario_ids)


def show(*scenario_ids: str):
    """Display the static quiz for each id (the same HTML as the book)."""
    from IPython.display import HTML

    return HTML(embed("show", " ".join(scenario_ids), show_html(course_bank(), scenario_ids)))


def answer_key(module_or_ids: str | Iterable[str]):
    """Display every scenario with each option's rating, points and reason (and, for a scenario
    in steps, where each option leads)."""
    from IPython.display import HTML

    argument = module_or_ids if isinstance(module_or_ids, str) else " ".join(module_or_ids)
    return HTML(embed("key", argument, answer_key_html(course_bank(), module_or_ids)))


def answer_key_html(bank: Bank, module_or_ids: str | Iterable[str]) -> str:
    return _html("answer_key", bank, [bank.get(sid) for sid in _ids(bank, module_or_ids)])


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
            boxes.append(w.VBox([w.HTML(_html("opening", s)), prompt, choices, button, feedback]))
        self.widget = w.VBox(boxes)

    def _scene(self, scenario_id: str):
        """The scene now waiting for an answer in a scenario in steps (None once it has ended)."""
        return walk(self.bank.get(scenario_id), self.answers.get(scenario_id, [])).at

    def _show_step(self, scenario_id: str, prompt, choices) -> None:
        s = self.bank.get(scenario_id)
        step = self._scene(scenario_id) if isinstance(s, BranchingScenario) else s
        if step is None:
            return
        prompt.value = _html("prompt", step.question, step.situation if isinstance(s, BranchingScenario) else None)
        choices.options = [(f"{letter(i).upper()}. {o.text}", letter(i)) for i, o in enumerate(step.options)]
        choices.value = None

    def _score_text(self) -> str:
        report = grade(self.bank, self.answers, self.ids)
        return _html("status", f"You have answered {report.answered} of {len(self.ids)} scenarios "
                               f"and scored {report.total} of a possible {report.max_total} points.")

    def answer(self, scenario_id: str, choice: str) -> str:
        """Record an answer and return the feedback HTML (used by the button, and by tests)."""
        s = self.bank.get(scenario_id)
        answer: Answer = [*self.answers.get(scenario_id, []), choice] if isinstance(s, BranchingScenario) else choice
        grade(self.bank, {scenario_id: answer})  # checks the letter (and the path), with a clear message
        if isinstance(s, BranchingScenario):
            walked = walk(s, answer)
            index, option, ending = walked.steps[-1].index, walked.steps[-1].option, walked.ending
        else:
            index, ending = ord(choice) - ord("a"), None
            option = s.options[index]
        self.answers[scenario_id] = answer
        self.score.value = self._score_text()
        return _html("chosen", letter(index), option, _points(points_for(option.rating), MAX_POINTS), ending=ending)

    def _check(self, sid, prompt, choices, button, feedback, _click) -> None:
        if choices.value is None:
            feedback.value = _html("message", "Choose one of the options first.")
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


class Assessment:
    """A live final self-assessment over one form: options in a shuffled order (saved answers keep
    the course's letters), "How sure are you?" before each check, and the result from
    `grade_assessment` once every scenario is answered. Every rule lives in grading.py."""

    def __init__(self, bank: Bank, form: str, pass_mark: int = 70, safety_gate: bool = True,
                 seed: int | None = None):
        import ipywidgets as w

        every = forms(bank)
        if form not in every:
            raise ValueError(f"the course has no form {form!r} of the final self-assessment; "
                             f"it has {', '.join(every) or 'none'}")
        self.bank, self.form, self.ids = bank, form, every[form]
        self.pass_mark, self.safety_gate = pass_mark, safety_gate
        self.answers: dict[str, object] = {}
        self.confidence: dict[str, str] = {}
        rng = random.Random(seed)
        self.order: dict[tuple[str, str], list[int]] = {}  # (scenario id, scene id or "") -> options as shown
        for sid in self.ids:
            s = bank.get(sid)
            for key, options in ([(x.id, x.options) for x in s.scenes] if isinstance(s, BranchingScenario)
                                 else [("", s.options)]):
                self.order[sid, key] = rng.sample(range(len(options)), len(options))
        self.status, self.outcome = w.HTML(self._status_text()), w.HTML()
        self.items: dict[str, dict] = {}  # scenario id -> its widgets: prompt, choices or ratings, sure, ...
        self.widget = w.VBox([self.status, *(self._item_box(w, sid) for sid in self.ids), self.outcome])

    def _item_box(self, w, sid: str):
        """One scenario's widgets: the choices (or a rating per option), "How sure are you?", a button."""
        s = self.bank.get(sid)
        item = self.items[sid] = {
            "prompt": w.HTML(), "feedback": w.HTML(), "button": w.Button(description="Check my answer"),
            "sure": w.RadioButtons(options=[(label, value) for value, label in CONFIDENCE_LABELS.items()],
                                   value=None, description="How sure are you?", style={"description_width": "initial"})}
        if item_kind(s) == "rate":
            item["button"].description = "Check my ratings"
            item["prompt"].value = _html("prompt", s.question, rate=True)
            item["ratings"], rows = {}, []
            for i in self.order[sid, ""]:
                shown = self._shown(sid, "", i).upper()
                item["ratings"][letter(i)] = w.Dropdown(
                    options=[(RATING_LABELS[r], r.value) for r in RATING_SCALE], value=None,
                    description=f"Rate {shown}", style={"description_width": "initial"})
                rows += [w.HTML(_html("rate_option", shown, s.options[i].text)),
                         item["ratings"][letter(i)]]
            answer_area = w.VBox(rows)
        else:
            item["choices"] = answer_area = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
            self._show_step(sid, item)
        item["button"].on_click(functools.partial(self._check, sid))
        return w.VBox([w.HTML(_html("opening", s)),
                       item["prompt"], answer_area, item["sure"], item["button"], item["feedback"]])

    def _shown(self, sid: str, scene: str, index: int) -> str:
        """The letter an option is shown with in this attempt (the course's own letter is `letter(index)`)."""
        return letter(self.order[sid, scene].index(index))

    def _scene(self, sid: str, path: list[str]):
        return walk(self.bank.get(sid), path).at

    def _show_step(self, sid: str, item: dict) -> None:
        s = self.bank.get(sid)
        step = self._scene(sid, self.answers.get(sid, [])) if isinstance(s, BranchingScenario) else s
        if step is None:
            return
        key = step.id if isinstance(s, BranchingScenario) else ""
        item["prompt"].value = _html("prompt", step.question, step.situation if key else None)
        item["choices"].options = [(f"{self._shown(sid, key, i).upper()}. {step.options[i].text}", letter(i))
                                   for i in self.order[sid, key]]
        item["choices"].value = None

    def _finished(self) -> dict[str, object]:
        """The answers grade_assessment can grade: a scenario in steps counts once it reaches an ending."""
        return {sid: a for sid, a in self.answers.items()
                if item_kind(self.bank.get(sid)) != "path" or tuple(a) in complete_paths(self.bank.get(sid))}

    def result(self) -> AssessmentResult:
        return grade_assessment(self.bank, self.ids, self._finished(), self.pass_mark, self.safety_gate,
                                self.confidence)

    def _item(self, sid: str, answer: object, confidence: str) -> ItemResult:
        return grade_assessment(self.bank, [sid], {sid: answer}, self.pass_mark, self.safety_gate,
                                {sid: confidence}).items[0]

    def _status_text(self) -> str:
        return _html("status", f"Form {self.form.upper()}: you have answered {len(self._finished())} of "
                               f"{len(self.ids)} scenarios. Your result shows once you have answered them all.")

    def answer(self, scenario_id: str, answer: object, confidence: str | None = None) -> str:
        """Record an answer (a letter; for a scenario in steps the next letter or the whole path; or
        {letter: rating} for every option) and return the feedback HTML. "How sure are you?" is
        needed with each answer, and for a scenario in steps with its first scene."""
        s = self.bank.get(scenario_id)
        kind = item_kind(s)
        if kind == "path":
            step = isinstance(answer, str)  # the next scene's letter, or else the whole path
            so_far = list(self.answers.get(scenario_id, [])) if step else []
            answer = [*so_far, answer] if step else list(answer)  # type: ignore[arg-type, call-overload]
            grade(self.bank, {scenario_id: answer})  # checks every letter along the path
            confidence = self.confidence.get(scenario_id) if so_far else confidence
        if confidence not in CONFIDENCE:
            raise ValueError(f"scenario '{scenario_id}': say how sure you are ({', '.join(CONFIDENCE)}) "
                             f"before checking")
        if kind == "path":
            feedback = self._path_feedback(s, answer, confidence)  # type: ignore[arg-type]
        elif kind == "rate":
            feedback = self._rate_feedback(s, answer, confidence)
        else:
            item = self._item(scenario_id, answer, confidence)
            i = ord(str(answer)) - ord("a")
            option = s.options[i]
            feedback = _html("chosen", letter(i), option, _points(item.points, item.max_points),
                             shown=self._shown(scenario_id, "", i))
        self.answers[scenario_id], self.confidence[scenario_id] = answer, confidence
        self.status.value = self._status_text()
        result = self.result()
        self.outcome.value = self._result_html(result) if result.complete else ""
        return feedback

    def _path_feedback(self, s: BranchingScenario, path: list[str], confidence: str) -> str:
        step = walk(s, path).steps[-1]
        ending = s.ending(step.option.next)
        item = self._item(s.id, path, confidence) if ending else None
        return _html("chosen", letter(step.index), step.option,
                     _points(points_for(step.option.rating), MAX_POINTS, " for this step"),
                     shown=self._shown(s.id, step.scene.id, step.index), ending=ending,
                     path_points=_points(item.points, item.max_points) if item else None)

    def _rate_feedback(self, s, ratings: object, confidence: str) -> str:
        item = self._item(s.id, ratings, confidence)  # checks there is a rating for every option
        given = {key: Rating(value) for key, value in ratings.items()}  # type: ignore[union-attr]
        rows = [{"shown": self._shown(s.id, "", i), "option": s.options[i], "given": given[letter(i)],
                 "credit": rating_credit(s.options[i].rating, given[letter(i)])} for i in self.order[s.id, ""]]
        return _html("rate_feedback", item, rows)

    def _result_html(self, r: AssessmentResult) -> str:
        return _html("result", r, self.bank, self.pass_mark)

    def _check(self, sid: str, _click) -> None:
        item, kind = self.items[sid], item_kind(self.bank.get(sid))
        first = sid not in self.answers
        if kind == "rate":
            answer = {key: box.value for key, box in item["ratings"].items()}
            missing = "Rate every option first." if None in answer.values() else ""
        else:
            answer = item["choices"].value
            missing = "Choose one of the options first." if answer is None else ""
        if not missing and first and item["sure"].value is None:
            missing = "Say how sure you are first."
        if missing:
            item["feedback"].value = _html("message", missing)
            return
        item["feedback"].value = self.answer(sid, answer, item["sure"].value)
        item["sure"].disabled = True
        if kind == "path" and self._scene(sid, self.answers[sid]) is not None:
            self._show_step(sid, item)  # on to the next scene
        else:
            item["button"].disabled = True
            for box in [item.get("choices"), *item.get("ratings", {}).values()]:
                if box is not None:
                    box.disabled = True

    def save(self, path: str | Path, nickname: str = "") -> None:
        """Save the answers, how sure you were and the form: the progress file the book exports."""
        write_progress(path, self.bank, self.answers, nickname=nickname, confidence=self.confidence,
                       form=self.form)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def practise(module_or_ids: str | Iterable[str] = "final", form: str | None = None, *, pass_mark: int = 70,
             safety_gate: bool = True, seed: int | None = None) -> Practice | Assessment:
    """A live ipywidgets quiz for a module (e.g. "03-active-listening") or a list of ids; or, with
    `form` ("a" or "b"), the final self-assessment: practise("final", form="a")."""
    bank = course_bank()
    if form is None and module_or_ids == "final":
        raise ValueError('choose a form of the final self-assessment: practise("final", form="a") or form="b"')
    if form is not None:
        return Assessment(bank, form, pass_mark, safety_gate, seed)
    return Practice(bank, _ids(bank, module_or_ids))
