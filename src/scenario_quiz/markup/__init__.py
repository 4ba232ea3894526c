# SPDX-License-Identifier: MIT
"""Markup: the HTML for quizzes, the final self-assessment, My progress, cards, plans, the presenter and
print. Reads core/; knows nothing of Sphinx or Jupyter."""
