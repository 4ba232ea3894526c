# SPDX-License-Identifier: MIT
"""The rules: the scenario model, the branching graph, the bank, grading, forms, the rubric, the cast,
workshop plans and the progress-file format. Nothing here imports from outside core/."""
