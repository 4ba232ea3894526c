# SPDX-License-Identifier: MIT
"""The course's licences, said once. The start page (through the `licence` and `credit` substitutions
that sphinx_ext sets), the handbook's colophon and the SCORM package's manifest all read them here;
LICENSE and LICENSE-CONTENT.md hold the full texts."""

from __future__ import annotations

COURSE = "Facilitating diabetes peer support groups"
HOLDER = "The Diabetes Peer Support Course contributors"
CONTENT_LICENCE = "CC BY 4.0"
CONTENT_LICENCE_NAME = "Creative Commons Attribution 4.0 International"
CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "MIT"

NOTICE = (f"The course's text, scenarios, workshop plans and notebooks' text are under the {CONTENT_LICENCE_NAME} "
          f"licence ({CONTENT_LICENCE}, {CONTENT_LICENCE_URL}); its software is under the {CODE_LICENCE} licence. "
          f"Copyright {HOLDER}.")
CREDIT = f'"Based on {COURSE} by {HOLDER}, under {CONTENT_LICENCE}."'
