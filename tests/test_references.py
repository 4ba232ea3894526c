# SPDX-License-Identifier: MIT
"""The book's references: every work has its real title, and every web source an address a reader can follow."""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"

# Works whose exact title neither the fact sheet, the seeds nor a stored copy of the paper confirmed. Their
# titles stay in square brackets (the references page says what brackets mean) until someone confirms them;
# a key leaves this list when its title does, and the test below fails if it is left here by mistake.
UNCONFIRMED_TITLES: set[str] = set()

# A web source names the site it was read on in `howpublished`, such as "samaritans.org".
SITE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


def _entries():
    return parse_file(str(BIB), bib_format="bibtex").entries


def placeholder_titles(entries) -> list[str]:
    """Keys whose title is a bracketed description, not the work's own title."""
    return sorted(key for key, entry in entries.items()
                  if re.fullmatch(r"\{?\[.*\]\}?", entry.fields.get("title", "").strip()))


def web_sources_without_address(entries) -> list[str]:
    """Keys of web sources with no https address on the site they name."""
    missing = []
    for key, entry in entries.items():
        site = entry.fields.get("howpublished", "").strip()
        if not SITE.match(site):
            continue
        url = entry.fields.get("url", "")
        host = re.match(r"https://([^/]+)", url)
        if not host or not (host.group(1) == site or host.group(1).endswith("." + site)):
            missing.append(key)
    return sorted(missing)


def test_every_title_is_the_works_own():
    entries = _entries()
    placeholders = placeholder_titles(entries)
    assert set(placeholders) <= UNCONFIRMED_TITLES, (
        f"placeholder titles in book/references.bib: {sorted(set(placeholders) - UNCONFIRMED_TITLES)}")
    confirmed = UNCONFIRMED_TITLES - set(placeholders)
    assert not confirmed, f"now confirmed, so take them off UNCONFIRMED_TITLES: {sorted(confirmed)}"


def test_every_web_source_has_an_address():
    assert web_sources_without_address(_entries()) == []


def test_the_checks_catch_a_placeholder_and_a_missing_address(tmp_path):
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title = {[Something we guessed]}, howpublished = {nhs.uk}}\n"
                   "@misc{b, title = {Real}, howpublished = {nhs.uk}, url = {https://www.nhs.uk/x}}\n"
                   "@misc{c, title = {Real}, howpublished = {mind.org.uk}, url = {https://example.org}}\n"
                   "@article{d, title = {Real}, journal = {BMJ}}\n", encoding="utf-8")
    entries = parse_file(str(bib), bib_format="bibtex").entries
    assert placeholder_titles(entries) == ["a"]
    assert web_sources_without_address(entries) == ["a", "c"]


def test_unconfirmed_titles_are_still_cited():
    # A bracketed title is allowed only for a work the course really cites: otherwise drop the entry.
    pages = "".join(p.read_text(encoding="utf-8") for p in ROOT.glob("*/*.md"))
    uncited = sorted(key for key in UNCONFIRMED_TITLES if key not in pages)
    assert not uncited, f"not cited anywhere: remove them from book/references.bib and UNCONFIRMED_TITLES: {uncited}"
