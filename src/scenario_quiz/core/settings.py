# SPDX-License-Identifier: MIT
"""The organiser's settings: the values that fill {{ name }} in pages and in scenario text.

    settings, notes = course_settings(Path("."))        # from _config.yml and nations.yml
    text = expand("Ring {{ crisis_line }}.", settings)   # raises SettingError naming an unknown setting

The organiser chooses a `nation` (england, wales, scotland, northern-ireland) under
`parse: myst_substitutions:` in _config.yml; nations.yml gives that nation's crisis line, urgent
health line and domestic abuse helpline, unless _config.yml sets them itself. COURSE_NATION in the
environment overrides the nation for one build (the tests build every nation this way). A line
nations.yml marks `check` yields a note until _config.yml sets it: a reminder, not an error.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .errors import CourseError
from .yamlfile import located, read_yaml_file

__all__ = ["NATIONS", "SettingError", "course_settings", "expand", "nation_settings", "neutral_settings"]

NATIONS = ("england", "wales", "scotland", "northern-ireland")
CONFIG_FILE = "_config.yml"
NATIONS_FILE = "nations.yml"
_SETTING = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class SettingError(CourseError, ValueError):  # a ValueError, as it always was
    """An unknown nation or setting; str() is one line saying which and what is known."""


def _read(path: Path) -> dict[str, Any]:
    data, problem = read_yaml_file(path)
    if problem:
        raise SettingError(located(path.name, problem))
    return data if isinstance(data, dict) else {}


def nation_settings(root: Path, nation: str) -> tuple[dict[str, str], list[str]]:
    """That nation's lines from nations.yml, and the names of the lines marked for checking."""
    data = _read(root / NATIONS_FILE)
    nations = data.get("nations") or {}
    if nation not in nations:
        raise SettingError(f"nation '{nation}' is not one of: {', '.join(nations) or ', '.join(NATIONS)}")
    entry = dict(nations[nation])
    check = [str(name) for name in entry.pop("check", []) or []]
    entry.pop("name", None)
    uk = {str(k): str(v) for k, v in (data.get("uk") or {}).items()}
    return uk | {str(k): str(v) for k, v in entry.items()}, check


def course_settings(root: Path, nation: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Every setting for the course at `root`, and a note for each line still to be confirmed."""
    config = _read(root / CONFIG_FILE) if (root / CONFIG_FILE).exists() else {}
    chosen = {str(k): str(v) for k, v in ((config.get("parse") or {}).get("myst_substitutions") or {}).items()}
    nation = nation or os.environ.get("COURSE_NATION") or chosen.get("nation") or "england"
    if not (root / NATIONS_FILE).exists():
        return chosen, []
    defaults, check = nation_settings(root, nation)
    notes = [f"the {name} for {nation} ({defaults[name]}) is marked for checking in {NATIONS_FILE}: confirm it, "
             f"then set {name} in {CONFIG_FILE}" for name in check if name not in chosen]
    return defaults | chosen | {"nation": nation}, notes


def neutral_settings(root: Path) -> dict[str, str]:
    """Each setting filled with its own name ("crisis line"): for judging options by their words, so
    that one nation's wording of a line does not count for or against the option that names it."""
    return {name: name.replace("_", " ") for name in course_settings(root)[0]}


def expand(text: str, settings: dict[str, str]) -> str:
    """Fill every {{ name }} in `text`; an unknown name raises SettingError naming it."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in settings:
            raise SettingError(f"unknown setting '{{{{ {name} }}}}'; the settings are: {', '.join(sorted(settings))}")
        return settings[name]

    return _SETTING.sub(fill, text)
