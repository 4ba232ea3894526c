# SPDX-License-Identifier: MIT
"""The course's search: results at section level, ranked to answer a reader's question, and working
from disk (the offline zip) as well as over http.

Sphinx's own search fetches every result page to make a snippet, which a browser blocks on file://,
and ranks whole pages. This extension replaces it:

- after the build, `write_index` reads every built page and writes `search-index.js`: each section,
  scenario and glossary term with its BM25F term weights (index.py), the words the search ignores,
  the US spellings it reads as British, and the reader's words for the course's own
  (vocabulary.yml). It is a classic script that sets one global, so it loads from disk;
- the search page (book/_templates/search.html) is the only page that loads it, with
  static/course-search.js, which reads the query the same way (text.py) and adds the weights up;
- Sphinx's own index (searchindex.js, never loaded by the course) is no longer built.

A problem in vocabulary.yml stops the build with one line saying what to fix. Config (optional):
    course_search_vocabulary  another vocabulary file, relative to the book's folder
"""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config

from .index import build_index, page_entries
from .text import Analyser

HERE = Path(__file__).parent
VOCABULARY = HERE / "vocabulary.yml"
PARTS = ("stopwords", "spelling", "forms", "synonyms")
STATIC = HERE / "static"
INDEX_FILE = "search-index.js"
INDEX_GLOBAL = "COURSE_SEARCH_INDEX"
# Sphinx's own search files: its index (left by an older build) and the scripts that read it.
SPHINX_SEARCH_FILES = ("searchindex.js", "_static/searchtools.js", "_static/language_data.js")


class VocabularyError(ValueError):
    pass


def read_vocabulary(path: Path = VOCABULARY) -> tuple[Analyser, dict[str, str]]:
    """The analyser and the synonyms from vocabulary.yml, or one VocabularyError naming the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"{path} cannot be read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise VocabularyError(f"{path.name}{where} is not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict) or set(data) != set(PARTS):
        raise VocabularyError(f"{path.name} needs exactly these parts: {', '.join(PARTS)}")
    if not isinstance(data["stopwords"], str) or not all(isinstance(data[part], dict) for part in PARTS[1:]):
        raise VocabularyError(f"{path.name}: stopwords is a list of words; "
                              f"{', '.join(PARTS[1:])} are 'word: word' lines")
    for part in PARTS[1:]:
        for key, value in data[part].items():
            if value is None or not str(value).strip():
                raise VocabularyError(f"{path.name}: '{key}' under {part} has nothing after the colon")
    spelling, forms, synonyms = ({str(k): str(v) for k, v in data[part].items()} for part in PARTS[1:])
    analyser = Analyser(frozenset(data["stopwords"].split()), {**spelling, **forms})
    for reader, course in synonyms.items():
        for phrase in (reader, course):
            if not analyser.terms(phrase):
                raise VocabularyError(f"{path.name}: the synonym '{reader}: {course}' has '{phrase}', "
                                      "which is only stop words, so it does nothing")
        kept = analyser.terms(reader)
        if len(reader.split()) > 1 and len(kept) < 2:
            raise VocabularyError(f"{path.name}: the synonym '{reader}: {course}' keeps only '{kept[0]}' once "
                                  "stop words go, so it would fire on every search with that word")
    return analyser, synonyms


def _porter_stemmer_js() -> str:
    """Sphinx's JavaScript Porter stemmer: the same algorithm as snowballstemmer's 'porter', which
    stems the index (text.py). Taken from the installed Sphinx, so the two always come together."""
    from sphinx.search.en import SearchEnglish

    return SearchEnglish.js_stemmer_code


def index_script(index: dict) -> str:
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        "// The course's search index, written by book/_ext/course_search at build time. Do not edit.\n"
        "// The Porter stemmer is Sphinx's (BSD licence, copyright the Sphinx team).\n"
        f"window.{INDEX_GLOBAL} = (function () {{\n{_porter_stemmer_js().strip()}\n"
        f"var index = {data};\nindex.stemmer = new Stemmer();\nreturn index;\n}})();\n"
    )


def _pages_in_reading_order(app: Sphinx) -> list[str]:
    """Every built page, in the order of the book (so ties rank the earlier page first)."""
    env, order, seen = app.env, [], set()

    def visit(docname: str) -> None:
        if docname in seen or docname not in env.found_docs:
            return
        seen.add(docname)
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(app.config.root_doc)
    return order + sorted(env.found_docs - seen)


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception or not _replaces_sphinx_search(app):
        return
    analyser, synonyms = app.course_search_words  # type: ignore[attr-defined]
    outdir = Path(app.outdir)
    entries = []
    for docname in _pages_in_reading_order(app):
        url = app.builder.get_target_uri(docname)
        page = outdir / url
        if page.is_file():
            entries += page_entries(page.read_text(encoding="utf-8"), url)
    (outdir / INDEX_FILE).write_text(index_script(build_index(entries, analyser, synonyms)), encoding="utf-8")
    for leftover in SPHINX_SEARCH_FILES:  # Sphinx's search, which nothing loads now
        (outdir / leftover).unlink(missing_ok=True)
    _copy_static(outdir / "_static")


def _copy_static(target: Path) -> None:
    """Our script and styles, copied after every build: Sphinx skips its own static copy when it
    thinks nothing is out of date, which would leave an edited script out of the book."""
    target.mkdir(parents=True, exist_ok=True)
    for source in STATIC.iterdir():
        copy = target / source.name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)


def _replaces_sphinx_search(app: Sphinx) -> bool:
    return app.builder.format == "html" and hasattr(app.builder, "search")


def load_vocabulary(app: Sphinx, config: Config) -> None:
    path = Path(app.confdir) / config.course_search_vocabulary if config.course_search_vocabulary else VOCABULARY
    try:
        app.course_search_words = read_vocabulary(path)  # type: ignore[attr-defined]
    except VocabularyError as exc:
        # SystemExit, not an exception: jupyter-book prints a traceback for any exception.
        raise SystemExit(f"course_search: {exc}") from None
    # Our search page, under the name the theme's search boxes send their query to.
    config.html_additional_pages["search"] = "search.html"


def replace_sphinx_search(app: Sphinx) -> None:
    if _replaces_sphinx_search(app):
        app.builder.search = False  # no searchindex.js, and no search page of Sphinx's own


def setup(app: Sphinx) -> dict:
    # Another vocabulary file, relative to the book's folder (the default is the one beside this file).
    app.add_config_value("course_search_vocabulary", "", "env")
    app.connect("config-inited", load_vocabulary)
    app.connect("builder-inited", replace_sphinx_search)
    app.connect("build-finished", write_index)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
