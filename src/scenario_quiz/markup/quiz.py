# SPDX-License-Identifier: MIT
"""Turn a scenario into static HTML: the same markup in the book and in a notebook's output.

    html = render_scenario(bank, "al-silence")     # one quiz
    html = render_scoreboard()                     # the page's score and "reset" control

Element ids come from one function, `html_id` (see there why they never clash). The markup
works with no script at all (the explanations sit in a <details> element);
`static/scenario-quiz.js` adds answering, the score and saved progress. Every option carries
its rating and points as data attributes, decided here by Python.

Escaping: every field from YAML is escaped, except `situation`, which is Markdown rendered
with raw HTML switched off (so `<script>` shows as text) and with images disabled;
markdown-it refuses javascript:, vbscript: and data: links.
"""

from __future__ import annotations

import functools
import html


from ..core.bank import Bank
from ..core.grading import MAX_POINTS, points_for
from ..core.model import ID_PATTERN, BranchingScenario, Option, Rating, Scenario, letter, scenario_version
from .text import markdown

__all__ = [
    "RATING_LABELS", "html_id", "page_id", "rating_badge", "render_rubric", "render_scenario", "render_scoreboard",
    "scenario_version",
]

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


# Why element ids never clash on a page. An id is "sq-", the scenario id, then "--" before each
# further part. Scenario, scene and ending ids match model.ID_PATTERN (lowercase words joined by
# single hyphens), so none contains "--" or starts or ends with "-"; html_id holds every part to the
# same pattern. So the "--" in an id are exactly its joins, and each id spells out one list of parts.
# Within a scenario each element has its own list, and a scene or ending id has a place of its own,
# after "scene" or "ending", where no fixed word goes: a scene called "title" is not the heading.
#   ()                      the quiz's section         ("title",)               its heading
#   (letter,)               an option's radio          ("why", letter)          the option's explanation
#   ("feedback",)           the feedback box           ("sure", confidence)     a "How sure are you?" radio
#   (letter, rating)        a rate-every-option radio
#   ("scene", scene id)     a scene; its question's parts follow: (letter,), ("why", letter), ...
#   ("ending", ending id)   an ending                   ("card",), ("card", "title")   a role-play card
#   ("presenter",)          the scenario's slide in the organiser edition's presenter (presenter.py)
#   ("answer",), ("answer", "title")   a printed scenario's answer at the back (printed.py)
# A letter is one character and every fixed word is longer, so the two never meet.
# Page-level ids (page_id) start "sq--": no scenario id can follow "sq-" with a hyphen. The page's
# presenter has "presenter", "presenter-title" and "presenter-keys".
JOIN = "--"


def html_id(scenario_id: str, *parts: str) -> str:
    """The id of one element of a scenario's quiz: html_id("al-one", "why", "a") is "sq-al-one--why--a"."""
    _check_parts(scenario_id, *parts)
    return JOIN.join([f"sq-{scenario_id}", *parts])


def page_id(name: str) -> str:
    """The id of an element a page has once, not one per scenario: page_id("score-title") is "sq--score-title"."""
    _check_parts(name)
    return f"sq{JOIN}{name}"


def _check_parts(*parts: str) -> None:
    # Only parts that match the id pattern keep every id unique (see above); the parts come from
    # this engine and from checked ids, so one that does not is a fault in the engine.
    for part in parts:
        if not ID_PATTERN.fullmatch(part):
            raise ValueError(f"{part!r} cannot be part of an element id: use lowercase words joined by single hyphens")


@functools.lru_cache(maxsize=1)
def _slug(rating: Rating) -> str:
    return rating.value.replace(" ", "-")


def rating_badge(rating: Rating) -> str:
    """A rating as the reader sees it everywhere: an icon and the word, coloured by rating."""
    return f'<span class="sq-rating sq-rating--{_slug(rating)}">{_icon(rating)}{RATING_LABELS[rating]}</span>'


def _icon(rating: Rating) -> str:
    return (f'<svg class="sq-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
            f'focusable="false">{_ICON_PATHS[rating]}</svg>')


def _points_text(points: int) -> str:
    return f"{points} point" + ("" if points == 1 else "s")


# A question's place in its scenario, as parts of an element id: () for a scenario's one question,
# ("scene", scene id) for a scene of a scenario in steps.
Question = tuple[str, ...]


def _radio(sid: str, question: Question, index: int, option: Option, review: bool, next_id: str | None = None) -> str:
    """One option as a radio button carrying what the script needs: its points, whether it
    puts the trainee on the safety review list, and (in a branching scenario) where it leads."""
    key = letter(index)
    radio = html_id(sid, *question, key)
    attributes = f' data-points="{points_for(option.rating)}"'
    if review and option.rating is Rating.HARMFUL:
        attributes += ' data-review="true"'
    if next_id:
        attributes += f' data-next="{html.escape(next_id)}"'
    return (f'<div class="sq-option"><input type="radio" id="{radio}" name="{html_id(sid, *question)}" '
            f'value="{key}"{attributes}><label for="{radio}"><span class="sq-letter">{key.upper()}.</span> '
            f"{html.escape(option.text)}</label></div>")


def _explanation(sid: str, question: Question, index: int, option: Option, leads_to: str = "",
                 with_points: bool = True) -> str:
    """One option's text, rating and feedback. `with_points=False` where the points depend on more
    than the option (rating every option earns points for how close the trainee's rating is)."""
    key = letter(index)
    points = (f' <span class="sq-points">({_points_text(points_for(option.rating))})</span>'
              if with_points else "")
    return (
        f'<li id="{html_id(sid, *question, "why", key)}" data-option="{key}">'
        f'<p class="sq-option-text"><span class="sq-letter">{key.upper()}.</span> {html.escape(option.text)}</p>'
        f'<p class="sq-verdict">{rating_badge(option.rating)}{points}</p>'
        f'<p class="sq-why">{html.escape(option.feedback)}</p>{leads_to}</li>'
    )


def _form(sid: str, question: Question, asked: str, radios: list[str]) -> str:
    return (f'<form class="sq-form"><fieldset><legend class="sq-question">{html.escape(asked)}</legend>'
            f'{"".join(radios)}</fieldset><button type="submit" class="sq-check">Check my answer</button></form>'
            f'<div class="sq-feedback" id="{html_id(sid, *question, "feedback")}" aria-live="polite" tabindex="-1">'
            f"</div>")


def _frame(bank: Bank, s: Scenario | BranchingScenario, kicker: str, heading_level: int, inner: str,
           kind: str | None = None) -> str:
    """What every quiz shares: its root with the data the script reads, title, opening, source line."""
    e = html.escape
    kind = kind or ("path" if isinstance(s, BranchingScenario) else "single")
    return (
        f'<section class="sq sq-{kind}" id="{html_id(s.id)}" data-scenario="{e(s.id)}" data-kind="{kind}" '
        f'data-version="{scenario_version(s)}" data-max-points="{MAX_POINTS}" data-competency="{e(s.competency)}" '
        f'aria-labelledby="{html_id(s.id, "title")}">{_heading(s, kicker, heading_level)}'
        f'<div class="sq-situation">{markdown().render(s.situation)}</div>{_safety_note(s)}{inner}'
        f"{_meta_line(bank, s)}</section>"
    )


def _heading(s: Scenario | BranchingScenario, kicker: str, level: int, element_id: str | None = None) -> str:
    h = f"h{level}"
    return (f'<{h} class="sq-title" id="{element_id or html_id(s.id, "title")}"><span class="sq-kicker">{kicker}: '
            f"</span>{html.escape(s.title)}</{h}>")


def _safety_note(s: Scenario | BranchingScenario) -> str:
    return ('<p class="sq-safety"><strong>Safety-critical:</strong> a harmful answer here means '
            '"review this before you facilitate".</p>') if s.safety_critical else ""


def _meta_line(bank: Bank, s: Scenario | BranchingScenario) -> str:
    """The skill a scenario trains and the source it rests on."""
    e = html.escape
    source = bank.sources.get(s.source.ref, s.source.ref)
    detail = f" ({e(s.source.detail)})" if s.source.detail else ""
    competency = bank.competencies[s.competency].name if s.competency in bank.competencies else s.competency
    return f'<p class="sq-meta">Skill: {e(competency)}. Source: {e(source)}{detail}</p>'


def render_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """The quiz for one scenario, as an HTML fragment. Ids come from the scenario id."""
    s = bank.get(scenario_id)
    if isinstance(s, BranchingScenario):
        return _render_branching(bank, s, heading_level)
    radios = [_radio(s.id, (), i, o, s.safety_critical) for i, o in enumerate(s.options)]
    explanations = [_explanation(s.id, (), i, o) for i, o in enumerate(s.options)]
    inner = (f"{_form(s.id, (), s.question, radios)}"
             f'<details class="sq-explained"><summary>How each option rates, and why</summary>'
             f'<ol class="sq-explanations">{"".join(explanations)}</ol></details>')
    return _frame(bank, s, "Scenario", heading_level, inner)


def _render_branching(bank: Bank, s: BranchingScenario, heading_level: int) -> str:
    """Scenes and endings in one section. The script shows the first scene and, after each
    answer, the scene or ending that option leads to; "See every path" is the whole map."""
    e = html.escape
    titles = {scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}" for end in s.endings}
    steps, the_map = [], []
    for scene in s.scenes:
        question = ("scene", scene.id)
        radios = [_radio(s.id, question, i, o, s.safety_critical, o.next) for i, o in enumerate(scene.options)]
        steps.append(f'<div class="sq-scene" id="{html_id(s.id, *question)}" data-scene="{e(scene.id)}">'
                     f'<div class="sq-situation">{markdown().render(scene.situation)}</div>'
                     f"{_form(s.id, question, scene.question, radios)}</div>")
        explanations = [_explanation(s.id, question, i, o, f'<p class="sq-leads">Leads to: {e(titles[o.next])}</p>')
                        for i, o in enumerate(scene.options)]
        the_map.append(f'<li><p class="sq-map-scene"><strong>{e(scene.question)}</strong></p>'
                       f'<ol class="sq-explanations">{"".join(explanations)}</ol></li>')
    for end in s.endings:
        steps.append(f'<div class="sq-ending" id="{html_id(s.id, "ending", end.id)}" data-ending="{e(end.id)}" '
                     f'tabindex="-1">'
                     f'<p class="sq-ending-title"><strong>Ending: {e(end.title)}</strong></p>'
                     f"{markdown().render(end.text)}</div>")
    inner = (f'<div class="sq-steps" data-start="{e(s.start)}">{"".join(steps)}</div>'
             f'<p class="sq-path-score"></p><button type="button" class="sq-restart" hidden>Start again</button>'
             f'<details class="sq-explained sq-map"><summary>See every path: each choice, its rating and where it '
             f'leads</summary><ol class="sq-map-scenes">{"".join(the_map)}</ol></details>')
    return _frame(bank, s, "Scenario in steps", heading_level, inner)


def render_scoreboard(heading_level: int = 3) -> str:
    """The page's running score, a status line for messages, and the reset control."""
    h = f"h{heading_level}"
    return (
        f'<section class="sq-score" aria-labelledby="{page_id("score-title")}">'
        f'<{h} id="{page_id("score-title")}">Your score on this page</{h}>'
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
