"""The final self-assessment in the browser shows exactly what the engine computes."""

from __future__ import annotations

import pytest

from conftest import ROOT
from scenario_quiz import Rating, grade, load_bank
from scenario_quiz.grading import points_to_pass

pytestmark = pytest.mark.browser
PAGE = "modules/11-final-self-assessment.html"


@pytest.fixture(scope="module")
def bank():
    return load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")


def plan(bank, ids, harmful_on_safety: bool) -> dict[str, str]:
    """Helpful answers throughout, except (optionally) a harmful one on every safety-critical scenario."""
    answers = {}
    for sid in ids:
        options = bank.get(sid).options
        wanted = Rating.HARMFUL if harmful_on_safety and bank.get(sid).safety_critical else Rating.HELPFUL
        wanted = wanted if any(o.rating is wanted for o in options) else Rating.HELPFUL
        answers[sid] = "abcde"[[o.rating for o in options].index(wanted)]
    return answers


@pytest.mark.parametrize("harmful_on_safety", [False, True])
def test_result_matches_the_engine(browser, site, bank, harmful_on_safety):
    page = browser.new_page()
    page.goto(f"{site}/{PAGE}")
    ids = page.eval_on_selector_all(".sq-assessment section.sq", "els => els.map(e => e.dataset.scenario)")
    assert len(ids) >= 20
    assert len({bank.module_of[i] for i in ids}) == 11  # drawn from every module
    assert "Answer them all to see your result" in page.inner_text(".sq-result-status")
    answers = plan(bank, ids, harmful_on_safety)
    for sid, choice in answers.items():
        page.check(f"#sq-{sid}-{choice}")
        page.click(f"#sq-{sid} .sq-check")
    report = grade(bank, answers, ids)
    status = page.inner_text(".sq-result-status")
    assert f"You scored {report.total} of {report.max_total} points." in status
    passed = report.total >= points_to_pass(len(ids), 70)
    assert ("meets the pass mark of 70%" in status) == passed
    for competency, score in report.by_competency.items():
        row = page.locator(f'tr[data-competency="{competency}"]')
        assert row.locator(".sq-result-points").inner_text() == f"{score.points} of {score.max_points}"
        assert row.locator("a").count() >= 1  # where to read again
    review = page.locator(".sq-result-review li a").all_inner_texts()
    assert len(review) == len(report.safety_review)
    assert page.is_visible(".sq-result-review") == bool(report.safety_review)
    if harmful_on_safety:
        assert report.safety_review  # the plan must exercise the review list
    page.close()


def test_shuffle_keeps_every_scenario(browser, site):
    page = browser.new_page()
    page.goto(f"{site}/{PAGE}")
    before = page.eval_on_selector_all(".sq-assessment section.sq", "els => els.map(e => e.dataset.scenario)")
    page.click(".sq-shuffle")
    after = page.eval_on_selector_all(".sq-assessment section.sq", "els => els.map(e => e.dataset.scenario)")
    assert sorted(after) == sorted(before)
    page.close()
