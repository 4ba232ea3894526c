# SPDX-License-Identifier: MIT
"""tests/books.py: a book is rebuilt when anything it reads changes, and only then; a failed build is
reported once per run, not retried by every worker; the key of a build names its switches."""

from __future__ import annotations

import subprocess
from pathlib import Path

import books
import pytest


class Repo(type(Path())):  # a path that also keeps the builds the fake jupyter-book ran
    runs: list[str]


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    """A small stand-in for the repo, and a jupyter-book that only writes an index page and counts its runs."""
    tmp_path = Repo(tmp_path)
    for name, text in {"_config.yml": "title: x\n", "scenarios/01-x.yml": "scenarios: []\n",
                       "modules/01-x.md": "# One\n", "tests/test_x.py": "", "src/pkg/__init__.py": ""}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(books, "ROOT", tmp_path)
    monkeypatch.setattr(books, "BUILD", tmp_path / "_build")
    runs = []

    def fake_run(command, cwd, capture_output, text, env):
        runs.append(env["COURSE_EDITION"])
        if (tmp_path / "broken").exists():
            return subprocess.CompletedProcess(command, 1, "WARNING: it broke", "")
        out = Path(command[command.index("--path-output") + 1]) if "--path-output" in command else tmp_path
        (out / "_build" / "html").mkdir(parents=True, exist_ok=True)
        (out / "_build" / "html" / "index.html").write_text("<p>built</p>")
        return subprocess.CompletedProcess(command, 0, "built", "")

    monkeypatch.setattr(books.subprocess, "run", fake_run)
    tmp_path.runs = runs
    return tmp_path


def test_a_book_is_built_once_for_one_source(repo):
    first = books.book("trainee")
    assert first == repo / "_build" / "html" and (first / "index.html").exists()
    assert books.book("trainee") == first
    assert repo.runs == ["trainee"]


def test_a_change_to_anything_a_build_reads_builds_again(repo):
    books.book("trainee")
    (repo / "scenarios" / "01-x.yml").write_text("scenarios: [changed]\n")
    books.book("trainee")
    (repo / "src" / "pkg" / "__init__.py").write_text("# the engine changed\n")
    books.book("trainee")
    assert repo.runs == ["trainee"] * 3


def test_tests_and_the_build_folder_are_not_sources(repo):
    before = books.source_hash()
    (repo / "tests" / "test_x.py").write_text("def test(): pass\n")
    (repo / "_build" / "anything.txt").parent.mkdir(exist_ok=True)
    (repo / "_build" / "anything.txt").write_text("x")
    assert books.source_hash() == before


def test_each_edition_and_nation_is_a_book_of_its_own(repo):
    assert books.book("organiser") == repo / "_build" / "organiser" / "_build" / "html"
    assert books.book("organiser", "wales") == repo / "_build" / "nations" / "organiser-wales" / "_build" / "html"
    books.book("organiser")
    assert repo.runs == ["organiser", "organiser"]
    with pytest.raises(ValueError, match="edition must be one of trainee, organiser"):
        books.book("teacher")


def test_a_failed_build_is_reported_once_per_run_then_tried_again(repo, monkeypatch):
    (repo / "broken").write_text("")
    for _ in range(2):
        with pytest.raises(books.BuildFailed, match="it broke"):
            books.book("trainee")
    assert repo.runs == ["trainee"]  # the second worker to ask is told, not made to fail the same way again
    monkeypatch.setattr(books, "RUN", "a-later-run")
    with pytest.raises(books.BuildFailed):
        books.book("trainee")
    assert repo.runs == ["trainee", "trainee"]


def test_a_book_whose_output_was_removed_is_built_again(repo):
    html = books.book("trainee")
    (html / "index.html").unlink()
    books.book("trainee")
    assert repo.runs == ["trainee", "trainee"]
