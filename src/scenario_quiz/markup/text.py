# SPDX-License-Identifier: MIT
"""Markdown for the fields the bank documents as Markdown: CommonMark with raw HTML and images off, so
text from a scenario file can never add markup of its own."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt


@functools.lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """One parser, made once: making it sets up every rule, which took longer than most fields take to render."""
    return MarkdownIt("commonmark", {"html": False}).disable("image")
