# SPDX-License-Identifier: MIT
"""Write and execute the exercise and answer notebooks for every module, from the scenario bank.

    .venv/bin/python tools/make_notebooks.py            # all modules
    .venv/bin/python tools/make_notebooks.py 03-active-listening

Run it (or `make notebooks`) after adding or editing scenarios, then commit the notebooks:
they are committed with their outputs, the book shows those outputs, and `make test` runs
nbval to prove the outputs still match what the engine produces.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scenario_quiz.core.graph import walk  # noqa: E402
from scenario_quiz.core.model import BranchingScenario, letter  # noqa: E402
from scenario_quiz.notebook import course_bank  # noqa: E402

LIVE_CELL_MARK = "# NBVAL_SKIP"  # nbval skips the live widget cell: widgets have random ids


def module_title(slug: str) -> str:
    page = (ROOT / "modules" / f"{slug}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", page, re.M).group(1).strip()


def _cells(*specs: tuple[str, str, list[str]]) -> list:
    cells = []
    for number, (kind, source, tags) in enumerate(specs):
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(source)
        cell.id = f"cell-{number:02d}"  # fixed ids keep diffs and nbval stable
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)
    return cells


def exercises_notebook(slug: str, ids: list[str]) -> nbformat.NotebookNode:
    title = module_title(slug)
    specs = [
        ("md", f"# Practice: {title}\n\nThese are the scenarios from the module "
               f"[{title}](../modules/{slug}.md). For each one, choose what you would do, then check your "
               "answer to see how it rates and why.\n\nYour answers are saved on this device only.", []),
        ("code", "from scenario_quiz.notebook import practise, show", ["remove-cell"]),
        ("md", "## Scenarios", []),  # the quizzes' titles are level-3 headings
    ]
    specs += [("code", f'show("{sid}")', ["remove-input"]) for sid in ids]
    specs += [
        ("md", "## Live quiz in Jupyter\n\nIf you have opened this notebook in Jupyter with the course installed, "
               "run the next cell. It gives you the same scenarios with a running score as you answer.", []),
        ("code", f"{LIVE_CELL_MARK}: a live widget, for Jupyter only (its output is never saved)\n"
                 f'practise("{slug}")', []),
    ]
    return _notebook(specs)


def sample_answer(scenario, n: int):
    """A deterministic made-up answer: a letter, or for a scenario in steps a whole path."""
    if not isinstance(scenario, BranchingScenario):
        return letter((2 * n + 1) % len(scenario.options))
    path: list[str] = []
    while (scene := walk(scenario, path).at) is not None:
        path.append(letter((n + len(path)) % len(scene.options)))
    return path


def answers_notebook(slug: str, ids: list[str]) -> nbformat.NotebookNode:
    title = module_title(slug)
    # A made-up trainee: a spread of choices, with the last scenario left unanswered.
    bank = course_bank(ROOT)
    sample = {sid: sample_answer(bank.get(sid), n) for n, sid in enumerate(ids[:-1])}
    sample_lines = "".join(f'    "{sid}": {choice!r},\n'.replace("'", '"') for sid, choice in sample.items())
    specs = [
        ("md", f"# Answer notes: {title}\n\nEvery scenario from the module [{title}](../modules/{slug}.md), "
               "with each option's rating, points and the reason for the rating.", []),
        ("md", "## Scenarios and ratings", []),  # the scenarios' titles are level-3 headings
        ("code", f'from scenario_quiz.notebook import answer_key\n\nanswer_key("{slug}")', ["remove-input"]),
        ("md", "## Worked example: grading a trainee's answers\n\nThe cell below grades a sample set of answers "
               "with the course's engine, the same grading the book uses. It prints each answer's rating, the "
               "total and a breakdown by skill. An unanswered scenario scores nothing and is not counted in the "
               "points available.", []),
        ("code", "from scenario_quiz import grade\nfrom scenario_quiz.notebook import course_bank, report_table\n\n"
                 f'bank = course_bank()\nmodule = [s.id for s in bank.in_module("{slug}")]\n'
                 f"sample_answers = {{\n{sample_lines}}}\n"
                 "report = grade(bank, sample_answers, module)\nprint(report_table(bank, report))", []),
    ]
    return _notebook(specs)


def final_answers_notebook(slug: str, ids: list[str]) -> nbformat.NotebookNode:
    """The final self-assessment's answer notes: organiser edition only, so no trainee meets them
    one click from the test."""
    title = module_title(slug)
    specs = [
        ("md", f"# Answer notes: {title}\n\nFor organisers only: this page is in the organiser edition, not in "
               "the trainee edition. It lists every scenario of both forms of the final self-assessment, with each "
               "option's rating and the reason for it. Keep it away from trainees until they have taken a form.", []),
        ("md", "## Scenarios and ratings", []),
        ("code", f'from scenario_quiz.notebook import answer_key\n\nanswer_key("{slug}")', ["remove-input"]),
        ("md", "## Worked example: grading one attempt at form A\n\nThe cell below grades a made-up attempt with "
               "the same rules the book uses: rating every option earns partial credit for a near miss, a scenario "
               "in steps is scored on a fixed scale, and the safety gate holds back the pass mark when a harmful "
               "option was chosen (or rated helpful) on a safety-critical scenario.", []),
        ("code", "import random\n\nfrom scenario_quiz.core.forms import forms\nfrom scenario_quiz.core.grading import "
                 "complete_paths, grade_assessment\nfrom scenario_quiz.notebook import course_bank\n\n"
                 "bank = course_bank()\nrng = random.Random(11)  # the same made-up attempt every time\n\n"
                 "def made_up(sid):\n    s = bank.get(sid)\n    if hasattr(s, 'scenes'):\n"
                 "        return list(rng.choice(sorted(complete_paths(s))))\n"
                 "    if s.rate_every_option:\n        return {'abcde'[i]: (o.rating.value if rng.random() < 0.7 "
                 "else 'partly helpful') for i, o in enumerate(s.options)}\n"
                 "    return 'abcde'[max(range(len(s.options)), key=lambda i: (s.options[i].rating.value == "
                 "'helpful', rng.random() < 0.3))]\n\n"
                 "form_a = forms(bank)['a']\nattempt = {sid: made_up(sid) for sid in form_a}\n"
                 "result = grade_assessment(bank, form_a, attempt, pass_mark=70)\n"
                 "print(f'Points: {result.total} of {result.max_total} (needed: {result.points_to_pass})')\n"
                 "print('Safety slips:', ', '.join(result.safety_slips) or 'none')\n"
                 "print('Meets the pass mark:', 'yes' if result.passed else 'no')\n"
                 "for skill in result.skills.values():\n"
                 "    print(f'  {skill.competency:<20} {skill.points:>3} of {skill.max_points:<3} "
                 "{\"met\" if skill.met else \"not yet\"}')", []),
    ]
    return _notebook(specs)


FINAL_ANSWERS = ROOT / "organisers" / "answer-notes-final-self-assessment.ipynb"


def cohort_notebook() -> nbformat.NotebookNode:
    specs = [
        ("md", "# Cohort summary: a worked example\n\nTrainees can download their progress from the book's "
               "[My progress](../book/my-progress.md) page and, if they choose, share the file with you. The "
               "`cohort` command reads a folder of those files and summarises the group. This notebook runs it on "
               "a made-up cohort of 40 trainees, so you can see what the report shows before you use it.\n\n"
               "In a terminal, the same summary is:\n\n"
               "```bash\n.venv/bin/python -m scenario_quiz cohort results/*.json --out report.html\n```", []),
        ("md", "## Make a sample cohort\n\nEach made-up trainee answers 30 scenarios. Most choose well; some "
               "struggle. One file is broken on purpose, to show that the summary skips it by name.", []),
        ("code", "import os\nimport random\nimport tempfile\n\n"
                 "from scenario_quiz.notebook import course_bank\n"
                 "from scenario_quiz.core.progress import write_progress\n\n"
                 "bank = course_bank()\n"
                 "simple = [sid for sid, s in bank.scenarios.items() if not hasattr(s, 'scenes') and not s.form]\n"
                 "folder = tempfile.mkdtemp()\nos.chdir(folder)  # file names in the report stay short\n"
                 "rng = random.Random(2026)  # the same made-up cohort every time\n\n"
                 "def made_up_answer(sid, skill):\n"
                 "    ratings = [o.rating.value for o in bank.get(sid).options]\n"
                 "    wanted = 'helpful' if rng.random() < skill else rng.choice(ratings)\n"
                 "    return 'abcde'[ratings.index(wanted)]\n\n"
                 "for n in range(40):\n"
                 "    skill = rng.uniform(0.3, 0.95)\n"
                 "    answers = {sid: made_up_answer(sid, skill) for sid in rng.sample(simple, 30)}\n"
                 "    write_progress(f'trainee-{n:02d}.json', bank, answers, "
                 "nickname=f'Trainee {n}' if n % 4 else '')\n"
                 "open('broken.json', 'w').write('{this is not a progress file')\n"
                 "print(len(os.listdir(folder)), 'files')", []),
        ("md", "## The summary\n\nThe table is what the command prints in a terminal. Trainees appear only by "
               "the nickname they chose; those without one are counted, not named.", []),
        ("code", "from scenario_quiz.organiser.cohort import build_cohort, cohort_charts, cohort_table\n\n"
                 "cohort = build_cohort(bank, sorted(os.listdir(folder)))\nprint(cohort_table(bank, cohort))", []),
        ("md", "## The charts\n\nThe HTML report written by `--out` holds these two charts, drawn as plain HTML "
               "bars with the numbers written out, so it opens offline in any browser and reads well on a phone.", []),
        ("code", "from IPython.display import HTML\n\nHTML(cohort_charts(bank, cohort))", ["remove-input"]),
        ("md", "## Item statistics\n\nThe command also writes a CSV file (and a table in the report) on how each "
               "scenario worked as a test item: its facility (the share of points trainees earned), its "
               "discrimination (whether trainees who did well overall did well on it) and how often each option was "
               "chosen. Flagged scenarios are worth a second look: a made-up cohort like this one flags many, "
               "because its answers are random.", []),
        ("code", "from scenario_quiz.organiser.item_stats import item_statistics\n\n"
                 "stats = item_statistics(bank, cohort)\nflagged = [s for s in stats if s.flags]\n"
                 "print(f'{len(stats)} scenarios answered, {len(flagged)} flagged. The first five:')\n"
                 "for s in flagged[:5]:\n"
                 "    print(f'  {s.scenario_id:<34} facility {s.facility:.2f}  {\"; \".join(s.flags)}')", []),
    ]
    return _notebook(specs)


def _notebook(specs) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = _cells(*specs)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        # The notebook's text is course content and its code cells are code (README, "Licence").
        "SPDX-License-Identifier": "CC-BY-4.0 AND MIT",
    }
    return notebook


def merged_streams(outputs: list) -> list:
    """Back-to-back printouts to one stream as one output. The kernel flushes at moments that vary from
    run to run, and the book shows each piece in a box of its own (nbval merges them before comparing)."""
    merged: list = []
    for output in outputs:
        if (output.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def execute(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   store_widget_state=False).execute()
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith(LIVE_CELL_MARK):
            cell.outputs, cell.execution_count = [], None  # keep widget views out of the book
        elif cell.cell_type == "code":
            cell.outputs = merged_streams(cell.outputs)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}  # no version numbers: stable across machines
    return notebook


def main(slugs: list[str]) -> None:
    bank = course_bank(ROOT)
    modules = slugs or sorted(set(bank.module_of.values()))
    if not slugs:
        target = ROOT / "answers" / "cohort-summary.ipynb"
        nbformat.write(execute(cohort_notebook(), target.parent), target)
        print(f"wrote {target.relative_to(ROOT)}")
    for slug in modules:
        ids = [s.id for s in bank.in_module(slug)]
        if all(bank.get(sid).form for sid in ids):  # the final self-assessment: no practice, notes for organisers
            nbformat.write(execute(final_answers_notebook(slug, ids), FINAL_ANSWERS.parent), FINAL_ANSWERS)
            print(f"wrote {FINAL_ANSWERS.relative_to(ROOT)} ({len(ids)} scenarios)")
            continue
        for folder, build in (("exercises", exercises_notebook), ("answers", answers_notebook)):
            target = ROOT / folder / f"{slug}.ipynb"
            nbformat.write(execute(build(slug, ids), target.parent), target)
            print(f"wrote {target.relative_to(ROOT)} ({len(ids)} scenarios)")


if __name__ == "__main__":
    main(sys.argv[1:])
