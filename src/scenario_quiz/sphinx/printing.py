# SPDX-License-Identifier: MIT
"""Print mode (config `scenario_print`, which the handbook build turns on): scenarios to answer on
paper, numbered by module ("Scenario 3.4"), and every answer in one "Answers" section at the end.

The directives leave placeholders (`print_scenario`, `print_assessment`); they are numbered and
rendered once the document is whole (`doctree-resolved`), because in a one-page build the
numbering runs through every module in order, and a heading's level depends on where it lands.

The final self-assessment prints its two forms, with their answers at the back, only where
`scenario_print_assessment_answers` is on (the organiser edition). Otherwise a line says to take
it on screen: it is an assessment, its answer notes are for organisers, and on paper it could
not mark itself, shuffle its options or offer the certificate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..core.forms import forms
from ..core.grading import item_kind
from ..markup.printed import render_answer_print, render_left_out_print, render_scenario_print
from ..markup.quiz import page_id
from ..markup.templating import Markup, render
from .directives import bank_of, print_assessment, print_scenario

__all__ = ["ANSWERS_ID", "nodes_in_order", "print_scenarios"]

ANSWERS_ID = page_id("answers")
ASSESSMENT_LEFT_OUT = (
    "The final self-assessment is not printed here.",
    "Take it in the book, on screen: it marks your answers, shows your points for each skill and, when your "
    "result meets the pass mark, offers a certificate. Keeping its scenarios out of print means they are new to "
    "you when you take it.",
)


# A printed answer: (scenario id, its number, whether the reader rates every option).
Answer = tuple[str, str, bool]


N = TypeVar("N", bound=nodes.Node)


def nodes_in_order(node: nodes.Element, kinds: tuple[type[N], ...], page: str,
                   depth: int = 0) -> Iterator[tuple[nodes.Element, N, str, int]]:
    """(parent, node, its page, how many sections hold it) for each node of these kinds, in document order.

    Walked from the top, not up from each node: a one-page build moves each page's sections under a
    start_of_file node without updating their parents, which still name the page's own document."""
    for child in node.children:
        if isinstance(child, kinds):
            yield node, child, page, depth
        elif isinstance(child, nodes.Element):
            inner = child["docname"] if isinstance(child, addnodes.start_of_file) else page
            yield from nodes_in_order(child, kinds, inner, depth + isinstance(child, nodes.section))


def _chapter(app: Sphinx, docname: str) -> tuple[str, str]:
    """A page's section number ("3", or "" for an unnumbered page) and its title with that number."""
    numbers = app.env.toc_secnumbers.get(docname, {}).get("", ())
    number = ".".join(map(str, numbers))
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    return number, f"{number}. {title}" if number else title


def print_scenarios(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not app.config.scenario_print:
        return
    counts: Counter[str] = Counter()
    answers: dict[str, list[Answer]] = {}  # answer group title -> its answers, in print order
    for parent, node, page, depth in list(nodes_in_order(doctree, (print_scenario, print_assessment), docname)):
        level = min(depth + 1, 6)  # a heading of its own, one level below the section it is in
        if isinstance(node, print_scenario):
            counts[page] += 1
            number, group = _chapter(app, page)
            numbered = f"{number}.{counts[page]}" if number else str(counts[page])
            answers.setdefault(group, []).append((node["scenario"], numbered, False))
            html = render_scenario_print(bank_of(app), node["scenario"], numbered, level)
        else:
            html = _assessment(app, page, level, answers)
        parent.replace(node, nodes.raw("", html, format="html"))
    if answers:
        doctree.append(_answers_section(app, answers))


def _assessment(app: Sphinx, page: str, level: int, answers: dict[str, list[Answer]]) -> str:
    if not app.config.scenario_print_assessment_answers:
        return render_left_out_print(*ASSESSMENT_LEFT_OUT)
    bank = bank_of(app)
    _, chapter = _chapter(app, page)
    printed: list[tuple[str, list[Markup]]] = []
    for name, ids in forms(bank).items():
        form = name.upper()
        group = answers.setdefault(f"{chapter}: form {form}", [])
        scenarios = []
        for index, sid in enumerate(ids, 1):
            rate = item_kind(bank.get(sid)) == "rate"
            group.append((sid, f"{form}.{index}", rate))
            scenarios.append(Markup(render_scenario_print(bank, sid, f"{form}.{index}", min(level + 1, 6), rate)))
        printed.append((name, scenarios))
    return render("print_assessment.j2", forms=printed, level=level)


def _answers_section(app: Sphinx, answers: dict[str, list[Answer]]) -> nodes.section:
    """The section at the back: a part for each page (or form), each scenario's answer in order."""
    bank = bank_of(app)
    section = nodes.section(ids=[ANSWERS_ID], classes=["sq-print-answers"])
    section += nodes.title(text="Answers")
    section += nodes.paragraph(text="The scenarios in order of their numbers: each option with how the course "
                                    "rates it, the points it earns and why.")
    for title, group in answers.items():
        part = nodes.section(ids=[page_id("answers-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))],
                             classes=["sq-print-answer-group"])
        part += nodes.title(text=title)
        # The answers section sits at the top of the document and each group inside it: answers are h3.
        part += nodes.raw("", "".join(render_answer_print(bank, sid, number, 3, rate) for sid, number, rate in group),
                          format="html")
        section += part
    return section
