# SPDX-License-Identifier: MIT
"""The Jinja2 templates in `scenario_quiz/templates/`, and the one environment that fills them.

    html = render("quiz.j2", bank=bank, s=scenario, ...)

Autoescape is on for every template: any string from a scenario file is escaped by the template
engine. Only HTML this engine made itself reaches a template unescaped, as `Markup`: Markdown
fields (rendered by `text.py`, raw HTML off), rating badges, and fragments other templates made.

Layout rule: a template is written one element per line, for reading; the loader drops each line
break together with the indentation that follows it, so the page gets the same compact HTML the
engine wrote before templates (whitespace between inline elements would show as a gap, and the
browser tests and screenshots read this markup). So keep a run of words on one line: a line
break inside a sentence would join its words. Write `{{ "\\n" }}` where a line break must stay.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..core.grading import MAX_POINTS, points_for
from ..core.model import Rating, letter
from .ids import html_id, page_id
from .text import markdown

__all__ = ["Markup", "RATING_LABELS", "macro", "markdown_html", "render"]

RATING_LABELS = {
    Rating.HELPFUL: "Helpful",
    Rating.PARTLY_HELPFUL: "Partly helpful",
    Rating.UNHELPFUL: "Unhelpful",
    Rating.HARMFUL: "Harmful",
}

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# A Jinja tag, expression or comment (left as it is), or a line break and the indentation after it.
_TAG_OR_BREAK = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})|\n[ \t]*", re.S)


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str) -> Markup:
    """A Markdown field as HTML the templates may show as it is (text.py turns raw HTML and images off).
    Kept: a build shows each scenario's text on its module page, in a notebook and in the answer notes."""
    return Markup(markdown().render(text))


class _JoiningLoader(FileSystemLoader):
    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        # The break becomes an empty comment holding it, so the HTML loses it but Jinja's error
        # messages keep their line numbers.
        return _TAG_OR_BREAK.sub(lambda m: m[1] or "{#\n#}", source), filename, uptodate


def question_id(scenario_id: str, question: tuple[str, ...], *parts: str) -> str:
    """html_id for a part of one question (Jinja takes no argument after *question)."""
    return html_id(scenario_id, *question, *parts)


def _slug(rating: Rating) -> str:
    return rating.value.replace(" ", "-")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    # StrictUndefined: a misspelt variable is an error while building, not an empty gap on the page.
    env = Environment(loader=_JoiningLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=False)
    env.filters["markdown"] = markdown_html
    env.filters["slug"] = _slug
    env.globals["number"] = "{:g}".format  # 12.0 -> "12", 62.5 -> "62.5", as the reports have always written numbers
    env.globals.update(letter=letter, html_id=html_id, question_id=question_id, page_id=page_id, points_for=points_for,
                       MAX_POINTS=MAX_POINTS, RATING_LABELS=RATING_LABELS)
    return env


def render(name: str, **context: object) -> str:
    """Fill the template `name` and return the HTML as a plain string (callers join and embed it)."""
    return str(environment().get_template(name).render(**context))


def macro(name: str, template: str = "_macros.j2") -> Callable[..., Markup]:
    """A macro of a template, callable from Python (by default one of `_macros.j2`, which holds the
    one rendering of a rating badge and of an option with its rating and reason)."""
    # A template module's attributes are its macros, found by name (Jinja types them as Any); with
    # autoescape on, a macro returns Markup.
    found: Callable[..., Markup] = getattr(environment().get_template(template).module, name)
    return found
