# SPDX-License-Identifier: MIT
"""The final self-assessment in the browser: two forms, rate every option, "How sure are you?", the
safety gate and the certificate, by keyboard; and the browser's verdicts match the engine's."""

from __future__ import annotations

import json
import random

import pytest
from quiz_page import focus

from scenario_quiz.core.forms import forms
from scenario_quiz.core.grading import CONFIDENCE, RATING_SCALE, complete_paths, grade_assessment, item_kind
from scenario_quiz.core.model import Rating, scenario_version
from scenario_quiz.markup.quiz import html_id

pytestmark = [pytest.mark.browser, pytest.mark.long]


PAGE = "modules/11-final-self-assessment.html"
PROGRESS = "book/my-progress.html"
PASS_MARK = 70  # _config.yml's scenario_pass_mark


def random_answer(rng: random.Random, scenario, paths: list[tuple[str, ...]]):
    """A random answer; `paths` are the scenario's complete paths, sorted (found once per scenario: finding
    them for each of a thousand attempts took two seconds)."""
    kind = item_kind(scenario)
    if kind == "path":
        return list(rng.choice(paths))
    if kind == "rate":
        return {"abcde"[i]: rng.choice(RATING_SCALE).value for i in range(len(scenario.options))}
    return "abcde"[rng.randrange(len(scenario.options))]


def saved(scenario, answer, confidence, version: str):
    key = {"path": "path", "rate": "ratings", "single": "choice"}[item_kind(scenario)]
    return {key: answer, "version": version, "confidence": confidence}


def test_browser_and_engine_agree_on_a_thousand_attempts(page, site, bank):
    """Every total, verdict, safety slip, skill and talk-through list the browser shows comes from
    lookups in the model Python wrote: 1,000 generated attempts must agree with grading.py."""
    page.goto(f"{site}/{PAGE}")
    rng = random.Random(1130)
    both = forms(bank)
    scenarios = {sid: bank.get(sid) for ids in both.values() for sid in ids}
    paths = {sid: sorted(complete_paths(s)) for sid, s in scenarios.items() if item_kind(s) == "path"}
    versions = {sid: scenario_version(s) for sid, s in scenarios.items()}
    attempts, expected = [], []
    for n in range(1000):
        name = "ab"[n % 2]
        ids = both[name]
        # Mostly careful attempts (so that passes, slips and near misses all occur), some missing answers.
        care = rng.random()
        answers, confidence, stored = {}, {}, {}
        for sid in ids:
            scenario = scenarios[sid]
            if rng.random() < 0.03:
                continue
            answer = random_answer(rng, scenario, paths.get(sid, []))
            if rng.random() < care:  # the course's own answer
                kind = item_kind(scenario)
                if kind == "rate":
                    answer = {"abcde"[i]: o.rating.value for i, o in enumerate(scenario.options)}
                elif kind == "single":
                    answer = "abcde"[[o.rating for o in scenario.options].index(Rating.HELPFUL)]
            answers[sid] = answer
            confidence[sid] = rng.choice(CONFIDENCE)
            stored[sid] = saved(scenario, answer, confidence[sid], versions[sid])
        result = grade_assessment(bank, ids, answers, PASS_MARK, True, confidence)
        attempts.append([name, stored])
        expected.append({
            "complete": result.complete, "total": result.total, "max": result.max_total,
            "pointsMet": result.points_met, "passed": result.passed, "slips": result.safety_slips,
            "talk": result.talk_through,
            "skills": {c: [s.points, s.max_points, s.met] for c, s in result.skills.items()},
        })
    # The model is the one the page carries; attempts and results cross as JSON text, which Playwright passes
    # as it is: as nested values, which it converts one by one, they took 5 s of CPU where this takes 0.4.
    got = json.loads(page.evaluate("""attempts => {
        const model = JSON.parse(document.querySelector('.sq-assessment-model').textContent);
        return JSON.stringify(JSON.parse(attempts).map(([name, answers]) => {
          const r = window.scenarioQuizStore.scoreAttempt(model, name, answers);
          const skills = {};
          Object.keys(r.skills).forEach(c => { skills[c] = [r.skills[c].points, r.skills[c].max, r.skills[c].met]; });
          return {complete: r.complete, total: r.total, max: r.max, pointsMet: r.pointsMet, passed: r.passed,
                  slips: r.slips, talk: r.talk, skills: skills};
        }));
    }""", json.dumps(attempts)))
    mismatches = [n for n, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert not mismatches, f"{len(mismatches)} of 1000 differ; first: {got[mismatches[0]]} != {expected[mismatches[0]]}"
    verdicts = {(e["complete"], e["pointsMet"], e["passed"]) for e in expected}
    assert {(True, True, True), (True, True, False), (True, False, False), (False, False, False)} <= verdicts
    assert not page.problems, page.problems


def press_radio(page, selector: str) -> None:
    focus(page, selector)
    page.keyboard.press("Space")


def answer_form_by_keyboard(page, bank, ids: list[str], slip: str | None = None) -> None:
    """Answer every scenario with the course's own answer, by keyboard; on `slip`, the harmful one."""
    for sid in ids:
        scenario = bank.get(sid)
        kind = item_kind(scenario)
        if kind == "rate":
            for i, option in enumerate(scenario.options):
                given = Rating.HELPFUL if sid == slip and option.rating is Rating.HARMFUL else option.rating
                press_radio(page, f'#{html_id(sid, "abcde"[i], given.value.replace(" ", "-"))}')
        elif kind == "single":
            wanted = Rating.HARMFUL if sid == slip else Rating.HELPFUL
            press_radio(page, f'#{html_id(sid, "abcde"[[o.rating for o in scenario.options].index(wanted)])}')
        else:
            scene = scenario.scene(scenario.start)
            first = True
            while scene is not None:
                index = [o.rating for o in scene.options].index(Rating.HELPFUL)
                question = ("scene", scene.id)
                press_radio(page, "#" + html_id(sid, *question, "abcde"[index]))
                if first:
                    press_radio(page, "#" + html_id(sid, *question, "sure", "sure"))
                focus(page, f"#{html_id(sid, *question)} .sq-check")
                page.keyboard.press("Enter")
                scene, first = scenario.scene(scene.options[index].next), False
            continue
        press_radio(page, f"#{html_id(sid, 'sure', 'fairly-sure')}")
        focus(page, f"#{html_id(sid)} .sq-check")
        page.keyboard.press("Enter")
        feedback = page.evaluate("s => document.querySelector(s).innerText", f"#{html_id(sid, 'feedback')}")
        assert feedback.strip(), f"no feedback announced for {sid}"


def start_form(page, name: str) -> None:
    focus(page, f'.sq-start-form[data-form="{name}"]')
    page.keyboard.press("Enter")
    assert page.is_visible(f'.sq-assessment-form[data-form="{name}"]')


def test_a_form_by_keyboard_passes_and_offers_the_certificate(page, site, bank):
    page.goto(f"{site}/{PAGE}")
    assert page.is_hidden('.sq-assessment-form[data-form="a"]') and page.is_hidden('.sq-assessment-form[data-form="b"]')
    start_form(page, "a")
    ids = forms(bank)["a"]
    answer_form_by_keyboard(page, bank, ids)
    status = page.inner_text(".sq-result-status")
    result = grade_assessment(bank, ids, {}, PASS_MARK)  # only for the maximum
    assert f"you scored {result.max_total} of {result.max_total} points" in status
    assert "meets the pass mark of 70%" in status
    assert page.is_visible(".sq-certificate-offer") and page.is_hidden(".sq-result-review")
    page.goto(f"{site}/{PROGRESS}")
    assert page.is_visible(".sq-print-certificate")
    assert "form A" in page.inner_text(".sq-certificate-score")
    assert not page.problems, page.problems


def test_a_harmful_answer_on_a_safety_critical_scenario_holds_back_the_pass(page, site, bank):
    page.goto(f"{site}/{PAGE}")
    start_form(page, "b")
    ids = forms(bank)["b"]
    slip = next(sid for sid in ids if bank.get(sid).safety_critical and item_kind(bank.get(sid)) == "rate")
    answer_form_by_keyboard(page, bank, ids, slip=slip)
    status = page.inner_text(".sq-result-status")
    assert "Your points reach the pass mark" in status and "does not meet the pass mark yet" in status
    assert page.locator(".sq-result-review li a").all_inner_texts() == [bank.get(slip).title]
    assert page.get_attribute(".sq-result-review li a", "href") == f"#{html_id(slip)}"  # the scenario's section
    assert page.is_hidden(".sq-certificate-offer")
    page.goto(f"{site}/{PROGRESS}")
    assert page.is_hidden(".sq-print-certificate") and page.is_hidden(".sq-certificate")
    assert "safety-critical" in page.inner_text(".sq-certificate-status")


def test_confidence_is_asked_before_checking_and_confident_misses_come_first(page, site, bank):
    page.goto(f"{site}/{PAGE}")
    start_form(page, "a")
    ids = forms(bank)["a"]
    single = next(sid for sid in ids if item_kind(bank.get(sid)) == "single")
    options = bank.get(single).options
    press_radio(page, f'#{html_id(single, "abcde"[[o.rating for o in options].index(Rating.UNHELPFUL)])}')
    focus(page, f"#{html_id(single)} .sq-check")
    page.keyboard.press("Enter")
    assert page.inner_text(f"#{html_id(single, 'feedback')}") == "Say how sure you are first."
    press_radio(page, f"#{html_id(single, 'sure', 'sure')}")
    focus(page, f"#{html_id(single)} .sq-check")
    page.keyboard.press("Enter")
    stored = page.evaluate("JSON.parse(localStorage.getItem('diabetes-peer-support-course:answers'))")
    assert stored["form"] == "a" and stored["answers"][single]["confidence"] == "sure"
    answer_form_by_keyboard(page, bank, [sid for sid in ids if sid != single])
    talk = page.locator(".sq-result-talk li").all_inner_texts()
    assert talk[0] == f"{bank.get(single).title} (you felt sure)"


def test_start_again_offers_the_other_form_with_new_option_orders(page, site, bank):
    page.goto(f"{site}/{PAGE}")
    start_form(page, "a")
    answer_form_by_keyboard(page, bank, forms(bank)["a"])
    focus(page, ".sq-other-form")
    page.keyboard.press("Enter")
    assert page.is_visible('.sq-assessment-form[data-form="b"]')
    assert page.is_hidden('.sq-assessment-form[data-form="a"]')
    stored = page.evaluate("JSON.parse(localStorage.getItem('diabetes-peer-support-course:answers'))")
    assert stored["form"] == "b" and not set(stored["answers"]) & set(forms(bank)["a"])
    assert "Answer them all" in page.inner_text(".sq-result-status")

    def shown_order():
        return page.eval_on_selector_all('.sq-assessment-form[data-form="b"] .sq-option input, '
                                         '.sq-assessment-form[data-form="b"] .sq-rate-option',
                                         "els => els.map(e => e.value || e.dataset.option).join('')")
    first = shown_order()
    page.reload()
    assert shown_order() != first  # a new order per attempt (22 scenarios: the same order by chance is negligible)
    assert sorted(first) == sorted(shown_order())


def test_an_answered_form_and_its_result_stay_accessible(page, site, bank):
    """Rate-every-option, "How sure are you?", the feedback and the result appear only once a form
    is under way: axe checks them in both colour schemes (the form is answered once, then shown in each)."""
    from axe import in_both_schemes

    page.goto(f"{site}/{PAGE}")
    start_form(page, "a")
    ids = forms(bank)["a"]
    slip = next(sid for sid in ids if bank.get(sid).safety_critical and item_kind(bank.get(sid)) == "rate")
    answer_form_by_keyboard(page, bank, ids, slip=slip)
    assert page.is_visible(".sq-result-review")
    assert in_both_schemes(page) == []
