# SPDX-License-Identifier: MIT
"""Turn a scenario into static HTML: the same markup in the book and in a notebook's output.

    html = render_scenario(bank, "al-silence")     # one quiz
    html = render_scoreboard()                     # the page's score and "reset" control

The HTML is in templates/quiz.j2; this module chooses what fills it. Element ids come from one
function, `html_id` (ids.py says why they never clash). The markup
works with no script at all (the explanations sit in a <details> element);
`static/scenario-quiz.js` adds answering, the score and saved progress. Every option carries
its rating and points as data attributes, decided here by Python.

The quiz's model: `quiz_model` is the same quiz as JSON data (the text, each option's points,
rating, reason and where it leads, the safety flag, the version), written into the quiz's section
for the script. The script's one entry point, `scenarioQuiz.render({model, el})`, makes a working
quiz from it: on the section Python wrote, it adds answering; in an empty element (a notebook
widget, another front-end), it builds the same markup first. Every number in it is decided here.

Escaping: the template engine escapes every field from YAML, except `situation`, which is Markdown rendered
with raw HTML switched off (so `<script>` shows as text) and with images disabled;
markdown-it refuses javascript:, vbscript: and data: links.
"""

from __future__ import annotations

import json

from ..core.bank import Bank
from ..core.grading import (
    MAX_POINTS,
    RATING_SCALE,
    points_for,
    rate_max_points,
    rating_credit,
    trips_gate_when_rated,
)
from ..core.model import (
    BranchingScenario,
    Option,
    Rating,
    Scenario,
    letter,
    scenario_version,
)
from .ids import html_id, page_id
from .templating import RATING_LABELS, Markup, macro, markdown_html, render

__all__ = [
    "KICKERS", "RATING_LABELS", "embed_json", "html_id", "page_id", "quiz_model", "rate_table", "rating_badge",
    "render_rubric", "render_scenario", "render_scoreboard", "scenario_version",
]


def rating_badge(rating: Rating) -> Markup:
    """A rating as the reader sees it everywhere: an icon and the word, coloured by rating."""
    return macro("rating_badge")(rating)


KICKERS = {"single": "Scenario", "path": "Scenario in steps", "rate": "Rate every option"}


def embed_json(data: object) -> str:
    """JSON safe inside a <script> element: every <, > and & escaped, so no text can end the element
    or open a comment."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def rate_table(scenario: Scenario) -> dict[str, dict[str, list[int]]]:
    """Rate every option: for each option's letter and each rating the trainee may give, the points
    it earns and whether it is a safety slip (1) on a safety-critical scenario."""
    return {letter(i): {given.value: [rating_credit(o.rating, given),
                                      int(scenario.safety_critical and trips_gate_when_rated(o.rating, given))]
                        for given in RATING_SCALE}
            for i, o in enumerate(scenario.options)}


def _option_model(s: Scenario | BranchingScenario, index: int, option: Option) -> dict:
    entry: dict = {"key": letter(index), "text": option.text, "rating": option.rating.value,
                   "points": points_for(option.rating), "why": option.feedback}
    if s.safety_critical and option.rating is Rating.HARMFUL:
        entry["review"] = True  # a harmful choice here puts the scenario on the "review before you facilitate" list
    if getattr(option, "next", None):
        entry["next"] = option.next
    return entry


def _meta(bank: Bank, s: Scenario | BranchingScenario) -> dict[str, str]:
    source = bank.sources.get(s.source.ref, s.source.ref)
    return {"skill": bank.competencies[s.competency].name if s.competency in bank.competencies else s.competency,
            "source": f"{source} ({s.source.detail})" if s.source.detail else source}


def quiz_model(bank: Bank, s: Scenario | BranchingScenario, kind: str, heading_level: int = 3,
               sure: dict[str, str] | None = None) -> dict:
    """The quiz as data for the script: all it shows and every number it adds up, decided here.
    Markdown fields are HTML already (rendered as for the page, raw HTML off); every other text is
    plain text, which the script sets as text, never as markup."""
    ratings = sorted({o.rating for o in s.every_option}, key=list(Rating).index)
    model: dict = {
        "id": s.id, "kind": kind, "version": scenario_version(s), "maxPoints": MAX_POINTS,
        "competency": s.competency, "title": s.title, "kicker": KICKERS[kind], "level": heading_level,
        "situation": str(markdown_html(s.situation)), "safetyCritical": s.safety_critical, **_meta(bank, s),
        "sure": [[value, label] for value, label in sure.items()] if sure else None,
        "ratings": {r.value: {"label": RATING_LABELS[r], "badge": str(rating_badge(r))} for r in ratings},
    }
    if isinstance(s, BranchingScenario):
        titles = {scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}"
                                                                     for end in s.endings}
        model["start"] = s.start
        model["scenes"] = [{"id": scene.id, "situation": str(markdown_html(scene.situation)), "asked": scene.question,
                            "options": [{**_option_model(s, i, o), "leads": titles[o.next]}
                                        for i, o in enumerate(scene.options)]}
                           for scene in s.scenes]
        model["endings"] = [{"id": end.id, "title": end.title, "text": str(markdown_html(end.text))}
                            for end in s.endings]
        return model
    model["asked"] = s.question
    model["options"] = [_option_model(s, i, o) for i, o in enumerate(s.options)]
    if kind == "rate":
        model["scale"] = [{"value": r.value, "label": RATING_LABELS[r]} for r in RATING_SCALE]
        model["rate"] = rate_table(s)
        model["max"] = rate_max_points(s)
    return model


def render_quiz(bank: Bank, s: Scenario | BranchingScenario, kind: str, heading_level: int = 3,
                sure: dict[str, str] | None = None) -> str:
    """A quiz of any kind ("single", "path" or "rate"); `sure` (the "How sure are you?" labels) asks
    for confidence in the first question's form, as the final self-assessment does."""
    titles = ({scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}" for end in s.endings}
              if isinstance(s, BranchingScenario) else {})
    model = quiz_model(bank, s, kind, heading_level, sure)
    return render("quiz.j2", bank=bank, s=s, kind=kind, kicker=KICKERS[kind], level=heading_level,
                  version=scenario_version(s), sure=sure, titles=titles, scale=RATING_SCALE,
                  model_json=Markup(embed_json(model)))


def render_scenario(bank: Bank, scenario_id: str, heading_level: int = 3) -> str:
    """The quiz for one scenario, as an HTML fragment. Ids come from the scenario id. A scenario in
    steps has its scenes and endings in one section: the script shows the first scene and, after
    each answer, the scene or ending that option leads to; "See every path" is the whole map."""
    s = bank.get(scenario_id)
    return render_quiz(bank, s, "path" if isinstance(s, BranchingScenario) else "single", heading_level)


def render_scoreboard(heading_level: int = 3) -> str:
    """The page's running score, a status line for messages, and the reset control."""
    return render("scoreboard.j2", level=heading_level)


def render_rubric(bank: Bank) -> str:
    """The rubric of moves as a table: each move, its rating (word and icon) and why."""
    order = list(Rating)
    moves = sorted(bank.rubric.values(), key=lambda m: order.index(m.rating))
    counts = {m.id: 0 for m in moves}
    for scenario in bank.scenarios.values():
        for option in scenario.every_option:
            if option.move in counts:
                counts[option.move] += 1
    return render("rubric.j2", moves=moves, counts=counts)
