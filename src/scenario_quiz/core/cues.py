# SPDX-License-Identifier: MIT
"""The cue report: could a trainee who never reads the situation still score well?

    report = cue_report(bank)
    for line in report.lines(): print(line)
    report.over_limit()          # [] when every guesser scores at most LIMIT per cent

A test item should be answered from the situation, not from the look of its options. Each
guesser here sees only the options of an item (a simple scenario, or one scene of a scenario in
steps) and picks one; its score is the points of its picks over the points available, as a
trainee would be scored. The guessers:

- longest: the option with the most characters; most words: the most words; shortest: fewest;
- same letter: always the same letter (A, or B, ...), whichever scores best, on the questions shown
  in the YAML's order (module pages; the final forms shuffle their options every attempt);
- word model: naive Bayes over the options' words, trained on every *other* module's options
  (helpful against the rest) and tested on the module left out, so it finds words that tell,
  not items it has memorised.

Ties are shared: a guesser that cannot choose between two options scores their average. It also
lists the items whose helpful option stands out (much longer than every other option, or the only
option with a cue word) so an author can fix them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from .bank import Bank
from .grading import MAX_POINTS, points_for
from .model import BranchingScenario, Option, Rating

__all__ = ["CUE_WORDS", "LIMIT", "MIN_QUESTIONS", "CueReport", "Item", "cue_report", "items_of"]

LIMIT = 45  # per cent: the most a guesser that never reads the situation may score
MIN_QUESTIONS = 20  # fewer questions than this say too little to hold a group to the limit
LONGER_BY = 1.25  # a helpful option this many times longer than every other one "stands out"
# Words and marks that item-writing checks found almost only in helpful options (CONTENT.md).
CUE_WORDS = ("gently", "calmly", "warmly", "thank", "?", "after the session", "gp or diabetes team")
_WORD = re.compile(r"[a-z']+|\?")


@dataclasses.dataclass(frozen=True)
class Item:
    """What a guesser sees of one question: where it is, and its options."""

    scenario: str
    scene: str | None
    module: str
    form: str | None
    options: tuple[Option, ...]

    @property
    def name(self) -> str:
        return f"{self.scenario} (scene {self.scene})" if self.scene else self.scenario

    def points(self, index: int) -> int:
        return points_for(self.options[index].rating)


def items_of(bank: Bank) -> list[Item]:
    """Every question in the bank: each simple scenario, and each scene of a scenario in steps."""
    found = []
    for sid, s in bank.scenarios.items():
        module = bank.module_of[sid]
        if isinstance(s, BranchingScenario):
            found += [Item(sid, scene.id, module, s.form, tuple(scene.options)) for scene in s.scenes]
        else:
            found.append(Item(sid, None, module, s.form, tuple(s.options)))
    return found


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


Guesser = Callable[[Item], list[int]]  # the indexes of the options it cannot tell apart


def _best(values: Sequence[float]) -> list[int]:
    top = max(values)
    return [i for i, v in enumerate(values) if v == top]


def longest(item: Item) -> list[int]:
    return _best([len(o.text) for o in item.options])


def most_words(item: Item) -> list[int]:
    return _best([len(o.text.split()) for o in item.options])


def shortest(item: Item) -> list[int]:
    return _best([-len(o.text) for o in item.options])


class WordModel:
    """Multinomial naive Bayes, helpful against not helpful, over option words (add-one smoothing)."""

    def __init__(self, items: Iterable[Item]):
        self.counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
        for item in items:
            for option in item.options:
                self.counts[option.rating is Rating.HELPFUL].update(_words(option.text))
        self.totals = {label: sum(c.values()) for label, c in self.counts.items()}
        self.vocabulary = len(set(self.counts[True]) | set(self.counts[False])) or 1

    def log_odds(self, word: str) -> float:
        """How much more likely `word` is in a helpful option than in another one."""
        p = {label: (self.counts[label][word] + 1) / (self.totals[label] + self.vocabulary) for label in (True, False)}
        return math.log(p[True] / p[False])

    def __call__(self, item: Item) -> list[int]:
        return _best([round(sum(self.log_odds(w) for w in _words(o.text)), 9) for o in item.options])


def _score(items: Sequence[Item], guess: Guesser) -> float:
    """Per cent of the available points that `guess` earns on `items` (ties scored as their average)."""
    if not items:
        return 0.0
    earned = 0.0
    for item in items:
        picks = guess(item)
        earned += sum(item.points(i) for i in picks) / len(picks) if picks else 0
    return 100 * earned / (MAX_POINTS * len(items))


def _same_letter(items: Sequence[Item]) -> float:
    """The best score of always choosing the same letter (a question without it counts as a miss)."""
    widest = max((len(item.options) for item in items), default=0)
    def always(position: int) -> Guesser:
        return lambda item: [position] if position < len(item.options) else []

    return max((_score(items, always(position)) for position in range(widest)), default=0.0)


def _random(items: Sequence[Item]) -> float:
    return _score(items, lambda item: list(range(len(item.options))))


def _left_out_model_score(items: Sequence[Item], training: Sequence[Item]) -> float:
    """The word model's score on `items`, module by module, each time trained on the other modules."""
    if not items:
        return 0.0
    earned = 0.0
    for module in dict.fromkeys(i.module for i in items):
        model = WordModel(t for t in training if t.module != module)
        mine = [i for i in items if i.module == module]
        earned += _score(mine, model) * len(mine)
    return earned / len(items)


def _stands_out(item: Item, cue_words: Sequence[str]) -> str | None:
    """Why the helpful option of `item` can be spotted without the situation, or None."""
    helpful = [i for i, o in enumerate(item.options) if o.rating is Rating.HELPFUL]
    if len(helpful) != 1:
        return None
    best = helpful[0]
    lengths = [len(o.text) for o in item.options]
    others = [n for i, n in enumerate(lengths) if i != best]
    if others and lengths[best] >= LONGER_BY * max(others):
        return f"its helpful option is {lengths[best] / max(others):.1f} times as long as the next longest"
    texts = [" ".join(_words(o.text)) + (" ?" if "?" in o.text else "") for o in item.options]
    for cue in cue_words:
        has = [i for i, t in enumerate(texts) if re.search(rf"(^|\s){re.escape(cue)}", t)]
        if has == [best]:
            return f"only its helpful option has the cue word '{cue}'"
    return None


@dataclasses.dataclass(frozen=True)
class GroupScores:
    name: str
    items: int
    scores: dict[str, float]  # guesser -> per cent


@dataclasses.dataclass(frozen=True)
class CueReport:
    groups: list[GroupScores]  # the whole bank, then each final-assessment form (the limit applies)
    modules: list[GroupScores]  # each module, for authors (no limit: a module is a small sample)
    stand_outs: list[tuple[Item, str]]
    learned_cues: list[str]  # the words the model leans on most, for authors to watch

    def over_limit(self) -> list[str]:
        return [f"the {guesser} guesser scores {score:.0f}% on {group.name} (limit {LIMIT}%)"
                for group in self.groups for guesser, score in group.scores.items()
                if guesser != "random" and score > LIMIT and group.items >= MIN_QUESTIONS]

    def lines(self, detail: bool = False) -> list[str]:
        """The scores; with `detail`, also each module's scores and every item that stands out."""
        out = [f"Cue report: what a guesser that never reads the situation scores (limit {LIMIT}% each)."]
        for group in self.groups + (self.modules if detail else []):
            scores = ", ".join(f"{name} {score:.0f}%" for name, score in group.scores.items())
            out.append(f"  {group.name} ({group.items} questions): {scores}")
        out.append(f"  Words the word model leans on: {', '.join(self.learned_cues)}")
        if self.stand_outs and not detail:
            out.append(f"  {len(self.stand_outs)} question(s) whose helpful option stands out: "
                       f"run `check --cues` to list them")
        elif self.stand_outs:
            out.append(f"  {len(self.stand_outs)} question(s) whose helpful option stands out:")
            out += [f"    {item.module}.yml: {item.name}: {why}" for item, why in self.stand_outs]
        return out


def cue_report(bank: Bank) -> CueReport:
    items = items_of(bank)

    def scored(name: str, group: list[Item]) -> GroupScores:
        scores = {"random": _random(group), "longest": _score(group, longest), "most words": _score(group, most_words),
                  "shortest": _score(group, shortest)}
        in_order = [item for item in group if not item.form]  # the final forms shuffle their options
        if in_order:
            scores["same letter"] = _same_letter(in_order)
        return GroupScores(name, len(group), scores | {"word model": _left_out_model_score(group, items)})

    groups = [scored("the whole bank", items)] + [
        scored(f"final form {form.upper()}", [i for i in items if i.form == form])
        for form in sorted({i.form for i in items if i.form})
    ]
    modules = [scored(module, [i for i in items if i.module == module]) for module in dict.fromkeys(
        i.module for i in items)]
    whole = WordModel(items)
    frequent = [w for w, n in (whole.counts[True] + whole.counts[False]).items() if n >= 8 and len(w) >= 4]
    learned = sorted(frequent, key=whole.log_odds, reverse=True)[:12]
    cue_words = list(dict.fromkeys([*CUE_WORDS, *(w for w in learned if whole.log_odds(w) > 1.0)]))
    stand_outs = [(item, why) for item in items if (why := _stands_out(item, cue_words))]
    return CueReport(groups, modules, stand_outs, learned)
