# SPDX-License-Identifier: MIT
"""Print a one-page document to an A4 PDF with Chromium: a page number in every footer, the page of
every page reference filled in (a contents, "Answer: page 212"), and bookmarks from the headings.

    pdf = print_pdf(page, footer="Facilitating diabetes peer support groups: trainee edition",
                    metadata={"/Title": "...", "/Author": "..."})

`page` is a Playwright page with the document loaded. Page references follow printed.page_ref: a
link of class PAGE_REF to "#id" holding a PAGE_NUMBER span. Chromium writes a named destination for
every element a link points to, so one print tells the page of every target (`target_pages`). The
numbers are written in and the document printed again, until no number changes: the placeholders
hold the numbers' places, so the second print is normally the last.

Bookmarks: Chromium makes one for every heading printed, in order, on the right page, but its
titles can lose the space where a heading wraps or repeat a fragment. So the bookmarks are made
again with each heading's own text and level, on the page Chromium found for it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..markup.printed import PAGE_NUMBER, PAGE_REF
from ..markup.templating import render

if TYPE_CHECKING:  # only for the types: pypdf and Playwright are imported when a handbook is printed
    from collections.abc import Sequence

    from playwright.sync_api import Page, PdfMargins
    from pypdf import PdfWriter
    from pypdf.generic import Destination, IndirectObject

    # pypdf's outline: a bookmark, then a list of its children, nested as deep as the headings go.
    Outline = Sequence[Destination | "Outline"]

__all__ = ["MARGINS", "PrintError", "print_pdf", "target_pages"]

MARGINS: PdfMargins = {"top": "16mm", "bottom": "18mm", "left": "18mm", "right": "18mm"}
MOST_PRINTS = 4  # one to find the pages, one with the numbers, and two more should a number move a line


class PrintError(Exception):
    """The document cannot be printed as asked; the message is one line."""


# Writes each target's page into its references; returns the references it changed and the
# targets no page was found for (a reference to something that is not printed).
FILL_PAGE_NUMBERS = """([refClass, numberClass, pages]) => {
  let changed = 0;
  const missing = [];
  for (const link of document.querySelectorAll(`a.${refClass}[href^="#"]`)) {
    const number = link.querySelector(`.${numberClass}`);
    const target = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!number) continue;
    if (!(target in pages)) { missing.push(target); continue; }
    if (number.textContent !== String(pages[target])) { number.textContent = String(pages[target]); changed++; }
  }
  return [changed, missing];
}"""


def target_pages(pdf: bytes) -> dict[str, int]:
    """The page (counting from 1) of each element a link in the PDF points to, by its id."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {name: reader.get_destination_page_number(destination) for name, destination in
             reader.named_destinations.items()}
    # A destination on no page (pypdf gives None) is left out: a link to it is then reported as leading
    # to nothing printed, which is what it is.
    return {name.removeprefix("/"): page + 1 for name, page in pages.items() if page is not None}


def _footer(text: str) -> str:
    return render("print_footer.j2", text=text, margin=MARGINS["left"])


def _print(page: Page, footer: str) -> bytes:
    return page.pdf(format="A4", margin=MARGINS, print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=_footer(footer), outline=True, tagged=True)


# Each heading that prints, in document order: [level, text].
PRINTED_HEADINGS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .filter(heading => heading.getClientRects().length)
  .map(heading => [Number(heading.tagName[1]), heading.innerText.replace(/\\s+/g, " ").trim()])"""


def print_pdf(page: Page, footer: str, metadata: dict[str, str]) -> bytes:
    """The loaded document as a finished PDF: page references filled in, bookmarks, metadata."""
    page.emulate_media(media="print")  # so that what the page reports is what prints
    page.evaluate("document.fonts.ready.then(() => true)")
    for _ in range(MOST_PRINTS):
        pdf = _print(page, footer)
        changed, missing = page.evaluate(FILL_PAGE_NUMBERS, [PAGE_REF, PAGE_NUMBER, target_pages(pdf)])
        if missing:
            raise PrintError(f"{len(missing)} page reference(s) lead to nothing printed, the first to #{missing[0]}")
        if not changed:
            return _finish(pdf, page.evaluate(PRINTED_HEADINGS), metadata)
    raise PrintError(f"the page numbers still changed after {MOST_PRINTS} prints")


def _finish(pdf: bytes, headings: list[tuple[int, str]], metadata: dict[str, str]) -> bytes:
    """Bookmarks with the headings' own titles, shown when the PDF opens; the metadata."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(pdf))
    places = [(reader.get_destination_page_number(item), item.top) for item in _flat(reader.outline)]
    if len(places) != len(headings):
        raise PrintError(f"Chromium made {len(places)} bookmarks for {len(headings)} printed headings")
    writer = PdfWriter(clone_from=reader)
    del writer.root_object[NameObject("/Outlines")]
    _add_bookmarks(writer, headings, places)
    writer.add_metadata(metadata)
    writer.page_mode = "/UseOutlines"
    writer.compress_identical_objects(remove_unreferenced=True)  # Chromium's own bookmarks, now unused
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_bookmarks(writer: PdfWriter, headings: list[tuple[int, str]],
                   places: Sequence[tuple[int | None, float | None]]) -> None:
    """A bookmark for each heading, under the last heading of a higher level; the top level open."""
    from pypdf.generic import Fit

    parents: list[tuple[int, IndirectObject]] = []  # (level, bookmark), from the top level down to the last one made
    for (level, title), (page_index, top) in zip(headings, places, strict=True):
        while parents and parents[-1][0] >= level:
            parents.pop()
        bookmark = writer.add_outline_item(title=title, page_number=page_index, fit=Fit.xyz(top=top),
                                           parent=parents[-1][1] if parents else None, is_open=not parents)
        parents.append((level, bookmark))


def _flat(outline: Outline) -> list[Destination]:
    """pypdf's outline (a bookmark, then a list of its children) as one list, in order."""
    from pypdf.generic import Destination

    return [entry for item in outline for entry in ([item] if isinstance(item, Destination) else _flat(item))]
