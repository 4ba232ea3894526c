# SPDX-License-Identifier: MIT
"""Two editions of the book from one source: the trainee edition (the default) and the organiser
edition (`make organiser`, i.e. COURSE_EDITION=organiser).

- Organiser-only passages inside pages use Sphinx's own `only` directive with the `organiser`
  tag, which this extension sets in the organiser edition.
- The organiser edition also turns on presenter mode (`scenario_presenter`): a "Present to the
  room" button on every quiz, and the workshop pages' sessions shown full screen.
- Organiser-only pages live in `organisers/`. The trainee edition builds from a copy of
  `_toc.yml` without them (written to the build folder), and excludes the folder, so no trainee
  page links to, or contains, organiser material.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

EDITIONS = ("trainee", "organiser")
ORGANISER_FOLDER = "organisers/"


def edition() -> str:
    name = os.environ.get("COURSE_EDITION", "trainee").strip().lower() or "trainee"
    if name not in EDITIONS:
        raise ConfigError(f"COURSE_EDITION must be one of {', '.join(EDITIONS)}, not {name!r}")
    return name


def _without_organiser_pages(entries: list) -> list:
    kept = []
    for entry in entries:
        if isinstance(entry, dict) and str(entry.get("file", "")).startswith(ORGANISER_FOLDER):
            continue
        if isinstance(entry, dict):
            entry = dict(entry)
            for key in ("parts", "chapters", "sections"):
                if key in entry:
                    entry[key] = _without_organiser_pages(entry[key])
            if any(key in entry for key in ("parts", "chapters", "sections")) and not any(
                    entry.get(key) for key in ("parts", "chapters", "sections")) and "file" not in entry:
                continue  # a part left empty
        kept.append(entry)
    return kept


def choose_edition(app: Sphinx, config: Config) -> None:
    name = edition()
    config.html_context["course_edition"] = name
    if name == "organiser":
        app.tags.add("organiser")
        config.scenario_presenter = True
        return
    toc_path = Path(config.external_toc_path)
    toc_path = toc_path if toc_path.is_absolute() else Path(app.srcdir) / toc_path
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    for key in ("parts", "chapters"):
        if key in toc:
            toc[key] = _without_organiser_pages(toc[key])
    filtered = Path(app.doctreedir).parent / "trainee-toc.yml"
    filtered.parent.mkdir(parents=True, exist_ok=True)
    filtered.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    config.external_toc_path = str(filtered)
    config.exclude_patterns.append(ORGANISER_FOLDER + "*")


def setup(app: Sphinx) -> dict:
    # Before sphinx-external-toc reads the table of contents (it does so at priority 900).
    app.connect("config-inited", choose_edition, priority=100)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
