# SPDX-License-Identifier: MIT
"""The organiser's kit, generated from the scenario bank: role-play cards and the coverage map.

    render_cards(bank, module_links)      # a card per scenario with `roleplay` briefs
    render_coverage(bank, module_links)   # competencies by module, with counts, links and gaps
    coverage_gaps(bank)                   # competencies trained by fewer than 3 scenarios
"""

from __future__ import annotations

import html
from collections import Counter

from ..core.bank import Bank
from ..core.model import Rating, Scenario
from .text import markdown
from .quiz import html_id

__all__ = ["MIN_SCENARIOS", "card_scenarios", "coverage_gaps", "render_cards", "render_coverage"]

MIN_SCENARIOS = 3  # a competency with fewer scenarios than this is a gap in the course


def card_scenarios(bank: Bank) -> list[Scenario]:
    return [s for s in bank.scenarios.values() if isinstance(s, Scenario) and s.roleplay]


def _card(bank: Bank, s: Scenario, module_title: str) -> str:
    e = html.escape
    competency = bank.competencies[s.competency]
    look_for = [o.text for o in s.options if o.rating is Rating.HELPFUL]
    watch = [o.text for o in s.options if o.rating is Rating.HARMFUL] or \
        [o.text for o in s.options if o.rating is Rating.UNHELPFUL]
    items = lambda texts: "".join(f"<li>{e(t)}</li>" for t in texts)  # noqa: E731
    return (
        f"<article class='sq-card' id='{html_id(s.id, 'card')}' aria-labelledby='{html_id(s.id, 'card', 'title')}'>"
        f"<h2 id='{html_id(s.id, 'card', 'title')}'>Role-play: {e(s.title)}</h2>"
        f"<p class='sq-card-meta'>Skill: {e(competency.name)}. From: {e(module_title)}. "
        f"Scenario <code>{e(s.id)}</code>.</p><div class='sq-card-parts'>"
        f"<section><h3>The other person (usually a group member)</h3><p>{e(s.roleplay.member)}</p></section>"
        f"<section><h3>The facilitator</h3>{markdown().render(s.situation)}<p>{e(s.roleplay.facilitator)}</p></section>"
        f"<section><h3>The observer</h3><p>Watch for <strong>{e(competency.name.lower())}</strong>: "
        f"{e(competency.description)}</p><p>Helpful moves look like:</p><ul>{items(look_for)}</ul>"
        f"<p>Watch out for:</p><ul>{items(watch)}</ul>"
        f"<p>Debrief in this order: the facilitator first, then the member (what helped, and what did not?), then you.</p></section></div></article>"
    )


def render_cards(bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    cards = [_card(bank, s, module_links.get(bank.module_of[s.id], (bank.module_of[s.id], ""))[0])
             for s in card_scenarios(bank)]
    return f"<div class='sq-cards' data-cards='{len(cards)}'>{''.join(cards)}</div>"


def _counts(bank: Bank) -> Counter:
    return Counter((s.competency, bank.module_of[sid]) for sid, s in bank.scenarios.items())


def coverage_gaps(bank: Bank) -> list[tuple[str, int]]:
    totals = Counter(s.competency for s in bank.scenarios.values())
    return [(c, totals[c]) for c in bank.competencies if totals[c] < MIN_SCENARIOS]


def render_coverage(bank: Bank, module_links: dict[str, tuple[str, str]]) -> str:
    e = html.escape
    modules = sorted(set(bank.module_of.values()))
    counts = _counts(bank)
    gaps = dict(coverage_gaps(bank))
    head = "".join(
        f"<th scope='col'><abbr title='{e(module_links.get(m, (m, ''))[0])}'>{int(m[:2])}</abbr></th>" for m in modules)
    rows = []
    for cid, competency in bank.competencies.items():
        cells = []
        for m in modules:
            n = counts[(cid, m)]
            link = module_links.get(m, ("", ""))[1]
            cells.append(f"<td><a href='{link}' aria-label='{n} in {e(module_links.get(m, (m, ''))[0])}'>{n}</a></td>"
                         if n and link else f"<td>{n or ''}</td>")
        total = sum(counts[(cid, m)] for m in modules)
        flag = f" <strong class='sq-gap'>Gap: fewer than {MIN_SCENARIOS} scenarios</strong>" if cid in gaps else ""
        rows.append(f"<tr><th scope='row'>{e(competency.name)}{flag}</th>{''.join(cells)}<td>{total}</td></tr>")
    summary = (f"No gaps: every skill is trained by at least {MIN_SCENARIOS} scenarios." if not gaps else
               f"Gaps: {', '.join(e(bank.competencies[c].name) for c in gaps)}.")
    return (f"<div class='sq-coverage'><p class='sq-coverage-summary'>{summary}</p>"
            f"<table class='sq-coverage-table'><caption>Scenarios for each skill, by module (numbers are module "
            f"numbers; each count links to the module)</caption><thead><tr><th scope='col'>Skill</th>{head}"
            f"<th scope='col'>All</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
