# SPDX-License-Identifier: MIT
"""The progress file a trainee exports from the book (or saves from a notebook), version 2.

    {
      "format": "diabetes-peer-support-course/progress",   # the course's progress_format (identity.py)
      "version": 2,
      "nickname": "Sam",                      # optional; the only thing that names the trainee
      "exported": "2026-11-24",               # optional
      "form": "a",                            # optional: the final self-assessment form being taken
      "answers": {
        "al-pause-after-hard-news": {"choice": "b", "version": "1a2b3c4d"},
        "mh-path-not-going-on":     {"path": ["a", "c"], "version": "5e6f7a8b"},
        "fa-retired-gp-joins":      {"ratings": {"a": "helpful", "b": "unhelpful", "c": "harmful",
                                                 "d": "partly helpful"}, "version": "9c0d1e2f",
                                     "confidence": "fairly-sure"}
      }
    }

An answer is a `choice` (a letter), a `path` (a letter per step of a scenario in steps) or, for a
final-assessment scenario that asks to rate every option, `ratings` (a rating for every option).
`confidence` (sure, fairly-sure, guessing) is what the trainee said in the final self-assessment.
`version` inside an answer is the scenario's fingerprint (render.scenario_version): an answer
given to an older wording of a scenario is set aside rather than graded against the new one.
Version 1 files (no form, ratings or confidence) are read and migrated to version 2.

    progress = read_progress("sam.json", bank.identity)   # raises ProgressError with a one-line reason
    answers, notes = answers_to_grade(bank, progress)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .bank import Bank
from .errors import CourseError
from .grading import Answer, complete_paths, item_kind
from .identity import NEUTRAL, CourseIdentity
from .model import AnyScenario, BranchingScenario, Rating, scenario_version

__all__ = ["ProgressError", "ProgressFile", "SavedAnswer", "answers_to_grade", "parse_progress",
           "read_progress", "write_progress"]

MAX_FILE_BYTES = 2_000_000
Letter = Annotated[str, StringConstraints(pattern=r"^[a-e]$")]
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]


class ProgressError(CourseError):
    """A file that is not a usable progress file; str() is one line saying why."""


class SavedAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    choice: Letter | None = None
    path: Annotated[list[Letter], Field(min_length=1, max_length=20)] | None = None
    ratings: Annotated[dict[Letter, Rating], Field(min_length=1, max_length=5)] | None = None
    version: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]
    confidence: Literal["sure", "fairly-sure", "guessing"] | None = None

    @model_validator(mode="after")
    def one_kind(self) -> SavedAnswer:
        if sum(kind is not None for kind in (self.choice, self.path, self.ratings)) != 1:
            raise ValueError("an answer has exactly one of a choice, a path or ratings")
        return self

    @property
    def answer(self) -> Answer | dict[str, str]:
        if self.ratings is not None:
            return {key: rating.value for key, rating in self.ratings.items()}
        return self.choice if self.choice is not None else list(self.path or [])


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD, as the book writes it (pydantic alone would also take a timestamp)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    if isinstance(value, (int, float)):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


class ProgressFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str  # the course's own, checked before the model is (parse_progress)
    version: Literal[2]
    nickname: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    exported: Annotated[dt.date | None, BeforeValidator(_iso_date)] = None
    form: Literal["a", "b"] | None = None
    answers: Annotated[dict[ScenarioId, SavedAnswer], Field(max_length=2000)]

    @property
    def confidence(self) -> dict[str, str]:
        return {sid: saved.confidence for sid, saved in self.answers.items() if saved.confidence}


def read_progress(path: str | Path, identity: CourseIdentity = NEUTRAL) -> ProgressFile:
    """The progress file at `path` from the course with this identity, or ProgressError with a one-line reason."""
    path = Path(path)
    try:
        if not path.is_file():  # a folder, a device or a pipe would hang or fail later
            raise ProgressError("is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProgressError("is too large to be a progress file")
        text = path.read_bytes().decode("utf-8")  # as it is: the same text, and line numbers, as the browser
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressError(f"cannot be read ({exc.__class__.__name__})") from None
    return parse_progress(text, identity)


def parse_progress(text: str, identity: CourseIdentity = NEUTRAL) -> ProgressFile:
    """A progress file's text as the course reads it, in the browser and here alike: the rules are
    the same table of cases in tests/test_progress_rules.py, run through both."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ProgressError("is too large to be a progress file")
    try:
        data = json.loads(text.removeprefix("\ufeff"))  # a byte-order mark, as some editors save
    except json.JSONDecodeError as exc:
        raise ProgressError(f"is not JSON (line {exc.lineno})") from None
    except RecursionError:
        raise ProgressError("is not a progress file: it is nested far too deeply") from None
    except ValueError:  # Python refuses integers of thousands of digits
        raise ProgressError("is not a progress file: it holds a number far too long") from None
    if not isinstance(data, dict) or data.get("format") != identity.progress_format:
        raise ProgressError("is not a progress file from this course")
    version = data.get("version")
    # JSON has one kind of number: 2 and 2.0 are the same to a browser, so they are here too.
    if isinstance(version, bool) or not isinstance(version, (int, float)) or version not in (1, 2):
        raise ProgressError(f"is progress format version {_shown(version)}; this course reads versions 1 and 2")
    try:  # version 1 is version 2 without form, ratings or confidence
        return ProgressFile.model_validate({**data, "version": 2})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ProgressError(f"has a problem in {_shown(where, 60)}: {first['msg']}") from None
    except RecursionError:
        raise ProgressError("is not a progress file: it is nested far too deeply") from None


def _shown(value: object, limit: int = 30) -> str:
    """A value for a one-line message: repr, control characters escaped, cut short."""
    text = repr(value) if not isinstance(value, str) else "'" + value.encode("unicode_escape").decode("ascii") + "'"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shape(scenario: AnyScenario) -> str:
    return {"path": "path", "rate": "ratings", "single": "choice"}[item_kind(scenario)]


def answers_to_grade(bank: Bank, progress: ProgressFile) -> tuple[dict[str, Answer | dict[str, str]], list[str]]:
    """The answers that can be graded against today's bank, and a note for each one set aside."""
    answers: dict[str, Answer | dict[str, str]] = {}
    notes = []
    for sid, saved in progress.answers.items():
        if sid not in bank.scenarios:
            notes.append(f"'{sid}' is not in the course any more")
        elif saved.version != scenario_version(bank.get(sid)):
            notes.append(f"'{sid}' has changed since it was answered")
        elif getattr(saved, _shape(bank.get(sid))) is None:
            notes.append(f"'{sid}' was answered in the wrong shape")
        elif not _fits(bank.get(sid), saved):
            notes.append(f"'{sid}' has an answer that does not fit its options")
        elif _unfinished_in_assessment(bank.get(sid), saved):
            # Kept in the file (the trainee can finish it), but the assessment grades only whole paths.
            notes.append(f"'{sid}' is not finished yet")
        else:
            answers[sid] = saved.answer
    return answers, notes


def _fits(scenario: AnyScenario, saved: SavedAnswer) -> bool:
    """Whether a saved answer names options the scenario has: a letter in range, a path that
    never goes on past an ending, a rating for each option and no other."""
    if isinstance(scenario, BranchingScenario):
        scene = scenario.scene(scenario.start)
        for choice in saved.path or []:
            if scene is None or ord(choice) - ord("a") >= len(scene.options):
                return False
            scene = scenario.scene(scene.options[ord(choice) - ord("a")].next)
        return True
    letters = {chr(ord("a") + i) for i in range(len(scenario.options))}
    if saved.ratings is not None:
        return set(saved.ratings) == letters
    return saved.choice in letters


def _unfinished_in_assessment(scenario: AnyScenario, saved: SavedAnswer) -> bool:
    return (isinstance(scenario, BranchingScenario) and bool(scenario.form)
            and tuple(saved.path or ()) not in complete_paths(scenario))


def _saved(scenario: AnyScenario, answer: object, confidence: str | None) -> SavedAnswer:
    return SavedAnswer.model_validate({_shape(scenario): answer if isinstance(answer, (str, dict)) else list(
        answer), "version": scenario_version(scenario), "confidence": confidence})  # type: ignore[call-overload]


def write_progress(path: str | Path, bank: Bank, answers: dict[str, object], nickname: str = "",
                   exported: dt.date | None = None, confidence: dict[str, str] | None = None,
                   form: str | None = None) -> ProgressFile:
    """Save answers in the same format the book exports (used by the notebook front-end), as a file of
    the bank's course (its identity's progress_format)."""
    confidence = confidence or {}
    progress = ProgressFile(
        format=bank.identity.progress_format, version=2, nickname=nickname, exported=exported, form=form,  # type: ignore[arg-type]
        answers={sid: _saved(bank.get(sid), a, confidence.get(sid)) for sid, a in answers.items()},
    )
    Path(path).write_text(progress.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    return progress
