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
    """This nation's books, each with its build log. The nation _config.yml chooses is the book every
    other test reads (`built_book`, `organiser_book`), in both editions: built once, not twice. The other
    nations are built in the organiser edition only, started in the background as the run begins
    (conftest.py): it holds every page and passage of the trainee edition (which is the organiser
    edition less `organisers/` and the `{only} organiser` passages, as the test below holds), so a line
    that shows, or fails to show, on a trainee page does the same there. That spares three builds."""
    import books

    configured = course_settings(ROOT)[0]["nation"]
    editions = EDITIONS if nation == configured else ("organiser",)
    chosen = None if nation == configured else nation
    return {edition: (built(edition, chosen), books.build_log(edition, chosen)) for edition in editions}


def test_the_trainee_edition_has_no_passage_the_organiser_edition_lacks():
    """Why one edition per other nation is enough: every `{only}` passage a trainee sees, an organiser
    sees too. A passage for trainees only (`{only} not organiser`) would break that."""
    from sphinx.util.tags import Tags

    found, read = [], 0
    for source in sorted([*ROOT.glob("*.md"), *ROOT.glob("[!._]*/**/*.md")]):
        if "_build" in source.parts or ".venv" in source.parts:
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            condition = re.match(r"\s*(?:`{3,}|:{3,})\{only\}\s+(.+)|\s*\.\. only::\s+(.+)", line)
            if condition:
                expression, read = (condition.group(1) or condition.group(2)).strip(), read + 1
                seen = {name: Tags(tags).eval_condition(expression)
                        for name, tags in (("trainee", []), ("organiser", ["organiser"]))}
                if seen["trainee"] and not seen["organiser"]:
                    found.append(f"{source.relative_to(ROOT)}:{number}: {{only}} {expression}")
    assert read >= 10  # the course's `{only}` passages were found and read
    assert found == [], "passages for trainees only: " + "; ".join(found)


@pytest.mark.parametrize("nation", NATIONS)
def test_each_nations_book_shows_only_its_own_lines(nation_book, nation):
    others = [n for n in NATIONS if n != nation]
    for edition, (html_dir, log) in nation_book.items():
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
    gate("nations", f"{len(NATIONS)} nations built (the default in both editions, the others as organiser "
                    "editions, which hold every trainee page); each shows only its own lines")
