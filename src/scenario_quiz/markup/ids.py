# SPDX-License-Identifier: MIT
"""Element ids for everything the engine puts on a page (quiz.py re-exports them)."""

from __future__ import annotations

from ..core.model import ID_PATTERN

__all__ = ["JOIN", "html_id", "page_id"]


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
