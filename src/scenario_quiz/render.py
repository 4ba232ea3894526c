"""Turn a scenario into static HTML: the same markup in the book and in a notebook's output.

    html = render_scenario(bank, "al-silence")     # one quiz
    html = render_scoreboard()                     # the page's score and "reset" control

The markup works with no script at all (the explanations sit in a <details> element);
`static/scenario-quiz.js` adds answering, the score and saved progress. Every option carries
its rating and points as data attributes, decided here by Python.

Escaping: every field from YAML is escaped, except `situation`, which is Markdown rendered
with raw HTML switched off (so `<script>` shows as text) and with images disabled;
markdown-it refuses javascript:, vbscript: and data: links.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json

from markdown_it import MarkdownIt

from .bank import Bank
from .grading import MAX_POINTS, points_for
from .model import Rating, Scenario, letter

__all__ = ["RATING_LABELS", "render_scenario", "render_scoreboard", "scenario_version"]

RATING_LABELS = {
    Rating.HELPFUL: "Helpful",
    Rating.PARTLY_HELPFUL: "Partly helpful",
    Rating.UNHELPFUL: "Unhelpful",
    Rating.HARMFUL: "Harmful",
}

# Small inline icons, so a rating is never shown by colour alone (the word is always there too).
_ICON_PATHS = {
    Rating.HELPFUL: '<path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="2.2"/>',
    Rating.PARTLY_HELPFUL: '<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="2"/>'
    '<path d="M8 2a6 6 0 0 1 0 12z" fill="currentColor"/>',
    Rating.UNHELPFUL: '<path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="2.2"/>',
    Rating.HARMFUL: '<path d="M8 1.5L15 14H1z" fill="none" stroke="currentColor" stroke-width="1.8"/>'
    '<path d="M8 6v4M8 11.5v1.2" stroke="currentColor" stroke-width="1.8"/>',
}


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def _slug(rating: Rating) -> str:
    return rating.value.replace(" ", "-")


def _icon(rating: Rating) -> str:
    return (f'<svg class="sq-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
            f'focusable="false">{_ICON_PATHS[rating]}</svg>')


def scenario_version(scenario: Scenario) -> str:
    """A short fingerprint of the options. Saved answers made against other options are dropped."""
    options = [[o.text, o.rating.value] for o in scenario.options]
    return hashlib.sha256(json.dumps(options).encode()).hexdigest()[:8]


def _points_text(points: int) -> str:
    return f"{points} point" + ("" if points == 1 else "s")


def render_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """The quiz for one scenario, as an HTML fragment. Ids come from the scenario id."""
    s = bank.get(scenario_id)
    e = functools.partial(html.escape, quote=True)
    base = f"sq-{s.id}"
    h = f"h{heading_level}"
    options, explanations = [], []
    for index, option in enumerate(s.options):
        key = letter(index)
        options.append(
            f'<div class="sq-option"><input type="radio" id="{base}-{key}" name="{base}" value="{key}" '
            f'data-points="{points_for(option.rating)}">'
            f'<label for="{base}-{key}"><span class="sq-letter">{key.upper()}.</span> {e(option.text)}</label></div>'
        )
        explanations.append(
            f'<li id="{base}-why-{key}" data-option="{key}">'
            f'<p class="sq-option-text"><span class="sq-letter">{key.upper()}.</span> {e(option.text)}</p>'
            f'<p class="sq-verdict"><span class="sq-rating sq-rating--{_slug(option.rating)}">{_icon(option.rating)}'
            f'{RATING_LABELS[option.rating]}</span> <span class="sq-points">'
            f'({_points_text(points_for(option.rating))})</span></p>'
            f'<p class="sq-why">{e(option.feedback)}</p></li>'
        )
    source = bank.sources.get(s.source.ref, s.source.ref)
    detail = f" ({e(s.source.detail)})" if s.source.detail else ""
    competency = bank.competencies[s.competency].name if s.competency in bank.competencies else s.competency
    safety = ('<p class="sq-safety"><strong>Safety-critical:</strong> a harmful answer here means '
              '"review this before you facilitate".</p>') if s.safety_critical else ""
    return (
        f'<section class="sq" id="{base}" data-scenario="{e(s.id)}" data-version="{scenario_version(s)}" '
        f'data-max-points="{MAX_POINTS}" aria-labelledby="{base}-title">'
        f'<{h} class="sq-title" id="{base}-title"><span class="sq-kicker">Scenario: </span>{e(s.title)}</{h}>'
        f'<div class="sq-situation">{_markdown().render(s.situation)}</div>{safety}'
        f'<form class="sq-form"><fieldset><legend class="sq-question">{e(s.question)}</legend>'
        f'{"".join(options)}</fieldset>'
        f'<button type="submit" class="sq-check">Check my answer</button></form>'
        f'<div class="sq-feedback" id="{base}-feedback" aria-live="polite" tabindex="-1"></div>'
        f'<details class="sq-explained"><summary>How each option rates, and why</summary>'
        f'<ol class="sq-explanations">{"".join(explanations)}</ol></details>'
        f'<p class="sq-meta">Skill: {e(competency)}. Source: {e(source)}{detail}</p>'
        f"</section>"
    )


def render_scoreboard(heading_level: int = 3) -> str:
    """The page's running score, a status line for messages, and the reset control."""
    h = f"h{heading_level}"
    return (
        '<section class="sq-score" aria-labelledby="sq-score-title">'
        f'<{h} id="sq-score-title">Your score on this page</{h}>'
        '<p class="sq-score-text" role="status">Answer a scenario to see your score.</p>'
        '<p class="sq-notice" role="alert"></p>'
        '<button type="button" class="sq-reset">Reset my answers on this page</button>'
        '<p class="sq-privacy">Your answers are saved in this browser only. Nothing is sent anywhere.</p>'
        "</section>"
    )
