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
import html
import random
from collections.abc import Iterable
from pathlib import Path

from .markup.assessment import CONFIDENCE_LABELS
from .core.bank import Bank, load_bank
from .core.forms import forms
from .core.grading import (
    CONFIDENCE, MAX_POINTS, RATING_SCALE, Answer, AssessmentResult, ItemResult, Report, complete_paths, grade,
    grade_assessment, item_kind, points_for, rating_credit,
)
from .core.model import BranchingScenario, Option, Rating, letter
from .core.progress import write_progress
from .markup.quiz import RATING_LABELS, render_scenario
from .markup.text import markdown

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
    return (f'<div class="sq-embed" data-embed="{html.escape(kind)}:{html.escape(argument)}">{content}'
            f"</div><!--/sq-embed-->")


def show_html(bank: Bank, scenario_ids: Iterable[str]) -> str:
    return "\n".join(render_scenario(bank, sid) for sid in scenario_ids)


def show(*scenario_ids: str):
    """Display the static quiz for each id (the same HTML as the book)."""
    from IPython.display import HTML

    return HTML(embed("show", " ".join(scenario_ids), show_html(course_bank(), scenario_ids)))


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

    argument = module_or_ids if isinstance(module_or_ids, str) else " ".join(module_or_ids)
    return HTML(embed("key", argument, answer_key_html(course_bank(), module_or_ids)))


def answer_key_html(bank: Bank, module_or_ids: str | Iterable[str]) -> str:
    e = html.escape
    parts = []
    for sid in _ids(bank, module_or_ids):
        s = bank.get(sid)
        if isinstance(s, BranchingScenario):
            names = {x.id: x.question for x in s.scenes} | {x.id: f"Ending: {x.title}" for x in s.endings}
            body = "".join(
                f"<p><strong>Step: {e(scene.question)}</strong></p>{markdown().render(scene.situation)}"
                + _options_table(_option_rows(scene.options, lambda o: f" <em>Leads to: {e(names[o.next])}</em>"))
                for scene in s.scenes
            ) + "".join(f"<p><strong>Ending: {e(end.title)}</strong></p>{markdown().render(end.text)}"
                        for end in s.endings)
        else:
            body = f"<p><strong>{e(s.question)}</strong></p>{_options_table(_option_rows(s.options))}"
        safety = " Safety-critical." if s.safety_critical else ""
        if s.form:
            safety += f" Final self-assessment, form {s.form.upper()}" + (
                ": the trainee rates every option." if item_kind(s) == "rate" else ".")
        parts.append(
            f"<section class='sq-key' data-answer-key='{e(s.id)}'><h3>{e(s.title)} <code>{e(s.id)}</code></h3>"
            f"{markdown().render(s.situation)}{body}"
            f"<p>Skill: {e(bank.competencies[s.competency].name)}. "
            f"Source: {e(bank.sources.get(s.source.ref, s.source.ref))}{safety}</p></section>"
        )
    return "\n".join(parts)


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
            boxes.append(w.VBox([w.HTML(f"<h3>{html.escape(s.title)}</h3>{markdown().render(s.situation)}"),
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
        situation = markdown().render(step.situation) if isinstance(s, BranchingScenario) else ""
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
        end_text = (f"<p><strong>Ending: {html.escape(ending.title)}</strong></p>{markdown().render(ending.text)}"
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
            item["prompt"].value = f"<p><strong>{html.escape(s.question)} Rate every option.</strong></p>"
            item["ratings"], rows = {}, []
            for i in self.order[sid, ""]:
                shown = self._shown(sid, "", i).upper()
                item["ratings"][letter(i)] = w.Dropdown(
                    options=[(RATING_LABELS[r], r.value) for r in RATING_SCALE], value=None,
                    description=f"Rate {shown}", style={"description_width": "initial"})
                rows += [w.HTML(f"<p><strong>{shown}.</strong> {html.escape(s.options[i].text)}</p>"),
                         item["ratings"][letter(i)]]
            answer_area = w.VBox(rows)
        else:
            item["choices"] = answer_area = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
            self._show_step(sid, item)
        item["button"].on_click(functools.partial(self._check, sid))
        return w.VBox([w.HTML(f"<h3>{html.escape(s.title)}</h3>{markdown().render(s.situation)}"),
                       item["prompt"], answer_area, item["sure"], item["button"], item["feedback"]])

    def _shown(self, sid: str, scene: str, index: int) -> str:
        """The letter an option is shown with in this attempt (the course's own letter is `letter(index)`)."""
        return letter(self.order[sid, scene].index(index))

    def _scene(self, sid: str, path: list[str]):
        s = self.bank.get(sid)
        scene = s.scene(s.start)
        for choice in path:
            scene = s.scene(scene.options[ord(choice) - ord("a")].next)
        return scene

    def _show_step(self, sid: str, item: dict) -> None:
        s = self.bank.get(sid)
        step = self._scene(sid, self.answers.get(sid, [])) if isinstance(s, BranchingScenario) else s
        if step is None:
            return
        key = step.id if isinstance(s, BranchingScenario) else ""
        situation = markdown().render(step.situation) if key else ""
        item["prompt"].value = f"{situation}<p><strong>{html.escape(step.question)}</strong></p>"
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
        return (f"<p role='status'>Form {self.form.upper()}: you have answered {len(self._finished())} of "
                f"{len(self.ids)} scenarios. Your result shows once you have answered them all.</p>")

    def answer(self, scenario_id: str, answer: object, confidence: str | None = None) -> str:
        """Record an answer (a letter; for a scenario in steps the next letter or the whole path; or
        {letter: rating} for every option) and return the feedback HTML. "How sure are you?" is
        needed with each answer, and for a scenario in steps with its first scene."""
        s, e = self.bank.get(scenario_id), html.escape
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
            feedback = (f"<p><strong>You chose {self._shown(scenario_id, '', i).upper()}: "
                        f"{RATING_LABELS[option.rating]}</strong> ({item.points} of {item.max_points} points)."
                        f"</p><p>{e(option.feedback)}</p>")
        self.answers[scenario_id], self.confidence[scenario_id] = answer, confidence
        self.status.value = self._status_text()
        result = self.result()
        self.outcome.value = self._result_html(result) if result.complete else ""
        return feedback

    def _path_feedback(self, s: BranchingScenario, path: list[str], confidence: str) -> str:
        scene, i = self._scene(s.id, path[:-1]), ord(path[-1]) - ord("a")
        option = scene.options[i]
        text = (f"<p><strong>You chose {self._shown(s.id, scene.id, i).upper()}: {RATING_LABELS[option.rating]}"
                f"</strong> ({points_for(option.rating)} of {MAX_POINTS} points for this step).</p>"
                f"<p>{html.escape(option.feedback)}</p>")
        ending = s.ending(option.next)
        if ending:
            item = self._item(s.id, path, confidence)
            text += (f"<p><strong>Ending: {html.escape(ending.title)}</strong></p>{markdown().render(ending.text)}"
                     f"<p>Your path scores {item.points} of {item.max_points} points.</p>")
        return text

    def _rate_feedback(self, s, ratings: object, confidence: str) -> str:
        item = self._item(s.id, ratings, confidence)  # checks there is a rating for every option
        given = {key: Rating(value) for key, value in ratings.items()}  # type: ignore[union-attr]
        rows = "".join(
            f"<tr><th scope='row'>{self._shown(s.id, '', i).upper()}. {html.escape(s.options[i].text)}</th>"
            f"<td>{RATING_LABELS[given[letter(i)]]}</td><td>{RATING_LABELS[s.options[i].rating]}</td>"
            f"<td>{rating_credit(s.options[i].rating, given[letter(i)])} of {MAX_POINTS}</td>"
            f"<td>{html.escape(s.options[i].feedback)}</td></tr>" for i in self.order[s.id, ""])
        slip = ("<p><strong>You rated a harmful option helpful on a safety-critical scenario.</strong></p>"
                if item.safety_slip else "")
        return (f"<p><strong>Your ratings score {item.points} of {item.max_points} points.</strong></p>{slip}"
                "<table><thead><tr><th scope='col'>Option</th><th scope='col'>You rated it</th>"
                "<th scope='col'>The course rates it</th><th scope='col'>Points</th><th scope='col'>Why</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")

    def _result_html(self, r: AssessmentResult) -> str:
        e, by_id = html.escape, {item.scenario_id: item for item in r.items}

        def listed(ids: list[str], tag: str) -> str:
            return f"<{tag}>" + "".join(
                f"<li>{e(self.bank.get(sid).title)} <code>{sid}</code>"
                f"{' (you felt sure, or fairly sure)' if by_id[sid].confident_and_wrong else ''}</li>"
                for sid in ids) + f"</{tag}>"

        verdict = "This meets the pass mark." if r.passed else "This does not meet the pass mark yet."
        if r.points_met and not r.passed:
            verdict += " Your points reach it, but a safety-critical scenario needs going over first."
        parts = [f"<h3>Your result</h3><p role='status'>You scored {r.total} of {r.max_total} points. The pass "
                 f"mark is {self.pass_mark}% ({r.points_to_pass} points). {verdict}</p>"]
        if r.safety_slips:
            parts.append("<p><strong>Go over these before you facilitate.</strong> On these safety-critical "
                         "scenarios you chose a harmful option, or rated a harmful option helpful. Read that part "
                         "of the course again and talk it through with your organiser.</p>"
                         + listed(r.safety_slips, "ul"))
        if r.talk_through:
            parts.append("<p><strong>Talk these through with your organiser.</strong> First come the ones where "
                         "you felt sure or fairly sure but scored less than half: those matter most.</p>"
                         + listed(r.talk_through, "ol"))
        rows = "".join(f"<tr><th scope='row'>{e(self.bank.competencies[c].name)}</th><td>{k.points} of "
                       f"{k.max_points}</td><td>{'Yes' if k.met else 'Not yet'}</td></tr>"
                       for c, k in r.skills.items())
        parts.append("<table><caption>Your points by skill</caption><thead><tr><th scope='col'>Skill</th>"
                     f"<th scope='col'>Points</th><th scope='col'>Pass mark met</th></tr></thead><tbody>{rows}"
                     "</tbody></table>")
        return "".join(parts)

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
            item["feedback"].value = f"<p>{missing}</p>"
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
