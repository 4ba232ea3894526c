# SPDX-License-Identifier: MIT
"""Markdown for the fields the bank documents as Markdown: CommonMark with raw HTML and images off, so
text from a scenario file can never add markup of its own."""

from __future__ import annotations

from markdown_it import MarkdownIt


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("image")
