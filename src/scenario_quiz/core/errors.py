# SPDX-License-Identifier: MIT
"""The one error type for problems in the course's own files.

    try:
        bank = load_bank("scenarios")
    except CourseError as exc:        # BankError, PlanError, ProgressError, SettingError ...
        for line in exc.lines:        # one line each, ready to print or log
            print(line, file=sys.stderr)

Every front-end (the command line, the book build, the notebook) reports a CourseError the same
way: each line on its own, never a traceback. The subclasses keep their old names, so code that
catches BankError or PlanError keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["CourseError"]


class CourseError(Exception):
    """One or more problems; `problems` holds them as found, `lines` as one line of text each."""

    problems: Sequence[object]

    def __init__(self, problems: str | Sequence[object]) -> None:
        # A single message is the common case (a progress file that is not one); a checker that collects
        # everything before it stops passes the whole list, so one run shows all there is to fix.
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        # A problem is one line: a newline inside one (from a YAML parser's message, say) would split it
        # into lines that look like separate problems.
        self.lines = [" ".join(str(problem).split()) for problem in self.problems]
        super().__init__("\n".join(self.lines))
