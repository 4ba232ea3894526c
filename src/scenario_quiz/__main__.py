# SPDX-License-Identifier: MIT
"""`python -m scenario_quiz`: the organisers' command line (organiser/cli.py)."""

import sys

from .organiser.cli import main

if __name__ == "__main__":
    sys.exit(main())
