"""The progress file a trainee exports from the book (or saves from a notebook), version 1.

    {
      "format": "diabetes-peer-support-course/progress",
      "version": 1,
      "nickname": "Sam",                      # optional; the only thing that names the trainee
      "exported": "2026-11-24",               # optional
      "answers": {
        "al-pause-after-hard-news": {"choice": "b", "version": "1a2b3c4d"},
        "mh-path-not-going-on":     {"path": ["a", "c"], "version": "5e6f7a8b"}
      }
    }

`version` inside an answer is the scenario's fingerprint (render.scenario_version): an answer
given to an older wording of a scenario is set aside rather than graded against the new one.

    progress = read_progress("sam.json")          # raises ProgressError with a one-line reason
    answers, notes = answers_to_grade(bank, progress)
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .bank import Bank
from .grading import Answer
from .model import BranchingScenario
from .render import scenario_version

__all__ = ["FORMAT", "ProgressError", "ProgressFile", "SavedAnswer", "answers_to_grade", "read_progress",
           "write_progress"]

FORMAT = "diabetes-peer-support-course/progress"
MAX_FILE_BYTES = 2_000_000
Letter = Annotated[str, StringConstraints(pattern=r"^[a-e]$")]
ScenarioId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]


class ProgressError(Exception):
    """A file that is not a usable progress file; str() is one line saying why."""


class SavedAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    choice: Letter | None = None
    path: Annotated[list[Letter], Field(min_length=1, max_length=20)] | None = None
    version: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]

    @model_validator(mode="after")
    def one_kind(self) -> SavedAnswer:
        if (self.choice is None) == (self.path is None):
            raise ValueError("an answer has either a choice or a path")
        return self

    @property
    def answer(self) -> Answer:
        return self.choice if self.choice is not None else list(self.path or [])


class ProgressFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["diabetes-peer-support-course/progress"]
    version: Literal[1]
    nickname: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    exported: dt.date | None = None
    answers: Annotated[dict[ScenarioId, SavedAnswer], Field(max_length=2000)]


def read_progress(path: str | Path) -> ProgressFile:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProgressError("is too large to be a progress file")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressError(f"cannot be read ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise ProgressError(f"is not JSON (line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressError("is not a progress file from this course")
    if data.get("version") != 1:
        raise ProgressError(f"is progress format version {data.get('version')!r}; this course reads version 1")
    try:
        return ProgressFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ProgressError(f"has a problem in '{where}': {first['msg']}") from None


def answers_to_grade(bank: Bank, progress: ProgressFile) -> tuple[dict[str, Answer], list[str]]:
    """The answers that can be graded against today's bank, and a note for each one set aside."""
    answers: dict[str, Answer] = {}
    notes = []
    for sid, saved in progress.answers.items():
        if sid not in bank.scenarios:
            notes.append(f"'{sid}' is not in the course any more")
        elif saved.version != scenario_version(bank.get(sid)):
            notes.append(f"'{sid}' has changed since it was answered")
        elif isinstance(bank.get(sid), BranchingScenario) != (saved.path is not None):
            notes.append(f"'{sid}' was answered in the wrong shape")
        else:
            answers[sid] = saved.answer
    return answers, notes


def write_progress(path: str | Path, bank: Bank, answers: dict[str, Answer], nickname: str = "",
                   exported: dt.date | None = None) -> ProgressFile:
    """Save answers in the same format the book exports (used by the notebook front-end)."""
    progress = ProgressFile(
        format=FORMAT, version=1, nickname=nickname, exported=exported,
        answers={sid: SavedAnswer(version=scenario_version(bank.get(sid)),
                                  **({"choice": a} if isinstance(a, str) else {"path": list(a)}))
                 for sid, a in answers.items()},
    )
    Path(path).write_text(progress.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    return progress
