# SPDX-License-Identifier: MIT
"""The search index: every section of every built page, weighted with BM25F, written as a classic
script (search-index.js) so the search page works from disk as well as over http.

    entries = page_entries(html, "modules/08-medical-emergencies.html")   # sections of one page
    index = build_index(entries, analyser, synonyms)                     # a dict, ready for JSON

What one result (an entry) is:
- a section of a page (its own text, not its subsections'), linked by its anchor;
- a scenario: its title, situation and question (never its options or feedback, which would give
  the answers away);
- a glossary term and its meaning.
Engine widgets (scores, answer keys, progress), notebook code and outputs, citation numbers and
heading links are left out: they are not what a reader searches for.

Every weight is worked out here, at build time, so the browser only adds numbers up.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import lxml.html
from lxml.html import HtmlElement

from .text import Analyser

ARTICLE = '<article class="bd-article"'  # how the theme opens a page's main text
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NOT_TEXT = {"script", "style", "pre", "nav", "svg", "button", "form"}
NOT_TEXT_CLASSES = {"headerlink", "section-number", "bibtex-citation", "toctree-wrapper", "cell_input",
                    "cell_output", "admonition-title"}
SNIPPET_LENGTH = 130
SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?)])")

# BM25F: a word in a heading says more than the same word in the text; the page title and the
# headings above a section say what it belongs to. (boost, length normalisation b)
FIELDS = {"heading": (3.0, 0.3), "context": (0.5, 0.0), "body": (1.0, 0.5)}
K1 = 1.2
# A scenario asks a question; the teaching answers it. A glossary entry only defines the word. A
# module's summaries (its "Key points" and "Further reading", see CONTRIBUTING.md) list what the page
# covers: the answer is in the section they sum up. A short answer (a FAQ entry, which ends "Read more:"
# and a link) answers in brief what the section it links to answers in full, so it comes just after it.
KIND_WEIGHT = {"section": 1.0, "short answer": 0.8, "summary": 0.4, "scenario": 0.4, "term": 0.8}
SUMMARY_HEADINGS = {"Key points", "Further reading"}
SHORT_ANSWER_MARK = "Read more:"
# The "What you will learn" box at the top of each module lists its sections' topics: it is left out,
# since every one of those topics has a section of its own.
LEFT_OUT_BOXES = {"What you will learn"}
WEIGHT_SCALE = 10  # weights are stored as whole numbers: tenths
# Each term's postings are written as text, a number to a few characters: the first BASE characters
# of DIGITS carry on a number, the last BASE end it. That is half the size of a JSON list of numbers.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS) // 2


@dataclass
class Entry:
    url: str
    anchor: str
    heading: str
    where: list[str]
    kind: str = "section"
    label: str = ""  # shown before the heading, e.g. "Scenario" or "Glossary"
    parts: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        # Citation numbers are left out, so close up the space they leave before a full stop.
        return SPACE_BEFORE_STOP.sub(r"\1", " ".join(" ".join(self.parts).split()))


def _text(element: HtmlElement) -> str:
    """An element's words, without heading links, section numbers or citation numbers."""
    pieces: list[str] = []
    _gather(element, pieces)
    return " ".join(" ".join(pieces).split())


def _gather(element: HtmlElement, pieces: list[str]) -> None:
    if _skipped(element):
        return
    if element.text:
        pieces.append(element.text)
    for child in element:
        if isinstance(child.tag, str):  # an element, not a comment
            _gather(child, pieces)
        if child.tail:
            pieces.append(child.tail)


def _stripped(element: HtmlElement, separator: str = "") -> str:
    """Its strings, each stripped, the empty ones left out (BeautifulSoup's get_text(sep, strip=True))."""
    return separator.join(text.strip() for text in element.itertext() if text.strip())


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _first_with_class(element: HtmlElement, name: str) -> HtmlElement | None:
    """The first element inside `element` (not itself) with the class `name`, in document order."""
    for found in element.iterdescendants():
        if isinstance(found.tag, str) and name in _classes(found):
            return found
    return None


def _skipped(element: HtmlElement) -> bool:
    return element.tag in NOT_TEXT or any(c in NOT_TEXT_CLASSES for c in _classes(element)) or _left_out_box(element)


def _left_out_box(element: HtmlElement) -> bool:
    if "admonition" not in _classes(element):
        return False
    title = _first_with_class(element, "admonition-title")
    return title is not None and _stripped(title) in LEFT_OUT_BOXES


def _is_quiz(element: HtmlElement) -> bool:
    return element.tag == "section" and "sq" in _classes(element) and bool(element.get("id"))


def _is_widget(element: HtmlElement) -> bool:
    """The quiz engine's own blocks (answer keys, scores, progress): class names start with "sq"."""
    return any(c == "sq" or c.startswith("sq-") for c in _classes(element))


def _own_heading(section: HtmlElement) -> HtmlElement | None:
    for child in section:
        if child.tag in HEADINGS:
            return child
    return None


def _quiz_entry(quiz: HtmlElement, url: str, where: list[str]) -> Entry:
    title = _first_with_class(quiz, "sq-title")
    heading = _text(title) if title is not None else quiz.get("id", "")
    kicker = _first_with_class(title, "sq-kicker") if title is not None else None
    label = _stripped(kicker, " ") if kicker is not None else ""
    heading = heading.removeprefix(label).strip()
    entry = Entry(url, quiz.get("id", ""), heading, where, "scenario", label.rstrip(":") or "Scenario")
    for name in ("sq-situation", "sq-question"):
        first = _first_with_class(quiz, name)
        if first is not None:
            entry.parts.append(_text(first))
    return entry


def _glossary_entries(glossary: HtmlElement, url: str, where: list[str]) -> list[Entry]:
    entries = []
    for term in glossary.iterdescendants("dt"):
        if term.get("id") is None:
            continue
        entry = Entry(url, term.get("id", ""), _text(term), where, "term", "Glossary")
        meaning = next(term.itersiblings("dd"), None)
        if meaning is not None:
            entry.parts.append(_text(meaning))
        entries.append(entry)
    return entries


def _main_text(html: str) -> str:
    """The page's article, where it has one: the search reads nothing outside it, and the sidebar around it,
    the same on every page, is most of the markup, so parsing only the article takes a third of the time."""
    start, end = html.find(ARTICLE), html.rfind("</article>")
    return html[start:end + len("</article>")] if 0 <= start < end else html


def page_entries(html: str, url: str) -> list[Entry]:
    """Every section, scenario and glossary term of one built page, in reading order."""
    document = lxml.html.document_fromstring(_main_text(html) or "<p></p>")
    found = document.xpath("//article[contains(concat(' ', normalize-space(@class), ' '), ' bd-article ')]")
    article = found[0] if found else document.find("body")
    entries: list[Entry] = []

    def text(piece: str | None, current: Entry | None, widget: bool) -> None:
        if piece and current is not None and not widget:
            current.parts.append(piece)

    def walk(node: HtmlElement, current: Entry | None, widget: bool) -> None:
        text(node.text, current, widget)
        for child in node:
            visit(child, current, widget)
            text(child.tail, current, widget)

    def visit(child: HtmlElement, current: Entry | None, widget: bool) -> None:
        if not isinstance(child.tag, str) or _skipped(child):
            return
        if _is_quiz(child):
            entries.append(_quiz_entry(child, url, _where_below(current)))
        elif child.tag == "section" and child.get("id") and not widget:
            heading = _own_heading(child)
            if heading is None:
                walk(child, current, widget)
                return
            title = _title(heading, current is None)
            kind = "summary" if title in SUMMARY_HEADINGS else "section"
            entry = Entry(url, child.get("id", ""), title, _where_below(current), kind)
            entries.append(entry)
            walk(child, entry, widget)
        elif child.tag in HEADINGS and current is not None and child is _own_heading(child.getparent()):
            return  # the section's own heading: already its title
        elif child.tag == "dl" and "glossary" in _classes(child):
            entries.extend(_glossary_entries(child, url, _where_below(current)))
        else:
            walk(child, current, widget or _is_widget(child))

    if article is not None:
        walk(article, None, False)
    for entry in entries:
        if entry.kind == "section" and SHORT_ANSWER_MARK in entry.body:
            entry.kind = "short answer"
    return entries


def _title(heading: HtmlElement, page_title: bool) -> str:
    """A section's heading. A page title keeps its number ("8. Medical emergencies in a group"), so
    every result can say which module it is in."""
    number = _first_with_class(heading, "section-number")
    title = _text(heading)
    if page_title and number is not None and (number.text or len(number)):
        return f"{_stripped(number)} {title}"
    return title


def _where_below(entry: Entry | None) -> list[str]:
    """The headings a section sits under: the page title, then the sections around it."""
    return [] if entry is None else [*entry.where, entry.heading]


def snippet(text: str, length: int = SNIPPET_LENGTH) -> str:
    """The start of a section's text, cut at a word, for the results list."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(".,;:–—-")
    return cut + "…"


def _weights(entries: list[Entry], analyser: Analyser) -> dict[str, list[tuple[int, float]]]:
    """BM25F: for each term, the weight it gives each entry that holds it."""
    fields = [{"heading": analyser.terms(e.heading), "context": analyser.terms(" ".join(e.where)),
               "body": analyser.terms(e.body)} for e in entries]
    average = {name: max(1.0, sum(len(f[name]) for f in fields) / max(1, len(fields))) for name in FIELDS}
    found_in = Counter(term for f in fields for term in _every_term(f))
    total = len(entries)
    postings: dict[str, list[tuple[int, float]]] = {}
    for number, (entry, f) in enumerate(zip(entries, fields, strict=True)):
        counts = {name: Counter(terms) for name, terms in f.items()}
        for term in _every_term(f):
            tf = sum(boost * counts[name][term] / (1 - b + b * len(f[name]) / average[name])
                     for name, (boost, b) in FIELDS.items() if counts[name][term])
            idf = math.log(1 + (total - found_in[term] + 0.5) / (found_in[term] + 0.5))
            weight = idf * tf * (K1 + 1) / (K1 + tf) * KIND_WEIGHT[entry.kind]
            postings.setdefault(term, []).append((number, weight))
    return postings


def _every_term(fields: dict[str, list[str]]) -> set[str]:
    return {term for terms in fields.values() for term in terms}


def encode(numbers: list[int]) -> str:
    """Whole numbers as text: encode([3, 40]) == "Y1e" (read by decode in course-search.js)."""
    out = []
    for number in numbers:
        digits = [number % BASE]
        while number >= BASE:
            number //= BASE
            digits.append(number % BASE)
        digits.reverse()
        out += [DIGITS[d] for d in digits[:-1]] + [DIGITS[BASE + digits[-1]]]
    return "".join(out)


def _worth_a_result(entries: list[Entry]) -> list[Entry]:
    """Leave out a heading with no text of its own (its subsections are results), and a section that
    repeats one met earlier word for word (every practice notebook ends with the same one)."""
    seen, kept = set(), []
    for entry in entries:
        key = (entry.heading, entry.body)
        if (entry.body or entry.kind == "scenario") and key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


def build_index(entries: list[Entry], analyser: Analyser, synonyms: dict[str, str]) -> dict:
    """Everything the search page needs, as plain data (see course-search.js for how it reads it)."""
    entries = _worth_a_result(entries)
    pages = {url: n for n, url in enumerate(dict.fromkeys(e.url for e in entries))}
    places = {place: n for n, place in enumerate(dict.fromkeys(" › ".join(e.where) for e in entries))}
    rows = [[pages[e.url], e.anchor, e.heading, places[" › ".join(e.where)], snippet(e.body), e.label] for e in entries]
    terms = {}
    for term, postings in sorted(_weights(entries, analyser).items()):
        flat, previous = [], 0
        for number, weight in postings:  # entry numbers rise: store the gaps, which are short
            flat += [number - previous, max(1, round(weight * WEIGHT_SCALE))]
            previous = number
        terms[term] = encode(flat)
    return {
        "pages": list(pages),
        "places": list(places),
        "entries": rows,
        "terms": terms,
        "scale": WEIGHT_SCALE,
        "digits": DIGITS,
        "stopwords": sorted(analyser.stopwords),
        "variants": analyser.variant_stems,
        "synonyms": [[analyser.terms(reader), analyser.terms(course)] for reader, course in synonyms.items()],
    }
