# SPDX-License-Identifier: MIT
"""Turn a scenario into static HTML: the same markup in the book and in a notebook's output.

    html = render_scenario(bank, "al-silence")     # one quiz
    html = render_scoreboard()                     # the page's score and "reset" control

The HTML is in templates/quiz.j2; this module chooses what fills it. Element ids come from one
function, `html_id` (ids.py says why they never clash). The markup
works with no script at all (the explanations sit in a <details> element);
`static/scenario-quiz.js` adds answering, the score and saved progress. Every option carries
its rating and points as data attributes, decided here by Python.

Escaping: the template engine escapes every field from YAML, except `situation`, which is Markdown rendered
with raw HTML switched off (so `<script>` shows as text) and with images disabled;
markdown-it refuses javascript:, vbscript: and data: links.
"""

from __future__ import annotations

from ..core.bank import Bank
from ..core.grading import RATING_SCALE
from ..core.model import BranchingScenario, Rating, Scenario, scenario_version
from .ids import html_id, page_id
from .templating import RATING_LABELS, Markup, macro, render

__all__ = [
    "RATING_LABELS", "html_id", "page_id", "rating_badge", "render_rubric", "render_scenario", "render_scoreboard",
    "scenario_version",
]


def rating_badge(rating: Rating) -> Markup:
    """A rating as the reader sees it everywhere: an icon and the word, coloured by rating."""
    return macro("rating_badge")(rating)


KICKERS = {"single": "Scenario", "path": "Scenario in steps", "rate": "Rate every option"}


def render_quiz(bank: Bank, s: Scenario | BranchingScenario, kind: str, heading_level: int = 3,
                sure: dict[str, str] | None = None) -> str:
    """A quiz of any kind ("single", "path" or "rate"); `sure` (the "How sure are you?" labels) asks
    for confidence in the first question's form, as the final self-assessment does."""
    titles = ({scene.id: scene.question for scene in s.scenes} | {end.id: f"Ending: {end.title}" for end in s.endings}
              if isinstance(s, BranchingScenario) else {})
    return render("quiz.j2", bank=bank, s=s, kind=kind, kicker=KICKERS[kind], level=heading_level,
                  version=scenario_version(s), sure=sure, titles=titles, scale=RATING_SCALE)


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
