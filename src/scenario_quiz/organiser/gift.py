# SPDX-License-Identifier: MIT
"""The scenario bank as Moodle GIFT questions, for organisers who run the course in Moodle.

    titles = module_titles(Path("."), bank)          # "03-active-listening" -> "Active listening"
    text = gift_export(bank, titles)                 # every module's scenarios, not the final self-assessment
    text = gift_export(bank, titles, include_final=True)

    python -m scenario_quiz export --format gift --out course-questions.txt

What becomes what (GIFT format: https://docs.moodle.org/en/GIFT_format):

- Each module is a category, `$course$/Diabetes peer support/03 Active listening`, named after the
  module page's first heading.
- A scenario is one multiple-choice question named by its title. Its text is the situation and the
  question, as Markdown. Each option's weight is its points as a share of the most an option earns
  (helpful `=`, partly helpful `~%50%`, unhelpful and harmful `~%0%`), and its feedback starts with
  its rating ("Harmful. ..."): Moodle shows only the grade, and a harmful and an unhelpful option
  both earn nothing. The general feedback gives the skill and the source, as the book does.
- A scenario in steps cannot be one GIFT question: GIFT has no branching. Each scene becomes its
  own question, "Title (step N)", numbered in the order a trainee first meets the scenes, with the
  opening situation above the scene's own. Every scene's options are rated and explained on their
  own, so each step is a fair question; leaving these scenarios out would drop some of the course's
  most safety-critical practice from the organiser's bank.
- The final self-assessment is left out unless `include_final`. It is the course's own test: its
  answer notes are for organisers only, and a Moodle question bank is open to every teacher of the
  course and feeds practice quizzes, where its items would be spoilt. An organiser who wants to set
  the test in Moodle can export it on purpose; each form goes in its own category (Form A, Form B),
  and a rate-every-option scenario becomes a normal choice weighted by each option's rating.

Escaping follows Moodle's importer: `\\`, `\\~`, `\\=`, `\\#`, `\\{`, `\\}` and `\\:` stand for the
characters and `\\n` for a new line. Every text keeps its new lines as `\\n`, so a blank line in a
situation never ends a question early, and no line of a text can start with `//` (a comment).
Options and feedback are marked `[plain]`: the book shows them as text, never as Markdown or HTML.
The question line is escaped for Markdown, and a `<` in a situation becomes `&lt;`, since the book
shows raw HTML in a situation as text (inside a code span it would show as `&lt;`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..core.bank import Bank
from ..core.grading import MAX_POINTS, points_for
from ..core.model import AnyScenario, BranchingScenario, Option, Scenario, Scene
from ..markup.quiz import RATING_LABELS

__all__ = ["COURSE_CATEGORY", "gift_escape", "gift_export", "module_titles", "question_count"]

COURSE_CATEGORY = "Diabetes peer support"
LICENCE_NOTE = "Content: CC BY 4.0, The Diabetes Peer Support Course contributors (see LICENSE-CONTENT.md)."

_GIFT_SPECIAL = "~=#{}:"
# Markdown punctuation that Moodle's Markdown (and CommonMark) read as the character after a backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!:|])")
_HEADING = re.compile(r"^# (.+)$", re.M)


def gift_escape(text: str) -> str:
    """`text` as a GIFT text that Moodle reads back exactly, on one line."""
    text = text.replace("\\", "\\\\")  # first, so the backslashes added below stay single
    for character in _GIFT_SPECIAL:
        text = text.replace(character, "\\" + character)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _category_name(name: str) -> str:
    """One level of a category path. Moodle does not unescape a $CATEGORY line, so only a backslash
    (which could start an escape) is doubled, and a slash is doubled as Moodle's category paths want."""
    name = " ".join(name.replace("\\", "\\\\").split()).replace("/", "//")
    # A name starting or ending with a slash would join its neighbour's separator ("///").
    return f" {name}" if name.startswith("/") else f"{name} " if name.endswith("/") else name


def _markdown_line(text: str) -> str:
    """Plain text (the question) as a Markdown paragraph that shows exactly that text."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _page_title(page: Path) -> str | None:
    """The first `# ` heading of a MyST page, after its front matter; None if it has none."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        text = text[end + 4:] if end != -1 else text
    heading = _HEADING.search(text)
    return heading.group(1).strip() if heading else None


def module_titles(root: Path, bank: Bank) -> dict[str, str]:
    """Each module's title from its page (modules/<slug>.md), or from its slug if it has no page."""
    titles = {}
    for slug in dict.fromkeys(bank.module_of.values()):
        words = slug.split("-")
        fallback = " ".join(words[1:] if words[0].isdigit() and len(words) > 1 else words).capitalize()
        titles[slug] = _page_title(root / "modules" / f"{slug}.md") or fallback
    return titles


def _module_category(slug: str, title: str) -> str:
    number = slug.split("-")[0]
    return f"{number} {title}" if number.isdigit() else title


def _weights(options: list[Option]) -> list[str]:
    """Each option's GIFT answer mark. One `=` (the first helpful option) makes Moodle offer one
    answer, not tick boxes; every other option is `~%weight%`, which also gives Moodle the `~` it
    needs to see a multiple-choice question when every option is helpful."""
    first_helpful = next((i for i, o in enumerate(options) if points_for(o.rating) == MAX_POINTS), None)
    return ["=" if i == first_helpful else f"~%{100 * points_for(o.rating) // MAX_POINTS}%"
            for i, o in enumerate(options)]


def _question(name: str, text: str, options: list[Option], general: str, comment: str) -> str:
    answers = "".join(f"\t{mark}[plain]{gift_escape(o.text)}#[plain]"
                      f"{gift_escape(RATING_LABELS[o.rating] + '. ' + o.feedback)}\n"
                      for mark, o in zip(_weights(options), options, strict=True))
    return (f"// {comment}\n::{gift_escape(name)}::[markdown]{gift_escape(text)}{{\n{answers}"
            f"\t####[plain]{gift_escape(general)}\n}}\n")


def _general_feedback(bank: Bank, s: AnyScenario) -> str:
    competency = bank.competencies[s.competency].name if s.competency in bank.competencies else s.competency
    source = bank.sources.get(s.source.ref, s.source.ref) + (f" ({s.source.detail})" if s.source.detail else "")
    safety = "Safety-critical: a harmful answer here means \"review this before you facilitate\".\n"
    return f"{safety if s.safety_critical else ''}Skill: {competency}. Source: {source}"


def _scenes_in_order(s: BranchingScenario) -> list[Scene]:
    """The scenes in the order a trainee can first meet them: breadth first from the start."""
    order: dict[str, Scene] = {}
    queue = [s.start]
    while queue:
        scene = s.scene(queue.pop(0))
        if scene is not None and scene.id not in order:
            order[scene.id] = scene
            queue += [o.next for o in scene.options]
    # `check` refuses a scene no path reaches; were one here, it would still be exported, last.
    return list(order.values()) + [scene for scene in s.scenes if scene.id not in order]


def _scenario_questions(bank: Bank, s: AnyScenario) -> Iterator[str]:
    """The GIFT question(s) for one scenario: one, or one for each scene of a scenario in steps."""
    general = _general_feedback(bank, s)
    if isinstance(s, Scenario):
        text = f"{_raw_html_as_text(s.situation)}\n\n{_markdown_line(s.question)}"
        yield _question(s.title, text, s.options, general, f"scenario: {s.id}")
        return
    for step, scene in enumerate(_scenes_in_order(s), start=1):
        text = (f"{_raw_html_as_text(s.situation)}\n\n{_raw_html_as_text(scene.situation)}\n\n"
                f"{_markdown_line(scene.question)}")
        yield _question(f"{s.title} (step {step})", text, scene.options, general,
                        f"scenario: {s.id}, scene: {scene.id}")


def _raw_html_as_text(markdown: str) -> str:
    """Markdown whose HTML tags show as text, as the book shows them (its Markdown allows no HTML)."""
    return markdown.replace("<", "&lt;")


def _category(*names: str) -> str:
    return f"$CATEGORY: $course$/{'/'.join(_category_name(n) for n in (COURSE_CATEGORY, *names))}\n"


def _groups(bank: Bank, titles: Mapping[str, str], include_final: bool) -> Iterator[tuple[tuple[str, ...], list]]:
    """(category names, scenarios) in bank order: a module, or one form of the final self-assessment."""
    groups: dict[tuple[str, ...], list[AnyScenario]] = {}
    for sid, s in bank.scenarios.items():
        slug = bank.module_of[sid]
        names = (_module_category(slug, titles.get(slug, slug)),)
        if s.form:
            if not include_final:
                continue
            names += (f"Form {s.form.upper()}",)
        groups.setdefault(names, []).append(s)
    yield from groups.items()


def gift_export(bank: Bank, titles: Mapping[str, str], include_final: bool = False) -> str:
    """The bank as one GIFT file: a category for each module, then its questions."""
    blocks = ["// Facilitating diabetes peer support groups: the course's scenarios as Moodle GIFT questions.\n"
              f"// {LICENCE_NOTE}\n"]
    left_out = sum(1 for s in bank.scenarios.values() if s.form)
    if left_out and not include_final:
        blocks.append(f"// The final self-assessment's {left_out} scenarios are left out: it is the course's own test, "
                      "and its answers are for organisers only. Export it with --include-final.\n")
    for names, scenarios in _groups(bank, titles, include_final):
        blocks.append(_category(*names))
        blocks += [question for s in scenarios for question in _scenario_questions(bank, s)]
    return "\n".join(blocks)


def question_count(text: str) -> tuple[int, int]:
    """(questions, categories) in a GIFT text written by gift_export: for the command's summary."""
    return len(re.findall(r"^::", text, re.M)), len(re.findall(r"^\$CATEGORY:", text, re.M))
