# SPDX-License-Identifier: MIT
"""The printed handbook (`make handbook`): the whole book as one page, for Chromium to print.

tools/make_handbook.py builds each edition with jupyter-book's singlehtml builder and
COURSE_HANDBOOK=1. Then this extension:

- sets the `handbook` tag, so a page can say what differs on paper with ```{only} handbook```
  (or `not handbook`), and the engine's print mode: scenarios to answer on paper, their answers
  at the back (scenario_quiz.sphinx.printing); the organiser edition also prints the final
  self-assessment with its answers;
- leaves out the pages in `handbook_leave_out` (in _config.yml): they work only on screen, or
  repeat what the handbook prints;
- puts the chapters into the book's parts, and adds a title page (the colophon) and a contents
  whose page numbers the printing fills in (scenario_quiz.organiser.print_pdf);
- points every link at the one page, and unlinks links to pages left out: Sphinx writes
  `book/index.html#...` for a root document in a folder, which leads nowhere in a PDF;
- writes the page to print as `handbook.html` at the top of the output folder.

The licence sentences on the title page come from scenario_quiz.core.licence, as the start page's do.
The title page and the contents are templates of the engine (handbook_colophon.j2, handbook_contents.j2
in src/scenario_quiz/templates/), filled with its templating helper, so the text in them is escaped
by the template engine.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from editions import edition
from scenario_quiz.core import licence as course_licence
from scenario_quiz.markup.printed import PAGE_NUMBER, PAGE_PLACEHOLDER, PAGE_REF
from scenario_quiz.markup.templating import render

TAG = "handbook"
PAGE = "handbook.html"  # the page to print, at the top of the output folder
TITLE_ID, CONTENTS_ID = "handbook-title", "handbook-contents"
EDITION_NAMES = {"trainee": "Trainee edition", "organiser": "Organiser edition"}
EDITION_NOTES = {
    "trainee": "The whole course on paper. The scenarios' answers are at the back.",
    "organiser": "The whole course on paper, with the facilitator notes, workshop plans, role-play cards and "
                 "coverage map. The answers to every scenario, the final self-assessment's too, are at the back.",
}


def handbook_build() -> bool:
    value = os.environ.get("COURSE_HANDBOOK", "").strip()
    if value not in ("", "0", "1"):
        raise SystemExit(f"handbook: COURSE_HANDBOOK must be 1 or 0, not {value!r}")
    return value == "1"


def choose_print_mode(app: Sphinx, config: Config) -> None:
    if not handbook_build():
        return
    app.tags.add(TAG)
    config.scenario_print = True
    config.scenario_print_assessment_answers = edition() == "organiser"
    config.html_permalinks = False  # a heading's "#" link would print, and show in the bookmarks
    app.add_css_file("handbook.css", priority=900)  # after the theme's and the quiz's styles


def check_builder(app: Sphinx) -> None:
    if handbook_build() and app.builder.name != "singlehtml":
        raise SystemExit("handbook: COURSE_HANDBOOK=1 needs jupyter-book's singlehtml builder; run `make handbook`")


def _part_captions(app: Sphinx) -> dict[str, str]:
    """Each page listed in the root page's tables of contents -> the caption of its part."""
    root = app.env.get_doctree(app.config.root_doc)
    return {page: toctree.get("caption") or "" for toctree in root.findall(addnodes.toctree)
            for page in toctree["includefiles"]}


def _leave_out(doctree: nodes.document, pages: set[str]) -> None:
    for page in list(doctree.findall(addnodes.start_of_file)):
        if page["docname"] in pages:
            page.parent.remove(page)


def _section(ids: list[str], title: str, classes: tuple[str, ...] = ()) -> nodes.section:
    section = nodes.section(ids=ids, classes=list(classes))
    section += nodes.title(text=title)
    return section


def _chapters(node: nodes.Element) -> list[nodes.section]:
    """The sections directly under `node`, looking through the wrappers a one-page build adds."""
    found = []
    for child in node.children:
        if isinstance(child, nodes.section):
            found.append(child)
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.title):
            found += _chapters(child)
    return found


def arrange(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Title page, contents, then each part with its chapters."""
    if not handbook_build() or docname != app.config.root_doc:
        return
    _leave_out(doctree, set(app.config.handbook_leave_out))
    root = next(child for child in doctree.children if isinstance(child, nodes.section))
    book_title = root[0].astext()
    title = _section([TITLE_ID], book_title, ("hb-title",))
    title += nodes.raw("", _colophon(app, book_title), format="html")
    contents = _section([CONTENTS_ID], "Contents", ("hb-contents-page",))
    parts = _parts(root, _part_captions(app))
    for part in parts:
        _mark_chapters(part)
    root.replace_self([title, contents, *parts])


def _parts(root: nodes.section, captions: dict[str, str]) -> list[nodes.section]:
    """A part for each of the root page's tables of contents that still lists a page, titled with its
    caption. The root page's own text becomes the Welcome chapter, first in the first part."""
    welcome = _section(["handbook-welcome", *root["ids"]], "Welcome")
    parts = []
    for child in list(root.children[1:]):
        root.remove(child)
        if "toctree-wrapper" not in child.get("classes", []):
            welcome += child
            continue
        pages = [page["docname"] for page in child.findall(addnodes.start_of_file)]
        if not pages:
            continue  # every page of this part is left out
        part = _section([f"handbook-part-{len(parts) + 1}"], captions.get(pages[0], ""), ("hb-part",))
        if not parts:
            part += welcome
        part += child
        parts.append(part)
    return parts


def _mark_chapters(part: nodes.section) -> None:
    """Classes for the page breaks (handbook.css), and an id of the chapter's own for the contents to
    point at: on one page, two pages' headings can share an id ("for-organisers"), and a link goes to the first."""
    chapters = _chapters(part)
    for chapter in chapters:
        chapter["classes"].append("hb-chapter")
        if "docname" in chapter:
            chapter["ids"].insert(0, "handbook-" + re.sub(r"[^a-z0-9]+", "-", chapter["docname"].lower()))
    chapters[0]["classes"].append("hb-first")  # it shares the part's first page


def _colophon(app: Sphinx, book_title: str) -> str:
    name = edition()
    built = _build_date()
    return render("handbook_colophon.j2", book_title=book_title, edition=EDITION_NAMES[name], note=EDITION_NOTES[name],
                  built_on=f"{built.day} {built:%B %Y}", notice=course_licence.NOTICE, credit=course_licence.CREDIT)


def _build_date() -> dt.date:
    """Today, or the date a reproducible build asks for (SOURCE_DATE_EPOCH)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def write_contents(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The contents: every part (and the answers) with its chapters, each with its page to come.
    After the engine has added the answers section, so that it is listed too."""
    if not handbook_build() or docname != app.config.root_doc:
        return
    contents = next(s for s in doctree.findall(nodes.section) if CONTENTS_ID in s["ids"])
    parts = []
    for part in doctree.children:
        if not isinstance(part, nodes.section) or part["ids"][0] in (TITLE_ID, CONTENTS_ID):
            continue
        chapters = [_entry(app, chapter) for chapter in _chapters(part) if "hb-chapter" in chapter["classes"]]
        parts.append((_entry(app, part), chapters))
    contents += nodes.raw("", render("handbook_contents.j2", parts=parts, ref_class=PAGE_REF,
                                     number_class=PAGE_NUMBER, placeholder=PAGE_PLACEHOLDER), format="html")


def _entry(app: Sphinx, section: nodes.section) -> tuple[str, str]:
    """(the id a contents entry links to, its title, numbered as the page is)."""
    numbers = app.env.toc_secnumbers.get(section.get("docname", ""), {}).get("", ())
    number = f"{'.'.join(map(str, numbers))}. " if numbers else ""
    return section["ids"][0], number + section[0].astext()


HREF = re.compile(r'<a\b[^>]*?\bhref="#([^"]*)"[^>]*>(.*?)</a>', re.S)
ID = re.compile(r'\bid=["\']([^"\']+)["\']')


def one_page_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every link to this page becomes "#id"; a link to an id that is not in the handbook becomes text."""
    if not handbook_build() or pagename != app.config.root_doc or not context.get("body"):
        return
    body = context["body"].replace(f'href="{app.config.root_doc}{app.builder.out_suffix}#', 'href="#')
    ids = set(ID.findall(body))
    context["body"] = HREF.sub(lambda m: m.group(0) if m.group(1) in ids else m.group(2), body)


def copy_to_top(app: Sphinx, exception: Exception | None) -> None:
    """The one page is written at `book/index.html`, but its styles and images are linked as if it
    were at the top of the output folder (`_static/...`): put a copy there, where they resolve."""
    if exception or not handbook_build():
        return
    outdir = Path(app.outdir)
    shutil.copyfile(outdir / f"{app.config.root_doc}{app.builder.out_suffix}", outdir / PAGE)


def check_leave_out(app: Sphinx, config: Config) -> None:
    srcdir = Path(app.srcdir)
    for page in config.handbook_leave_out:
        if not any(srcdir.glob(f"{page}.*")):
            raise SystemExit(f"handbook: handbook_leave_out names '{page}', but there is no such page")


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_leave_out", [], "env")
    app.connect("config-inited", check_leave_out)
    # After the editions extension has chosen the edition (it runs at priority 100).
    app.connect("config-inited", choose_print_mode, priority=200)
    app.connect("builder-inited", check_builder)
    app.connect("doctree-resolved", arrange, priority=400)  # before the engine numbers the scenarios
    app.connect("doctree-resolved", write_contents, priority=600)  # after it adds the answers
    app.connect("html-page-context", one_page_links)
    app.connect("build-finished", copy_to_top)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
