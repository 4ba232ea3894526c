# SPDX-License-Identifier: MIT
"""The shape of a scenario, as pydantic models.

A scenario file holds one module's scenarios; each scenario has 3 to 5 options and every
option carries a rating and the feedback that explains it. CONTRIBUTING.md documents the
same shape for authors.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
import string
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

__all__ = [
    "AnyScenario", "BranchingScenario", "Competency", "Ending", "ID_PATTERN", "LETTERS", "MAX_OPTIONS", "Option",
    "PathOption",
    "Move", "Rating", "Review", "RolePlay", "Scenario", "Scene", "Source", "letter",
]

MAX_OPTIONS = 5  # a scenario's options; a scene of a scenario in steps has at most 4


def letter(index: int) -> str:
    """The letter of an option, as trainees see it and saved answers record it: 0 -> 'a'."""
    return string.ascii_lowercase[index]


# Every letter an answer may name. My progress carries it (and ID_PATTERN) for its script, which
# checks an imported progress file with them, so the browser holds no copy of the rule.
LETTERS = tuple(letter(i) for i in range(MAX_OPTIONS))


# Single hyphens only: element ids join a scenario id to its parts with "--" (render.html_id), so
# that no id of scenario, scene or ending may contain "--" keeps every element id on a page unique.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Length caps keep a pasted document or a runaway string from reaching the page.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN.pattern, max_length=80)]


class Rating(str, enum.Enum):
    """How good an option is. Points for each rating live in grading.py, nowhere else."""

    HELPFUL = "helpful"
    PARTLY_HELPFUL = "partly helpful"
    UNHELPFUL = "unhelpful"
    HARMFUL = "harmful"


class Strict(BaseModel):
    # A misspelt field name is an error, not something silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    text: LongText
    rating: Rating
    feedback: LongText
    # The rubric move this option makes (scenarios/rubric.yml); its rating must be the move's rating
    # unless `rubric_exception` says what in this situation makes the difference.
    move: Identifier | None = None
    rubric_exception: LongText | None = None


class Source(Strict):
    ref: Annotated[str, StringConstraints(pattern=r"^[\w.-]+$", max_length=80)]  # a BibTeX key
    detail: LongText | None = None


class Review(Strict):
    written_by: ShortText
    reviewed_by: ShortText
    review_by: dt.date


class RolePlay(Strict):
    """Briefs for acting a scenario out in a workshop (the observer's checklist is generated)."""

    member: LongText  # what the person playing the group member knows and feels
    facilitator: LongText  # what the person playing the facilitator knows at the start


FormName = Literal["a", "b"]


class Scenario(Strict):
    id: Identifier
    title: ShortText
    situation: LongText  # Markdown: the one field rendered as Markdown
    question: ShortText
    competency: Identifier
    options: Annotated[list[Option], Field(min_length=3, max_length=MAX_OPTIONS)]
    source: Source
    review: Review
    safety_critical: StrictBool = False
    roleplay: RolePlay | None = None
    # The other scenario of a contrast pair: nearly the same options, but its situation makes a
    # different option the helpful one. `check` confirms the flip.
    contrast: Identifier | None = None
    # Final self-assessment only: which parallel form (a or b) the scenario belongs to, and whether
    # the trainee rates every option (helpful ... harmful) instead of choosing one.
    form: FormName | None = None
    rate_every_option: StrictBool = False

    @property
    def every_option(self) -> list[Option]:
        return list(self.options)


class PathOption(Option):
    """An option in a branching scenario: it also says where the story goes next."""

    next: Identifier  # a scene id or an ending id
    loop: bool = False  # True only where leading back to an earlier scene is intended


class Scene(Strict):
    id: Identifier
    situation: LongText  # Markdown
    question: ShortText
    options: Annotated[list[PathOption], Field(min_length=2, max_length=4)]


class Ending(Strict):
    id: Identifier
    title: ShortText
    text: LongText  # Markdown


class BranchingScenario(Strict):
    """A group moment in steps: each option leads to another scene or to an ending."""

    id: Identifier
    title: ShortText
    situation: LongText  # Markdown: the opening, shown above the first scene
    competency: Identifier
    start: Identifier
    scenes: Annotated[list[Scene], Field(min_length=1, max_length=12)]
    endings: Annotated[list[Ending], Field(min_length=1, max_length=8)]
    source: Source
    review: Review
    safety_critical: StrictBool = False
    form: FormName | None = None  # final self-assessment only, as for Scenario

    @property
    def every_option(self) -> list[PathOption]:
        return [option for scene in self.scenes for option in scene.options]

    def scene(self, scene_id: str) -> Scene | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def ending(self, ending_id: str) -> Ending | None:
        return next((e for e in self.endings if e.id == ending_id), None)


AnyScenario = Scenario | BranchingScenario


class Competency(Strict):
    id: Identifier
    name: ShortText
    description: LongText


class Move(Strict):
    """A recurring facilitator move and how the course rates it everywhere (scenarios/rubric.yml)."""

    id: Identifier
    name: ShortText
    rating: Rating
    reason: LongText


def scenario_version(scenario: Scenario | BranchingScenario) -> str:
    """A short fingerprint of the choices. Saved answers made against other choices are dropped."""
    if isinstance(scenario, BranchingScenario):
        shape = [[scene.id, [[o.text, o.rating.value, o.next] for o in scene.options]] for scene in scenario.scenes]
    else:
        shape = [[o.text, o.rating.value] for o in scenario.options]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:8]
