# SPDX-License-Identifier: MIT
"""Organisers' tools: the command line, the cohort report, item statistics, exports and printing."""
