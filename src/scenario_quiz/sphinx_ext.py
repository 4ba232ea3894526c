"""Sphinx extension: scenario quizzes in the static book.

Usage in a MyST page (one or more ids, separated by spaces):

    ```{scenario} al-silence-after-news
    ```

A "My progress" page (every answer across the book, export and import, a certificate):

    ```{progress}
    ```

A final assessment: a fixed set of simple scenarios, a "shuffle" button and a result panel
with a breakdown by skill and links back to the modules that teach each one:

    ```{assessment}
    :pass-mark: 70
    fa-first-scenario
    wp-another-scenario
    ```

What it does:
- loads and checks the bank once per build (a problem in the bank stops the build, one line each);
- renders each scenario to the same HTML a notebook shows (render.py);
- adds one "your score" panel after the last quiz of any page that has quizzes, including
  notebook pages whose outputs hold quiz HTML;
- adds the quiz CSS and JS once, and only to pages that have a quiz.

Config (conf.py, or `sphinx: config:` in _config.yml):
    scenario_bank_dir   folder of the scenario YAML files, relative to the source dir ("scenarios")
    scenario_references BibTeX file for `source.ref` (default: the first of bibtex_bibfiles)
    scenario_pass_mark  the assessment's pass mark in per cent (70), unless the directive sets one
    scenario_module_dir folder of the module pages, named like the scenario files ("modules")
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .bank import Bank, BankError, load_bank
from .model import BranchingScenario
from .progress_page import render_progress_page
from .render import render_result, render_scenario, render_scoreboard

__all__ = ["setup"]

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
QUIZ_MARKER = 'data-scenario="'
ANSWER_KEY_MARKER = "data-answer-key="
PROGRESS_MARKER = "data-progress>"


def _bank(app: Sphinx) -> Bank:
    return app.scenario_bank  # type: ignore[attr-defined]


class assessment_result(nodes.General, nodes.Element):
    """Placeholder for an assessment's result panel, rendered once page links can be resolved."""


class progress_panel(nodes.General, nodes.Element):
    """Placeholder for the "My progress" panel, rendered once module titles and links are known."""


class ProgressDirective(SphinxDirective):
    """The trainee's progress across the book, export and import, and the certificate."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [progress_panel()]


class ScenarioDirective(SphinxDirective):
    """Insert the quiz for each scenario id given as an argument."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def checked_ids(self, ids: list[str]) -> list[str]:
        bank = _bank(self.env.app)
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
        bank = _bank(self.env.app)
        return [nodes.raw("", render_scenario(bank, sid), format="html") for sid in self.checked_ids(ids)]

    def run(self) -> list[nodes.Node]:
        return self.quizzes(self.arguments[0].split())


class AssessmentDirective(ScenarioDirective):
    """A final assessment: the simple scenarios listed one per line, then the result panel."""

    required_arguments = 0
    has_content = True
    option_spec = {"pass-mark": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        ids = self.checked_ids([line.strip() for line in self.content if line.strip()])
        stepped = [sid for sid in ids if isinstance(_bank(self.env.app).get(sid), BranchingScenario)]
        if stepped or not ids:
            raise self.error(f"scenario_quiz: an assessment needs simple scenarios; not {', '.join(stepped)}"
                             if stepped else "scenario_quiz: an assessment needs at least one scenario id")
        pass_mark = self.options.get("pass-mark", self.config.scenario_pass_mark)
        return [
            nodes.raw("", '<div class="sq-assessment"><p><button type="button" class="sq-shuffle">Shuffle the '
                          'order of the scenarios</button></p><div class="sq-assessment-items">', format="html"),
            *self.quizzes(ids),
            nodes.raw("", "</div>", format="html"),
            assessment_result(ids=ids, pass_mark=pass_mark),
            nodes.raw("", "</div>", format="html"),
        ]


def _load(app: Sphinx) -> None:
    config = app.config
    references = config.scenario_references or (config.bibtex_bibfiles[0] if getattr(
        config, "bibtex_bibfiles", None) else None)
    srcdir = Path(app.srcdir)
    try:
        app.scenario_bank = load_bank(  # type: ignore[attr-defined]
            srcdir / config.scenario_bank_dir, srcdir / references if references else None
        )
    except BankError as exc:
        for problem in exc.problems:
            logger.error("scenario_quiz: %s", problem)
        raise ExtensionError(
            f"the scenario bank has {len(exc.problems)} problem(s), listed above; "
            f"run `python -m scenario_quiz check` to see them again"
        ) from None


def _configure(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    # Pages can say {{ pass_mark }}: the same number the assessment uses, set in one place.
    substitutions = getattr(config, "myst_substitutions", None)
    if isinstance(substitutions, dict):
        substitutions.setdefault("pass_mark", f"{config.scenario_pass_mark}%")


def _read_again_links(app: Sphinx, docname: str, most: int = 2) -> dict[str, str]:
    """For each competency: links, relative to `docname`, to the (at most two) module pages with
    the most scenarios training it."""
    bank, env = _bank(app), app.env
    counts: dict[str, Counter] = {}
    for sid, scenario in bank.scenarios.items():
        page = f"{app.config.scenario_module_dir}/{bank.module_of[sid]}"
        if page in env.titles and page != docname:
            counts.setdefault(scenario.competency, Counter())[page] += 1
    return {
        competency: ", ".join(
            f'<a href="{app.builder.get_relative_uri(docname, page)}">{html.escape(env.titles[page].astext())}</a>'
            for page, _ in pages.most_common(most))
        for competency, pages in counts.items()
    }


def _module_pages(app: Sphinx, docname: str) -> list[tuple[str, str, str]]:
    """(slug, title, link relative to `docname`) for each module page that has scenarios, in order."""
    bank, env = _bank(app), app.env
    pages = []
    for slug in sorted(set(bank.module_of.values())):
        page = f"{app.config.scenario_module_dir}/{slug}"
        if page in env.titles:
            pages.append((slug, env.titles[page].astext(), app.builder.get_relative_uri(docname, page)))
    return pages


def _render_panels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    bank = _bank(app)
    for node in list(doctree.findall(assessment_result)):
        html_text = render_result(bank, node["ids"], node["pass_mark"], _read_again_links(app, docname))
        node.replace_self(nodes.raw("", html_text, format="html"))
    for node in list(doctree.findall(progress_panel)):
        html_text = render_progress_page(bank, _module_pages(app, docname), app.config.scenario_pass_mark)
        node.replace_self(nodes.raw("", html_text, format="html"))


def _add_scoreboard(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    quizzes = [n for n in doctree.findall(nodes.raw) if QUIZ_MARKER in n.astext()]
    if quizzes:
        last = quizzes[-1]
        last.parent.insert(last.parent.index(last) + 1, nodes.raw("", render_scoreboard(), format="html"))


def _add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Only pages with a quiz get the script, and only they and answer keys get the styles;
    # Sphinx resets per-page assets after each page.
    body = context.get("body") or ""
    if QUIZ_MARKER in body or ANSWER_KEY_MARKER in body or PROGRESS_MARKER in body:
        app.add_css_file("scenario-quiz.css")
    if QUIZ_MARKER in body or PROGRESS_MARKER in body:
        app.add_js_file("scenario-quiz.js", defer="defer")  # also holds the saved-answers store
    if PROGRESS_MARKER in body:
        app.add_js_file("scenario-progress.js", defer="defer")


def setup(app: Sphinx) -> dict:
    app.add_config_value("scenario_bank_dir", "scenarios", "env")
    app.add_config_value("scenario_references", None, "env")
    app.add_config_value("scenario_pass_mark", 70, "env")
    app.add_config_value("scenario_module_dir", "modules", "env")
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _load)
    app.connect("doctree-resolved", _render_panels)
    app.connect("doctree-resolved", _add_scoreboard)
    app.connect("html-page-context", _add_assets)
    app.add_directive("scenario", ScenarioDirective)
    app.add_directive("assessment", AssessmentDirective)
    app.add_directive("progress", ProgressDirective)
    app.add_node(assessment_result)
    app.add_node(progress_panel)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
