# SPDX-License-Identifier: MIT
"""The course content meets its bars: every seed FAQ question answered, every organiser setting
used and filled in, every module in the same shape, plain English, enough varied scenarios,
crisis contacts exactly right, and no doses anywhere."""

from __future__ import annotations

import difflib
import re
from collections import Counter

import pytest
import yaml
from conftest import ROOT

from scenario_quiz import Rating
from scenario_quiz.core.forms import forms
from scenario_quiz.organiser.readability import reading_ease, word_count

SEED_FAQ = ROOT.parent / "shared" / "seeds" / "faq.txt"
MODULES = sorted((ROOT / "modules").glob("[0-9][0-9]-*.md"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
SETTINGS = CONFIG["parse"]["myst_substitutions"]
PAGES = [*MODULES, *sorted((ROOT / "book").glob("*.md"))]


def seed_questions() -> list[str]:
    """The 40 questions, from the list at the top of the seed FAQ (before the answers start)."""
    text = SEED_FAQ.read_text(encoding="utf-8")
    listing = text[:text.index("How can talking about health problems help?\n\nTalking")]
    return [line.strip() for line in listing.splitlines() if line.strip().endswith("?!") or line.strip().endswith("?")]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower().replace("’", "'")))


@pytest.mark.skipif(not SEED_FAQ.exists(), reason="the shared seed documents are not beside this checkout")
def test_every_seed_question_is_on_the_faq_page():
    questions = seed_questions()
    assert len(questions) == 40
    faq = (ROOT / "book" / "faq.md").read_text(encoding="utf-8")
    headings = [_words(h) for h in re.findall(r"^### (.+)$", faq, re.M)]
    missing = [q for q in questions
               if max(difflib.SequenceMatcher(None, _words(q), h).ratio() for h in headings) < 0.85]
    assert missing == []
    assert len(headings) == 40


def test_every_faq_answer_links_to_a_section_that_exists():
    faq = (ROOT / "book" / "faq.md").read_text(encoding="utf-8")
    answers = re.split(r"^### ", faq, flags=re.M)[1:]
    labels = set(re.findall(r"^\(([\w-]+)\)=\s*$", "\n".join(p.read_text() for p in MODULES), re.M))
    for answer in answers:
        links = re.findall(r"\{ref\}`(faq-[\w-]+)`", answer)
        assert links, f"no 'Read more' link under: {answer.splitlines()[0]}"
        assert set(links) <= labels, f"{answer.splitlines()[0]} links to a missing label"


def test_every_organiser_setting_is_used_and_filled_in():
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    for name, value in SETTINGS.items():
        assert str(value).strip(), f"organiser setting '{name}' is empty"
        assert re.search(r"\{\{\s*" + name + r"\s*\}\}", text), f"organiser setting '{name}' is used nowhere"
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text))
    # scenario_quiz publishes the configured pass mark, the nation's lines from nations.yml, and the
    # licence's credit line (scenario_quiz/licence.py)
    from_extension = {"pass_mark", "crisis_line", "urgent_health_line", "abuse_line", "health_website", "samaritans",
                      "shout", "credit"}
    assert used <= set(SETTINGS) | from_extension, f"pages use settings that do not exist: {used - set(SETTINGS)}"
    assert isinstance(CONFIG["sphinx"]["config"]["scenario_pass_mark"], int)


@pytest.mark.parametrize("module", MODULES, ids=[m.stem for m in MODULES])
def test_module_has_the_fixed_shape(module):
    page = module.read_text(encoding="utf-8")
    assert re.search(r"^teaching: \d+$", page, re.M) and re.search(r"^exercises: \d+$", page, re.M)
    assert f"(module-{module.stem[3:]})=" in page
    marks = ["What you will learn", "\n## Scenarios", "\n## Key points", "\n## Further reading"]
    positions = [page.find(m) for m in marks]
    assert -1 not in positions and positions == sorted(positions), f"sections missing or out of order: {marks}"


@pytest.mark.parametrize("module", MODULES, ids=[m.stem for m in MODULES])
def test_module_is_plain_english(module):
    assert reading_ease(module.read_text(encoding="utf-8")) >= 60


@pytest.mark.parametrize("module", MODULES, ids=[m.stem for m in MODULES])
def test_module_length(module):
    low = 1500 if module.stem == "03-active-listening" else 1200
    # One cap for every module: a page that needs more words says the same thing twice (module 6 holds two
    # kinds of boundary and two kinds of confidentiality within it).
    assert low <= word_count(module.read_text(encoding="utf-8")) <= 2500


@pytest.mark.parametrize("module", MODULES, ids=[m.stem for m in MODULES])
def test_module_page_shows_all_its_scenarios(module, bank):
    page = module.read_text(encoding="utf-8")
    on_page = [i for line in re.findall(r"^```\{scenario\} (.+)$", page, re.M) for i in line.split()]
    if re.search(r"^```\{assessment\}", page, re.M):  # the directive shows every scenario of both forms
        on_page += [sid for ids in forms(bank).values() for sid in ids]
    in_file = [s.id for s in bank.in_module(module.stem)]
    assert len(in_file) >= 8
    assert len(on_page) == len(set(on_page)), "a scenario is shown twice on the page"
    assert set(in_file) <= set(on_page)
    assert all(bank.module_of[i] == module.stem for i in on_page)


def test_final_assessment_scenarios_appear_nowhere_else(bank):
    """Nothing arrives pre-filled: no module page, practice notebook or trainee page shows a form's scenario."""
    final = {sid for ids in forms(bank).values() for sid in ids}
    assert len(final) >= 44
    # One pattern for all the ids: a search per id through every notebook's outputs took 4 s.
    any_final = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, sorted(final)))})(?![\w-])")
    trainee_sources = [p for p in ROOT.glob("*/*.*") if p.suffix in {".md", ".ipynb"}
                       and p.parts[-2] not in {"organisers", ".venv", "_build"}]
    for source in trainee_sources:
        text = source.read_text(encoding="utf-8")
        shown = sorted(set(any_final.findall(text)))
        allowed = source.name == "11-final-self-assessment.md"  # its facilitator notes name two, organiser-only
        assert not shown or allowed, f"{source.relative_to(ROOT)} shows final-assessment scenarios {shown}"


def test_scenarios_are_many_varied_and_often_test_harm(bank):
    scenarios = list(bank.scenarios.values())
    assert len(scenarios) >= 80
    with_harm = [s for s in scenarios if any(o.rating is Rating.HARMFUL for o in s.every_option)]
    assert len(with_harm) >= len(scenarios) / 4
    per_competency = Counter(s.competency for s in scenarios)
    assert set(per_competency) == set(bank.competencies)
    assert min(per_competency.values()) >= 3, per_competency


def _all_text(bank) -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in PAGES]
    for s in bank.scenarios.values():
        parts = [s.situation, *(o.text for o in s.every_option), *(o.feedback for o in s.every_option)]
        parts += [s.question] if hasattr(s, "question") else [
            *(scene.situation for scene in s.scenes), *(scene.question for scene in s.scenes),
            *(end.text for end in s.endings)]
        texts.append((s.id, "\n".join(parts)))
    return texts


NATIONS_TEXT = (ROOT / "nations.yml").read_text(encoding="utf-8")
PHONE = re.compile(r"(?<![\d.£-])\d{3,4}[ ]?\d{2,4}(?:[ ]?\d{3,4})?(?![\d.%])")
TYPED_LINES = re.compile(r"NHS 111|NHS 24|Lifeline|Live Fear Free|Refuge|Samaritans (?:free )?on \d|SHOUT to \d")


def test_crisis_contacts_are_exactly_right(bank):
    """Every phone-like number a trainee reads comes from nations.yml (the fact sheet's lines)."""
    allowed = set(PHONE.findall(NATIONS_TEXT)) | {"999"}
    for where, text in _all_text(bank):
        for number in PHONE.findall(text):
            assert number in allowed, f"{where}: unexpected phone-like number {number}"


SOURCES = [*PAGES, *sorted((ROOT / "scenarios").glob("*.yml")), *sorted((ROOT / "workshops").glob("*.yml"))]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_crisis_lines_are_never_typed_into_a_page_or_scenario(source):
    """They come from the organiser's settings ({{ crisis_line }} and the rest), so every nation gets its own."""
    text = re.sub(r"\{cite:[pt]\}`[^`]*`", "", source.read_text(encoding="utf-8"))
    typed = TYPED_LINES.findall(text) + [n for n in PHONE.findall(text) if n in NATIONS_TEXT and n != "999"]
    assert typed == [], f"{source.relative_to(ROOT)} types {sorted(set(typed))}: use the settings instead"


DOSE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|g|grams?|units?|ml|mls|tablets?|sweets|jelly babies)\b", re.I)


def test_no_doses_or_amounts_anywhere(bank):
    # The one number allowed is the NHS definition of a hypo (below 4 mmol/L), which is not a dose.
    found = [(where, m.group(0)) for where, text in _all_text(bank) for m in DOSE.finditer(text)]
    assert found == []


SAFETY_PAGES = [*PAGES, *sorted((ROOT / "workshops").glob("*.yml")), *sorted((ROOT / "organisers").glob("*.md")),
                *sorted((ROOT / "scenarios").glob("*.yml")), ROOT / "book" / "_snippets" / "confidentiality-limits.md"]


@pytest.mark.parametrize("source", SAFETY_PAGES, ids=lambda p: p.name)
def test_confidentiality_is_taught_one_way(source):
    """No 'one exception', no unconditional 'I'll talk to you first', no Samaritans acting on a disclosure."""
    text = " ".join(source.read_text(encoding="utf-8").split())
    assert not re.search(r"\bone exception\b|\bthe one thing you cannot\b", text, re.I), source.name
    assert not re.search(r"talk to you first(?! if)", text, re.I), f"{source.name}: an unconditional promise"
    assert not re.search(r"Samaritans[^.]{0,80}\b(?:will act|act when|break confidentiality)", text, re.I), source.name


def test_the_limits_are_written_once_and_included_where_taught():
    snippet = (ROOT / "book" / "_snippets" / "confidentiality-limits.md").read_text(encoding="utf-8")
    for limit in ("life or safety", "someone else", "abuse", "emergency"):
        assert limit in snippet
    including = [p.name for p in PAGES if "_snippets/confidentiality-limits.md" in p.read_text(encoding="utf-8")]
    assert {"03-active-listening.md", "04-running-a-session.md", "06-boundaries-and-confidentiality.md",
            "07-mental-health.md", "10-for-organisers.md", "faq.md"} <= set(including), including


def test_module_8_is_complete_for_a_lay_responder(bank):
    page = (ROOT / "modules" / "08-medical-emergencies.md").read_text(encoding="utf-8").lower()
    for topic in ("ketoacidosis", "cpr", "defibrillator", "seizure", "own plan", "call handler"):
        assert topic in page, f"module 8 does not teach {topic}"
    module_8 = " ".join(s.situation.lower() + " " + " ".join(o.text.lower() for o in s.every_option)
                        for s in bank.in_module("08-medical-emergencies"))
    for topic in ("defibrillator", "seizure", "fit"):
        assert topic in module_8, f"no module 8 scenario on {topic}"
    assert "emergency-readiness" in (ROOT / "modules" / "04-running-a-session.md").read_text(encoding="utf-8")


def test_the_faq_keeps_the_seeds_answers():
    faq = " ".join((ROOT / "book" / "faq.md").read_text(encoding="utf-8").split())
    for phrase in ("six sessions", "encourage you to", "some groups", "emerging evidence", "999"):
        assert phrase in faq, f"the FAQ lost the seed's '{phrase}'"
    assert "many groups" not in faq and "no forms" not in faq.lower()


# --- One moment, taught once -------------------------------------------------------------------------------
# Issue 12: a trainer reading end to end met the same group moment twice, told with new names. This gate
# compares every two teaching scenarios (the final self-assessment retests taught moments on purpose, and
# contrast pairs share their situation on purpose) by the TF-IDF cosine of their situation and option
# wording, with names and small words left out, a path compared scene by scene.
# Measured on the bank before issue 12 (11,152 pairs): the two word-for-word repeats scored 0.250
# (fr-writing-the-diary / qd-notes-after-session) and 0.237 (fr-what-qualifies-you / qd-who-put-you-in-charge),
# and 22 other pairs scored higher. Those 22 are reviewed in SIMILAR_BUT_REVIEWED below. A word measure cannot
# see a repeat told in different words: the other six pairs of issue 12 scored 0.06 to 0.16, among thousands
# of unrelated pairs, so a person still reads new scenarios against their module and its neighbours.
SAME_MOMENT = 0.236

# Pairs at or above the line that a person has read. "distinct" says why the moments differ; "open" names a
# likely repeat left for a later pass (outside issue 12's list), so it is seen, not forgotten.
SIMILAR_BUT_REVIEWED = {
    ("me-getting-drowsier", "me-path-not-herself"):
        "distinct: the path replays module 8's hypo steps in order, on purpose",
    ("me-sweaty-pale-muddled", "me-path-not-herself"):
        "distinct: the path replays module 8's hypo steps in order, on purpose",
    ("me-slumped-in-his-chair", "me-path-not-herself"):
        "distinct: the path replays module 8's hypo steps in order, on purpose",
    ("me-no-ambulance", "me-path-not-herself"): "distinct: the path replays module 8's hypo steps in order, on purpose",
    ("me-no-fuss-but-drowsy", "me-path-not-herself"):
        "distinct: the path replays module 8's hypo steps in order, on purpose",
    ("me-wait-and-see", "me-no-fuss-but-drowsy"):
        "distinct: a history of coming round versus a refusal; both drill 999 for drowsiness",
    ("me-wait-and-see", "me-no-ambulance"): "distinct: a bystander's history versus the person's own refusal",
    ("me-slumped-in-his-chair", "me-no-fuss-but-drowsy"):
        "open: two drowsy hypos in module 8; a later pass may merge them",
    ("me-getting-drowsier", "me-no-fuss-but-drowsy"): "open: two drowsy hypos in module 8; a later pass may merge them",
    ("me-slumped-in-his-chair", "me-getting-drowsier"):
        "open: two drowsy hypos in module 8; a later pass may merge them",
    ("me-thirsty-after-a-bug", "me-sick-and-breathing-fast"):
        "distinct: early DKA signs to pass on versus DKA that needs 999 now",
    ("me-collapse-at-tea", "me-gasping-on-the-floor"):
        "distinct: a collapse that may be a hypo versus cardiac arrest and CPR",
    ("wp-are-you-the-nurse", "bc-sore-on-the-foot"):
        "open: two unfelt foot sores; module 1 asks about the role, module 6 about new symptoms",
    ("wp-instead-of-new-medicine", "fo-proof-it-works"):
        "distinct: a member's hope versus a commissioner's question about the evidence",
    ("wp-will-it-lower-my-hba1c", "fo-proof-it-works"):
        "distinct: a member's hope versus a commissioner's question about the evidence",
    ("bc-report-for-the-funder", "fo-gp-asks-for-names"):
        "distinct: the facilitator's report versus the organiser's answer to a GP",
    ("rs-nurse-offers-to-lead", "fo-practice-nurse-to-run"):
        "distinct: the nurse asks you in the room versus the practice asks the organiser",
    ("ly-time-to-step-back", "fo-facilitator-hands-over"):
        "distinct: the facilitator's decision versus the organiser's handover",
    ("qd-path-fine-ill-shut-up", "ly-your-own-review"):
        "distinct: the moment in the room versus your own reflection weeks later",
    ("mh-a-plan-for-tonight", "mh-path-a-burden"):
        "distinct: the path starts before the risk is known; the single starts with a plan",
    ("rs-agreement-total-secrecy", "bc-so-youd-report-me"):
        "distinct: drafting the limits at the start versus a member who feels betrayed by them",
    ("al-affirm-small-step", "bc-walk-in-the-park"):
        "distinct: affirming a step versus a walk that is not for everyone",
    ("bc-taking-a-disclosure", "ly-husband-at-the-door"):
        "distinct: hearing a disclosure versus your own safety at the door",
    ("wp-talking-wont-help", "wp-mum-doesnt-get-it"): "distinct: a challenge to the group versus a member hurt at home",
    ("mh-cannot-stop-thinking", "mh-path-a-burden"): "distinct: your own worry after a call versus the call itself",
    ("fr-goal-too-big", "fr-goal-not-done"):
        "distinct: a sequel; Owen sets a goal, then a month later reports it missed",
    ("fr-goal-too-big", "fr-goal-chosen-for-her"):
        "distinct: the page's two tests of a goal; too big to keep versus chosen by someone else",
    ("al-tablets-in-a-drawer", "mh-path-a-burden"):
        "distinct: module 3 drills going back to a hint after a change of subject; "
        "the path runs on to a plan for tonight",
    ("rs-son-interprets", "fo-interpreter-for-the-group"):
        "distinct: a sequel; the facilitator in the room versus the organiser after Rukhsana says what she cannot say",
    ("rs-story-not-for-a-child", "rs-girl-at-the-tea-urn"):
        "distinct: the same girl; keeping the talk fit for her versus her own disclosure",
    ("mh-wish-not-to-wake", "mh-a-plan-for-tonight"):
        "distinct: the risk ladder on purpose; thoughts with no plan (crisis line) versus a plan for tonight (999)",
    ("mh-a-plan-for-tonight", "mh-want-it-all-to-stop"):
        "distinct: the risk ladder on purpose; a plan for tonight (999) versus a clear no (listen)",
    ("mh-a-plan-for-tonight", "mh-cannot-stop-thinking"):
        "distinct: a member's plan for tonight versus your own sleepless worry afterwards",
    ("mh-end-of-my-rope", "mh-path-a-burden"):
        "distinct: a firm no to the question (listen) versus a yes with a plan (999)",
    ("bc-son-has-her-pension-card", "fo-worry-after-session"):
        "distinct: a disclosure of abuse by a son versus a worrying remark; they share only the words of risk",
}

_SMALL_WORDS = set("""a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i me my your his her their our them him us who what which when where how has
have had do does did not no so than then there here just very too also into up out over about after before says said
say tells told one two all some any more most can could would will shall should may might must""".split())


def _moment_words(text: str) -> list[str]:
    # Names and places change between two tellings of one moment, so capitalised words are left out; a light
    # suffix cut lets "hearing" meet "hear".
    words = []
    for word in re.findall(r"[A-Za-z][a-z']*", text):
        if word[0].isupper():
            continue
        word = word.replace("'", "")
        if word in _SMALL_WORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[:-len(suffix)]
                break
        words.append(word)
    return words


def similar_moments(bank, line: float = SAME_MOMENT) -> dict[tuple[str, str], float]:
    """Pairs of teaching scenarios whose wording scores at or above the line (the best scene pair for paths)."""
    import math
    units = []  # (scenario id, text): one per single scenario, one per scene of a path
    for s in bank.scenarios.values():
        if s.form is not None:
            continue
        if hasattr(s, "scenes"):
            units += [(s.id, " ".join([s.situation, sc.situation, *(o.text for o in sc.options)])) for sc in s.scenes]
        else:
            units.append((s.id, " ".join([s.situation, *(o.text for o in s.options)])))
    counts = [Counter(_moment_words(text)) for _, text in units]
    df = Counter(w for c in counts for w in c)
    vectors = []
    for c in counts:
        v = {w: (1 + math.log(n)) * math.log(len(units) / df[w]) for w, n in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    contrast = {frozenset((s.id, s.contrast)) for s in bank.scenarios.values() if getattr(s, "contrast", None)}
    found: dict[tuple[str, str], float] = {}
    for i, (a, va) in enumerate(zip(units, vectors, strict=True)):
        for b, vb in zip(units[i + 1:], vectors[i + 1:], strict=True):
            if a[0] == b[0] or frozenset((a[0], b[0])) in contrast:
                continue
            score = sum(x * vb.get(w, 0.0) for w, x in va.items())
            key = (a[0], b[0])
            if score >= line and score > found.get(key, 0.0):
                found[key] = score
    return found


def test_no_two_scenarios_teach_the_same_moment(bank):
    found = similar_moments(bank)
    reviewed = {frozenset(pair) for pair in SIMILAR_BUT_REVIEWED}
    new = {f"{a} / {b}": round(score, 3) for (a, b), score in found.items() if frozenset((a, b)) not in reviewed}
    assert not new, (f"these scenarios read like the same moment (score >= {SAME_MOMENT}): merge them, change one, "
                     f"or read both and add the pair to SIMILAR_BUT_REVIEWED with the reason: {new}")


def test_the_review_list_holds_no_stale_pairs(bank):
    # A pair that names a scenario that has gone, or now scores well under the line, is noise in the list. The
    # margin keeps other scenarios' arrival (which shifts every word's weight a little) from failing this.
    found = {frozenset(pair) for pair in similar_moments(bank, SAME_MOMENT - 0.05)}
    stale = [pair for pair in SIMILAR_BUT_REVIEWED if frozenset(pair) not in found]
    assert stale == []
