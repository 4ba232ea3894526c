# SPDX-License-Identifier: MIT
"""Property-based fuzzing of progress files: whatever a file holds, reading it gives a ProgressFile or a
ProgressError of one line. A file that is read never makes answers_to_grade raise, every answer it keeps
can be graded, and the cohort command reports every file it is given, graded or skipped by name.

Each case starts from a valid progress file for a small bank (answers of every kind: a choice, a path
and ratings; a nickname, a date, a form, confidence), changes it at every level (keys dropped or added,
values of the wrong type, huge, deep or strange, letters and paths that do not fit, wrong versions),
writes it as JSON and sometimes corrupts the text. The seed is printed under "quality gates";
FUZZ_SEED=<seed> repeats a run exactly.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import json
import random
import tempfile
from pathlib import Path

import pytest
from conftest import (
    FUZZ_COUNTS,
    LAST_PART,
    basic_change,
    fuzz_case,
    fuzz_seed,
    make_branching,
    make_scenario,
    nested,
    parent_of,
    part_random,
    pick,
    retyped,
    tree_places,
    write_bank,
)
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from scenario_quiz import Bank, grade, load_bank
from scenario_quiz.core.grading import grade_assessment, item_kind
from scenario_quiz.core.identity import NEUTRAL
from scenario_quiz.core.model import BranchingScenario, letter, scenario_version
from scenario_quiz.core.progress import (
    ProgressError,
    ProgressFile,
    answers_to_grade,
    parse_progress,
    read_progress,
)
from scenario_quiz.organiser.cohort import build_cohort, cohort_html, cohort_table

pytestmark = pytest.mark.usefixtures("frozen_heap")  # see conftest: fewer slow garbage collections
FORMAT = NEUTRAL.progress_format  # small_bank's course has no _config.yml: the engine's neutral identity
FILE_CASES = 2_050
COHORT_CASES = 150  # each of one to four files
PASS_MARK = 70


# ---- A small bank with every kind of answer, and a valid progress file for it ----

def _options(count: int) -> list[dict]:
    ratings = ["helpful", "unhelpful", "partly helpful", "harmful", "unhelpful"]
    return [{"text": f"Option {n}", "rating": ratings[n], "feedback": f"Because {n}."} for n in range(count)]


@functools.cache
def small_bank() -> Bank:
    """Module scenarios with 3, 4 and 5 options and one in steps; final-assessment ones of every kind."""
    scenarios = [
        make_scenario("al-three", options=_options(3)),
        make_scenario("al-four"),
        make_scenario("sg-five", "safeguarding", safety_critical=True, options=_options(5)),
        make_branching("sg-path"),
        make_scenario("fa-one", form="a"),
        make_scenario("fa-rate", "safeguarding", form="a", rate_every_option=True, safety_critical=True),
        make_branching("fa-path", form="a"),
        make_scenario("fb-rate", form="b", rate_every_option=True, options=_options(3)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_bank(Path(tmp) / "bank", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
        return load_bank(folder, folder / "refs.bib", settings={})


def _ids() -> list[str]:
    return list(small_bank().scenarios)


RATINGS = ["helpful", "partly helpful", "unhelpful", "harmful"]


def _paths(scenario: BranchingScenario) -> list[list[str]]:
    """Every path from the start: to an ending, or stopped part-way (an unfinished scenario)."""
    found, todo = [], [([], scenario.start)]
    while todo:
        path, scene_id = todo.pop()
        scene = scenario.scene(scene_id)
        if path:
            found.append(path)
        if scene is not None:
            todo += [([*path, letter(i)], option.next) for i, option in enumerate(scene.options)]
    return sorted(found, key=lambda path: (len(path), path))


@functools.cache
def answer_pool(sid: str) -> list[dict]:
    """Every answer the book could save for a scenario (a letter; a path, finished or not; a rating for every
    option), each with and without the trainee's confidence. One draw from this pool costs far less than
    drawing an answer piece by piece, and generating is most of the time a case takes."""
    scenario = small_bank().get(sid)
    kind = item_kind(scenario)
    if kind == "single":
        bare = [{"choice": letter(i)} for i in range(len(scenario.options))]
    elif kind == "rate":
        bare = [{"ratings": dict(zip(map(letter, range(len(scenario.options))), given, strict=True))}
                for given in itertools.product(RATINGS, repeat=len(scenario.options))]
    else:
        assert isinstance(scenario, BranchingScenario)
        bare = [{"path": path} for path in _paths(scenario)]
    version = scenario_version(scenario)
    return [answer | {"version": version} | ({"confidence": sure} if sure else {})
            for answer in bare for sure in (None, "sure", "fairly-sure", "guessing")]


NICKNAMES = ["Sam", "", "  Jo  ", "n" * 60, " " * 70, "Zoë", "محمد", "\u202eevil", "<b>Sam</b>", "🙂"]


BLOCKS = [(0x20, 0x7F), (0xA0, 0xD800), (0xE000, 0x30000)]  # Unicode but control characters and surrogates


def _any_text(rnd: random.Random, length: int) -> str:
    return "".join(chr(rnd.randrange(*rnd.choice(BLOCKS))) for _ in range(length))


@functools.cache
def starting_files() -> list[dict]:
    """Valid progress files to start from, as the book exports them: any of the small bank's scenarios
    answered in any way the book saves, with or without a nickname, a date and a form. Made once, with a
    fixed seed (so FUZZ_SEED still repeats a run), smallest first: Hypothesis shrinks towards the first.
    One draw picks a whole file; drawing one piece by piece took longer than the rest of a case."""
    rnd, files = random.Random(14), []
    for _ in range(1_000):
        data: dict = {"format": FORMAT, "version": 2}
        if rnd.random() < 0.5:
            data["nickname"] = rnd.choice(NICKNAMES) if rnd.random() < 0.5 else _any_text(rnd, rnd.randrange(13))
        if rnd.random() < 0.5:
            data["exported"] = (dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randrange(20_000))).isoformat()
        if rnd.random() < 0.5:
            data["form"] = rnd.choice("ab")
        data["answers"] = {sid: rnd.choice(answer_pool(sid)) for sid in _ids() if rnd.random() < 0.5}
        files.append(data)
    return sorted(files, key=lambda data: len(json.dumps(data)))


# ---- Changing it, at every level ----

# One draw seeds every choice of a case that is not an odd value: which kind of change, where it goes and
# what it is, which other type stands for the whole file, how the text is corrupted (see part_random). Each
# Hypothesis draw costs 50 to 70 µs, and a draw for each of those choices was a third of a case's draws.
# Hypothesis still chooses the starting file, how many changes, whether the file is an object and how it is
# written, and the odd values themselves (JUNK and the like), and shrinks a failure to fewer changes.
SEEDS = st.integers(0, 2**32 - 1)

ODD_TEXT = st.text(max_size=30)  # any code point, lone surrogates too: JSON can carry them as \ud800
RAW = "\x00raw:"  # marks a string that goes into the JSON text as it is, unquoted (see as_json)
RAW_IN_JSON = json.dumps(RAW)[1:-1]  # how the mark reads in JSON text, ASCII or not: NUL is always escaped

# Values known to break readers, each as likely as the next: generated ones alone would rarely hit them.
HOSTILE_VALUES = [
    RAW + "9" * 5_000, RAW + "1e999", RAW + "-1e999", RAW + "NaN", RAW + "Infinity", RAW + "-0", RAW + "1E400",
    RAW + "[" * 5_000 + "]" * 5_000, RAW + '{"a":' * 3_000 + "1" + "}" * 3_000,
    2**53 + 1, -(2**63), 10**40, 1e308, -0.0, 2.0, 1.5, True, False, None,
    "x" * 100_000, "\u202e\u0000\ufeff\U0001f600 café", "\ud800", "<script>alert(1)</script>", "2026-02-30",
    "2026-11-30T00:00:00", "1700000000", "", " ", "__proto__", [], {}, [[[]]], {"__proto__": {"polluted": True}},
    {"constructor": {"prototype": {"polluted": True}}},
]
HOSTILE_KEYS = [
    "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "format ", "Answers", "points",
    "", " ", "a\nb", "\x1b[2J", "\ud800", "x" * 500, "al-gone", "AL-FOUR", "al-four ", "al--four", "a" * 81,
]
JUNK = st.one_of(
    st.sampled_from(HOSTILE_VALUES), st.none(), st.booleans(), st.integers(), st.floats(), ODD_TEXT,
    st.lists(st.integers(0, 3), max_size=3), st.dictionaries(ODD_TEXT, st.integers(), max_size=2),
)
LETTERS = ["a", "b", "c", "d", "e", "f", "z", "A", "", "ab", "é", "a\n", " a", "1"]
VERSIONS = [0, 1, 2, 3, -2, 2.0, 1.0, 2.5, True, False, None, "2", "1", "", [2], {"v": 2}, 10**30]
FINGERPRINTS = ["00000000", "0badf00d", "ABCDEF12", "abcdef1", "abcdef123", "", "zzzzzzzz"]

# What can be done to a mapping, a list and a single value anywhere in the file; an action listed twice
# is twice as likely. "hostile" puts in one of HOSTILE_VALUES; "hostile-key" adds one of HOSTILE_KEYS,
# holding a copy of a value already there.
ACTIONS = {
    dict: ["hostile-key", "hostile-key", "hostile", "extra", "drop", "junk", "retype", "empty", "nest"],
    list: ["hostile", "hostile", "extra", "duplicate", "drop", "junk", "retype", "empty", "nest"],
    str: ["hostile", "hostile", "letter", "junk", "drop", "retype", "empty", "nest", "rating", "version"],
}


def change_anywhere(draw, rnd: random.Random, data: dict) -> None:
    """Change the file at one place, chosen level first so that the top level, answers and the fields
    of an answer are all as likely to change."""
    places = tree_places(data)
    if not places:
        return
    level = rnd.choice(sorted({len(p) for p in places}))
    place = rnd.choice([p for p in places if len(p) == level])
    parent, key = parent_of(data, place), place[-1]
    value = parent[key]
    action = rnd.choice(ACTIONS[type(value) if isinstance(value, (dict, list)) else str])
    if basic_change(action, parent, key, lambda: draw(JUNK)):
        return
    if action == "extra" and isinstance(value, dict):
        value[draw(ODD_TEXT)] = copy.deepcopy(draw(JUNK))  # "hostile-key" adds the known bad ones
    elif action == "extra":
        value.append(rnd.choice(LETTERS) if rnd.random() < 0.5 else copy.deepcopy(draw(JUNK)))
    elif action == "duplicate" and value:
        value.append(copy.deepcopy(value[0]))  # a letter, a step or an item given twice
    elif action == "hostile":
        parent[key] = copy.deepcopy(rnd.choice(HOSTILE_VALUES))
    elif action == "hostile-key":
        value[rnd.choice(HOSTILE_KEYS)] = copy.deepcopy(rnd.choice(list(value.values()))) if value else None
    elif action == "letter":
        parent[key] = rnd.choice(LETTERS)
    elif action == "nest":
        # Deeper than this would stop the generator itself; JUNK has the JSON nested thousands deep.
        parent[key] = nested(value, rnd.choice([1, 2, 50, 200]), rnd.random() < 0.5)
    elif action == "rating":
        parent[key] = rnd.choice([*RATINGS, "Helpful", "great", "", "partly"])
    else:
        parent[key] = copy.deepcopy(rnd.choice(VERSIONS + FINGERPRINTS))


def change_an_answer(draw, rnd: random.Random, data: dict) -> None:
    """A change a real file could have: an answer that fits another wording, another scenario or
    another kind of scenario; a letter past the last option; a path past an ending; ratings for
    letters the scenario does not have; an answer to a scenario the course does not have."""
    answers = data.get("answers")
    if not isinstance(answers, dict) or not answers:
        data["answers"] = {rnd.choice(_ids()): {"choice": "a", "version": "00000000"}}
        return
    sid = rnd.choice(list(answers))
    answer = answers[sid]
    if not isinstance(answer, dict):
        return
    action = rnd.choice(["fingerprint", "move", "letter", "past-ending", "ratings", "kind", "unknown", "file-version"])
    if action == "fingerprint":
        answer["version"] = rnd.choice(FINGERPRINTS) if rnd.random() < 0.5 else scenario_version(
            small_bank().get(rnd.choice(_ids())))
    elif action == "move":  # the same answer, filed under another scenario
        answers[rnd.choice(_ids())] = answers.pop(sid)
    elif action == "letter":
        for kind in ("path", "ratings"):
            answer.pop(kind, None)
        answer["choice"] = rnd.choice(LETTERS)
    elif action == "past-ending" and isinstance(answer.get("path"), list):
        answer["path"] = answer["path"] + [rnd.choice(LETTERS) for _ in range(rnd.choice([1, 2, 3, 20]))]
    elif action == "ratings":
        ratings = answer.get("ratings")
        if not isinstance(ratings, dict):
            ratings = answer["ratings"] = {}
        ratings[rnd.choice(LETTERS)] = rnd.choice([*RATINGS, "great"])
        if ratings and rnd.random() < 0.5:
            ratings.pop(rnd.choice(list(ratings)))
    elif action == "kind":  # a second kind of answer, or another kind instead
        extra = rnd.choice([("choice", "a"), ("path", ["a", "a"]), ("ratings", {"a": "helpful"})])
        if rnd.random() < 0.5:
            for kind in ("choice", "path", "ratings"):
                answer.pop(kind, None)
        answer[extra[0]] = copy.deepcopy(extra[1])  # the one drawn is shared by every case
    elif action == "unknown":
        answers[rnd.choice(["al-gone", "x", "constructor", "al-four-old"])] = answers.pop(sid)
    else:
        data["version"] = copy.deepcopy(rnd.choice(VERSIONS))


# ---- Writing it, and corrupting the text ----

def _raw_strings(tree: object) -> list[str]:
    if isinstance(tree, dict):
        return [s for value in tree.values() for s in _raw_strings(value)]
    if isinstance(tree, list):
        return [s for value in tree for s in _raw_strings(value)]
    return [tree] if isinstance(tree, str) and tree.startswith(RAW) else []


def as_json(data: object, ensure_ascii: bool, indent: int | None) -> str:
    """JSON text, with each RAW string put in unquoted: a number of 5,000 digits, 1e999, NaN, deep nesting."""
    text = json.dumps(data, ensure_ascii=ensure_ascii, indent=indent)
    if RAW_IN_JSON not in text:  # no RAW string (most files): not worth a walk through a tree nested 200 deep
        return text
    for raw in _raw_strings(data):
        text = text.replace(json.dumps(raw, ensure_ascii=ensure_ascii), raw.removeprefix(RAW), 1)
    return text


SNIPPETS = [
    "\ufeff", "\x00", "\x1b", "\t", "\r", "\u2028", '"', "'", "{", "}", "[", "]", ",", ":", "NaN", "Infinity", "-",
    "1e999", "0x10", "01", "true", "null", "\\u0000", "\\ud800", "\\", "/* */", "//", ",}", "\ud800",
]
INSERTS = st.one_of(st.sampled_from(SNIPPETS), ODD_TEXT)


def corrupted(draw, rnd: random.Random, text: str) -> str | bytes:
    """`text` truncated, with odd characters or JSON syntax pushed in, lines repeated (a key given twice)
    or lost, a byte-order mark in front, or not UTF-8 at all."""
    for _ in range(rnd.choice([1, 2, 3])):
        lines = text.splitlines(keepends=True) or [""]
        action = rnd.choice(["truncate", "insert", "insert", "delete", "repeat-line", "drop-line", "bom", "bytes"])
        if action in ("repeat-line", "drop-line"):
            line = rnd.randrange(len(lines))
        elif action != "bom":
            where = rnd.randrange(len(text) + 1)
        if action == "truncate":
            text = text[:where]
        elif action == "insert":
            text = text[:where] + draw(INSERTS) + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + rnd.choice([1, 2, 5, 20]):]
        elif action == "repeat-line":
            text = "".join(lines[: line + 1] + lines[line:])
        elif action == "drop-line":
            text = "".join(lines[:line] + lines[line + 1:])
        elif action == "bom":
            text = "\ufeff" + text
        else:
            encoded = text.encode("utf-8", "surrogatepass")
            return rnd.choice([text.encode("utf-16", "surrogatepass"), text.encode("latin-1", "replace"),
                               encoded[:where] + b"\xff\xc3" + encoded[where:], b"\xef\xbb\xbf" + encoded])
    return text


# How many changes: one to four, or none for one case in nine (unchanged files must be read). Not drawn with
# integers(0, 4): Hypothesis draws its lowest value for about half the cases, which left half of them unchanged.
CHANGES = [1, 2, 3, 4, 0, 1, 2, 3, 4]
# How to write the JSON: (ASCII only, indent, corrupt the text afterwards), the text corrupted one time in three.
WRITINGS = [(a, i, c) for a in (True, False) for i in (None, 2) for c in (False, False, True)]


@st.composite
def hostile_progress(draw) -> str | bytes:
    """A progress file's content: text, or bytes when it is not UTF-8."""
    data = copy.deepcopy(pick(draw, starting_files()))
    changes, case = pick(draw, CHANGES), draw(SEEDS)
    for change in range(changes):
        rnd = part_random(case, change)
        rnd.choice([change_anywhere, change_an_answer])(draw, rnd, data)
    rnd = part_random(case, LAST_PART)
    if pick(draw, [False] * 15 + [True]):
        data = rnd.choice([retyped(data), [data], data.get("answers"), None, 2])  # not an object
    ensure_ascii, indent, corrupt = pick(draw, WRITINGS)
    text = as_json(data, ensure_ascii, indent)
    return corrupted(draw, rnd, text) if corrupt else text


# ---- The invariant ----

def _one_line(message: str) -> None:
    assert message and message.isprintable() and "Traceback" not in message, message


def graded(bank: Bank, sid: str, answer: object, confidence: dict[str, str]) -> None:
    """Grade one kept answer as the cohort does: a final-assessment scenario as part of its form,
    any other scenario on its own."""
    if bank.get(sid).form:
        grade_assessment(bank, [sid], {sid: answer}, PASS_MARK, True, confidence)
    else:
        grade(bank, {sid: answer})  # type: ignore[dict-item]


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _read(reader, source) -> ProgressFile | ProgressError:
    try:
        return reader(source)
    except ProgressError as error:
        _one_line(str(error))
        return error


def check_progress(path: Path, content: str | bytes) -> ProgressFile | None:
    """Read `content` (already written at `path`): a ProgressFile whose every kept answer grades, or a
    ProgressError of one line. The file and its text read the same."""
    progress = _read(read_progress, path)
    if isinstance(content, str):
        from_text = _read(parse_progress, content)
        if _utf8(content):  # else only the text can be read: the file is not UTF-8
            assert type(from_text) is type(progress), (from_text, progress)
            # Read from a file, "\r" is a line break (universal newlines), so a JSON error's line may differ.
            assert str(from_text) == str(progress) or "\r" in content, (from_text, progress)
    if isinstance(progress, ProgressError):
        return None
    assert isinstance(progress, ProgressFile)
    bank = small_bank()
    answers, notes = answers_to_grade(bank, progress)
    for note in notes:
        _one_line(note)
    for sid, answer in answers.items():
        graded(bank, sid, answer, progress.confidence)
    return progress


def write_content(path: Path, content: str | bytes) -> Path:
    """Write over no file: removing one first is much cheaper than truncating it on ext4."""
    path.unlink(missing_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


# A case takes milliseconds: the deadline is for one that takes seconds, with room for a busy machine.
# No explain phase: it traces every case, which doubles the time of a run. No database: nothing is
# written into the repository.
FUZZ = settings(deadline=5_000, database=None, phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder for every case (see write_content)."""
    return tmp_path_factory.mktemp("fuzz-progress")


@seed(fuzz_seed())
@settings(FUZZ, max_examples=FILE_CASES)
@given(content=hostile_progress())
def test_hostile_progress_files_read_or_give_one_clear_line(folder, content):
    fuzz_case("progress")
    try:
        if check_progress(write_content(folder / "progress.json", content), content) is not None:
            fuzz_case("progress valid")
    except BaseException:
        fuzz_case("failure")
        raise


@seed(fuzz_seed())
@settings(FUZZ, max_examples=COHORT_CASES)
@given(contents=st.lists(hostile_progress(), min_size=1, max_size=4))
def test_the_cohort_reports_every_file_graded_or_skipped(folder, contents):
    for old in folder.glob("cohort-*"):
        old.unlink()
    files = [write_content(folder / f"cohort-{n}.json", content) for n, content in enumerate(contents)]
    fuzz_case("cohort file", len(files))
    try:
        bank = small_bank()
        cohort = build_cohort(bank, files, PASS_MARK)
        reported = [trainee.file for trainee in cohort.trainees] + [file for file, _ in cohort.skipped]
        assert sorted(reported) == sorted(map(str, files)), reported
        for _, reason in cohort.skipped:
            _one_line(reason)
        assert all(line.isprintable() for line in cohort_table(bank, cohort).splitlines())
        assert "<script" not in cohort_html(bank, cohort)
    except BaseException:
        fuzz_case("failure")
        raise


def test_over_2000_progress_files_were_generated():
    """Counted as they ran, not taken from the settings: a run that generated fewer fails here."""
    if not FUZZ_COUNTS.get("progress"):
        pytest.skip("the progress file fuzz tests did not run in this session")
    assert FUZZ_COUNTS["progress"] >= 2_000, f"only {FUZZ_COUNTS['progress']:,} progress files were generated"


# ---- Engine bugs the fuzzing found, fixed: each test failed before the fix ----

def test_an_unfinished_final_assessment_path_does_not_lose_the_trainee(tmp_path):
    bank = small_bank()
    answers = {sid: {**answer_pool(sid)[0]} for sid in ("al-four", "fa-one", "fa-path")}
    assert answers["fa-path"]["path"] == ["a"]  # the first scene only: not at an ending yet
    sam = tmp_path / "sam.json"
    sam.write_text(json.dumps({"format": FORMAT, "version": 2, "nickname": "Sam", "answers": answers}))
    cohort = build_cohort(bank, [sam], PASS_MARK)
    assert [trainee.nickname for trainee in cohort.trainees] == ["Sam"], cohort.skipped
