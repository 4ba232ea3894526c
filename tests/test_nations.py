# SPDX-License-Identifier: MIT
"""All four UK nations: the organiser's `nation` picks the crisis, urgent health and abuse lines,
in pages and in scenario text alike; each nation's book (both editions) shows its own lines only."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, book_pages, built, gate, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.bank import BankError
from scenario_quiz.core.settings import NATIONS, SettingError, course_settings, expand

LINES = yaml.safe_load((ROOT / "nations.yml").read_text())["nations"]
EDITIONS = ("trainee", "organiser")


def test_each_nation_has_its_own_lines():
    chosen = {n: course_settings(ROOT, n)[0] for n in NATIONS}
    for key in ("crisis_line", "urgent_health_line", "abuse_line", "health_website"):
        assert len({chosen[n][key] for n in NATIONS}) == 4, key
    assert "111" not in chosen["northern-ireland"]["crisis_line"] + chosen["northern-ireland"]["urgent_health_line"]
    assert all(chosen[n]["samaritans"] == chosen["england"]["samaritans"] for n in NATIONS)  # UK-wide


def test_a_line_set_in_config_wins_and_unchecked_lines_are_noted(tmp_path):
    (tmp_path / "nations.yml").write_text((ROOT / "nations.yml").read_text())
    (tmp_path / "_config.yml").write_text(yaml.safe_dump({"parse": {"myst_substitutions": {
        "nation": "northern-ireland", "abuse_line": "our local refuge"}}}))
    settings, notes = course_settings(tmp_path)
    assert settings["abuse_line"] == "our local refuge" and settings["crisis_line"].startswith("Lifeline")
    assert len(notes) == 1 and "urgent_health_line for northern-ireland" in notes[0]  # abuse_line is confirmed


def test_an_unknown_nation_or_setting_is_one_clear_line():
    with pytest.raises(SettingError, match="nation 'cornwall' is not one of: england, wales, scotland"):
        course_settings(ROOT, "cornwall")
    with pytest.raises(SettingError, match=r"unknown setting '\{\{ crisis_lien \}\}'"):
        expand("Ring {{ crisis_lien }}.", {"crisis_line": "x"})


def test_scenario_text_is_filled_from_the_settings(tmp_path):
    scenario = make_scenario()
    scenario["options"][0]["feedback"] = "Offer {{ crisis_line }} too."
    scenario["situation"] = "She mentions {{ nowhere }}."
    folder = write_bank(tmp_path / "b", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    with pytest.raises(BankError) as caught:
        load_bank(folder, settings={"crisis_line": "Lifeline"})
    assert str(caught.value).count("\n") == 0 and "unknown setting '{{ nowhere }}'" in str(caught.value)
    scenario["situation"] = "She stops talking."
    folder = write_bank(tmp_path / "c", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    bank = load_bank(folder, settings={"crisis_line": "Lifeline"})
    assert bank.get("al-one").options[0].feedback == "Offer Lifeline too."


@pytest.fixture
def nation_book(nation) -> dict[str, tuple[Path, str]]:
    """This nation's book in both editions, each with its build log. The nation _config.yml chooses is
    the book every other test reads (`built_book`, `organiser_book`): built once, not twice. The other
    nations' books are started in the background as the run begins (conftest.py)."""
    import books

    configured = course_settings(ROOT)[0]["nation"]
    found = {}
    for edition in EDITIONS:
        chosen = None if nation == configured else nation
        found[edition] = (built(edition, chosen), books.build_log(edition, chosen))
    return found


@pytest.mark.parametrize("nation", NATIONS)
def test_each_nations_book_shows_only_its_own_lines(nation_book, nation):
    others = [n for n in NATIONS if n != nation]
    for edition in EDITIONS:
        html_dir, log = nation_book[edition]
        # Sphinx curls apostrophes; compare plain text. Source citations (a scenario's "Source:" line and
        # the references page) name the pages a scenario was written from, such as NHS England's: they
        # are titles, not lines a reader is told to ring, so they are left out of the comparison.
        pages = [p for p in book_pages(html_dir) if p.name != "references.html"]
        text = html.unescape("\n".join(p.read_text(encoding="utf-8") for p in pages)).replace("’", "'")
        text = re.sub(r"Source: [^<]*", "", text)
        text = re.sub(r'"source":\s*"(?:[^"\\]|\\.)*"', "", text)  # the same line, in each quiz's JSON model
        for key in ("crisis_line", "urgent_health_line", "abuse_line"):
            mine = LINES[nation][key].split(" (")[0]
            assert mine in text, f"{edition}/{nation}: {key} '{mine}' missing"
            for other in others:
                theirs = LINES[other][key].split(" (")[0]
                assert theirs not in text or theirs in LINES[nation][key], f"{edition}/{nation} shows {other}'s {key}"
        if nation == "northern-ireland":
            assert "NHS 111" not in text and "NHS 24" not in text
            assert "check before use" in log  # the lines nations.yml marks for checking are flagged, not fatal
    gate("nations", f"{len(NATIONS)} nations x {len(EDITIONS)} editions built; each shows only its own lines")
