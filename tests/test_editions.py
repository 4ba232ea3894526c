# SPDX-License-Identifier: MIT
"""Organiser edition and workshop kit: two editions from one source, plans that add up, cards
that print two to a page, the coverage map, the offline zip and the publishing workflow."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, book_pages, gate, make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.plans import PlanError, day_minutes, load_plan
from scenario_quiz.markup.kit import card_scenarios, coverage_gaps
from scenario_quiz.markup.quiz import html_id

# Long: 17 to 27 s in a run (axe on the organiser pages in light and dark). Run last among the organiser
# edition's modules, it was left running alone for the last 12 s of a run.
pytestmark = pytest.mark.long

ORGANISER_ONLY = ("Facilitator notes", "sq-cards", "sq-plan", "sq-coverage", "organisers/")


def test_organiser_content_is_only_in_the_organiser_edition(built_book, organiser_book):
    trainee = {p.relative_to(built_book): p.read_text(encoding="utf-8") for p in book_pages(built_book)}
    organiser = {p.relative_to(organiser_book): p.read_text(encoding="utf-8") for p in book_pages(organiser_book)}
    leaks = [f"{page}: {marker}" for page, html in trainee.items() for marker in ORGANISER_ONLY if marker in html]
    assert leaks == []
    assert not (built_book / "organisers").exists()
    notes = [page for page, html in organiser.items() if "Facilitator notes" in html]
    assert len([p for p in notes if p.parts[0] == "modules"]) == 11  # every module has its notes
    for page in ("guide", "one-day-workshop", "two-day-workshop", "role-play-cards", "coverage",
                 "answer-notes-final-self-assessment"):
        assert Path("organisers", f"{page}.html") in organiser
    # The final self-assessment's answer notes are one click from the test only for organisers.
    final_notes = "Answer notes: Final self-assessment"
    assert not [page for page, html in trainee.items() if final_notes in html]
    assert final_notes in organiser[Path("organisers", "answer-notes-final-self-assessment.html")]
    assert set(trainee) < set(organiser)  # the same book, plus the organiser pages
    gate("editions", f"trainee {len(trainee)} pages, organiser {len(organiser)} pages, {len(leaks)} leaks")


@pytest.mark.parametrize("plan", sorted((ROOT / "workshops").glob("*.yml")), ids=lambda p: p.stem)
def test_workshop_timings_add_up(plan, bank):
    loaded = load_plan(plan, bank)
    data = yaml.safe_load(plan.read_text())
    for day in data["days"]:  # add the minutes up here too, independently of the loader
        start_h, start_m = map(int, day["start"].split(":"))
        end_h, end_m = map(int, day["end"].split(":"))
        assert sum(s["minutes"] for s in day["sessions"]) == (end_h * 60 + end_m) - (start_h * 60 + start_m)
    assert all(day_minutes(day) >= 360 for day in loaded.days)  # full days


def test_workshop_plans_cover_one_and_two_days(bank):
    days = {p.stem: len(load_plan(p, bank).days) for p in (ROOT / "workshops").glob("*.yml")}
    assert days == {"one-day": 1, "two-day": 2}
    text = "".join(p.read_text() for p in (ROOT / "workshops").glob("*.yml")).lower()
    assert "first meeting" in text or "first session" in text
    # How a group ends is taught in a session that uses module 10, and says so in its title or objectives.
    endings = [s for p in (ROOT / "workshops").glob("*.yml") for d in load_plan(p, bank).days for s in d.sessions
               if "10-for-organisers" in s.modules
               and re.search(r"\bends?\b|\bending", " ".join([s.title, *s.objectives]), re.I)]
    assert len(endings) >= 2, "each plan needs a session on how a group ends"


def test_a_plan_that_does_not_add_up_is_refused(tmp_path, bank):
    plan = tmp_path / "plan.yml"
    plan.write_text(yaml.safe_dump({
        "title": "T", "summary": "S", "trainees": {"min": 6, "max": 12}, "trainers": 2,
        "safety": {"modules": ["08-medical-emergencies"], "ends_by": "13:00", "minutes": 10, "trainers": 2},
        "days": [{"name": "Day", "start": "09:30", "end": "12:00", "sessions": [
            {"title": "Arrive", "minutes": 10, "kind": "arrival"},
            {"title": "Talk", "minutes": 100, "modules": ["99-nothing"], "scenarios": ["no-such"]},
            {"title": "Lunch", "minutes": 20, "kind": "meal"},
            {"title": "Spare", "minutes": 10, "kind": "slack"}]}]}))
    with pytest.raises(PlanError) as caught:
        load_plan(plan, bank)
    assert str(caught.value).splitlines() == [
        f"{plan}: day 'Day': the sessions add up to 140 minutes, but 09:30 to 12:00 is 150 minutes",
        f"{plan}: session 'Talk': no module '99-nothing'",
        f"{plan}: session 'Talk': no scenario 'no-such'",
        f"{plan}: safety: no session teaches 08-medical-emergencies",
    ]


@pytest.mark.browser
def test_role_play_cards_print_two_to_a_page(page, organiser_book, bank):
    import io

    from pypdf import PdfReader

    cards = card_scenarios(bank)
    assert len(cards) >= 20
    page.goto((organiser_book / "organisers" / "role-play-cards.html").as_uri())
    assert page.locator(".sq-card").count() == len(cards)
    page.emulate_media(media="print")
    clipped = page.eval_on_selector_all(".sq-card", "els => els.filter(e => e.scrollHeight > e.clientHeight + 1)"
                                                    ".map(e => e.id)")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert clipped == [], "these cards do not fit on half a page"
    assert len(pdf.pages) == math.ceil(len(cards) / 2)
    first = pdf.pages[0].extract_text()
    assert "The other person" in first and "The observer" in first and "Skip to main content" not in first
    gate("cards", f"{len(cards)} role-play cards on {len(pdf.pages)} A4 pages")


def test_coverage_map_reports_gaps(organiser_book, bank, tmp_path):
    html = (organiser_book / "organisers" / "coverage.html").read_text()
    gaps = coverage_gaps(bank)
    assert ("No gaps" in html) == (gaps == [])
    for competency in bank.competencies.values():
        assert competency.name in html
    thin = load_bank(write_bank(tmp_path / "b", {"01-x.yml": {"scenarios": [make_scenario()]}}),
                     tmp_path / "b" / "refs.bib")
    assert coverage_gaps(thin) == [("active-listening", 1), ("safeguarding", 0)]
    gate("coverage", f"{len(bank.competencies)} skills by module, {len(gaps)} gaps")


@pytest.mark.browser
def test_offline_zip_works_from_disk(page, built_book, tmp_path):
    target = tmp_path / "course.zip"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "pack_offline.py"), str(built_book), str(target)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path / "unzipped")
    home = tmp_path / "unzipped" / "diabetes-peer-support-course" / "index.html"
    page.goto(home.as_uri())
    page.click("text=Active listening")  # follow the book's own links, from disk
    first = page.locator("section.sq-single").first.get_attribute("data-scenario")
    page.check(f"#{html_id(first, 'a')}")
    page.click(f"#{html_id(first)} .sq-check")
    assert "You chose A." in page.inner_text(f"#{html_id(first)} .sq-feedback")
    assert page.url.startswith("file://")


def test_pages_workflow_builds_with_the_readme_command():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make book" for step in steps)
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert "make book" in (ROOT / "README.md").read_text()


@pytest.mark.browser
def test_organiser_pages_are_accessible(page, organiser_book):
    """The organiser edition's own pages, which the sweep of the trainee book does not visit, in light and
    dark (tests/axe.py, in_both_schemes)."""
    from axe import in_both_schemes

    extra = [p for p in book_pages(organiser_book) if p.parts[-2] == "organisers"]
    extra.append(organiser_book / "modules" / "07-mental-health.html")  # a module with its facilitator notes
    found = []
    for path in extra:
        page.goto(path.as_uri())
        found += [f"{path.name}: {line}" for line in in_both_schemes(page)]
    gate("axe-org", f"{len(extra)} organiser pages x light and dark, {len(found)} violations")
    assert found == []
