# SPDX-License-Identifier: MIT
"""Shared fixtures: a tiny valid bank written to a temp folder, and the repo paths."""

from __future__ import annotations

import collections
import copy
import os
import random
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import books  # first in the main process: it names this run for the workers and builds it starts
import pytest
import yaml

from scenario_quiz.core.identity import course_identity

ROOT = Path(__file__).resolve().parent.parent

# sphinx.testing's `app` and `make_app` fixtures and its `@pytest.mark.sphinx(testroot=...)` marker, as
# sphinx-exercise and sphinx-design use them; the test projects are tests/roots/test-NAME.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"

COMPETENCIES = {"competencies": [
    {"id": "active-listening", "name": "Active listening", "description": "Listening well."},
    {"id": "safeguarding", "name": "Safeguarding and risk", "description": "Acting on risk."},
]}
BIB = "@misc{samaritans-shush, author = {{Samaritans}}, title = {SHUSH listening tips}}\n"


def make_scenario(sid: str = "al-one", competency: str = "active-listening", **changes) -> dict:
    scenario = {
        "id": sid,
        "title": "A pause after hard news",
        "situation": "Ruth, who has **type 2** diabetes, stops talking and looks at the floor.",
        "question": "What do you do next?",
        "competency": competency,
        "source": {"ref": "samaritans-shush", "detail": "Have courage"},
        "options": [
            {"text": "Wait quietly.", "rating": "helpful", "feedback": "Silence gives room."},
            {"text": "Change the subject.", "rating": "unhelpful", "feedback": "It moves on too fast."},
            {"text": "Ask if she is OK.", "rating": "partly helpful", "feedback": "Kind, but closed."},
            {"text": "Tell her what to do.", "rating": "harmful", "feedback": "Advice, not support."},
        ],
        "review": {"written_by": "Tests", "reviewed_by": "Tests", "review_by": "2027-01-31"},
    }
    scenario.update(copy.deepcopy(changes))
    return scenario


def make_branching(sid: str = "sg-path", **changes) -> dict:
    """A small valid branching scenario: first -> second -> good-end, with ways to bad-end."""
    def option(text, rating, nxt):
        return {"text": text, "rating": rating, "feedback": f"Because: {text}", "next": nxt}

    scenario = {
        "id": sid, "title": "Not wanting to go on", "competency": "safeguarding", "safety_critical": True,
        "situation": "At the end of the group, Dev stays behind.",
        "source": {"ref": "samaritans-shush"},
        "review": {"written_by": "Tests", "reviewed_by": "Tests", "review_by": "2027-01-31"},
        "start": "first",
        "scenes": [
            {"id": "first", "situation": "Dev says he sees no point.", "question": "What do you say?",
             "options": [option("Ask gently", "helpful", "second"),
                         option("Change the subject", "harmful", "bad-end")]},
            {"id": "second", "situation": "Dev says more.", "question": "What now?",
             "options": [option("Ask directly about suicide", "helpful", "good-end"),
                         option("Say cheer up", "unhelpful", "bad-end"),
                         option("Say it sounds hard", "partly helpful", "good-end")]},
        ],
        "endings": [{"id": "good-end", "title": "Dev gets help", "text": "You call NHS 111 together."},
                    {"id": "bad-end", "title": "Dev leaves", "text": "He goes home alone."}],
    }
    scenario.update(copy.deepcopy(changes))
    return scenario


def write_bank(folder: Path, files: dict[str, object]) -> Path:
    """Write competencies, a bib file and scenario files; values are data (dumped) or raw text."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "competencies.yml").write_text(yaml.safe_dump(COMPETENCIES))
    (folder / "refs.bib").write_text(BIB)
    for name, content in files.items():
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def bank():
    """The course's own scenario bank, loaded once per run (tests that need a small made-up bank use
    `bank_dir`/`write_bank` and call theirs `small_bank`)."""
    from scenario_quiz import load_bank

    return load_bank(ROOT / "scenarios", ROOT / "book" / "references.bib")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "bank", {"01-sample.yml": {
        "module": "01-sample",
        "scenarios": [make_scenario("al-one"), make_scenario("sg-two", "safeguarding", safety_critical=True)],
    }})


# This course's identity (its storage key and progress-file format), from _config.yml as the book reads it.
COURSE = course_identity(ROOT)

BUILD_DIR = ROOT / "_build" / "html"
GATE_LINES: dict[str, str] = {}


def gate(name: str, summary: str) -> None:
    """Record a quality gate's one-line summary; it is printed at the end of the test run."""
    GATE_LINES[name] = summary


SCREENSHOTS: dict[str, float] = {}  # screenshot -> share of pixels that differed from its baseline


def screenshot_compared(name: str, share: float) -> None:
    """Record one visual comparison (share < 0: none, just rewrite the line) and the visual gate line, over
    every screenshot this run compared: pytest-xdist workers hand theirs to the main process."""
    from test_visual import MAX_SHARE

    if share >= 0:
        SCREENSHOTS[name] = share
    worst = max(SCREENSHOTS, key=SCREENSHOTS.__getitem__)
    gate("visual", f"{len(SCREENSHOTS)} screenshots compared; largest difference {SCREENSHOTS[worst]:.3%} ({worst}), "
                   f"at most {MAX_SHARE:.1%} allowed")


def pytest_sessionfinish(session) -> None:
    """A pytest-xdist worker hands its gate lines and fuzz counts to the main process, which prints them."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["gates"] = GATE_LINES
        session.config.workeroutput["fuzz"] = FUZZ_COUNTS
        session.config.workeroutput["screenshots"] = SCREENSHOTS


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    output = getattr(node, "workeroutput", {})
    GATE_LINES.update(output.get("gates", {}))
    for kind, count in output.get("fuzz", {}).items():
        FUZZ_COUNTS[kind] = FUZZ_COUNTS.get(kind, 0) + count
    if FUZZ_COUNTS:
        fuzz_case("bank", 0)  # the fuzz line again, from every worker's counts
    SCREENSHOTS.update(output.get("screenshots", {}))
    if SCREENSHOTS:
        screenshot_compared("", -1.0)  # the visual line again, from every worker's screenshots


def pytest_terminal_summary(terminalreporter) -> None:
    if GATE_LINES:
        terminalreporter.section("quality gates")
        for name, summary in GATE_LINES.items():
            terminalreporter.write_line(f"{name:<10} {summary}")


def built(edition: str = "trainee", nation: str | None = None) -> Path:
    """One edition's built HTML (warnings are errors), built at most once per source however many
    workers ask (tests/books.py); a failed build is one test failure with the end of its log."""
    if os.environ.get("NO_BOOK_BUILDS"):  # `make test-fast`: a test that builds the book must be marked
        pytest.fail("this test needs a built book: it should be marked `book` (see pytest_collection_modifyitems)",
                    pytrace=False)
    try:
        return books.book(edition, nation)
    except books.BuildFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The trainee edition, where `make book` puts it: _build/html."""
    return built("trainee")


@pytest.fixture(scope="session")
def organiser_book() -> Path:
    """The organiser edition, where `make organiser` puts it: _build/organiser/_build/html."""
    return built("organiser")


def book_pages(root: Path) -> list[Path]:
    """Every content page of the built book: not Sphinx's search and index pages, and not the
    top-level index.html, which only redirects to book/index.html."""
    pages = []
    for page in sorted(root.rglob("*.html")):
        relative = page.relative_to(root)
        if relative.parts[0] in {"_static", "_sources"} or str(relative) in {
                "index.html", "search.html", "genindex.html"}:
            continue
        pages.append(page)
    return pages


# Attributes that name other elements on the same page by id (aria ones may list several).
ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls")


class _IdReader(HTMLParser):
    """Every id on a page, and every reference to one, whichever quotes the markup used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name == "id":
                self.ids.append(value)
            elif name in ID_REFERENCES:
                self.references += [(tag, name, target) for target in value.split()]
            elif name == "href" and value.startswith("#") and len(value) > 1:
                self.references.append((tag, name, unquote(value[1:])))


def read_ids(html: str) -> _IdReader:
    reader = _IdReader()
    reader.feed(html)
    reader.close()
    return reader


def id_problems(html: str, references: tuple[str, ...] = (*ID_REFERENCES, "href")) -> list[str]:
    """Ids used more than once, and references (of the kinds given) to ids the page does not have."""
    found = read_ids(html)
    counts = collections.Counter(found.ids)
    duplicates = [f"id '{i}' is used {n} times" for i, n in sorted(counts.items()) if n > 1]
    dangling = [f"<{tag} {name}> points at missing id '{target}'" for tag, name, target in found.references
                if name in references and target not in counts]
    return duplicates + dangling


def sphinx_project(tmp_path: Path, page: str, scenarios: list[dict]) -> Path:
    source = tmp_path / "src"
    write_bank(source / "scenarios", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}})
    (source / "conf.py").write_text(
        "extensions = ['myst_parser', 'scenario_quiz.sphinx.extension']\n"
        "scenario_references = 'scenarios/refs.bib'\n"
    )
    (source / "index.md").write_text(page)
    return source


def sphinx_build(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source),
                           str(source.parent / "out")], capture_output=True, text=True)


# The best answer to every scenario of form A, written as the book saves it through the store, on the final
# self-assessment's page: a passing attempt.
PASS_FORM_A = """() => {
  const model = JSON.parse(document.querySelector('.sq-assessment-model').textContent);
  const form = model.forms.a;
  const best = table => Object.keys(table).find(key => table[key][0] === Math.max(
      ...Object.values(table).map(v => v[0])));
  window.scenarioQuizStore.update((answers, record) => {
    record.form = 'a';
    form.ids.forEach(id => {
      const item = form.items[id], saved = {version: item.version, confidence: 'sure'};
      if (item.kind === 'single') saved.choice = best(item.single);
      else if (item.kind === 'path') saved.path = best(item.paths).split(',');
      else { saved.ratings = {}; Object.keys(item.rate).forEach(k => { saved.ratings[k] = best(item.rate[k]); }); }
      answers[id] = saved;
    });
  });
}"""


# A scenario whose every text field tries to inject markup or script.
HOSTILE = make_scenario(
    "al-hostile",
    title='<script>window.pwned = "title"</script>',
    situation='Jo says <img src=x onerror="window.pwned=1"> and [click](javascript:window.pwned=2) '
              "and ![pic](data:image/png;base64,AAAA).",
    question="<b>What now?</b>",
)
HOSTILE["options"][0]["text"] = '"><svg onload="window.pwned=3">'
HOSTILE["options"][0]["feedback"] = "<script>window.pwned=4</script>"


@pytest.fixture
def hostile_page(tmp_path) -> Path:
    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-hostile al-one\n```\n", [HOSTILE, make_scenario()])
    assert sphinx_build(source).returncode == 0
    return source.parent / "out" / "index.html"


SMALL_BOOK = Path(__file__).resolve().parent / "roots" / "test-quiz"


@pytest.fixture(scope="session")
def small_book(tmp_path_factory) -> Path:
    """The tiny book in tests/roots/test-quiz (a scenario, a scenario in steps, the final self-assessment),
    built with Sphinx's basic theme in about 3 s: for browser tests of the engine's own behaviour, which
    need neither the course's content nor the real book (so they run while the books build)."""
    out = tmp_path_factory.mktemp("small-book")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d", str(out / ".doctrees"),
                          str(SMALL_BOOK), str(out / "html")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    # Chromium asks a server for /favicon.ico: the basic theme has none, and the 404 would be a console error.
    (out / "html" / "favicon.ico").write_bytes(b"")
    return out / "html"


@pytest.fixture(scope="session")
def small_site(small_book):
    """The tiny book served on 127.0.0.1."""
    from chromium import serve

    with serve(small_book) as url:
        yield url


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served on 127.0.0.1."""
    from chromium import serve

    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from chromium import CHROMIUM, launch
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it with apt")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def desktop(browser):
    """Playwright's default desktop (1280 x 720, light) as one context and tab, kept for the session:
    `desktop.fresh(...)` gives a test the tab as a context of its own would show it, with nothing saved by
    the tests before, for about a tenth of the CPU a new context costs (tests/chromium.py, KeptTab). A test
    calls it again for a second device, or for another viewport, colour scheme or init script."""
    from chromium import KeptTab

    kept = KeptTab(browser)
    yield kept
    kept.close()


@pytest.fixture
def page(desktop):
    """The desktop tab made fresh: nothing stored for any site, and its console errors and warnings and
    uncaught exceptions recorded in `page.problems`."""
    return desktop.fresh()


# ---- Fuzzing: one seed per run, shared by every property-based test, and a real count of the cases ----

FUZZ_COUNTS: dict[str, int] = {}
_FUZZ_SEED: list[int] = []  # filled on first use, so every fuzz test of a run shares one seed


def fuzz_seed() -> int:
    """This run's seed: FUZZ_SEED from the environment to repeat a run, else a fresh random one."""
    if not _FUZZ_SEED:
        import os
        import random

        given = os.environ.get("FUZZ_SEED", "").strip()
        if given and not given.isdigit():
            raise pytest.UsageError(f"FUZZ_SEED must be a whole number such as 12345, not {given!r}")
        _FUZZ_SEED.append(int(given) if given else random.SystemRandom().randrange(1, 1_000_000))
    return _FUZZ_SEED[0]


def pytest_configure(config) -> None:
    # A bad FUZZ_SEED stops the run at once, with one line. The seed goes into the environment so that
    # every pytest-xdist worker (started after this) fuzzes with the same one, the one the gate line shows.
    os.environ["FUZZ_SEED"] = str(fuzz_seed())


# ---- Books: the tests that need one are marked `book`, and the books they need are started early ----

# Fixtures that stand for a built book, and the book each needs (see tests/books.py for the names).
BOOK_FIXTURES = {"built_book": "trainee", "organiser_book": "organiser", "nation_book": "nations",
                 "handbooks": "handbooks"}


def _books_needed(item) -> set[str]:
    names = set(getattr(item, "fixturenames", ()))  # a notebook cell (nbval) has none
    # A test parametrized by the book it reads (request.getfixturevalue) names the fixture in its parameters.
    names |= {value for value in getattr(getattr(item, "callspec", None), "params", {}).values()
              if isinstance(value, str)}
    return {BOOK_FIXTURES[name] for name in names & BOOK_FIXTURES.keys()}


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test that reads a built book `book` (`make test-fast` leaves them out), run the tests
    that need no book first, and start building the books the others need at once, in the background,
    two at a time (the machine has two cores), so they are ready or nearly ready when asked for."""
    needed: set[str] = set()
    rank = {"trainee": 1, "organiser": 2, "nations": 3, "handbooks": 4}
    module_rank: dict[str, int] = {}
    for item in items:
        wants = _books_needed(item)
        if wants:
            item.add_marker(pytest.mark.book)
        needed |= wants
        module = item.nodeid.split("::")[0]
        module_rank[module] = max([module_rank.get(module, 0), *(rank[w] for w in wants)])
    # A stable sort by module keeps each module's tests together (its module fixtures are made once).
    # Among the modules that wait for the same book, the long ones start first, so that no long module is
    # left running alone at the end (pyproject.toml keeps xdist from reordering modules by their size).
    # The notebooks go first of all: a kernel mostly waits on its messages, so the notebooks use little of
    # the two cores the first books are building on. When they ran last of the tests that need no book, they
    # ran after the books were built and left the cores idle for 7 CPU-seconds in 20 s of a run.
    long = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("long")}
    items.sort(key=lambda item: (module_rank[module := item.nodeid.split("::")[0]], not module.endswith(".ipynb"),
                                 module not in long))
    if not needed or config.option.collectonly or os.environ.get("NO_BOOK_BUILDS"):
        return
    if not _first_to_prefetch():
        return
    from scenario_quiz.core.settings import NATIONS, course_settings

    default = course_settings(ROOT)[0].get("nation", "england")
    others = [n for n in NATIONS if n != default] if "nations" in needed else []
    # Two queues, one per core. The other nations are built as organiser editions only (test_nations.py says why).
    first = (["trainee"] if needed & {"trainee", "nations"} else []) + [f"organiser:{n}" for n in others[:2]]
    second = (["organiser"] if needed & {"organiser", "nations"} else []) + [f"organiser:{n}" for n in others[2:]]
    if "handbooks" in needed:
        first.append("handbook:trainee")
        second.append("handbook:organiser")
    PREFETCHING.extend(books.prefetch([first, second]))


PREFETCHING: list[subprocess.Popen] = []


def pytest_unconfigure(config) -> None:
    """Stop the background builds this process started if they still run (a run stopped early, or one
    that did not need them all): a test that still wants such a book builds it under its lock."""
    import signal

    for process in PREFETCHING:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # its own process group: the builder and its jupyter-book


def _first_to_prefetch() -> bool:
    """True in one process of this run only: with pytest-xdist every worker collects every test."""
    with books.locked("prefetch"):
        marker = books.BUILD / ".keys" / "prefetch.run"
        if marker.exists() and marker.read_text() == books.RUN:
            return False
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(books.RUN)
        return True


@pytest.fixture(scope="module")
def frozen_heap():
    """For a fuzz module: everything already in memory (pytest, Sphinx, Hypothesis and the rest) is left
    out of the garbage collector's full passes until the module is done. Each case makes thousands of
    short-lived objects, so full passes come every few hundred cases, and each went through that whole
    heap: a tenth of a second every time, a twentieth of the module's time all told."""
    import gc

    if gc.get_freeze_count():  # frozen by something else, which will unfreeze it: leave it be
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fuzz_case(kind: str, count: int = 1) -> None:
    """Count one generated case of `kind` and keep the fuzz gate line current, so that it shows the
    seed and the count even when a fuzz test fails part-way."""
    FUZZ_COUNTS[kind] = FUZZ_COUNTS.get(kind, 0) + count
    banks, valid_banks = FUZZ_COUNTS.get("bank", 0), FUZZ_COUNTS.get("bank valid", 0)
    files, valid_files = FUZZ_COUNTS.get("progress", 0), FUZZ_COUNTS.get("progress valid", 0)
    cohort = FUZZ_COUNTS.get("cohort file", 0)
    failures, seed = FUZZ_COUNTS.get("failure", 0), fuzz_seed()
    gate("fuzz", f"{banks:,} scenario banks ({valid_banks:,} valid), {files:,} progress files ({valid_files:,} "
                 f"valid), {cohort:,} files through the cohort: {failures:,} exceptions "
                 f"(seed {seed}; rerun with FUZZ_SEED={seed})")


# ---- Fuzzing: places in a tree of data (a bank's files, a progress file) and ways to change them ----

Place = tuple  # keys from the root down to one value: ("01-x.yml", "scenarios", 0, "options", 2, "rating")


def tree_places(tree: object, here: Place = ()) -> list[Place]:
    """Every place in the tree below its root: containers and the values in them."""
    found = []
    children = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else []
    for key, value in children:
        found.append((*here, key))
        found += tree_places(value, (*here, key))
    return found


def parent_of(tree: object, place: Place) -> object:
    for key in place[:-1]:
        tree = tree[key]  # type: ignore[index]
    return tree


LAST_PART = 7  # part_random's part for a case's choices after its changes (there are at most four)


def part_random(case: int, part: int) -> random.Random:
    """The random choices of one part of a fuzz case, from the case's one seed: a change (0, 1, ...), or
    LAST_PART for the rest. Each part has a stream of its own, so a failure that Hypothesis shrinks to fewer
    changes keeps the same choices for the changes it keeps and for the rest."""
    return random.Random(case * 8 + part)


def pick(draw, items: list):
    """One of `items` (a Hypothesis draw). Hypothesis draws 0 from integers(0, n - 1) about a quarter of the
    time, so the first item would crowd out the others: a wide range, reduced, spreads the picks more evenly.
    (It is also cheaper than a sampled_from made afresh for each case.)"""
    from hypothesis import strategies as st  # here, so that tests without Hypothesis never import it

    return items[draw(st.integers(0, 2**16 - 1)) % len(items)]


def retyped(value: object) -> object:
    """The same content as another type: a list for text, a mapping for a list, a list for a mapping."""
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def basic_change(action: str, parent, key, junk) -> bool:
    """The changes both fuzzers make the same way: drop the value, put junk (`junk()`) in its place, give
    it another type, or empty it. False for any other action, which the caller makes itself."""
    value = parent[key]
    if action == "drop":
        del parent[key]
    elif action == "junk":
        parent[key] = copy.deepcopy(junk())
    elif action == "retype":
        parent[key] = retyped(value)
    elif action == "empty":
        parent[key] = type(value)() if isinstance(value, (str, list, dict)) else None
    else:
        return False
    return True


def nested(value: object, depth: int, as_list: bool) -> object:
    """`value` inside `depth` lists (or mappings)."""
    for _ in range(depth):
        value = [value] if as_list else {"x": value}
    return value
