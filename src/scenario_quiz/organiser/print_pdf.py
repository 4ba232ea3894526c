# SPDX-License-Identifier: MIT
"""Print a one-page document to an A4 PDF with Chromium: a page number in every footer, the page of
every page reference filled in (a contents, "Answer: page 212"), and bookmarks from the headings.

    pdf = print_pdf(page, footer="Facilitating diabetes peer support groups: trainee edition",
                    metadata={"/Title": "...", "/Author": "..."})

`page` is a Playwright page with the document loaded. Page references follow printed.page_ref: a
link of class PAGE_REF to "#id" holding a PAGE_NUMBER span. Chromium writes a named destination for
every element a link points to, so one print tells the page of every target (`target_pages`). The
numbers are written in and the document printed again, until no number changes: the placeholders
hold the numbers' places, so the second print is normally the last. The first print is a draft, neither
tagged nor bookmarked: the same layout, in 60% of the time.

Bookmarks: Chromium makes one for every heading printed, in order, on the right page, but its
titles can lose the space where a heading wraps or repeat a fragment. So the bookmarks are made
again with each heading's own text and level, at the place Chromium found for it. pikepdf (qpdf) rewrites
the file in a second where pypdf took eight for a 465-page handbook.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..markup.printed import PAGE_NUMBER, PAGE_REF
from ..markup.templating import render

if TYPE_CHECKING:  # only for the types: pikepdf and Playwright are imported when a handbook is printed
    from pikepdf import Array, Name, OutlineItem, String

    Place = Array | String | Name | int | None  # where a bookmark leads, as pikepdf types it
    from playwright.sync_api import Page, PdfMargins

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
    """The page (counting from 1) of each element a link in the PDF points to, by its id: Chromium lists
    them in the document catalogue's /Dests, each an array that starts with its page."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        number = {page.obj.objgen: n for n, page in enumerate(document.pages, start=1)}
        destinations = document.Root.get("/Dests", pikepdf.Dictionary())
        pages = {}
        for name, destination in destinations.items():
            where = destination.get("/D") if isinstance(destination, pikepdf.Dictionary) else destination
            # A destination on no page is left out: a link to it is then reported as leading to nothing
            # printed, which is what it is.
            if isinstance(where, pikepdf.Array) and len(where) and where[0].objgen in number:
                pages[str(name).removeprefix("/")] = number[where[0].objgen]
        return pages


def _footer(text: str) -> str:
    return render("print_footer.j2", text=text, margin=MARGINS["left"])


def _print(page: Page, footer: str, final: bool = True) -> bytes:
    return page.pdf(format="A4", margin=MARGINS, print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=_footer(footer), outline=final, tagged=final)


# Each heading that prints, in document order: [level, text].
PRINTED_HEADINGS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .filter(heading => heading.getClientRects().length)
  .map(heading => [Number(heading.tagName[1]), heading.innerText.replace(/\\s+/g, " ").trim()])"""


def print_pdf(page: Page, footer: str, metadata: dict[str, str]) -> bytes:
    """The loaded document as a finished PDF: page references filled in, bookmarks, metadata."""
    page.emulate_media(media="print")  # so that what the page reports is what prints
    page.evaluate("document.fonts.ready.then(() => true)")
    for attempt in range(MOST_PRINTS):
        pdf = _print(page, footer, final=attempt > 0)
        changed, missing = page.evaluate(FILL_PAGE_NUMBERS, [PAGE_REF, PAGE_NUMBER, target_pages(pdf)])
        if missing:
            raise PrintError(f"{len(missing)} page reference(s) lead to nothing printed, the first to #{missing[0]}")
        if not changed:
            if attempt == 0:  # nothing to fill in: the draft was right first time, print it in full
                pdf = _print(page, footer)
            return _finish(pdf, page.evaluate(PRINTED_HEADINGS), metadata)
    raise PrintError(f"the page numbers still changed after {MOST_PRINTS} prints")


def _finish(pdf: bytes, headings: list[tuple[int, str]], metadata: dict[str, str]) -> bytes:
    """Bookmarks with the headings' own titles, shown when the PDF opens; the metadata."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        with document.open_outline() as outline:
            places = [item.destination for item in _flat(outline.root)]
            if len(places) != len(headings):
                raise PrintError(f"Chromium made {len(places)} bookmarks for {len(headings)} printed headings")
            outline.root.clear()
            _add_bookmarks(outline.root, headings, places)
        for key, value in metadata.items():
            document.docinfo[key] = value
        document.Root.PageMode = pikepdf.Name.UseOutlines
        out = io.BytesIO()
        document.save(out)  # only what the document still uses: Chromium's own bookmarks are left behind
        return out.getvalue()


def _add_bookmarks(top: list[OutlineItem], headings: list[tuple[int, str]], places: list[Place]) -> None:
    """A bookmark for each heading, under the last heading of a higher level; the top level open."""
    from pikepdf import OutlineItem

    parents: list[tuple[int, OutlineItem]] = []  # (level, bookmark), from the top level down to the last one made
    for (level, title), place in zip(headings, places, strict=True):
        while parents and parents[-1][0] >= level:
            parents.pop()
        bookmark = OutlineItem(title, place)
        bookmark.is_closed = bool(parents)
        (parents[-1][1].children if parents else top).append(bookmark)
        parents.append((level, bookmark))


def _flat(items: list[OutlineItem]) -> list[OutlineItem]:
    """A tree of bookmarks as one list, in reading order."""
    return [entry for item in items for entry in [item, *_flat(item.children)]]
