# SPDX-License-Identifier: MIT
"""How the search reads text: the same steps for the index (here, at build time) and for a query (in
the browser, static/course-search.js). A test runs every indexed word through both and fails if they
ever disagree.

    words("Café’s")                  -> ["cafes"]     accents and apostrophes go, lower case
    Analyser(vocabulary).terms(text) -> stems, without stop words, US spellings read as British

The steps, in order:
1. Unicode NFKD, then drop the combining accents U+0300-U+036F ("café" -> "cafe"), then lower case.
2. Drop apostrophes inside words ("don't" -> "dont"), then split on anything but a-z and 0-9.
3. Drop stop words and single letters (single digits stay: "type 1").
4. US -ize/-yze endings become British -ise/-yse ("organize" -> "organise"), since the Porter
   stemmer treats -ize, but not -ise, as a suffix.
5. The Porter stemmer, for words of 3 letters or more (the browser's stemmer leaves shorter words alone).
6. Other US spellings, and forms the stemmer cannot join to their word, become that word's stem
   ("behavior" -> "behaviour", "told" -> "tell"): vocabulary.yml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer

ACCENTS = re.compile("[\u0300-\u036f]")
APOSTROPHES = re.compile("['\u2018\u2019]")
NOT_A_WORD = re.compile("[^a-z0-9]+")
US_IZE = re.compile("^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers)$")
US_YZE = re.compile("^([a-z]{2,})yz(e|es|ed|ing|er|ers)$")


def fold(text: str) -> str:
    return ACCENTS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    return [w for w in NOT_A_WORD.split(APOSTROPHES.sub("", fold(text))) if len(w) > 1 or w.isdigit()]


def british(word: str) -> str:
    return US_YZE.sub(r"\1ys\2", US_IZE.sub(r"\1is\2", word))


@dataclass
class Analyser:
    """Turns text into search terms. `variants` maps a word to the word it is read as: a US spelling
    to the British one, an irregular form to its word."""

    stopwords: frozenset[str] = frozenset()
    variants: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._porter = snowballstemmer.stemmer("porter")
        # A book repeats its words: remember each word's stem (it saved about a second a build).
        self._stems: dict[str, str] = {}
        # The table is applied to stems, so it covers every ending: "behaviors" as well as "behavior".
        stems = {self._stem(variant): self._stem(word) for variant, word in self.variants.items()}
        self.variant_stems = {variant: word for variant, word in stems.items() if variant != word}

    def _stem(self, word: str) -> str:
        word = british(word)
        return self._porter.stemWord(word) if len(word) > 2 else word

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stem(word)
            stem = self._stems[word] = self.variant_stems.get(stem, stem)
        return stem

    def terms(self, text: str) -> list[str]:
        return [self.stem(w) for w in words(text) if w not in self.stopwords]
