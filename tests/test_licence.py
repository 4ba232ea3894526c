# SPDX-License-Identifier: MIT
"""The course's licences: code under MIT (LICENSE), content under CC BY 4.0 (LICENSE-CONTENT.md),
and every source file saying which on its first line (after a shebang or front matter). The page
templates in book/_templates/ are left out: they adapt the theme's own, under the BSD 3-Clause licence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tomllib
from conftest import ROOT

MIT = "SPDX-License-Identifier: MIT"
CC_BY = "SPDX-License-Identifier: CC-BY-4.0"
NOTEBOOK = "CC-BY-4.0 AND MIT"  # a notebook's text is content, its code cells are code


def _files(folders: tuple[str, ...], *patterns: str) -> list[Path]:
    return sorted(path for folder in folders for pattern in patterns for path in (ROOT / folder).rglob(pattern)
                  if not {"__pycache__", ".ipynb_checkpoints", "_build"} & set(path.parts))


CODE = ("src", "tools", "tests", "benchmarks", "book/_ext")
PAGES = ("book", "modules", "organisers", "exercises", "answers")
# (files, the line that must open them)
RULES = [
    (_files(CODE, "*.py"), f"# {MIT}"),
    (_files(("src", "book", "tools"), "*.js", "*.css"), f"/* {MIT} */"),
    (_files(("src", "tools", "tests"), "*.html"), f"<!-- {MIT} -->"),
    (_files(("src",), "*.j2"), f"{{# {MIT} #}}"),  # the engine's Jinja templates
    (_files(("scenarios", "workshops"), "*.yml") + [ROOT / "nations.yml"], f"# {CC_BY}"),
    (_files(PAGES, "*.md"), f"% {CC_BY}"),
]


def _first_line(path: Path) -> str:
    """The first line that counts: after a script's shebang, a web page's doctype, or a page's front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and (lines[0].startswith("#!") or lines[0].lower() == "<!doctype html>"):
        lines = lines[1:]
    elif lines and lines[0] == "---" and path.suffix == ".md":
        lines = lines[lines.index("---", 1) + 1:]
        while lines and not lines[0].strip():  # the blank line that usually follows front matter
            lines.pop(0)
    return lines[0] if lines else ""


def test_every_source_file_names_its_licence():
    assert all(files for files, _ in RULES), "a rule that finds no files checks nothing"
    missing = [f"{path.relative_to(ROOT)}: its first line should be {line!r}"
               for files, line in RULES for path in files if _first_line(path) != line]
    assert missing == []


@pytest.mark.parametrize("notebook", _files(("exercises", "answers", "organisers"), "*.ipynb"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_names_its_licences_in_its_metadata(notebook):
    assert json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("SPDX-License-Identifier") == NOTEBOOK


def test_both_licences_are_there_and_say_who_holds_them():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License\n\nCopyright (c) 2026 The Diabetes Peer Support Course contributors\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in code
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International" in content
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"


def test_the_readme_and_the_start_page_say_how_to_reuse_the_course():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licence = re.search(r"^## Licence\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert licence and "MIT" in licence[1] and "CC BY 4.0" in licence[1] and "Suggested attribution" in licence[1]
    start = (ROOT / "book" / "index.md").read_text(encoding="utf-8")
    assert "## Reuse this course" in start and "CC BY 4.0" in start
