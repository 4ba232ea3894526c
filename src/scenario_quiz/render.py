# SPDX-License-Identifier: MIT
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
from .model import BranchingScenario, Option, Rating, Scenario, letter

__all__ = ["RATING_LABELS", "rating_badge", "render_rubric", "render_scenario", "render_scoreboard", "scenario_version"]

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


def rating_badge(rating: Rating) -> str:
    """A rating as the reader sees it everywhere: an icon and the word, coloured by rating."""
    return f'<span class="sq-rating sq-rating--{_slug(rating)}">{_icon(rating)}{RATING_LABELS[rating]}</span>'


def _icon(rating: Rating) -> str:
    return (f'<svg class="sq-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
            f'focusable="false">{_ICON_PATHS[rating]}</svg>')


def scenario_version(scenario: Scenario | BranchingScenario) -> str:
    """A short fingerprint of the choices. Saved answers made against other choices are dropped."""
    if isinstance(scenario, BranchingScenario):
        shape = [[scene.id, [[o.text, o.rating.value, o.next] for o in scene.options]] for scene in scenario.scenes]
    else:
        shape = [[o.text, o.rating.value] for o in scenario.options]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:8]


def _points_text(points: int) -> str:
    return f"{points} point" + ("" if points == 1 else "s")


def _radio(name: str, index: int, option: Option, review: bool, next_id: str | None = None) -> str:
    """One option as a radio button carrying what the script needs: its points, whether it
    puts the trainee on the safety review list, and (in a branching scenario) where it leads."""
    key = letter(index)
    attributes = f' data-points="{points_for(option.rating)}"'
    if review and option.rating is Rating.HARMFUL:
        attributes += ' data-review="true"'
    if next_id:
        attributes += f' data-next="{html.escape(next_id)}"'
    return (f'<div class="sq-option"><input type="radio" id="{name}-{key}" name="{name}" value="{key}"{attributes}>'
            f'<label for="{name}-{key}"><span class="sq-letter">{key.upper()}.</span> {html.escape(option.text)}'
            f"</label></div>")


def _explanation(name: str, index: int, option: Option, leads_to: str = "") -> str:
    key = letter(index)
    return (
        f'<li id="{name}-why-{key}" data-option="{key}">'
        f'<p class="sq-option-text"><span class="sq-letter">{key.upper()}.</span> {html.escape(option.text)}</p>'
        f'<p class="sq-verdict">{rating_badge(option.rating)} <span class="sq-points">'
        f"({_points_text(points_for(option.rating))})</span></p>"
        f'<p class="sq-why">{html.escape(option.feedback)}</p>{leads_to}</li>'
    )


def _form(name: str, question: str, radios: list[str]) -> str:
    return (f'<form class="sq-form"><fieldset><legend class="sq-question">{html.escape(question)}</legend>'
            f'{"".join(radios)}</fieldset><button type="submit" class="sq-check">Check my answer</button></form>'
            f'<div class="sq-feedback" id="{name}-feedback" aria-live="polite" tabindex="-1"></div>')


def _frame(bank: Bank, s: Scenario | BranchingScenario, kicker: str, heading_level: int, inner: str,
           kind: str | None = None) -> str:
    """What every quiz shares: its root with the data the script reads, title, opening, source line."""
    e = html.escape
    base = f"sq-{s.id}"
    h = f"h{heading_level}"
    source = bank.sources.get(s.source.ref, s.source.ref)
    detail = f" ({e(s.source.detail)})" if s.source.detail else ""
    competency = bank.competencies[s.competency].name if s.competency in bank.competencies else s.competency
    safety = ('<p class="sq-safety"><strong>Safety-critical:</strong> a harmful answer here means '
              '"review this before you facilitate".</p>') if s.safety_critical else ""
    kind = kind or ("path" if isinstance(s, BranchingScenario) else "single")
    return (
        f'<section class="sq sq-{kind}" id="{base}" data-scenario="{e(s.id)}" data-kind="{kind}" '
        f'data-version="{scenario_version(s)}" data-max-points="{MAX_POINTS}" data-competency="{e(s.competency)}" '
        f'aria-labelledby="{base}-title">'
        f'<{h} class="sq-title" id="{base}-title"><span class="sq-kicker">{kicker}: </span>{e(s.title)}</{h}>'
        f'<div class="sq-situation">{_markdown().render(s.situation)}</div>{safety}{inner}'
        f'<p class="sq-meta">Skill: {e(competency)}. Source: {e(source)}{detail}</p></section>'
    )


def render_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """The quiz for one scenario, as an HTML fragment. Ids come from the scenario id."""
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        return _render_branching(bank, s, heading_level)
    base = f"sq-{s.id}"
    radios = [_radio(base, i, o, s.safety_critical) for i, o in enumerate(s.options)]
    explanations = [_explanation(base, i, o) for i, o in enumerate(s.options)]
    inner = (f"{_form(base, s.question, radios)}"
             f'<details class="sq-explained"><summary>How each option rates, and why</summary>'
             f'<ol class="sq-explanations">{"".join(explanations)}</ol></details>')
    return _frame(bank, s, "Scenario", heading_level, inner)


def _render_branching(bank: Bank, s: BranchingScenario, heading_level: int) -> str:
    """Scenes and endings in one section. The script shows the first scene and, after each
    answer, the scene or ending that option leads to; "See every path" is the whole map."""
    e = html.escape
    base = f"sq-{s.id}"
    titles = {scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}" for end in s.endings}
    steps, the_map = [], []
    for scene in s.scenes:
        name = f"{base}--{scene.id}"
        radios = [_radio(name, i, o, s.safety_critical, o.next) for i, o in enumerate(scene.options)]
        steps.append(f'<div class="sq-scene" id="{name}" data-scene="{e(scene.id)}">'
                     f'<div class="sq-situation">{_markdown().render(scene.situation)}</div>'
                     f"{_form(name, scene.question, radios)}</div>")
        explanations = [_explanation(name, i, o, f'<p class="sq-leads">Leads to: {e(titles[o.next])}</p>')
                        for i, o in enumerate(scene.options)]
        the_map.append(f'<li><p class="sq-map-scene"><strong>{e(scene.question)}</strong></p>'
                       f'<ol class="sq-explanations">{"".join(explanations)}</ol></li>')
    for end in s.endings:
        steps.append(f'<div class="sq-ending" id="{base}--{e(end.id)}" data-ending="{e(end.id)}" tabindex="-1">'
                     f'<p class="sq-ending-title"><strong>Ending: {e(end.title)}</strong></p>'
                     f"{_markdown().render(end.text)}</div>")
    inner = (f'<div class="sq-steps" data-start="{e(s.start)}">{"".join(steps)}</div>'
             f'<p class="sq-path-score"></p><button type="button" class="sq-restart" hidden>Start again</button>'
             f'<details class="sq-explained sq-map"><summary>See every path: each choice, its rating and where it '
             f'leads</summary><ol class="sq-map-scenes">{"".join(the_map)}</ol></details>')
    return _frame(bank, s, "Scenario in steps", heading_level, inner)


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


def render_rubric(bank: Bank) -> str:
    """The rubric of moves as a table: each move, its rating (word and icon) and why."""
    e = html.escape
    order = list(Rating)
    moves = sorted(bank.rubric.values(), key=lambda m: order.index(m.rating))
    counts = {m.id: 0 for m in moves}
    for scenario in bank.scenarios.values():
        for option in scenario.every_option:
            if option.move in counts:
                counts[option.move] += 1
    rows = "".join(
        f'<tr id="move-{e(m.id)}"><th scope="row">{e(m.name)}</th><td data-label="Rating">{rating_badge(m.rating)}</td>'
        f'<td data-label="Why">{e(m.reason)}</td><td data-label="Options that make it">{counts[m.id]}</td></tr>'
        for m in moves)
    return ('<div class="sq-key sq-rubric"><table class="sq-rubric-table"><caption>The moves, how the course rates '
            'them, and why</caption><thead><tr><th scope="col">Move</th><th scope="col">Rating</th>'
            '<th scope="col">Why</th><th scope="col">Options that make it</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")
