# SPDX-License-Identifier: MIT
"""The final self-assessment's parallel forms, and contrast pairs: checks that need the whole bank.

    forms(bank)             # {"a": [ids in file order], "b": [...]}
    form_problems(bank)     # [(scenario id or None, field, message)] for forms that are not fair tests
    contrast_problems(bank) # the same for contrast pairs whose helpful option does not flip
    contrast_pairs(bank)    # [(id, partner id)], each pair once

A form is a fair test when it is long enough, trains every competency, is at least a third
safety-critical, has scenarios in steps and asks the trainee to rate every option in at least
half of its scenarios. A contrast pair is two scenarios with nearly the same options where the
situation makes a different option the helpful one: so the answer can't come from the options.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator

from .bank import Bank
from .grading import complete_paths
from .model import BranchingScenario, Rating, Scenario

__all__ = ["FORM_SIZE", "MATCH", "contrast_pairs", "contrast_problems", "form_problems", "forms"]

FORM_SIZE = 22  # scenarios in each form, at least
MIN_PATHS = 2  # scenarios in steps in each form, at least
MATCH = 0.8  # how alike two option texts must be (difflib ratio) to count as the same option
Finding = tuple[str | None, str, str]  # (scenario id or None, field, message)


def forms(bank: Bank) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for sid, scenario in bank.scenarios.items():
        if scenario.form:
            found.setdefault(scenario.form, []).append(sid)
    return dict(sorted(found.items()))


def form_problems(bank: Bank) -> Iterator[Finding]:
    every = forms(bank)
    for sid, scenario in bank.scenarios.items():
        if isinstance(scenario, Scenario) and scenario.rate_every_option:
            if not scenario.form:
                yield sid, "rate_every_option", "is for final-assessment scenarios only: give the scenario a form"
            if len({o.rating for o in scenario.options}) < 3:
                yield sid, "options", "a scenario where every option is rated needs at least 3 different ratings"
        if isinstance(scenario, BranchingScenario) and scenario.form:
            try:
                complete_paths(scenario)
            except ValueError as exc:
                yield sid, "scenes", str(exc).split(": ", 1)[-1]
    if every and sorted(every) != ["a", "b"]:
        yield None, "form", f"the final assessment needs two forms, a and b; found {', '.join(sorted(every))}"
    counts = {}
    for name, ids in every.items():
        label = f"form {name.upper()}"
        scenarios = [bank.get(sid) for sid in ids]
        counts[name] = Counter(s.competency for s in scenarios)
        if len(ids) < FORM_SIZE:
            yield None, "form", f"{label} has {len(ids)} scenarios; it needs at least {FORM_SIZE}"
        missing = [c for c in bank.competencies if c not in counts[name]]
        if missing:
            yield None, "form", f"{label} has no scenario for: {', '.join(missing)}"
        critical = sum(s.safety_critical for s in scenarios)
        if 3 * critical < len(ids):
            yield None, "form", f"{label} has {critical} safety-critical scenarios; at least a third are needed"
        paths = sum(isinstance(s, BranchingScenario) for s in scenarios)
        if paths < MIN_PATHS:
            yield None, "form", f"{label} has {paths} scenario(s) in steps; it needs at least {MIN_PATHS}"
        rated = sum(isinstance(s, Scenario) and s.rate_every_option for s in scenarios)
        if 2 * rated < len(ids):
            yield None, "form", f"{label} asks to rate every option in {rated} of {len(ids)}; at least half are needed"
    if len(counts) == 2 and counts["a"] != counts["b"]:
        differ = sorted(c for c in set(counts["a"]) | set(counts["b"]) if counts["a"][c] != counts["b"][c])
        yield None, "form", f"forms A and B are not matched by competency: they differ on {', '.join(differ)}"


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower())


def _counterparts(one: Scenario, other: Scenario) -> list[tuple[int, int | None]]:
    """For each option of `one`, the index of the same option in `other` (None if none is alike)."""
    pairs = []
    theirs = [_plain(o.text) for o in other.options]
    for i, option in enumerate(one.options):
        mine = _plain(option.text)
        best, best_ratio = 0, -1.0
        for j, text in enumerate(theirs):
            matcher = difflib.SequenceMatcher(None, mine, text)
            # The quick ratios are upper bounds of ratio(): an option they put no higher than the best so far
            # cannot beat it (the first of equals wins), and its exact ratio, the slow part, is not needed.
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        pairs.append((i, best if best_ratio >= MATCH else None))
    return pairs


def contrast_pairs(bank: Bank) -> list[tuple[str, str]]:
    pairs = []
    for sid, scenario in bank.scenarios.items():
        partner = getattr(scenario, "contrast", None)
        if partner and partner in bank.scenarios and (partner, sid) not in pairs:
            pairs.append((sid, partner))
    return pairs


def contrast_problems(bank: Bank) -> Iterator[Finding]:
    for sid, scenario in bank.scenarios.items():
        partner_id = getattr(scenario, "contrast", None)
        if not partner_id:
            continue
        partner = bank.scenarios.get(partner_id)
        if partner is None or partner_id == sid:
            yield sid, "contrast", f"names '{partner_id}', which is not another scenario in the bank"
            continue
        if not isinstance(partner, Scenario) or getattr(partner, "contrast", None) != sid:
            yield sid, "contrast", f"'{partner_id}' must name '{sid}' back in its own 'contrast' field"
            continue
        assert isinstance(scenario, Scenario)  # BranchingScenario has no contrast field
        matched = _counterparts(scenario, partner)
        alike = sum(j is not None for _, j in matched)
        if 4 * alike < 3 * len(scenario.options) or len(scenario.options) != len(partner.options):
            yield sid, "contrast", (f"only {alike} of its {len(scenario.options)} options match an option of "
                                    f"'{partner_id}'; a contrast pair keeps nearly the same options")
            continue
        for i, j in matched:
            if scenario.options[i].rating is Rating.HELPFUL and (
                    j is None or partner.options[j].rating is Rating.HELPFUL):
                yield sid, f"options[{i}]", (f"is helpful here and {'has no counterpart' if j is None else 'helpful'} "
                                             f"in '{partner_id}': the situation must flip which option is helpful")
