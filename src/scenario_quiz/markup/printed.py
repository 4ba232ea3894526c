# SPDX-License-Identifier: MIT
"""Scenarios on paper: the question where it is read, the answer in a section at the back.

    html = render_scenario_print(bank, "al-silence", "3.4")    # situation, question, lettered options
    html = render_answer_print(bank, "al-silence", "3.4")      # every option's rating, points and why

A printed scenario has no form, radio button, button or script: the reader chooses on paper.
Its number ("Scenario 3.4") finds its answer at the back, and each side links to the other with
a page reference (`page_ref`) whose number `print_pdf` fills in once the document is printed.
A scenario in steps prints like a path on paper: every step is printed, and each option says
which step or ending to go to next.

The HTML is in templates/print.j2. Element ids come from html_id, as on screen. A page in print mode has no
on-screen quiz, so an answer's explanations may use the same ids as the on-screen explanations would.
"""

from __future__ import annotations

from ..core.bank import Bank
from ..core.model import BranchingScenario, Scene
from .templating import Markup, macro, render

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


def page_ref(target_id: str, label: str) -> Markup:
    """A link to an element elsewhere in the printed document, with its page: "Answer: page 212"."""
    return macro("page_ref")(target_id, label, PAGE_REF, PAGE_NUMBER, PAGE_PLACEHOLDER)


def _scenes_in_order(s: BranchingScenario) -> list[Scene]:
    """The first scene first (the file may list it anywhere), then the others as the file lists them."""
    first = s.scene(s.start)
    assert first is not None  # the bank checks that start names a scene
    return [first] + [scene for scene in s.scenes if scene.id != s.start]


def _labels(s: BranchingScenario) -> dict[str, str]:
    """"step 1", "step 2" ... for the scenes in print order; "ending 1" ... for the endings."""
    labels = {scene.id: f"step {n}" for n, scene in enumerate(_scenes_in_order(s), 1)}
    return labels | {end.id: f"ending {n}" for n, end in enumerate(s.endings, 1)}


def _print(template: str, bank: Bank, scenario_id: str, number: str, heading_level: int,
           rate_every_option: bool) -> str:
    s = bank.get(scenario_id)
    path = isinstance(s, BranchingScenario)
    return render(template, bank=bank, s=s, kind="path" if path else "single", kicker=f"Scenario {number}",
                  level=heading_level, rate=rate_every_option, rate_words=RATE_EVERY_OPTION,
                  scenes=_scenes_in_order(s) if path else [], labels=_labels(s) if path else {},
                  page_ref=page_ref)


def render_scenario_print(bank: Bank, scenario_id: str, number: str, heading_level: int = 3,
                          rate_every_option: bool = False) -> str:
    """A scenario to answer on paper, numbered `number`, with a link to its answer at the back.
    `rate_every_option` asks the reader to rate each option, as the final self-assessment does."""
    return _print("print_question.j2", bank, scenario_id, number, heading_level, rate_every_option)


def render_answer_print(bank: Bank, scenario_id: str, number: str, heading_level: int = 3,
                        rate_every_option: bool = False) -> str:
    """A scenario's answer for the back of a printed document: each option with its rating, its points
    (not when rating every option: those depend on the reader's rating) and why, linked to the question."""
    return _print("print_answer.j2", bank, scenario_id, number, heading_level, rate_every_option)


def render_left_out_print(what: str, why: str) -> str:
    """A line printed where something that works only on screen was left out."""
    return render("print_left_out.j2", what=what, why=why)
