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
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..core.bank import RUBRIC_FILE, Bank
from ..core.forms import forms
from ..core.plans import PlanError, load_plan
from ..markup.presenter import plan_scenarios
from ..markup.quiz import render_scenario

__all__ = [
    "AssessmentDirective", "PresenterDirective", "ScenarioDirective", "WorkshopPlanDirective", "bank_of",
    "deferred_panel", "panel_directive", "present_mark", "print_assessment", "print_scenario",
]


def bank_of(app: Sphinx) -> Bank:
    """The checked scenario bank, loaded once per build by sphinx_ext._load."""
    bank: Bank = app.scenario_bank  # type: ignore[attr-defined]  # set by extension._load; not a Sphinx attribute
    return bank


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
        bank = bank_of(self.env.app)
        unknown = [sid for sid in ids if sid not in bank.scenarios]
        if unknown:
            raise self.error(
                f"scenario_quiz: unknown scenario id {', '.join(repr(u) for u in unknown)} on page "
                f"'{self.env.docname}'. Check the spelling against the ids in "
                f"{self.config.scenario_bank_dir}/*.yml."
            )
        bank_dir = Path(self.env.srcdir) / self.config.scenario_bank_dir
        for sid in ids:  # rebuild this page when its scenario file changes
            self.env.note_dependency(str(bank_dir / f"{bank.module_of[sid]}.yml"))
        return ids

    def quizzes(self, ids: list[str]) -> list[nodes.Node]:
        bank = bank_of(self.env.app)
        if self.config.scenario_print:  # the handbook: questions here, answers at the back
            return [print_scenario(scenario=sid) for sid in self.checked_ids(ids)]
        # In the organiser edition each quiz gets a Present button, placed once the page is known.
        present = self.config.scenario_presenter
        return [node for sid in self.checked_ids(ids) for node in
                [*([present_mark(kind="scenario", scenario=sid)] if present else []),
                 nodes.raw("", render_scenario(bank, sid), format="html")]]

    def run(self) -> list[nodes.Node]:
        return self.quizzes(self.arguments[0].split())


class AssessmentDirective(SphinxDirective):
    """The final self-assessment: its two parallel forms come from the bank (scenarios with
    `form: a` or `form: b`), so the page lists no ids. Pass mark from `:pass-mark:` or the
    scenario_pass_mark setting; the safety gate from scenario_safety_gate."""

    has_content = False
    option_spec = {"pass-mark": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        bank = bank_of(self.env.app)
        every = forms(bank)
        if not every:
            raise self.error("scenario_quiz: an assessment needs scenarios with `form: a` or `form: b` in the bank")
        bank_dir = Path(self.env.srcdir) / self.config.scenario_bank_dir
        for module in {bank.module_of[sid] for ids in every.values() for sid in ids}:
            self.env.note_dependency(str(bank_dir / f"{module}.yml"))
        if self.config.scenario_print:
            return [print_assessment()]
        pass_mark = self.options.get("pass-mark", self.config.scenario_pass_mark)
        return [deferred_panel(panel="assessment", pass_mark=pass_mark, gate=bool(self.config.scenario_safety_gate))]


class WorkshopPlanDirective(SphinxDirective):
    """A workshop timetable from a plan file; a plan that does not add up stops the build."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        try:
            load_plan(path, bank_of(self.env.app))
        except PlanError as exc:
            raise self.error(f"scenario_quiz: {exc}") from None
        self.env.note_dependency(str(path))
        return [deferred_panel(panel="workshop-plan", path=str(path))]


class PresenterDirective(SphinxDirective):
    """A workshop plan's sessions, each with a button that presents its scenarios full screen
    (presenter.py). It shows nothing unless `scenario_presenter` is on (the organiser edition)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        bank = bank_of(self.env.app)
        try:
            plan = load_plan(path, bank)
        except PlanError as exc:
            raise self.error(f"scenario_quiz: {exc}") from None
        if not self.config.scenario_presenter or self.config.scenario_print:  # no presenter on paper
            return []
        self.env.note_dependency(str(path))
        bank_dir = Path(self.env.srcdir) / self.config.scenario_bank_dir
        for module in sorted({bank.module_of[sid] for sid in plan_scenarios(plan)}):
            self.env.note_dependency(str(bank_dir / f"{module}.yml"))
        return [present_mark(kind="plan", path=str(path))]


def panel_directive(panel: str, doc: str) -> type[SphinxDirective]:
    """A directive with no arguments that puts one deferred panel on the page."""

    def run(self: SphinxDirective) -> list[nodes.Node]:
        # The panel reads the whole bank: rebuild this page when any scenario file changes.
        bank_dir = Path(self.env.srcdir) / self.config.scenario_bank_dir
        for module in sorted(set(bank_of(self.env.app).module_of.values())):
            self.env.note_dependency(str(bank_dir / f"{module}.yml"))
        self.env.note_dependency(str(bank_dir / RUBRIC_FILE))
        return [deferred_panel(panel=panel)]

    return type(f"{panel.title().replace('-', '')}Directive", (SphinxDirective,), {"run": run, "__doc__": doc})
