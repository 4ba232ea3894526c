# SPDX-License-Identifier: MIT
"""Quicker citations: pybtex looks up its plugins (the plain-text backend, the formatting style) among
every installed package's entry points, afresh for each citation sphinxcontrib-bibtex resolves. With the
book's venv that was about 0.1 s a citation, a third of a whole build. The answer for a name never changes
during a build, so each lookup is kept after the first.

pybtex 0.26's `_load_entry_point` is the one place every lookup goes through (callers that imported
`find_plugin` by name included). If a later pybtex has no such function, this does nothing: the build is
only slower, never different.
"""

from __future__ import annotations

import functools

import pybtex.plugin
from sphinx.application import Sphinx


def keep_plugin_lookups() -> bool:
    """Keep pybtex's plugin lookups; True if they are kept (now or already)."""
    lookup = getattr(pybtex.plugin, "_load_entry_point", None)
    if lookup is None:
        return False
    if not hasattr(lookup, "cache_info"):
        # A failed lookup raises, and an exception is never kept: only found plugins are.
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)
    return True


def setup(app: Sphinx) -> dict:
    keep_plugin_lookups()
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
