# SPDX-License-Identifier: MIT
"""The static book's front-end: the Sphinx extension (`scenario_quiz.sphinx.extension`), its directives,
panels and print pages."""
