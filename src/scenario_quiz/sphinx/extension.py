# SPDX-License-Identifier: MIT
"""Sphinx extension: scenario quizzes and the course's generated pages in the static book.

Directives (see sphinx_directives.py for each one's usage):
    {scenario}        one or more quizzes, by scenario id
    {assessment}      the final self-assessment: listed scenarios, shuffle, result by skill
    {progress}        My progress: every saved answer, export and import, certificate
    {workshop-plan}   a workshop timetable from workshops/*.yml
    {roleplay-cards}  printable role-play cards from the scenarios' role-play briefs
    {coverage-map}    competencies by module, with gaps
    {presenter}       a workshop plan's sessions, each presented full screen (organiser edition)

What this module does on top:
- loads and checks the bank once per build onto the build environment (state.py; a problem in the
  bank stops the build, one line each);
- adds one "your score" panel after the last quiz of any page that has quizzes, including
  notebook pages whose outputs hold quiz HTML;
- adds the quiz CSS and JS once, and only to pages whose directives recorded that they need them
  (state.ASSETS);
- with scenario_presenter on, a "Present to the room" button on every quiz and one presenter
  per page that has buttons (presenter.py); with it off, the presenter's files are left out.

Config (conf.py, or `sphinx: config:` in _config.yml):
    scenario_bank_dir   folder of the scenario YAML files, relative to the source dir ("scenarios")
    scenario_references BibTeX file for `source.ref` (default: the first of bibtex_bibfiles)
    scenario_pass_mark  the assessment's pass mark in per cent (70); pages can show it as {{ pass_mark }}
    scenario_module_dir folder of the module pages, named like the scenario files ("modules")
    scenario_safety_gate the final self-assessment is met only with no harmful answer on a
                        safety-critical scenario (True)
    scenario_progress_page the My progress page, where the certificate is ("book/my-progress")
    scenario_assessment_page the final self-assessment's page ("modules/11-final-self-assessment")
    scenario_presenter  presenter mode for workshops (False; the organiser edition turns it on)
    scenario_print      print mode (False): scenarios to answer on paper, answers at the back (sphinx_print.py)
    scenario_course     the course's identity: storage key, progress-file format, the course the certificate
                        names, the offline copy's folder (core/identity.py; None: the engine's neutral one,
                        naming the book's title)
    scenario_print_assessment_answers  in print mode, print the final self-assessment's forms with their
                        answers (False: a line says to take it on screen)
"""

from __future__ import annotations

import filecmp
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.console import bold
from sphinx.util.typing import ExtensionMetadata

from ..core import licence
from ..core.bank import BankError
from ..core.errors import CourseError
from ..core.identity import identity_from
from ..core.settings import SettingError, course_settings
from ..markup.quiz import render_scoreboard
from ..markup.templating import render
from . import state
from .directives import (
    AssessmentDirective,
    PresenterDirective,
    ScenarioDirective,
    WorkshopPlanDirective,
    bank_of,
    deferred_panel,
    panel_directive,
    present_mark,
    print_assessment,
    print_scenario,
    quiz_node,
    quiz_nodes,
)
from .panels import add_presenter, render_panels
from .printing import print_scenarios

__all__ = ["setup"]

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent.parent / "static"
# Kept apart from STATIC_DIR, which Sphinx copies whole into every edition's _static.
PRESENTER_STATIC_DIR = Path(__file__).parent.parent / "presenter_static"


def _log(error: CourseError) -> None:
    """A bank, plan, progress or settings problem, as the command line reports it too: one line each."""
    for line in error.lines:
        logger.error("scenario_quiz: %s", line)


def _load(app: Sphinx) -> None:
    try:
        identity = identity_from(app.config.scenario_course, app.config.project)
    except SettingError as exc:
        _log(exc)
        raise SystemExit("scenario_quiz: the course settings have a problem, given above") from None
    try:
        state.load_bank_into_env(app, identity)
    except BankError as exc:
        _log(exc)
        # SystemExit, not an extension error: jupyter-book prints a traceback for any exception, and
        # the lines above already say everything. The build stops with a non-zero status either way.
        raise SystemExit(f"scenario_quiz: the scenario bank has {len(exc.problems)} problem(s), listed above; "
                         f"run `python -m scenario_quiz check` to see them again") from None


def _static_dirs(config: Config) -> list[Path]:
    presenting = config.scenario_presenter and not config.scenario_print
    return [STATIC_DIR, PRESENTER_STATIC_DIR] if presenting else [STATIC_DIR]


def _configure(app: Sphinx, config: Config) -> None:
    config.html_static_path.extend(str(folder) for folder in _static_dirs(config))
    substitutions = getattr(config, "myst_substitutions", None)
    if not isinstance(substitutions, dict):
        return
    # The organiser's nation fills in the crisis, urgent health and abuse lines (nations.yml) that
    # _config.yml does not set itself; pages and scenarios then read the same values.
    try:
        settings, notes = course_settings(Path(app.srcdir))
    except SettingError as exc:
        _log(exc)
        raise SystemExit("scenario_quiz: the course settings have a problem, given above") from None  # see _load
    substitutions.update(settings)
    for note in notes:  # a reminder to the organiser, not a fault: it must not stop a -W build
        logger.info(bold(f"scenario_quiz: check before use: {note}"))
    # Pages can say {{ pass_mark }}: the same number the assessment uses, set in one place.
    substitutions.setdefault("pass_mark", f"{config.scenario_pass_mark}%")
    substitutions.setdefault("credit", licence.CREDIT)  # how to credit the course when adapting it


EMBED = re.compile(r'<div class="sq-embed" data-embed="(show|key):([^"]*)">.*?</div><!--/sq-embed-->', re.S)


def _embedded(doctree: nodes.document) -> list[nodes.raw]:
    return [n for n in doctree.findall(nodes.raw) if 'class="sq-embed"' in n.astext()]


# A notebook's saved output that the engine wrote without the embed mark: the cohort report's charts.
# No directive puts them on the page, so they are recognised by the engine's own class prefix.
ENGINE_OUTPUT = re.compile(r"""class=['"]sq-""")


def _note_notebook_outputs(app: Sphinx, doctree: nodes.document) -> None:
    """A notebook whose saved outputs embed quizzes or answer keys is re-rendered from the bank: rebuild
    it when the bank changes, and give it what its quizzes (or keys) need. Other engine output in a
    notebook (the cohort report's charts) needs the styles."""
    embedded = _embedded(doctree)
    if embedded:
        state.read_bank(app.env)
        kinds = {kind for node in embedded for kind, _ in EMBED.findall(node.astext())}
        state.need(app.env, *(["quiz"] if "show" in kinds else []), "styles")
    if any(ENGINE_OUTPUT.search(node.astext()) for node in doctree.findall(nodes.raw) if _in_cell_output(node)):
        state.need(app.env, "styles")


def _in_cell_output(node: nodes.Node) -> bool:
    while node.parent is not None:
        node = node.parent
        if "cell_output" in node.get("classes", ()):
            return True
    return False


def _refresh_embeds(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Re-render the quizzes and answer keys saved in notebook outputs from this build's bank, so
    every page shows the organiser's nation and the current wording (the saved output is a stand-in)."""
    from ..notebook import answer_key_html, embed, show_html

    bank = state.bank_of(app)

    def fresh(match: re.Match[str]) -> str:
        kind, argument = match.group(1), html.unescape(match.group(2))
        ids = argument.split()
        modules = set(bank.module_of.values())  # an answer key may name a whole module
        gone = [sid for sid in ids if sid not in bank.scenarios and sid not in modules]
        if gone:
            # A notebook saved before a scenario was removed or renamed: say so in one line, not a KeyError.
            raise ValueError(f"{docname}: the saved notebook shows {', '.join(gone)}, which the bank no longer has; "
                             "re-create the notebooks with `make notebooks`")
        content = show_html(bank, ids) if kind == "show" else answer_key_html(
            bank, argument if len(ids) == 1 else ids)
        return embed(kind, argument, content)

    for node in _embedded(doctree):
        text = node.astext()
        markup = EMBED.sub(fresh, text)
        shows_quizzes = any(kind == "show" for kind, _ in EMBED.findall(text))
        node.replace_self(quiz_node(markup) if shows_quizzes else nodes.raw("", markup, format="html"))


def _add_scoreboard(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    quizzes = quiz_nodes(doctree)
    if quizzes:
        last = quizzes[-1]
        last.parent.insert(last.parent.index(last) + 1, nodes.raw("", render_scoreboard(), format="html"))


def _add_identity(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    """The course's identity in the page's head, for the scripts: its storage keys and progress-file
    format (core/identity.py). Every page carries it, so any page's script keeps this course's answers."""
    course = json.dumps(bank_of(app).identity.for_browser())
    context["metatags"] = context.get("metatags", "") + render("course_meta.j2", course=course)


def _refresh_static(app: Sphinx, exception: Exception | None) -> None:
    """Copy our script and styles into _static after every build. Sphinx skips its own static
    copy when it thinks nothing is out of date, which left an edited script out of the book."""
    if exception or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    for source in (path for folder in _static_dirs(app.config) for path in folder.iterdir()):
        copy = target / source.name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("scenario_bank_dir", "scenarios", "env")
    app.add_config_value("scenario_references", None, "env")
    app.add_config_value("scenario_pass_mark", 70, "env")
    app.add_config_value("scenario_module_dir", "modules", "env")
    app.add_config_value("scenario_safety_gate", True, "env")
    app.add_config_value("scenario_progress_page", "book/my-progress", "env")
    app.add_config_value("scenario_assessment_page", "modules/11-final-self-assessment", "env")
    app.add_config_value("scenario_presenter", False, "env")
    app.add_config_value("scenario_print", False, "env")
    app.add_config_value("scenario_print_assessment_answers", False, "env")
    app.add_config_value("scenario_course", None, "env")  # the course's identity (core/identity.py)
    app.connect("config-inited", _configure)
    # Before sphinxcontrib-bibtex (priority 500) reads the same .bib file: a broken one is then our one
    # clear line, not that extension's exception.
    app.connect("builder-inited", _load, priority=400)
    state.setup_state(app)
    app.connect("doctree-read", _note_notebook_outputs)
    app.connect("doctree-resolved", _refresh_embeds)
    app.connect("doctree-resolved", render_panels)
    app.connect("doctree-resolved", add_presenter)
    app.connect("doctree-resolved", print_scenarios)
    app.connect("doctree-resolved", _add_scoreboard)
    app.connect("html-page-context", state.add_page_assets)
    app.connect("html-page-context", _add_identity)
    app.connect("build-finished", _refresh_static)
    app.add_node(deferred_panel)
    app.add_node(present_mark)
    app.add_node(print_scenario)
    app.add_node(print_assessment)
    app.add_directive("scenario", ScenarioDirective)
    app.add_directive("assessment", AssessmentDirective)
    app.add_directive("workshop-plan", WorkshopPlanDirective)
    app.add_directive("presenter", PresenterDirective)
    app.add_directive("progress", panel_directive(
        "progress", "The trainee's progress across the book, export and import, and the certificate.", "progress"))
    app.add_directive("roleplay-cards", panel_directive(
        "roleplay-cards", "A printable role-play card for every scenario with role-play briefs."))
    app.add_directive("coverage-map", panel_directive(
        "coverage-map", "Competencies by module, with counts, links and gaps."))
    app.add_directive("move-rubric", panel_directive(
        "rubric", "The rubric of moves: each move, how the course rates it, and why."))
    # Parallel reading is safe: the per-page records are purged and merged (state.py).
    return {"version": "0.2", "env_version": state.ENV_VERSION, "parallel_read_safe": True,
            "parallel_write_safe": True}
