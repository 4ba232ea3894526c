# SPDX-License-Identifier: MIT
"""The course's quiz engine: load and check the scenario bank, grade answers, render quizzes.

    from scenario_quiz import load_bank, grade, render_scenario
    bank = load_bank("scenarios", references="book/references.bib")
    report = grade(bank, {"al-silence-after-news": "b"})

Front-ends: `scenario_quiz.sphinx.extension` (the `{scenario}` directive for the book) and
`scenario_quiz.notebook` (static quizzes and a live ipywidgets quiz in Jupyter).
Command line: `python -m scenario_quiz check` (also `cohort`, `export` and `readability`).
"""

from .core.bank import Bank, BankError, Problem, load_bank
from .core.grading import POINTS, Report, grade
from .core.model import Rating, Scenario
from .markup.quiz import render_scenario, render_scoreboard

__all__ = [
    "Bank", "BankError", "POINTS", "Problem", "Rating", "Report", "Scenario",
    "grade", "load_bank", "render_scenario", "render_scoreboard",
]
