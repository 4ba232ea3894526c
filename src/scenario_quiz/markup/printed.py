# SPDX-License-Identifier: MIT
"""Scenarios on paper: the question where it is read, the answer in a section at the back.

    html = render_scenario_print(bank, "al-silence", "3.4")    # situation, question, lettered options
    html = render_answer_print(bank, "al-silence", "3.4")      # every option's rating, points and why

A printed scenario has no form, radio button, button or script: the reader chooses on paper.
Its number ("Scenario 3.4") finds its answer at the back, and each side links to the other with
a page reference (`page_ref`) whose number `print_pdf` fills in once the document is printed.
A scenario in steps prints like a path on paper: every step is printed, and each option says
which step or ending to go to next.

Element ids come from render.html_id, as on screen. A page in print mode has no on-screen quiz,
so an answer's explanations may use the same ids as the on-screen explanations would.
"""

from __future__ import annotations

import html

from ..core.bank import Bank
from ..core.model import BranchingScenario, Option, Scene, letter
from .text import markdown
from .quiz import _explanation, _heading, _meta_line, _safety_note, html_id

__all__ = [
    "PAGE_NUMBER", "PAGE_PLACEHOLDER", "PAGE_REF", "page_ref", "render_answer_print", "render_left_out_print",
    "render_scenario_print",
]

# The page reference convention, shared by the answers, the handbook's contents and print_pdf:
# a link of class PAGE_REF to "#id" holds a PAGE_NUMBER span, which print_pdf sets to the page
# where the element with that id is printed. The placeholder holds the number's place (three
# digits, as wide as any page number of a book this size) so filling it in moves nothing.
PAGE_REF = "page-ref"
PAGE_NUMBER = "page-number"
PAGE_PLACEHOLDER = "000"

RATE_EVERY_OPTION = "Rate every option: helpful, partly helpful, unhelpful or harmful."


def page_ref(target_id: str, label: str) -> str:
    """A link to an element elsewhere in the printed document, with its page: "Answer: page 212"."""
    return (f'<a class="{PAGE_REF}" href="#{target_id}">{html.escape(label)}: page '
            f'<span class="{PAGE_NUMBER}">{PAGE_PLACEHOLDER}</span></a>')


def _options(options: list[Option], after: list[str] | None = None) -> str:
    after = after or [""] * len(options)
    items = "".join(f'<li><span class="sq-letter">{letter(i).upper()}.</span> {html.escape(o.text)}{extra}</li>'
                    for i, (o, extra) in enumerate(zip(options, after, strict=True)))
    return f'<ol class="sq-print-options">{items}</ol>'


def _kicker(number: str) -> str:
    return f"Scenario {number}"


def render_scenario_print(bank: Bank, scenario_id: str, number: str, heading_level: int = 3,
                          rate_every_option: bool = False) -> str:
    """A scenario to answer on paper, numbered `number`, with a link to its answer at the back.
    `rate_every_option` asks the reader to rate each option, as the final self-assessment does."""
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        inner = _steps(s)
    else:
        ask = f"{s.question} {RATE_EVERY_OPTION}" if rate_every_option else s.question
        inner = f'<p class="sq-question">{html.escape(ask)}</p>{_options(s.options)}'
    kind = "path" if isinstance(s, BranchingScenario) else "single"
    return (
        f'<section class="sq-print sq-print-{kind}" id="{html_id(s.id)}" aria-labelledby="{html_id(s.id, "title")}">'
        f"{_heading(s, _kicker(number), heading_level)}"
        f'<div class="sq-situation">{markdown().render(s.situation)}</div>{_safety_note(s)}{inner}'
        f'<p class="sq-print-turn">{page_ref(html_id(s.id, "answer"), "Answer")}</p>{_meta_line(bank, s)}</section>'
    )


def _scenes_in_order(s: BranchingScenario) -> list[Scene]:
    """The first scene first (the file may list it anywhere), then the others as the file lists them."""
    return [s.scene(s.start)] + [scene for scene in s.scenes if scene.id != s.start]


def _labels(s: BranchingScenario) -> dict[str, str]:
    """"step 1", "step 2" ... for the scenes in print order; "ending 1" ... for the endings."""
    labels = {scene.id: f"step {n}" for n, scene in enumerate(_scenes_in_order(s), 1)}
    return labels | {end.id: f"ending {n}" for n, end in enumerate(s.endings, 1)}


def _place_id(s: BranchingScenario, place: str) -> str:
    return html_id(s.id, "scene" if s.scene(place) else "ending", place)


def _steps(s: BranchingScenario) -> str:
    labels = _labels(s)
    parts = ['<p class="sq-print-how">This scenario unfolds in steps. Start at step 1: each option says where to '
             "go next.</p>"]
    for scene in _scenes_in_order(s):
        go_to = [f' <a class="sq-print-next" href="#{_place_id(s, o.next)}">Go to {labels[o.next]}.</a>'
                 for o in scene.options]
        parts.append(f'<div class="sq-print-step" id="{html_id(s.id, "scene", scene.id)}">'
                     f'<p class="sq-print-step-title">{labels[scene.id].capitalize()}</p>'
                     f'<div class="sq-situation">{markdown().render(scene.situation)}</div>'
                     f'<p class="sq-question">{html.escape(scene.question)}</p>{_options(scene.options, go_to)}</div>')
    for end in s.endings:
        parts.append(f'<div class="sq-print-ending" id="{html_id(s.id, "ending", end.id)}">'
                     f'<p class="sq-print-step-title">{labels[end.id].capitalize()}: {html.escape(end.title)}</p>'
                     f"{markdown().render(end.text)}</div>")
    return "".join(parts)


def render_answer_print(bank: Bank, scenario_id: str, number: str, heading_level: int = 3,
                        rate_every_option: bool = False) -> str:
    """A scenario's answer for the back of a printed document: each option with its rating, its points
    (not when rating every option: those depend on the reader's rating) and why, linked to the question."""
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        labels = _labels(s)
        steps = []
        for scene in _scenes_in_order(s):
            question = ("scene", scene.id)
            explained = "".join(
                _explanation(s.id, question, i, o, f'<p class="sq-leads">Goes to {labels[o.next]}.</p>')
                for i, o in enumerate(scene.options))
            steps.append(f'<p class="sq-print-step-title">{labels[scene.id].capitalize()}: '
                         f'{html.escape(scene.question)}</p><ol class="sq-explanations">{explained}</ol>')
        inner = "".join(steps)
    else:
        explained = "".join(_explanation(s.id, (), i, o, with_points=not rate_every_option)
                            for i, o in enumerate(s.options))
        inner = f'<ol class="sq-explanations">{explained}</ol>'
    return (
        f'<section class="sq-print-answer" id="{html_id(s.id, "answer")}" '
        f'aria-labelledby="{html_id(s.id, "answer", "title")}">'
        f"{_heading(s, _kicker(number), heading_level, html_id(s.id, 'answer', 'title'))}"
        f'<p class="sq-print-turn">{page_ref(html_id(s.id), "Question")}</p>{inner}</section>'
    )


def render_left_out_print(what: str, why: str) -> str:
    """A line printed where something that works only on screen was left out."""
    return f'<p class="sq-print-left-out"><strong>{html.escape(what)}</strong> {html.escape(why)}</p>'
