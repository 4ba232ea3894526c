# SPDX-License-Identifier: MIT
"""The organiser's kit, generated from the scenario bank: role-play cards and the coverage map.

    render_cards(bank, module_links)      # a card per scenario with `roleplay` briefs
    render_coverage(bank, module_links)   # competencies by module, with counts, links and gaps
    coverage_gaps(bank)                   # competencies trained by fewer than 3 scenarios
"""

from __future__ import annotations

from collections import Counter

from ..core.bank import Bank
from ..core.model import Rating, Scenario
from .templating import render

__all__ = ["MIN_SCENARIOS", "card_scenarios", "coverage_gaps", "render_cards", "render_coverage"]

MIN_SCENARIOS = 3  # a competency with fewer scenarios than this is a gap in the course


def card_scenarios(bank: Bank) -> list[Scenario]:
    return [s for s in bank.scenarios.values() if isinstance(s, Scenario) and s.roleplay]


def _card(bank: Bank, s: Scenario, module_title: str) -> dict[str, object]:
    """What one card shows: the observer looks for the helpful options, and watches out for the
    harmful ones (or, where none is harmful, the unhelpful ones)."""
    look_for = [o.text for o in s.options if o.rating is Rating.HELPFUL]
    watch = [o.text for o in s.options if o.rating is Rating.HARMFUL] or \
        [o.text for o in s.options if o.rating is Rating.UNHELPFUL]
    return {"s": s, "competency": bank.competencies[s.competency], "module": module_title, "look_for": look_for,
            "watch": watch}


def render_cards(bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    cards = [_card(bank, s, module_links.get(bank.module_of[s.id], (bank.module_of[s.id], ""))[0])
             for s in card_scenarios(bank)]
    return render("cards.j2", cards=cards)


def _counts(bank: Bank) -> Counter[tuple[str, str]]:
    return Counter((s.competency, bank.module_of[sid]) for sid, s in bank.scenarios.items())


def coverage_gaps(bank: Bank) -> list[tuple[str, int]]:
    totals = Counter(s.competency for s in bank.scenarios.values())
    return [(c, totals[c]) for c in bank.competencies if totals[c] < MIN_SCENARIOS]


def render_coverage(bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    modules = sorted(set(bank.module_of.values()))
    counts = _counts(bank)
    columns = [{"number": int(m[:2]), "title": module_links.get(m, (m, ""))[0],
                "link": module_links.get(m, ("", ""))[1]} for m in modules]
    rows = [{"name": competency.name, "gap": cid in dict(coverage_gaps(bank)),
             "counts": [counts[(cid, m)] for m in modules]} for cid, competency in bank.competencies.items()]
    gaps = [bank.competencies[c].name for c, _ in coverage_gaps(bank)]
    return render("coverage.j2", columns=columns, rows=rows, gaps=gaps, minimum=MIN_SCENARIOS)
