# SPDX-License-Identifier: MIT
"""Command line:

    python -m scenario_quiz check [--bank DIR] [--references FILE] [--plans DIR]
    python -m scenario_quiz cohort results/*.json [--out report.html]
    python -m scenario_quiz export --format gift [--out FILE] [--include-final]
    python -m scenario_quiz readability FILE...
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.bank import BankError, load_bank
from ..core.errors import CourseError


def _report(error: CourseError) -> None:
    """A bank, plan, progress or settings problem, as the book build reports it too: one line each."""
    for line in error.lines:
        print(line, file=sys.stderr)


def _bank_or_report(args: argparse.Namespace, outcome: str):
    """The bank, or None after printing each problem on a line of its own and what that means."""
    try:
        return load_bank(args.bank, args.references)
    except BankError as exc:
        _report(exc)
        print(f"{len(exc.lines)} problem(s) found. {outcome}", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    from ..core.bank import RUBRIC_FILE
    from ..core.cues import cue_report
    from ..core.forms import contrast_pairs, form_problems, forms
    from ..core.rubric import coverage, rubric_problems
    from ..core.settings import neutral_settings

    bank = _bank_or_report(args, "Nothing was changed.")
    if bank is None:
        return 1
    files = len(set(bank.module_of.values()))
    print(f"OK: {len(bank.scenarios)} scenarios in {files} files, {len(bank.competencies)} competencies.")
    for warning in _warnings(bank, args.bank, args.today or dt.date.today()):
        print(f"Warning: {warning}")
    shape = "; ".join(f"form {name.upper()}: {len(ids)} scenarios" for name, ids in forms(bank).items())
    print(f"Contrast pairs: {len(contrast_pairs(bank))}." + (f" Final assessment {shape}." if shape else ""))
    if bank.rubric:
        tagged, total = coverage(bank)
        print(f"Rubric: {len(bank.rubric)} moves; {tagged} of {total} options ({100 * tagged / max(total, 1):.0f}%) "
              f"name a move.")
    # Options are judged by their words with every setting read as its name, whatever the nation.
    report = cue_report(load_bank(args.bank, args.references, neutral_settings(Path(args.bank).resolve().parent)))
    print("\n".join(report.lines(detail=args.cues)))
    # A final form that is not a fair test, or options that give the answer away, fail the check.
    problems = [f"{args.bank}: {'scenario ' + repr(sid) + ', ' if sid else ''}field '{field}': {message}"
                for sid, field, message in form_problems(bank)]
    problems += [f"{args.bank}: cue report: {line}; rewrite the options listed by `check --cues`"
                 for line in report.over_limit()]
    problems += [f"{args.bank}/{module + '.yml' if module else RUBRIC_FILE}: "
                 f"{'scenario ' + repr(sid) + ': ' if sid else ''}{message}"
                 for module, sid, message in rubric_problems(bank)]
    problems += _plan_problems(args, bank)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found. Nothing was changed.", file=sys.stderr)
    return 1 if problems else 0


def _plan_problems(args: argparse.Namespace, bank) -> list[str]:
    """The workshop plans next to the bank (or in --plans), checked as the book build checks them,
    so a plan that cannot be run as written is caught before anyone builds the book."""
    from ..core.plans import PlanError, load_plan

    folder = Path(args.plans) if args.plans else Path(args.bank).resolve().parent / "workshops"
    plans = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    problems = []
    for plan in plans:
        try:
            load_plan(plan, bank)
        except PlanError as exc:
            problems += exc.lines
    if plans:
        print(f"Workshop plans: {len(plans)} checked, {len(problems)} problem(s).")
    return problems


def _warnings(bank, bank_dir: str, today: dt.date) -> list[str]:
    """Things to act on that do not stop the book building: reviews due, and thin coverage."""
    from ..markup.kit import MIN_SCENARIOS, coverage_gaps

    due = [f"{bank_dir}/{bank.module_of[s.id]}.yml: scenario '{s.id}': its review_by date "
           f"{s.review.review_by:%Y-%m-%d} has passed; review it, then set a new date"
           for s in bank.scenarios.values() if s.review.review_by < today]
    gaps = [f"competency '{c}' is trained by only {n} scenario(s); aim for at least {MIN_SCENARIOS}"
            for c, n in coverage_gaps(bank)]
    return due + gaps


def _cohort(args: argparse.Namespace) -> int:
    from .cohort import build_cohort, cohort_html, cohort_table
    from .item_stats import item_statistics, item_stats_csv, item_stats_html

    out = Path(args.out)
    csv_path = Path(args.csv) if args.csv else out.with_name(out.stem + "-items.csv")
    for target in (out, csv_path):  # say so before any work, not after
        problem = _unwritable(target, "the report")
        if problem:
            print(problem, file=sys.stderr)
            return 1
    try:
        bank = load_bank(args.bank, args.references)
    except BankError as exc:
        _report(exc)
        return 1
    cohort = build_cohort(bank, args.files, args.pass_mark, not args.no_safety_gate)
    print(cohort_table(bank, cohort))
    stats = item_statistics(bank, cohort)
    try:
        out.write_text(cohort_html(bank, cohort, item_stats_html(stats)), encoding="utf-8")
        csv_path.write_text(item_stats_csv(stats), encoding="utf-8")
    except OSError as exc:
        print(f"cannot write the report: {exc.strerror}", file=sys.stderr)
        return 1
    flagged = sum(bool(s.flags) for s in stats)
    print(f"\nReport written to {args.out}; item statistics ({len(stats)} scenarios, {flagged} flagged) to {csv_path}")
    return 0 if cohort.trainees else 1


EXPORT_FORMATS = ("gift",)


def _export_problem(args: argparse.Namespace) -> str | None:
    """Why the export cannot go ahead, checked before any work; None if it can."""
    if args.format not in EXPORT_FORMATS:
        return f"unknown format '{args.format}'; the formats are: {', '.join(EXPORT_FORMATS)}"
    return None if args.out is None else _unwritable(Path(args.out), "the questions")


def _unwritable(out: Path, what: str) -> str | None:
    """Why `what` cannot be written to `out`, checked before any work; None if it can."""
    try:
        if out.is_dir():  # never replace a folder with a file, whatever the name
            return f"cannot write {what} to {out}: it is a folder"
        if not out.parent.is_dir():
            reason = "is not a folder" if out.parent.exists() else "does not exist"
            return f"cannot write {what} to {out}: its folder {out.parent} {reason}"
    except OSError as exc:  # a name too long, a link that loops: is_dir raises rather than say no
        return f"cannot write {what} to {out}: {exc.strerror}"
    return None


def _export(args: argparse.Namespace) -> int:
    from .gift import gift_export, module_titles, question_count

    problem = _export_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    bank = _bank_or_report(args, "Nothing was exported.")
    if bank is None:
        return 1
    text = gift_export(bank, module_titles(Path(args.bank).resolve().parent, bank), args.include_final)
    if args.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))  # Moodle reads UTF-8, whatever the terminal's locale
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"cannot write the questions to {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    questions, categories = question_count(text)
    print(f"Wrote {questions} questions in {categories} categories to {args.out}"
          + ("" if args.include_final else " (the final self-assessment is left out; add it with --include-final)"))
    return 0


def _readability(args: argparse.Namespace) -> int:
    from .readability import main as readability_main  # textstat is slow to import: only when asked
    return readability_main(args.paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenario_quiz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every scenario file; exit 1 on any problem")
    check.add_argument("--bank", default="scenarios", help="folder of scenario files (default: scenarios)")
    check.add_argument("--references", default="book/references.bib", help="BibTeX file for source.ref")
    check.add_argument("--cues", action="store_true", help="also give each module's guesser scores and list every "
                       "question whose helpful option stands out")
    check.add_argument("--plans", help="folder of workshop plans (default: workshops, next to the bank)")
    check.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)  # for tests
    check.set_defaults(run=_check)
    cohort = commands.add_parser("cohort", help="summarise trainees' exported progress files")
    cohort.add_argument("files", nargs="+", help="progress files exported from the book (*.json)")
    cohort.add_argument("--out", default="cohort-report.html", help="HTML report to write")
    cohort.add_argument("--csv", help="item statistics as CSV (default: next to --out, ending -items.csv)")
    cohort.add_argument("--pass-mark", type=int, default=70, help="the final self-assessment's pass mark (70)")
    cohort.add_argument("--no-safety-gate", action="store_true", help="grade the final forms without the safety gate")
    cohort.add_argument("--bank", default="scenarios")
    cohort.add_argument("--references", default="book/references.bib")
    cohort.set_defaults(run=_cohort)
    export = commands.add_parser("export", help="write the scenarios as Moodle questions (GIFT)")
    export.add_argument("--format", default="gift", help="gift (Moodle's GIFT format), the only format so far")
    export.add_argument("--out", help="file to write (default: print the questions)")
    export.add_argument("--include-final", action="store_true",
                        help="also export the final self-assessment, whose answers are for organisers only")
    export.add_argument("--bank", default="scenarios")
    export.add_argument("--references", default="book/references.bib")
    export.set_defaults(run=_export)
    readability = commands.add_parser("readability", help="reading ease and word count of MyST pages")
    readability.add_argument("paths", nargs="+")
    readability.set_defaults(run=_readability)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
