# SPDX-License-Identifier: MIT
"""The build's state, with one owner: Sphinx's build environment (`env`).

    bank = read_bank(directive.env, ["al-one"])   # the bank, and this page now depends on al-one's file
    bank = read_bank(directive.env)               # the whole bank: every file it was read from
    need(directive.env, "quiz")                   # this page needs the quiz's styles and script

Why on `env` and nowhere else: `env` is what Sphinx saves between builds and hands to each process of a
parallel read, so an incremental or parallel build sees what a fresh one sees. One object lives there,
`env.scenario_quiz` (a `BuildState`, reached through `state_of(env)`):

- `bank`: the checked bank, loaded once per build (`load_bank_into_env`, at builder-inited), and
  `bank_files`, the files it was read from (scenario files, competencies, rubric, references, nations).
  The bank is not saved with the environment: every build loads it again.
- `needs`: for each page, the features it needs ("quiz", "styles", "progress", "presenter", ...), recorded
  by the directive that puts them there. `ASSETS` is the one table from a feature to the files it needs:
  the engine adds its own files to the pages that need them (`add_page_assets`); course_theme drops other
  extensions' files from the pages that do not (`unused_assets`), after recording their features the same way.
- `bank_readers`: the pages that read the whole bank. They are read again when a file is added to the
  bank or leaves it, which a dependency on the files that were there cannot notice, and written again when
  a module page's title changes (they show the titles; `module_titles`).

Both per-page records are cleared when a page is read again (env-purge-doc) and merged back from the
processes of a parallel read (env-merge-info), so `parallel_read_safe` is true. ENV_VERSION goes up when
BuildState changes shape, so Sphinx starts afresh rather than read an old one.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.bank import COMPETENCY_FILE, Bank, load_bank
from ..core.identity import CourseIdentity
from ..core.settings import NATIONS_FILE
from ..markup.templating import TEMPLATES

__all__ = [
    "ASSETS", "ENV_VERSION", "Asset", "BuildState", "add_page_assets", "bank_files", "detect_features",
    "load_bank_into_env", "need", "needs_of", "page_needs", "read_bank", "register_asset", "setup_state",
    "state_of", "unused_assets",
]


@dataclasses.dataclass(frozen=True)
class Asset:
    """A file some pages need. `ours`: the engine adds it to the pages that need it (its name exactly);
    otherwise another extension adds it to every page and it is dropped where no feature needs it
    (`file` is then a fragment of its name, since extensions add hashes and folders)."""

    file: str
    features: frozenset[str]
    ours: bool = True
    defer: bool = False

    @property
    def is_css(self) -> bool:
        return self.file.endswith(".css")


def _ours(file: str, *features: str, defer: bool = False) -> Asset:
    return Asset(file, frozenset(features), True, defer)


# The one table. Our rows, in the order they are added (the presenter's styles after the quiz's, whose
# colours and badges they use). `register_asset` adds other extensions' rows (course_theme).
# The features: "styles" (cards, plans, coverage, rubric, answer keys, print), "quiz" (a quiz that can be
# answered, with the saved-answers store), "progress" (My progress), "presenter" (organiser edition).
ASSETS: list[Asset] = [
    _ours("scenario-quiz.css", "styles", "quiz", "progress", "presenter"),
    _ours("scenario-quiz.js", "quiz", "progress", defer=True),  # also holds the saved-answers store
    _ours("scenario-progress.js", "progress", defer=True),
    _ours("scenario-presenter.css", "presenter"),
    _ours("scenario-presenter.js", "presenter", defer=True),
]

# Features another extension's markup brings, found in the doctree when a page is read (`detect_features`).
Detector = Callable[[nodes.Node], bool]
_DETECTORS: dict[str, Detector] = {}


def register_asset(file: str, feature: str, detect: Detector) -> None:
    """Another extension's file that only pages with `feature` need; `detect` says which nodes bring it.
    Idempotent: several Sphinx applications (tests) can set up in one process."""
    row = Asset(file, frozenset([feature]), ours=False)
    if row not in ASSETS:
        ASSETS.append(row)
    _DETECTORS[feature] = detect


# --- the state ----------------------------------------------------------------------------------------

ENV_VERSION = 2  # returned by setup() as env_version: raise it when BuildState changes shape, or when what
# a page is noted to depend on changes (2: the templates), so that a build kept from before reads every page again


@dataclasses.dataclass
class BuildState:
    bank: Bank | None = None
    bank_files: list[str] = dataclasses.field(default_factory=list)
    bank_files_before: list[str] | None = None  # the previous build's, until the pages to read are chosen
    needs: dict[str, set[str]] = dataclasses.field(default_factory=dict)  # page -> features
    bank_readers: set[str] = dataclasses.field(default_factory=set)
    module_titles: dict[str, str] | None = None  # module page -> title, as last written

    def __getstate__(self) -> dict[str, object]:
        # Saved with the environment and sent back from each process of a parallel read: the bank is
        # loaded again by every build, so it need not travel (it is the largest part).
        return {**self.__dict__, "bank": None}


def state_of(env: BuildEnvironment) -> BuildState:
    found = getattr(env, "scenario_quiz", None)
    if not isinstance(found, BuildState):
        found = BuildState()
        env.scenario_quiz = found  # type: ignore[attr-defined]  # the one attribute the engine adds to env
    return found


def _bank(env: BuildEnvironment) -> Bank:
    bank = state_of(env).bank
    if bank is None:  # only if the extension's builder-inited handler did not run
        raise RuntimeError("scenario_quiz: the scenario bank was not loaded for this build")
    return bank


# --- the bank -----------------------------------------------------------------------------------------

def bank_files(app: Sphinx) -> tuple[list[Path], Path | None]:
    """(the bank's YAML files, the references file or None), as load_bank reads them."""
    config = app.config
    references = config.scenario_references or (config.bibtex_bibfiles[0] if getattr(
        config, "bibtex_bibfiles", None) else None)
    srcdir = Path(app.srcdir)
    return sorted((srcdir / config.scenario_bank_dir).glob("*.yml")), (srcdir / references if references else None)


def load_bank_into_env(app: Sphinx, identity: CourseIdentity | None = None) -> Bank:
    """Load and check the bank (raises BankError) and keep it on `env` for this build, with its files.
    `identity` is the course's (core/identity.py), read from the configuration by the caller."""
    state = state_of(app.env)
    yml, references = bank_files(app)
    settings = {str(k): str(v) for k, v in (getattr(app.config, "myst_substitutions", None) or {}).items()}
    bank = load_bank(Path(app.srcdir) / app.config.scenario_bank_dir, references, settings, identity)
    nations = Path(app.srcdir) / NATIONS_FILE  # the lines settings fill into scenario text
    # Compared in _bank_readers_outdated with the files of the build before, before it is replaced.
    state.bank_files_before = state.bank_files or None  # None: no build before this one
    state.bank = bank
    state.bank_files = [str(p) for p in [*yml, *([references] if references else []), nations] if p.is_file()]
    return bank


@functools.cache
def _template_files() -> tuple[Path, ...]:
    """The engine's templates (listed once a process: every page that reads the bank notes them)."""
    return tuple(sorted(TEMPLATES.glob("*.j2")))


def read_bank(env: BuildEnvironment, ids: Iterable[str] | None = None) -> Bank:
    """The bank, for the page being read. It notes what the page now depends on, so that an edit
    rebuilds it: with `ids`, those scenarios' files and the files every quiz reads (competencies,
    references, nations); without, every file the bank was read from; and either way, the templates."""
    state, bank = state_of(env), _bank(env)
    bank_dir = Path(env.srcdir) / env.config.scenario_bank_dir
    if ids is None:
        state.bank_readers.add(env.docname)
        chosen = list(map(Path, state.bank_files))
    else:
        modules = {bank.module_of[sid] for sid in ids if sid in bank.module_of}
        # Of the bank's own YAML files, a quiz reads its scenario's and the competencies (its skill's
        # name), not the rubric or other modules'. It reads the references and nations files too.
        chosen = [f for f in map(Path, state.bank_files)
                  if f.parent != bank_dir or f.suffix != ".yml" or f.name == COMPETENCY_FILE or f.stem in modules]
    # The page's markup is drawn from the engine's templates when it is read, so a changed template must
    # read it again too: Sphinx only watches the templates of the theme, which are drawn at writing.
    for file in [*chosen, *_template_files()]:
        env.note_dependency(str(file))
    return bank


def bank_of(app_or_env: Sphinx | BuildEnvironment) -> Bank:
    """The bank, where no page is being read (rendering panels, printing): no dependency to note."""
    return _bank(app_or_env if isinstance(app_or_env, BuildEnvironment) else app_or_env.env)


# --- what each page needs -------------------------------------------------------------------------------

def need(env: BuildEnvironment, *features: str, docname: str | None = None) -> None:
    state_of(env).needs.setdefault(docname or env.docname, set()).update(features)


def needs_of(env: BuildEnvironment, docname: str) -> set[str]:
    return state_of(env).needs.get(docname, set())


def page_needs(app: Sphinx, pagename: str, doctree: nodes.document | None = None) -> set[str]:
    """What a written page needs: its document's record, and those of the documents a one-page build
    (singlehtml, which the printed handbook uses) put into it, each marked by a start_of_file node."""
    inside = [node["docname"] for node in doctree.findall(addnodes.start_of_file)] if doctree is not None else []
    return set().union(*(needs_of(app.env, docname) for docname in [pagename, *inside]))


def detect_features(app: Sphinx, doctree: nodes.document) -> None:
    """Record the registered features whose nodes the page holds (doctree-read: the page's own
    document, before other pages are merged into it)."""
    found: set[str] = set()
    for node in doctree.findall(nodes.Element):  # one walk for every detector
        found.update(feature for feature, detect in _DETECTORS.items() if feature not in found and detect(node))
    if found:
        need(app.env, *found)


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """Our files, on the pages that need them only (Sphinx resets per-page files after each page)."""
    needs = page_needs(app, pagename, doctree)
    for asset in ASSETS:
        if asset.ours and asset.features & needs:
            if asset.is_css:
                app.add_css_file(asset.file)
            elif asset.defer:
                app.add_js_file(asset.file, defer="defer")
            else:
                app.add_js_file(asset.file)


def unused_assets(app: Sphinx, pagename: str, doctree: nodes.document | None = None) -> Callable[[str], bool]:
    """For a file name: whether it is another extension's file that this page does not need."""
    needs = page_needs(app, pagename, doctree)
    rows = [a for a in ASSETS if not a.ours]
    return lambda name: any(a.file in name and not a.features & needs for a in rows)


# --- keeping the records right --------------------------------------------------------------------------

def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    state = state_of(env)
    state.needs.pop(docname, None)
    state.bank_readers.discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    state, theirs = state_of(env), state_of(other)
    for docname in docnames:
        if docname in theirs.needs:
            state.needs[docname] = set(theirs.needs[docname])
        if docname in theirs.bank_readers:
            state.bank_readers.add(docname)


def _bank_readers_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                           removed: set[str]) -> list[str]:
    """Pages that read the whole bank, when a file joined the bank or left it since the last build."""
    state = state_of(env)
    if state.bank_files_before is None or set(state.bank_files_before) == set(state.bank_files):
        return []
    return sorted(state.bank_readers - removed)


def _module_titles(env: BuildEnvironment) -> dict[str, str]:
    folder = f"{env.config.scenario_module_dir}/"
    return {doc: title.astext() for doc, title in env.titles.items() if doc.startswith(folder)}


def _bank_readers_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages that read the whole bank also show the module pages' titles and links (My progress, the
    coverage map, the cards, the plans), filled in as they are written: write them again when a module
    page's title changed, or a module page came or went."""
    state, titles = state_of(env), _module_titles(env)
    before, state.module_titles = state.module_titles, titles
    return sorted(state.bank_readers) if before is not None and before != titles else []


def setup_state(app: Sphinx) -> None:
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _bank_readers_outdated)
    app.connect("env-get-updated", _bank_readers_to_write)
    app.connect("doctree-read", detect_features)
