# SPDX-License-Identifier: MIT
"""The book's directives. Each puts engine-rendered HTML (or a placeholder for it) into a page.

    ```{scenario} al-silence-after-news other-id
    ```
    ```{assessment}
    :pass-mark: 70
    ```
    ```{workshop-plan} workshops/one-day.yml
    ```
    ```{presenter} workshops/one-day.yml
    ```
    ```{progress}
    ```  ```{roleplay-cards}
    ```  ```{coverage-map}
    ```
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.bank import Bank
from ..core.forms import forms
from ..core.plans import PlanError, load_plan
from ..markup.quiz import render_scenario
from . import state

__all__ = [
    "AssessmentDirective", "PresenterDirective", "ScenarioDirective", "WorkshopPlanDirective", "bank_of",
    "deferred_panel", "panel_directive", "present_mark", "print_assessment", "print_scenario", "quiz_node",
    "quiz_nodes",
]


def quiz_node(html: str) -> nodes.raw:
    """Quiz HTML, marked as such for what comes later (the page's scoreboard goes after its last quiz)."""
    node = nodes.raw("", html, format="html")
    node["scenario_quiz"] = True  # an attribute the HTML writer ignores: it never reaches the page
    return node


def quiz_nodes(doctree: nodes.Node) -> list[nodes.raw]:
    return [n for n in doctree.findall(nodes.raw) if n.get("scenario_quiz")]


def bank_of(app) -> Bank:
    """The checked scenario bank of this build (kept on the environment: state.py). A directive calls
    state.read_bank instead, which also notes the files its page depends on."""
    return state.bank_of(app)


class deferred_panel(nodes.General, nodes.Element):
    """A placeholder for HTML that needs page links (module titles and URLs). It is rendered by
    sphinx_panels once references are resolved; `panel` names its renderer."""


class present_mark(nodes.General, nodes.Element):
    """Where a quiz's Present button (kind "scenario") or a plan's sessions (kind "plan") go, with
    `scenario_presenter` on (the organiser edition). sphinx_panels.add_presenter fills them in once
    the whole page is known, since a quiz's button presents every scenario on its page."""


class print_scenario(nodes.General, nodes.Element):
    """Where a scenario goes in print mode (`scenario`: its id). sphinx_print numbers and renders it
    once the whole document is known."""


class print_assessment(nodes.General, nodes.Element):
    """Where the final self-assessment goes in print mode (rendered by sphinx_print)."""


class ScenarioDirective(SphinxDirective):
    """Insert the quiz for each scenario id given as an argument."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def checked_ids(self, ids: list[str]) -> list[str]:
        bank = state.read_bank(self.env, ids)  # rebuild this page when its scenario file changes
        unknown = [sid for sid in ids if sid not in bank.scenarios]
        if unknown:
            raise self.error(
                f"scenario_quiz: unknown scenario id {', '.join(repr(u) for u in unknown)} on page "
                f"'{self.env.docname}'. Check the spelling against the ids in "
                f"{self.config.scenario_bank_dir}/*.yml."
            )
        return ids

    def quizzes(self, ids: list[str]) -> list[nodes.Node]:
        ids = self.checked_ids(ids)
        bank = state.bank_of(self.env)
        if self.config.scenario_print:  # the handbook: questions here, answers at the back
            state.need(self.env, "styles")
            return [print_scenario(scenario=sid) for sid in ids]
        # In the organiser edition each quiz gets a Present button, placed once the page is known.
        present = self.config.scenario_presenter
        state.need(self.env, "quiz", *(["presenter"] if present else []))
        return [node for sid in ids for node in
                [*([present_mark(kind="scenario", scenario=sid)] if present else []),
                 quiz_node(render_scenario(bank, sid))]]

    def run(self) -> list[nodes.Node]:
        return self.quizzes(self.arguments[0].split())


class AssessmentDirective(SphinxDirective):
    """The final self-assessment: its two parallel forms come from the bank (scenarios with
    `form: a` or `form: b`), so the page lists no ids. Pass mark from `:pass-mark:` or the
    scenario_pass_mark setting; the safety gate from scenario_safety_gate."""

    has_content = False
    option_spec = {"pass-mark": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        # The whole bank: its result page links each skill to the modules that train it most.
        bank = state.read_bank(self.env)
        if not forms(bank):
            raise self.error("scenario_quiz: an assessment needs scenarios with `form: a` or `form: b` in the bank")
        if self.config.scenario_print:
            state.need(self.env, "styles")
            return [print_assessment()]
        state.need(self.env, "quiz")
        pass_mark = self.options.get("pass-mark", self.config.scenario_pass_mark)
        return [deferred_panel(panel="assessment", pass_mark=pass_mark, gate=bool(self.config.scenario_safety_gate))]


class WorkshopPlanDirective(SphinxDirective):
    """A workshop timetable from a plan file; a plan that does not add up stops the build."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        self.env.note_dependency(str(path))  # first: a plan that fails is still read again once it is fixed
        try:
            load_plan(path, state.read_bank(self.env))  # the plan checks its ids against the whole bank
        except PlanError as exc:
            raise self.error(f"scenario_quiz: {exc}") from None
        state.need(self.env, "styles")
        return [deferred_panel(panel="workshop-plan", path=str(path))]


class PresenterDirective(SphinxDirective):
    """A workshop plan's sessions, each with a button that presents its scenarios full screen
    (presenter.py). It shows nothing unless `scenario_presenter` is on (the organiser edition)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        self.env.note_dependency(str(path))
        try:
            load_plan(path, state.read_bank(self.env))
        except PlanError as exc:
            raise self.error(f"scenario_quiz: {exc}") from None
        if not self.config.scenario_presenter or self.config.scenario_print:  # no presenter on paper
            return []
        state.need(self.env, "presenter")
        return [present_mark(kind="plan", path=str(path))]


def panel_directive(panel: str, doc: str, feature: str = "styles") -> type[SphinxDirective]:
    """A directive with no arguments that puts one deferred panel on the page, which needs `feature`
    (state.ASSETS) on screen; on paper every panel needs only the styles."""

    def run(self) -> list[nodes.Node]:
        state.read_bank(self.env)  # the panel reads the whole bank: any edit to it rebuilds this page
        state.need(self.env, "styles" if self.config.scenario_print else feature)
        return [deferred_panel(panel=panel)]

    return type(f"{panel.title().replace('-', '')}Directive", (SphinxDirective,), {"run": run, "__doc__": doc})
