# SPDX-License-Identifier: MIT
"""The course's identity: what tells one course's saved answers, progress files and certificates
from another's. It lives in the course's _config.yml, not in the engine, so the same engine can
serve a second course unchanged:

    sphinx:
      config:
        scenario_course:
          storage_key: diabetes-peer-support-course      # the browser keeps "<key>:answers" and "<key>:nickname"
          progress_format: diabetes-peer-support-course/progress   # the "format" of an exported progress file
          certificate_course: Facilitating diabetes peer support groups   # the course the certificate names
          offline_folder: diabetes-peer-support-course   # the folder the offline copy unzips to (pack_offline.py)

    identity = course_identity(Path("."))   # raises SettingError, one line, for a value that cannot be used

It sits under `sphinx: config:` so the book build reads the same block (as the `scenario_course`
setting); the bank reads it from the course folder, so the notebook and the cohort command do too.
A course that sets nothing gets the engine's neutral identity, and the certificate names the
book's `title`; a course that sets no offline_folder gets its storage key (a "/" in it as "-").
Changing storage_key or progress_format orphans every trainee's saved answers and files: the
browser and the cohort command no longer recognise them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path

from .settings import CONFIG_FILE, SettingError
from .yamlfile import located, read_yaml_file

__all__ = ["CourseIdentity", "NEUTRAL", "course_identity", "identity_from"]

# Safe inside a localStorage key, a JSON string and an HTML attribute, and the same in every browser.
_KEY = re.compile(r"^[a-z0-9]+(?:[-./][a-z0-9]+)*$")
# One folder name that unzips the same on Windows, macOS and Linux, and needs no quotes in a terminal.
_FOLDER = re.compile(r"^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$")


@dataclasses.dataclass(frozen=True)
class CourseIdentity:
    storage_key: str
    progress_format: str
    certificate_course: str
    offline_folder: str  # the one folder people see when they unzip the offline copy

    @property
    def answers_key(self) -> str:
        return f"{self.storage_key}:answers"

    @property
    def nickname_key(self) -> str:
        return f"{self.storage_key}:nickname"

    def for_browser(self) -> dict[str, str]:
        """What the page carries for the scripts (templates/course_meta.j2)."""
        return {"answers": self.answers_key, "nickname": self.nickname_key, "format": self.progress_format}


NEUTRAL = CourseIdentity("scenario-quiz", "scenario-quiz/progress", "this course", "scenario-quiz")


def identity_from(block: object, title: str | None = None) -> CourseIdentity:
    """The identity a `scenario_course` block gives; unset values from NEUTRAL (the certificate: `title`)."""
    if block is None:
        block = {}
    if not isinstance(block, Mapping):
        raise SettingError("scenario_course is a list of settings (storage_key, progress_format, certificate_course, "
                           "offline_folder)")
    known = {field.name for field in dataclasses.fields(CourseIdentity)}
    unknown = sorted(str(key) for key in block if key not in known)
    if unknown:
        raise SettingError(f"scenario_course has no setting {', '.join(unknown)}; the settings are: "
                           f"{', '.join(sorted(known))}")
    values = {name: block.get(name) for name in known}
    for name in ("storage_key", "progress_format"):
        value = values[name]
        if value is not None and not (isinstance(value, str) and _KEY.fullmatch(value) and len(value) <= 80):
            raise SettingError(f"scenario_course: {name} is written in lower case letters, digits and - . / "
                               f"(such as my-course), at most 80 characters")
    course = values["certificate_course"]
    if course is not None and not (isinstance(course, str) and course.strip() and len(course) <= 200):
        raise SettingError("scenario_course: certificate_course is the course's name, at most 200 characters")
    folder = values["offline_folder"]
    if folder is not None and not (isinstance(folder, str) and _FOLDER.fullmatch(folder) and len(folder) <= 80):
        raise SettingError("scenario_course: offline_folder is one folder name of letters, digits and - _ . "
                           "(such as my-course), at most 80 characters")
    storage_key = str(values["storage_key"] or NEUTRAL.storage_key)
    return CourseIdentity(
        storage_key=storage_key,
        progress_format=str(values["progress_format"] or NEUTRAL.progress_format),
        certificate_course=" ".join(str(course or title or NEUTRAL.certificate_course).split()),
        offline_folder=str(folder or storage_key.replace("/", "-")),
    )


def course_identity(root: Path) -> CourseIdentity:
    """The identity of the course whose _config.yml is in `root` (NEUTRAL if it has none)."""
    path = root / CONFIG_FILE
    if not path.exists():
        return NEUTRAL
    config, problem = read_yaml_file(path)
    if problem:
        raise SettingError(located(CONFIG_FILE, problem))
    config = config if isinstance(config, dict) else {}
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    title = config.get("title")
    return identity_from(sphinx_config.get("scenario_course"), title if isinstance(title, str) else None)
