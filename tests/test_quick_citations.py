# SPDX-License-Identifier: MIT
"""book/_ext/quick_citations.py: pybtex looks each plugin up among the entry points once per build, not
once per citation, and finds the same plugin it would have found."""

from __future__ import annotations

import sys

import pybtex.plugin
from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from quick_citations import keep_plugin_lookups  # noqa: E402


def test_a_plugin_is_looked_up_among_the_entry_points_once(monkeypatch):
    lookup = pybtex.plugin._load_entry_point
    monkeypatch.setattr(pybtex.plugin, "_load_entry_point", getattr(lookup, "__wrapped__", lookup))
    expected = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    searches = []
    entry_points = pybtex.plugin.entry_points
    monkeypatch.setattr(pybtex.plugin, "entry_points", lambda **kw: searches.append(kw) or entry_points(**kw))
    assert keep_plugin_lookups()
    found = [pybtex.plugin.find_plugin("pybtex.backends", "plaintext") for _ in range(5)]
    assert found == [expected] * 5
    assert len(searches) == 1, searches


def test_an_unknown_plugin_still_fails_each_time(monkeypatch):
    lookup = pybtex.plugin._load_entry_point
    monkeypatch.setattr(pybtex.plugin, "_load_entry_point", getattr(lookup, "__wrapped__", lookup))
    assert keep_plugin_lookups()
    for _ in range(2):
        try:
            pybtex.plugin.find_plugin("pybtex.backends", "no-such-backend")
        except pybtex.plugin.PluginNotFound:
            continue
        raise AssertionError("an unknown plugin was found")
