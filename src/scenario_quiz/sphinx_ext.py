"""Sphinx extension: scenario quizzes in the static book.

Usage in a MyST page (one or more ids, separated by spaces):

    ```{scenario} al-silence-after-news
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
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .bank import Bank, BankError, load_bank
from .render import render_scenario, render_scoreboard

__all__ = ["setup"]

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
QUIZ_MARKER = 'data-scenario="'
ANSWER_KEY_MARKER = "data-answer-key="


def _bank(app: Sphinx) -> Bank:
    return app.scenario_bank  # type: ignore[attr-defined]


class ScenarioDirective(SphinxDirective):
    """Insert the quiz for each scenario id given as an argument."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        bank = _bank(self.env.app)
        ids = self.arguments[0].split()
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
        return [nodes.raw("", render_scenario(bank, sid), format="html") for sid in ids]


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


def _add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC_DIR))


def _add_scoreboard(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    quizzes = [n for n in doctree.findall(nodes.raw) if QUIZ_MARKER in n.astext()]
    if quizzes:
        last = quizzes[-1]
        last.parent.insert(last.parent.index(last) + 1, nodes.raw("", render_scoreboard(), format="html"))


def _add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Only pages with a quiz get the script, and only they and answer keys get the styles;
    # Sphinx resets per-page assets after each page.
    body = context.get("body") or ""
    if QUIZ_MARKER in body or ANSWER_KEY_MARKER in body:
        app.add_css_file("scenario-quiz.css")
    if QUIZ_MARKER in body:
        app.add_js_file("scenario-quiz.js", defer="defer")


def setup(app: Sphinx) -> dict:
    app.add_config_value("scenario_bank_dir", "scenarios", "env")
    app.add_config_value("scenario_references", None, "env")
    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", _load)
    app.connect("doctree-resolved", _add_scoreboard)
    app.connect("html-page-context", _add_assets)
    app.add_directive("scenario", ScenarioDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
