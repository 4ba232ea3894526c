# SPDX-License-Identifier: MIT
"""The rubric of moves (scenarios/rubric.yml): how much of the bank is tagged with a move.

    rubric_problems(bank)   # [(module, scenario id or None, message)]: too few options tagged, or a
                            # safety-critical scenario with an option that names no move
    coverage(bank)          # (options tagged, all options)

Each tagged option is checked against its move's rating when the bank loads (bank._move_checks);
this module asks only whether enough of the bank is tagged for the rubric to mean something.
"""

from __future__ import annotations

from .bank import Bank

__all__ = ["MIN_TAGGED", "coverage", "rubric_problems"]

MIN_TAGGED = 60  # per cent of all options that name a move


def coverage(bank: Bank) -> tuple[int, int]:
    options = [o for s in bank.scenarios.values() for o in s.every_option]
    return sum(o.move is not None for o in options), len(options)


def rubric_problems(bank: Bank) -> list[tuple[str | None, str | None, str]]:
    if not bank.rubric:
        return []
    problems: list[tuple[str | None, str | None, str]] = []
    for sid, scenario in bank.scenarios.items():
        untagged = sum(o.move is None for o in scenario.every_option)
        if scenario.safety_critical and untagged:
            problems.append((bank.module_of[sid], sid,
                             f"{untagged} option(s) of this safety-critical scenario name no move; "
                             f"every option of a safety-critical scenario needs one"))
    tagged, total = coverage(bank)
    if total and 100 * tagged < MIN_TAGGED * total:
        problems.append((None, None, f"{tagged} of {total} options ({100 * tagged / total:.0f}%) name a move; "
                                     f"at least {MIN_TAGGED}% should"))
    return problems
