# SPDX-License-Identifier: MIT
"""Property-based fuzzing of the loader: whatever a bank folder holds, the result is either a valid
bank or a BankError whose every problem is one line naming the file (and, for a scenario's problem,
the scenario and the field). Never another exception, never a hang.

Each case starts from a valid bank (simple and branching scenarios, competencies.yml, sometimes a
rubric.yml whose moves the options name), changes it at every level (files, top-level keys,
scenarios, options, scenes, endings, links and ids; dropped, swapped for another type, duplicated,
made huge or nested deep), dumps it to YAML and sometimes corrupts the text itself. The seed is
printed under "quality gates"; FUZZ_SEED=<seed> repeats a run exactly.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import itertools
import random
import time
from pathlib import Path

import pytest
import yaml
from conftest import (
    BIB,
    COMPETENCIES,
    FUZZ_COUNTS,
    LAST_PART,
    Place,
    basic_change,
    fuzz_case,
    fuzz_seed,
    make_branching,
    make_scenario,
    nested,
    parent_of,
    part_random,
    pick,
    tree_places,
    write_bank,
)
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from scenario_quiz import Bank, BankError, load_bank
from scenario_quiz.core.model import BranchingScenario

pytestmark = pytest.mark.usefixtures("frozen_heap")  # see conftest: fewer slow garbage collections
BANK_CASES = 1_750  # generated banks (plus RAW_CASES raw files): together just over the 2,000 the issue asks for
RAW_CASES = 300
SETTINGS = {"crisis_line": "Samaritans on 116 123"}  # the one {{ name }} a generated scenario may use
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: dumping is most of a case's time otherwise

# ---- Values to put where they do not belong ----

ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
# Keys known to break messages (a line break, a terminal escape, a huge one) or to confuse (not text at all);
# an added key is one of these half the time, else generated.
HOSTILE_KEYS = ["__proto__", "constructor", "<<", "id\n", "a\nb", "key\r", "\x1b[2J", "\u202eeman", "", " ", "x" * 500,
                "scenarios ", "Options", "titel", 1, -3, None, True, dt.date(2027, 1, 31)]
ODD_KEYS = st.one_of(ODD_TEXT, st.integers())
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.just(10**40), st.floats(allow_nan=True), ODD_TEXT,
    st.dates(), st.datetimes(),
    st.just("x" * 20_000),  # a huge string (the cap is 3,000)
    st.just("\u202e\u0000\ufeff\U0001f600 café"),  # direction override, NUL, BOM, emoji
    st.just("Ring {{ crisis_line }} or {{ no_such_setting }}"),
    st.lists(st.integers(), max_size=3), st.dictionaries(ODD_TEXT, st.integers(), max_size=3),
    st.lists(st.just({}), max_size=3),
)
BAD_IDS = [
    "", " ", "Al-One", "al--one", "-al", "al-", "al_one", "al one", "ａｌ-one", "al-one\n", "a" * 81, "a" * 5_000,
    "0", "__proto__", "good-end", "first", "sg-path-1",
]
RATINGS = ["helpful", "partly helpful", "unhelpful", "harmful", "Helpful", "great", "partly", "HARMFUL", "",
           "partly  helpful"]


# ---- A valid bank to start from ----

def _with_moves(scenario: dict) -> dict:
    """Name a rubric move on every option, each move rated as the option is (so the bank stays valid)."""
    options = ([o for scene in scenario["scenes"] for o in scene["options"]] if "scenes" in scenario
               else scenario["options"])
    for option in options:
        option["move"] = MOVE_OF[option["rating"]]
    return scenario


MOVE_OF = {"helpful": "listen-first", "partly helpful": "kind-but-closed", "unhelpful": "move-on",
           "harmful": "give-advice"}
RUBRIC = {"moves": [{"id": move, "name": move.replace("-", " ").capitalize(), "rating": rating,
                     "reason": f"Rated {rating} everywhere in the course."} for rating, move in MOVE_OF.items()]}


def _scenario(kind: str, number: int, with_rubric: bool) -> dict:
    if kind == "branching":
        scenario = make_branching(f"sg-path-{number}")
    elif kind == "rated":
        scenario = make_scenario(f"fa-rate-{number}", form="a", rate_every_option=True)
    else:
        scenario = make_scenario(f"al-{number}", situation="Ruth says: ring {{ crisis_line }}?")
    return _with_moves(scenario) if with_rubric else scenario


# The YAML node of every mapping and list in a pristine file, by id(): these are never changed (a change copies
# them first, see _own) and live as long as pristine()'s cache, so an id here always means that same value.
PRISTINE_NODES: dict[int, yaml.Node] = {}


class _NodeRecorder(DUMPER):
    """Dumps a pristine file, keeping the node made for each of its mappings and lists in PRISTINE_NODES."""

    def represent_data(self, data):
        node = super().represent_data(data)
        if isinstance(data, (dict, list)):
            PRISTINE_NODES[id(data)] = node
        return node


class _ReusingDumper(DUMPER):
    """Dumps a changed file, reusing the nodes of the parts still shared with its pristine file: most of it,
    as a change copies only the mappings and lists on its way down. The text is the same as DUMPER's (the
    nodes are the ones it would make), in less time: representing unchanged parts afresh was half a dump."""

    def represent_data(self, data):
        node = PRISTINE_NODES.get(id(data))
        return node if node is not None else super().represent_data(data)


@functools.cache
def pristine(name: str, recipe: tuple[tuple[str, int], ...] = (), with_rubric: bool = False) -> tuple[dict, str, list]:
    """A valid file's data, its YAML and its places (see tree_places), made once: most files of a case are left
    as they were, and dumping YAML is the slowest part of making a case."""
    if name == "competencies.yml":
        data = COMPETENCIES
    elif name == "rubric.yml":
        data = RUBRIC
    else:
        data = {"module": name.removesuffix(".yml"), "scenarios": [_scenario(k, n, with_rubric) for k, n in recipe]}
    return data, yaml.dump(data, Dumper=_NodeRecorder, sort_keys=False), tree_places(data, (name,))


def _bank_shapes() -> list[dict[str, tuple]]:
    """Every valid bank to start from, as pristine() arguments by file name, smallest first: one or two
    scenarios (simple, in steps, or rate-every-option) in one or two modules, competencies.yml and,
    when `with_rubric`, rubric.yml with a move named on every option. (A third scenario found nothing
    new, and doubled the time spent dumping YAML.)"""
    shapes = []
    for count in (1, 2):
        for kinds in itertools.product(["simple", "branching", "rated"], repeat=count):
            for homes in itertools.product(["01-x.yml", "02-y.yml"], repeat=count):
                for with_rubric in (False, True):
                    modules: dict[str, list[tuple[str, int]]] = {}
                    for number, (kind, home) in enumerate(zip(kinds, homes, strict=True), 1):
                        modules.setdefault(home, []).append((kind, number))
                    lists = {"competencies.yml": ("competencies.yml",)} | (
                        {"rubric.yml": ("rubric.yml",)} if with_rubric else {})
                    shapes.append(lists | {name: (name, tuple(recipe), with_rubric)
                                           for name, recipe in sorted(modules.items())})
    return shapes


# One draw picks a whole starting bank: drawing it piece by piece cost more than loading it.
VALID_BANKS = st.sampled_from(_bank_shapes())


# ---- Changing it, at every level ----

# One draw seeds every choice of a case that is not an odd value: where each change goes and what it is, which
# file becomes a folder, which is corrupted and how (see part_random). Each Hypothesis draw costs 50 to 70 µs,
# and a draw for each of those choices was a quarter of a case's draws. Hypothesis still chooses the starting
# bank, how many changes, whether a file becomes a folder and whether one is corrupted, and the odd values
# themselves (JUNK and the like), and shrinks a failure to fewer changes.
SEEDS = st.integers(0, 2**32 - 1)


def _ids_in(tree: object) -> list[str]:
    """Every id in the tree, so a change can reuse one: a duplicate id, a link to the wrong place."""
    if isinstance(tree, dict):
        return [v for k, v in tree.items() if k == "id" and isinstance(v, str)] + \
            [i for v in tree.values() for i in _ids_in(v)]
    return [i for v in tree for i in _ids_in(v)] if isinstance(tree, list) else []


def _own(files: dict, place: Place) -> None:
    """Copy each mapping and list from the file down to the value at `place` that is still a pristine file's
    (shared by every case that starts from it), so that a change there touches this case alone. Copying
    only these, not the whole file, leaves the rest shared, and _ReusingDumper dumps it without work."""
    tree: object = files
    for key in place:
        value = tree[key]  # type: ignore[index]
        if id(value) in PRISTINE_NODES:
            value = tree[key] = copy.copy(value)  # type: ignore[index]
        tree = value


def one_change(draw, rnd: random.Random, files: dict, places_of: dict[str, list[Place]], changed: set) -> None:
    """Change the tree of files at one place, chosen level first so deep and shallow places are equally
    likely: the files themselves, top-level keys, scenarios, their fields, options, scenes...
    `places_of` has the places of the files not yet changed. The way down to the place is copied first
    (the pristine files are shared) and the file's name added to `changed`."""
    places = [(name,) for name in files] + [
        p for name in files for p in (tree_places(files[name], (name,)) if name in changed else places_of[name])]
    levels = sorted({len(p) for p in places})
    level = rnd.choice(levels)
    place = rnd.choice([p for p in places if len(p) == level])
    _own(files, place)
    changed.add(place[0])
    parent, key = parent_of(files, place), place[-1]
    value = parent[key]
    action = rnd.choice(ACTIONS[type(value) if isinstance(value, (dict, list)) else str])
    if basic_change(action, parent, key, lambda: draw(JUNK)):
        return
    if action == "extra" and isinstance(value, dict):
        value[rnd.choice(HOSTILE_KEYS) if rnd.random() < 0.5 else draw(ODD_KEYS)] = copy.deepcopy(draw(JUNK))
    elif action == "extra":
        value.append(copy.deepcopy(draw(JUNK)))
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(value))  # a second scenario, scene or option with the same id
    elif action == "duplicate":
        parent[f"0{key}"] = copy.deepcopy(value)  # the same under another key: a second file, say
        if len(place) == 1:
            changed.add(f"0{key}")
    elif action == "id":
        ids = _ids_in(files)
        parent[key] = rnd.choice(ids) if ids and rnd.random() < 0.5 else rnd.choice(BAD_IDS)
    elif action == "nest":
        parent[key] = nested(value, rnd.choice([1, 2, 39, 45, 200]), rnd.random() < 0.5)
    else:
        parent[key] = rnd.choice(RATINGS)


# What can be done to a mapping, a list and a single value; an action listed twice is twice as likely.
# "extra" adds a key (a top-level one, when the mapping is a file) or an item; "id" puts in an id from
# elsewhere in the bank, or a bad one.
ACTIONS = {
    dict: ["extra", "extra", "junk", "drop", "retype", "duplicate", "empty", "nest"],
    list: ["junk", "extra", "duplicate", "drop", "retype", "empty", "nest"],
    str: ["junk", "id", "id", "rating", "drop", "retype", "duplicate", "empty", "nest"],
}


# ---- Corrupting the text ----

SNIPPETS = [
    "\t", "\x00", "\x07", "\x1b[31m", "\ufeff", "\u2028", "\x85", "\ud7ff", "\ufffe", "[" * 60, "{" * 60,
    "- - - - - - ", ": ", "'", '"', "|", ">-", "%YAML 1.1\n", "---\n", "...\n", "? ", "#", "\\", "{{ crisis_line }}",
    "{{ nope }}", "\r", "\r\n", "<<: ", "~", "=", "!",
]
INSERTS = st.one_of(st.sampled_from(SNIPPETS), ODD_TEXT)
TAGS = ["!!binary ", "!!int ", "!!float ", "!!str ", "!!set ", "!!timestamp ", "!!python/object/apply:os.system ",
        "!custom ", "!<tag:yaml.org,2002:str> "]


def _after_colon(rnd: random.Random, lines: list[str]) -> int | None:
    """A line with a value after "key: ", if there is one: where a tag, an anchor or deep nesting can go."""
    keyed = [n for n, line in enumerate(lines) if ": " in line]
    return rnd.choice(keyed) if keyed else None


def _with_value(line: str, value: str, keep: bool) -> str:
    """`line` ("key: old") with `value` after the colon, in front of the old value or instead of it."""
    key, _, old = line.partition(": ")
    return f"{key}: {value}" + (old if keep else "\n")


def corrupted(draw, rnd: random.Random, text: str) -> str | bytes:
    """`text` truncated, with odd characters or YAML syntax pushed in (tags, anchors and aliases, nesting
    deeper than the loader allows, tabs, a byte-order mark), lines repeated or lost, or not UTF-8."""
    for _ in range(rnd.choice([1, 2, 3])):
        lines = text.splitlines(keepends=True) or [""]
        action = rnd.choice(["truncate", "insert", "insert", "delete", "repeat-line", "drop-line", "indent", "tag",
                             "alias", "deep", "bom", "bytes"])
        if action in ("truncate", "insert", "delete", "bom", "bytes"):
            where = rnd.randrange(len(text) + 1)
        elif action in ("repeat-line", "drop-line", "indent"):
            line = rnd.randrange(len(lines))
        else:
            keyed = _after_colon(rnd, lines)
            if keyed is None:
                continue
        if action == "truncate":
            text = text[:where]
        elif action == "insert":
            text = text[:where] + draw(INSERTS) + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + rnd.choice([1, 2, 5, 20]):]
        elif action == "repeat-line":
            text = "".join(lines[: line + 1] + lines[line:])  # often a key given twice
        elif action == "drop-line":
            text = "".join(lines[:line] + lines[line + 1:])
        elif action == "indent":
            text = "".join(lines[:line] + [rnd.choice([" ", "\t", "   "]) + lines[line]] + lines[line + 1:])
        elif action == "tag":
            text = "".join(lines[:keyed] + [_with_value(lines[keyed], rnd.choice(TAGS), keep=True)] + lines[keyed + 1:])
        elif action == "alias":  # an anchor on one value, an alias (or a merge) standing for another
            lines[keyed] = _with_value(lines[keyed], "&a ", keep=True)
            other = _after_colon(rnd, lines)
            lines[other] = _with_value(lines[other], rnd.choice(["*a", "*nowhere", "{<<: *a}"]), keep=False)
            text = "".join(lines)
        elif action == "deep":  # MAX_DEPTH is 40
            depth = rnd.choice([39, 41, 200, 5_000])
            text = "".join(lines[:keyed] + [_with_value(lines[keyed], "[" * depth + "]" * depth, keep=False)]
                           + lines[keyed + 1:])
        elif action == "bom":
            text = "\ufeff" + text if rnd.random() < 0.5 else text[:where] + "\ufeff" + text[where:]
        else:  # not UTF-8 at all: Latin-1, UTF-16 or stray bytes
            encoded = text.encode("utf-8")
            return rnd.choice([text.encode("latin-1", "replace"), text.encode("utf-16"),
                               encoded[:where] + b"\xff\xfe\xc3" + encoded[where:]])
    return text


class Odd(str):
    """Written as something other than a file: see write_files."""


FOLDER, DANGLING_LINK = Odd("a folder"), Odd("a link to nowhere")


# How many changes: one to four, or none for one case in nine (unchanged banks must load). Not drawn with
# integers(0, 4): Hypothesis draws its lowest value for about half the cases, which left half of them unchanged.
CHANGES = [1, 2, 3, 4, 0, 1, 2, 3, 4]


@st.composite
def hostile_bank(draw) -> dict[str, object]:
    """A bank's files by name: YAML text (or bytes), or a folder or a dangling link in place of a file."""
    recipes = draw(VALID_BANKS)
    files = {name: pristine(*recipe)[0] for name, recipe in recipes.items()}
    places_of = {name: pristine(*recipe)[2] for name, recipe in recipes.items()}
    changed: set[object] = set()
    changes, case = pick(draw, CHANGES), draw(SEEDS)
    for change in range(changes):
        if files:
            one_change(draw, part_random(case, change), files, places_of, changed)
    rnd = part_random(case, LAST_PART)
    if pick(draw, [False] * 15 + [True]):
        files[rnd.choice(["03-z.yml", "competencies.yml", "rubric.yml"])] = rnd.choice([FOLDER, DANGLING_LINK])
    written: dict[str, object] = {}
    for name, content in files.items():
        if isinstance(content, Odd):
            written[name] = content
        elif name in changed:
            written[name] = yaml.dump(content, Dumper=_ReusingDumper, sort_keys=False,
                                      allow_unicode=rnd.choice([True, False]))
        else:
            written[name] = pristine(*recipes[name])[1]
    if written and pick(draw, [False, False, True]):
        name = rnd.choice(sorted(written, key=str))
        if not isinstance(written[name], Odd):
            written[name] = corrupted(draw, rnd, written[name])
    return written


ON_DISK: dict[Path, dict[str, object]] = {}  # what write_files last left in each folder, by file name


def write_files(folder: Path, files: dict[str, object], bib: str | bytes = BIB) -> Path:
    """Write a bank exactly as given into `folder`: unlike conftest.write_bank, competencies.yml may be missing
    or broken. The folder is reused from case to case: a file already there as it should be is left alone,
    and any other is removed rather than overwritten. (On ext4, truncating a file or making a folder costs
    milliseconds, more than the rest of a case.)"""
    wanted = {"refs.bib": bib.encode() if isinstance(bib, str) else bib} | {
        str(name): content if isinstance(content, (bytes, Odd)) else content.encode("utf-8")
        for name, content in files.items()}
    if folder not in ON_DISK:
        folder.mkdir(exist_ok=True)
    there = ON_DISK.setdefault(folder, {})
    for old in folder.iterdir():
        if there.get(old.name) != wanted.get(old.name):
            old.rmdir() if old.is_dir() and not old.is_symlink() else old.unlink()
            there.pop(old.name, None)
    for name, content in wanted.items():
        path = folder / name
        if name in there:
            continue
        if content is FOLDER:
            path.mkdir()
        elif content is DANGLING_LINK:
            path.symlink_to(folder / "not-there.yml")
        else:
            path.write_bytes(content)
        there[name] = content
    return folder


# ---- The invariant ----

def check_outcome(folder: Path, references: bool = True) -> Bank | None:
    """A valid bank, or a BankError of one-line problems that each name their place; nothing else."""
    try:
        bank = load_bank(folder, folder / "refs.bib" if references else None, settings=SETTINGS)
    except BankError as error:
        assert error.problems
        places = {str(folder), *(str(folder / name) for name in ("refs.bib", "competencies.yml", "rubric.yml")),
                  *(str(path) for path in folder.glob("*.yml"))}
        for problem in error.problems:
            line = str(problem)
            # One line, safe in a terminal: a control character could break it or forge another line.
            assert line.isprintable() and "Traceback" not in line, line
            assert line.startswith(problem.file) and problem.file in places, line
            if problem.scenario:
                assert f"scenario '{problem.scenario}'" in line and len(problem.scenario) <= 80, line
            if problem.field:
                assert f"field '{problem.field}'" in line, line
        return None
    assert isinstance(bank, Bank) and set(bank.module_of) == set(bank.scenarios)
    for sid, scenario in bank.scenarios.items():
        assert scenario.id == sid and scenario.competency in bank.competencies
        if isinstance(scenario, BranchingScenario):
            assert scenario.scene(scenario.start) is not None
    return bank


def fuzz_bank_case(folder: Path, with_references: bool) -> None:
    """Check one generated bank, counting it (and any exception) for the gate line."""
    fuzz_case("bank")
    try:
        if check_outcome(folder, with_references) is not None:
            fuzz_case("bank valid")
    except BaseException:
        fuzz_case("failure")
        raise


# A case takes milliseconds: the deadline is for one that takes seconds, with room for a busy machine.
# No explain phase: it traces every case, which doubles the time of a run. No database: nothing is
# written into the repository.
FUZZ = settings(deadline=5_000, database=None, phases=[Phase.explicit, Phase.generate, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder for every case of a test (see write_files)."""
    return tmp_path_factory.mktemp("fuzz-bank") / "bank"


@seed(fuzz_seed())
@settings(FUZZ, max_examples=BANK_CASES)
@given(files=hostile_bank(), with_references=st.sampled_from([False] * 15 + [True]))
def test_hostile_banks_give_a_bank_or_clear_errors(folder, files, with_references):
    # Reading the BibTeX file costs more than the rest of a case: sources are checked in one case in sixteen or so.
    fuzz_bank_case(write_files(folder, files), with_references)


RAW_FILES = st.one_of(
    ODD_TEXT,
    st.just("a: &a [1, 2]\nb: *a\n"),  # aliases
    st.just("lol: &l ['lol','lol']\n" + "".join(f"l{i}: &l{i} [*l{i - 1 if i > 1 else ''}]\n" for i in range(1, 9))),
    st.integers(1, 3000).map(lambda n: "scenarios: " + "[" * n + "]" * n),  # deep nesting
    st.integers(1, 3000).map(lambda n: "scenarios:\n" + "".join("  " * i + "- \n" for i in range(n))),
    st.just("scenarios:\n  - id: al-1\n\ttitle: tab\n"),
    st.just("\ufeffscenarios: []\n"),
    st.just("scenarios: !!binary aGVsbG8=\n"),
    st.just("scenarios:\n- !!python/object/apply:os.system ['true']\n"),
    st.just("scenarios: []\n---\nscenarios: []\n"),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.binary(max_size=60),
)


# Dumped once: PyYAML's pure-Python dumper took as long as the rest of a raw case.
COMPETENCIES_YAML = yaml.safe_dump(COMPETENCIES)
ONE_SCENARIO_YAML = yaml.safe_dump({"module": "01-x", "scenarios": [make_scenario()]})


@seed(fuzz_seed())
@settings(FUZZ, max_examples=RAW_CASES)
@given(content=RAW_FILES, name=st.sampled_from(["01-x.yml", "competencies.yml", "rubric.yml"]))
def test_any_file_content_gives_clear_errors(folder, content, name):
    files = {"competencies.yml": COMPETENCIES_YAML, "01-x.yml": "scenarios: []\n", name: content}
    fuzz_bank_case(write_files(folder, files), with_references=False)


@seed(fuzz_seed())
@settings(FUZZ, max_examples=20)
@given(recipes=VALID_BANKS)
def test_the_starting_banks_are_valid(folder, recipes):
    """Every change starts from a valid bank, so a refusal is the change's doing, not the generator's."""
    write_files(folder, {name: pristine(*recipe)[1] for name, recipe in recipes.items()})
    assert isinstance(load_bank(folder, folder / "refs.bib", settings=SETTINGS), Bank)


@seed(fuzz_seed())
@settings(FUZZ, max_examples=30)
@given(junk=st.binary(max_size=200), start=st.sampled_from(["", BIB]))
def test_a_broken_references_file_gives_clear_errors(folder, junk, start):
    files = {"competencies.yml": COMPETENCIES_YAML, "01-x.yml": ONE_SCENARIO_YAML}
    check_outcome(write_files(folder, files, start.encode() + junk))


def test_over_2000_scenario_banks_were_generated():
    """Counted as they ran, not taken from the settings: a run that generated fewer fails here."""
    if not FUZZ_COUNTS.get("bank"):
        pytest.skip("the scenario bank fuzz tests did not run in this session")
    assert FUZZ_COUNTS["bank"] >= 2_000, f"only {FUZZ_COUNTS['bank']:,} scenario banks were generated"


# ---- Engine bugs the fuzzing found, fixed: each test failed before the fix ----

def _problems(folder: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(folder, settings=SETTINGS)
    return [str(problem) for problem in caught.value.problems]


def test_an_unknown_top_level_key_with_a_line_break_is_one_line(tmp_path):
    folder = write_bank(tmp_path / "bank", {"01-x.yml": 'scenarios: []\n"x\\ny": 1\n'})
    lines = _problems(folder)
    assert all(line.isprintable() for line in lines), lines


def test_an_unknown_setting_under_a_key_with_a_line_break_is_one_line(tmp_path):
    scenario = make_scenario("al-one")
    scenario["a\nb"] = "Ring {{ no_such_setting }}"
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [scenario]}})
    lines = _problems(folder)
    assert all(line.isprintable() for line in lines), lines


def test_yaml_bomb_is_refused_quickly(tmp_path):
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    folder = write_bank(tmp_path / "bank", {"01-x.yml": bomb})
    started = time.perf_counter()
    try:
        load_bank(folder, folder / "refs.bib")
    except BankError as error:
        assert "aliases (*name) are not allowed" in str(error)
    else:
        raise AssertionError("a YAML bomb was accepted")
    # Expanded, the bomb is 9**9 strings: refusing it at the first alias takes milliseconds.
    assert time.perf_counter() - started < 1.0
