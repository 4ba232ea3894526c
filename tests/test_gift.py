# SPDX-License-Identifier: MIT
"""The Moodle GIFT export: read it back the way Moodle's importer does, and compare with the bank.

`parse_gift` follows question/format/gift/format.php (readquestions and readquestion): questions
end at a blank line, lines starting with // are dropped, \\\\ \\: \\# \\= \\{ \\} \\~ \\n are hidden
before anything else is read (and never brought back in a $CATEGORY line), the answers sit between
the first { and the first }, #### opens the general feedback, = and ~ start answers, %N% is a
weight, the first # ends an answer's text, and a leading [format] names the text's format.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import ROOT, make_branching, make_scenario, write_bank
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from scenario_quiz.core.bank import load_bank
from scenario_quiz.core.model import BranchingScenario
from scenario_quiz.markup.text import markdown
from scenario_quiz.organiser.cli import main
from scenario_quiz.organiser.gift import gift_export, module_titles

WEIGHTS = {"helpful": 100, "partly helpful": 50, "unhelpful": 0, "harmful": 0}
LABELS = {"helpful": "Helpful", "partly helpful": "Partly helpful", "unhelpful": "Unhelpful", "harmful": "Harmful"}
FORMATS = {"moodle", "html", "plain", "markdown"}
HIDDEN = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005", "n": "\ue006"}
SHOWN = {mark: "\n" if character == "n" else character for character, mark in HIDDEN.items()}
# A Markdown renderer that lets HTML through, as Moodle's does: anything the export leaves as a tag shows up.
MOODLE_LIKE_MARKDOWN = MarkdownIt("commonmark", {"html": True}).disable("image")


@dataclasses.dataclass
class Answer:
    weight: int
    format: str
    text: str
    feedback_format: str
    feedback: str


@dataclasses.dataclass
class Question:
    category: tuple[str, ...]
    comments: list[str]
    name: str
    format: str
    text: str
    answers: list[Answer]
    general: str
    single: bool  # Moodle offers one answer (radio buttons) only when an answer starts with =


def _hide_escapes(text: str) -> str:
    return re.sub(r"\\([\\:#={}~n])", lambda m: "\\" if m[1] == "\\" else HIDDEN[m[1]], text)


def _show(text: str) -> str:
    for mark, character in SHOWN.items():
        text = text.replace(mark, character)
    return text.strip()


def _with_format(text: str, default: str) -> tuple[str, str]:
    text = text.strip()
    if text.startswith("[") and text[1:text.find("]")] in FORMATS:
        return text[1:text.find("]")], _show(text[text.find("]") + 1:])
    return default, _show(text)


def _answer(raw: str, default_format: str) -> Answer:
    raw = raw.strip()
    if raw.startswith("="):
        weight, raw = 100, raw[1:]
    elif weight_match := re.match(r"^%(-?[0-9]{1,3})%", raw):
        weight, raw = int(weight_match[1]), raw[weight_match.end():]
    else:
        weight = 0
    text, _, feedback = raw.partition("#")
    return Answer(weight, *_with_format(text, default_format), *_with_format(feedback, default_format))


def _question(text: str, category: tuple[str, ...], comments: list[str]) -> Question:
    assert text.startswith("::"), f"a question without a name: {text[:80]!r}"
    name, separator, text = text[2:].partition("::")
    assert separator, "the question's name never ends"
    text = text.strip()
    start, end = text.find("{"), text.find("}")
    assert 0 <= start < end == len(text) - 1, f"the answers are not one {{...}} at the end: {text[:200]!r}"
    answers, _, general = text[start + 1:end].strip().rpartition("####")
    assert "~" in answers, "Moodle would not read this as a multiple-choice question"
    question_format, question_text = _with_format(text[:start], "moodle")
    parts = [part for part in answers.replace("=", "~=").split("~") if part.strip()]
    return Question(category, comments, _show(name), question_format, question_text,
                    [_answer(part, question_format) for part in parts],
                    _with_format(general, question_format)[1], "=" in answers)


def parse_gift(gift: str) -> tuple[list[tuple[str, ...]], list[Question]]:
    """(categories in order, questions) as Moodle's importer would read them."""
    categories: list[tuple[str, ...]] = []
    questions: list[Question] = []
    blocks: list[list[str]] = [[]]
    for line in gift.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    for lines in filter(None, blocks):
        comments = [line.strip() for line in lines if line.strip().startswith("//")]
        text = _hide_escapes("\n".join(" " if line.strip().startswith("//") else line for line in lines).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            path = re.split(r"(?<!/)/(?!/)", text[len("$CATEGORY:"):].strip())
            categories.append(tuple(name.replace("//", "/").strip() for name in path))
            continue
        assert categories, "a question before any category"
        questions.append(_question(text, categories[-1], comments))
    return categories, questions


def _expected_text(situations: list[str], question: str) -> str:
    """The question text as the book shows it: the situation(s) as Markdown without raw HTML,
    then the question as plain text."""
    return "".join(markdown().render(s) for s in situations) + f"<p>{escapeHtml(' '.join(question.split()))}</p>\n"


def _check_answers(question: Question, options) -> None:
    assert question.single
    assert [a.weight for a in question.answers] == [WEIGHTS[o.rating.value] for o in options]
    assert [a.text for a in question.answers] == [o.text for o in options]
    assert [a.feedback for a in question.answers] == [f"{LABELS[o.rating.value]}. {o.feedback}" for o in options]
    assert {a.format for a in question.answers} | {a.feedback_format for a in question.answers} == {"plain"}


def _check_against_bank(bank, questions: list[Question], titles: dict[str, str]) -> None:
    """Every question matches its scenario (or scene): name, category, text as shown, answers."""
    by_comment = {q.comments[-1]: q for q in questions}
    assert len(by_comment) == len(questions)
    for sid, s in bank.scenarios.items():
        slug = bank.module_of[sid]
        category = ("$course$", "Diabetes peer support", f"{slug[:2]} {titles[slug]}") + (
            (f"Form {s.form.upper()}",) if s.form else ())
        competency = bank.competencies[s.competency].name
        scenes = s.scenes if isinstance(s, BranchingScenario) else [None]
        for scene in scenes:
            q = by_comment.pop(f"// scenario: {sid}" + (f", scene: {scene.id}" if scene else ""))
            assert q.category == category and q.format == "markdown"
            assert f"Skill: {competency}. Source: " in q.general
            if scene is None:
                assert q.name == s.title
                assert MOODLE_LIKE_MARKDOWN.render(q.text) == _expected_text([s.situation], s.question)
                _check_answers(q, s.options)
            else:
                assert re.fullmatch(re.escape(s.title) + r" \(step \d+\)", q.name)
                assert (q.name == f"{s.title} (step 1)") == (scene.id == s.start)
                assert MOODLE_LIKE_MARKDOWN.render(q.text) == _expected_text([s.situation, scene.situation],
                                                                             scene.question)
                _check_answers(q, scene.options)
    assert not by_comment, f"questions for no scenario: {list(by_comment)}"


@pytest.fixture(scope="module")
def course_bank():
    return load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")


def test_the_real_bank_reads_back_as_it_is(course_bank):
    titles = module_titles(ROOT, course_bank)
    categories, questions = parse_gift(gift_export(course_bank, titles))
    modules = sorted({m for sid, m in course_bank.module_of.items() if not course_bank.get(sid).form})
    assert categories == [("$course$", "Diabetes peer support", f"{m[:2]} {titles[m]}") for m in modules]
    assert ("$course$", "Diabetes peer support", "03 Active listening") in categories
    not_final = dataclasses.replace(course_bank, scenarios={sid: s for sid, s in course_bank.scenarios.items()
                                                           if not s.form})
    _check_against_bank(not_final, questions, titles)


def test_the_final_self_assessment_is_left_out_unless_asked_for(course_bank):
    titles = module_titles(ROOT, course_bank)
    left_out = gift_export(course_bank, titles)
    final = {sid for sid, s in course_bank.scenarios.items() if s.form}
    assert final and not any(sid in left_out for sid in final)
    assert "// The final self-assessment's 44 scenarios are left out" in left_out
    categories, questions = parse_gift(gift_export(course_bank, titles, include_final=True))
    assert categories[-2:] == [("$course$", "Diabetes peer support", "11 Final self-assessment", "Form A"),
                               ("$course$", "Diabetes peer support", "11 Final self-assessment", "Form B")]
    _check_against_bank(course_bank, questions, titles)  # rate-every-option ones too, as choices by their ratings


# Every GIFT special character, in every position that matters to Moodle's importer.
HOSTILE = ("Sam said: \"{x} = ~y\" # not feedback; :: not a name :: {} }{ ~= =~ #### % 50%\n"
           "\n"
           "// not a comment\n"
           "$CATEGORY: not a category\n"
           "back\\slash \\\\ \\n \\: \\{ and a tab\t<b>bold?</b> <script>alert(1)</script> &amp; &lt;\n"
           "[html]<i>x</i> ::a::b:: end \\")


@pytest.fixture
def hostile_course(tmp_path):
    scenario = make_scenario("hx-one", title=f"Title {HOSTILE}"[:300], situation=f"Situation: {HOSTILE}",
                             question=f"{HOSTILE}?", source={"ref": "samaritans-shush", "detail": HOSTILE})
    scenario["options"][0]["text"] = f"=[markdown]{HOSTILE}"
    scenario["options"][1]["text"] = f"%50%{HOSTILE}"
    scenario["options"][2]["text"] = f"~#{HOSTILE}"
    for option in scenario["options"]:
        option["feedback"] = f"[html]{HOSTILE} #{option['rating']}"
    branching = make_branching("hx-path", title="{Steps}: a = b", situation=f"## Opening\n\n{HOSTILE}")
    branching["scenes"][1]["situation"] = f"> {HOSTILE}"
    branching["scenes"][1]["options"][0]["text"] = HOSTILE
    for option in branching["scenes"][1]["options"]:  # with no `~`, Moodle would not see a multiple choice
        option["rating"] = "helpful"
    write_bank(tmp_path / "scenarios", {"01-hostile.yml": {"module": "01-hostile", "scenarios": [scenario, branching]}})
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "01-hostile.md").write_text(
        "---\n# not the title: front matter\n---\n\n(label)=\n"
        "# Feelings: {hard} / easy \\ \\n \\: ~=# //x/ <i>y</i>\n\n# A later heading\n", encoding="utf-8")
    return tmp_path


def test_hostile_texts_read_back_exactly(hostile_course):
    bank = load_bank(hostile_course / "scenarios", hostile_course / "scenarios" / "refs.bib")
    titles = module_titles(hostile_course, bank)
    assert titles == {"01-hostile": "Feelings: {hard} / easy \\ \\n \\: ~=# //x/ <i>y</i>"}
    gift = gift_export(bank, titles)
    categories, questions = parse_gift(gift)
    assert categories == [("$course$", "Diabetes peer support", "01 " + titles["01-hostile"])]
    assert [q.name for q in questions] == [f"Title {HOSTILE}"[:300].strip(), "{Steps}: a = b (step 1)",
                                           "{Steps}: a = b (step 2)"]
    _check_against_bank(bank, questions, titles)
    assert HOSTILE in questions[0].general  # the source's detail
    rendered = MOODLE_LIKE_MARKDOWN.render(questions[0].text)
    assert "<script>" not in rendered and "<b>" not in rendered and "&lt;script&gt;" in rendered


def test_no_line_of_a_text_can_be_mistaken_for_gift(hostile_course):
    bank = load_bank(hostile_course / "scenarios", hostile_course / "scenarios" / "refs.bib")
    gift = gift_export(bank, module_titles(hostile_course, bank))
    starts = {re.match(r"(//|\$CATEGORY:|::|\t[=~]|\t####|}|$)", line) is not None for line in gift.split("\n")}
    assert starts == {True}


def test_a_module_without_a_page_is_named_from_its_file(tmp_path):
    write_bank(tmp_path / "scenarios", {"04-running-a-session.yml": {"module": "04-running-a-session",
                                                                     "scenarios": [make_scenario()]}})
    bank = load_bank(tmp_path / "scenarios")
    assert module_titles(tmp_path, bank) == {"04-running-a-session": "Running a session"}


# ---- The command ----

def _export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", "--bank", str(ROOT / "scenarios"), "--references", str(ROOT / "book" / "references.bib"),
                 *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def test_export_writes_a_file_moodle_can_read(tmp_path, capsys):
    out = tmp_path / "questions.txt"
    code, printed, errors = _export(capsys, "--format", "gift", "--out", str(out))
    assert code == 0 and errors == ""
    categories, questions = parse_gift(out.read_text(encoding="utf-8"))
    assert printed == (f"Wrote {len(questions)} questions in {len(categories)} categories to {out} (the final "
                       "self-assessment is left out; add it with --include-final)\n")


def test_export_without_out_prints_the_questions(capsys):
    code, printed, errors = _export(capsys)
    assert code == 0 and errors == "" and printed.startswith("// Facilitating diabetes peer support groups")
    assert len(parse_gift(printed)[1]) > 100


@pytest.mark.parametrize("case", ["format", "folder", "missing-folder", "file-as-folder", "name-too-long", "disk-full"])
def test_export_refuses_with_one_line(tmp_path, capsys, case):
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "notes.txt").write_text("mine")
    (tmp_path / "a-file").write_text("mine")
    args, reason = {
        "format": (["--format", "qti"], "unknown format 'qti'; the formats are: gift"),
        "folder": (["--out", str(tmp_path / "keep")], "it is a folder"),
        "missing-folder": (["--out", str(tmp_path / "nowhere" / "q.txt")], "nowhere does not exist"),
        "file-as-folder": (["--out", str(tmp_path / "a-file" / "q.txt")], "a-file is not a folder"),
        "name-too-long": (["--out", str(tmp_path / ("q" * 300))], "File name too long"),
        "disk-full": (["--out", "/dev/full"], "/dev/full: No space left on device"),  # passes every check, then fails
    }[case]
    code, printed, errors = _export(capsys, *args)
    assert code != 0 and printed == "" and errors.count("\n") == 1 and reason in errors
    assert (tmp_path / "keep" / "notes.txt").read_text() == "mine" and (tmp_path / "a-file").read_text() == "mine"


def test_export_of_a_bank_with_problems_lists_them(tmp_path, capsys):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [
        make_scenario(competency="not-a-skill")]}})
    code = main(["export", "--bank", str(folder), "--references", str(folder / "refs.bib")])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == "" and "Traceback" not in captured.err
    assert "unknown competency 'not-a-skill'" in captured.err and "Nothing was exported." in captured.err
