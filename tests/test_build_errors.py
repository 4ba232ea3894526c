# SPDX-License-Identifier: MIT
"""A bank with problems stops the book build with the same one-line messages as `check`, and no
traceback (jupyter-book prints one for any exception an extension raises)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import make_scenario, sphinx_build, sphinx_project


def test_a_bad_bank_stops_the_build_with_one_line_per_problem(tmp_path):
    bad = make_scenario("al-bad")
    bad["review"]["review_by"] = "2027-02-30"
    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-bad\n```\n", [bad])
    run = sphinx_build(source)
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "01-x.yml:27: scenario 'al-bad', field 'review.review_by': '2027-02-30' is not a date" in output


def test_jupyter_book_prints_no_traceback_either(tmp_path):
    bad = make_scenario("al-bad", competency="no-such-skill")
    source = sphinx_project(tmp_path, "# Page\n\n```{scenario} al-bad\n```\n", [bad])
    (source / "_config.yml").write_text("title: t\nsphinx:\n  extra_extensions: [scenario_quiz.sphinx.extension]\n"
                                        "  config:\n    scenario_references: scenarios/refs.bib\n")
    (source / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    jupyter_book = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "-W", "--keep-going"]
    run = subprocess.run(jupyter_book, capture_output=True, text=True)
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output, output[-2000:]
    assert "unknown competency 'no-such-skill'" in output
