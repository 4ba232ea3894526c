"""The shape of a scenario, as pydantic models.

A scenario file holds one module's scenarios; each scenario has 3 to 5 options and every
option carries a rating and the feedback that explains it. CONTRIBUTING.md documents the
same shape for authors.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["Competency", "Option", "Rating", "Review", "Scenario", "Source", "ID_PATTERN"]

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


class _Strict(BaseModel):
    # A misspelt field name is an error, not something silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    text: LongText
    rating: Rating
    feedback: LongText


class Source(_Strict):
    ref: Identifier | Annotated[str, StringConstraints(pattern=r"^[\w.-]+$", max_length=80)]
    detail: LongText | None = None


class Review(_Strict):
    written_by: ShortText
    reviewed_by: ShortText
    review_by: dt.date


class Scenario(_Strict):
    id: Identifier
    title: ShortText
    situation: LongText  # Markdown: the one field rendered as Markdown
    question: ShortText
    competency: Identifier
    options: Annotated[list[Option], Field(min_length=3, max_length=5)]
    source: Source
    review: Review
    safety_critical: bool = False


class Competency(_Strict):
    id: Identifier
    name: ShortText
    description: LongText
