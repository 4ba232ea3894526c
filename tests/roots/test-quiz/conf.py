# SPDX-License-Identifier: MIT
# A tiny book for tests/test_sphinx_directives.py (sphinx.testing): a three-scenario bank (a simple
# scenario with a role-play brief, a scenario in steps, a rate-every-option one for the final
# self-assessment) and each of the engine's directives once, on a page of its own.
extensions = ["myst_parser", "scenario_quiz.sphinx.extension"]
html_theme = "basic"  # the least markup around the directives' own
exclude_patterns = ["_build", "scenarios/*", "workshops/*"]
scenario_references = "scenarios/refs.bib"
scenario_module_dir = "modules"
scenario_progress_page = "my-progress"
scenario_assessment_page = "modules/11-final"
