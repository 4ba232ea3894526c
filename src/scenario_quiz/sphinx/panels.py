# SPDX-License-Identifier: MIT
"""Panels rendered after references are resolved, when module titles and relative links are
known: the assessment result, My progress, workshop plans, role-play cards, the coverage map;
and, in the organiser edition, the Present buttons and the page's presenter."""

from __future__ import annotations

import re
from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx

from ..core.plans import load_plan
from ..markup.assessment import render_assessment
from ..markup.kit import render_cards, render_coverage
from ..markup.plans import render_plan
from ..markup.presenter import plan_scenarios, render_present_button, render_presenter, render_sessions
from ..markup.printed import render_left_out_print
from ..markup.progress_page import render_progress_page
from ..markup.quiz import render_rubric
from .directives import bank_of, deferred_panel, present_mark, quiz_node
from .printing import nodes_in_order

__all__ = ["add_presenter", "render_panels"]


def module_pages(app: Sphinx, docname: str) -> list[tuple[str, str, str]]:
    """(slug, title, link relative to `docname`) for each module page that has scenarios, in order."""
    bank, env = bank_of(app), app.env
    pages = []
    for slug in sorted(set(bank.module_of.values())):
        page = f"{app.config.scenario_module_dir}/{slug}"
        if page in env.titles:
            pages.append((slug, env.titles[page].astext(), app.builder.get_relative_uri(docname, page)))
    return pages


def module_links(app: Sphinx, docname: str) -> dict[str, tuple[str, str]]:
    return {slug: (title, url) for slug, title, url in module_pages(app, docname)}


def read_again_links(app: Sphinx, docname: str, most: int = 2) -> dict[str, list[tuple[str, str]]]:
    """For each competency: (title, link) of the (at most two) module pages with the most scenarios training it."""
    bank = bank_of(app)
    links = module_links(app, docname)
    counts: dict[str, Counter[str]] = {}
    for sid, scenario in bank.scenarios.items():
        slug = bank.module_of[sid]
        if slug in links and f"{app.config.scenario_module_dir}/{slug}" != docname:
            counts.setdefault(scenario.competency, Counter())[slug] += 1
    return {competency: [links[slug] for slug, _ in slugs.most_common(most)] for competency, slugs in counts.items()}


PANELS = {  # panel name -> renderer(app, docname, node) -> HTML
    "assessment": lambda app, doc, node: render_assessment(
        bank_of(app), node["pass_mark"], node["gate"], read_again_links(app, doc),
        app.builder.get_relative_uri(doc, app.config.scenario_progress_page)),
    "progress": lambda app, doc, node: render_progress_page(
        bank_of(app), module_pages(app, doc), app.config.scenario_pass_mark, app.config.scenario_safety_gate,
        app.builder.get_relative_uri(doc, app.config.scenario_assessment_page)),
    "workshop-plan": lambda app, doc, node: render_plan(
        load_plan(node["path"], bank_of(app)), bank_of(app), module_links(app, doc)),
    "roleplay-cards": lambda app, doc, node: render_cards(bank_of(app), module_links(app, doc)),
    "coverage-map": lambda app, doc, node: render_coverage(bank_of(app), module_links(app, doc)),
    "rubric": lambda app, doc, node: render_rubric(bank_of(app)),
}


QUIZ_PANELS = {"assessment"}  # panels that hold quizzes: the page's scoreboard follows them

# Panels that work only on screen, and the line print mode puts in their place.
ON_SCREEN_ONLY = {
    "progress": ("My progress is on screen only.", "In the book, it lists the answers you have saved on your "
                                                   "device, by module and by skill."),
}


def render_panels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.config.scenario_print:
        return _render_panels_for_print(app, doctree, docname)
    for node in list(doctree.findall(deferred_panel)):
        html = PANELS[node["panel"]](app, docname, node)
        node.replace_self(quiz_node(html) if node["panel"] in QUIZ_PANELS else nodes.raw("", html, format="html"))


def add_presenter(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in the page's Present buttons and plan sessions, and add its one presenter, which holds
    a slide for every scenario they name."""
    marks = list(doctree.findall(present_mark))
    if not marks:
        return
    bank = bank_of(app)
    on_page = [mark["scenario"] for mark in marks if mark["kind"] == "scenario"]
    title = app.env.titles[docname].astext() if docname in app.env.titles else "This page"
    shown = list(on_page)
    for mark in marks:
        if mark["kind"] == "scenario":
            markup = render_present_button(on_page, mark["scenario"], title)
        else:
            plan = load_plan(mark["path"], bank)
            shown += plan_scenarios(plan)
            markup = render_sessions(plan, bank)
        mark.replace_self(nodes.raw("", markup, format="html"))
    # Where in the page does not matter: it stays hidden until a button shows it over the page.
    doctree.append(nodes.raw("", render_presenter(bank, shown), format="html"))


def _render_panels_for_print(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A line in place of a panel that works only on screen; the others with their headings moved down
    to sit under the section they are in (a panel's h2 assumes the page's title is the h1, which is not
    so once the pages are chapters of one printed book)."""
    for parent, node, page, depth in list(nodes_in_order(doctree, (deferred_panel,), docname)):
        if node["panel"] in ON_SCREEN_ONLY:
            html = render_left_out_print(*ON_SCREEN_ONLY[node["panel"]])
        else:
            html = _headings_down(PANELS[node["panel"]](app, page, node), depth - 1)
        parent.replace(node, nodes.raw("", html, format="html"))


HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def _headings_down(html: str, levels: int) -> str:
    return HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + levels, 6)}", html) if levels > 0 else html
