# SPDX-License-Identifier: MIT
"""Item statistics in the cohort report: a planted bad item in a generated cohort is flagged."""

from __future__ import annotations

import csv
import io
import random

import pytest
from conftest import make_scenario, write_bank

from scenario_quiz import load_bank
from scenario_quiz.core.progress import write_progress
from scenario_quiz.organiser.cli import main
from scenario_quiz.organiser.cohort import build_cohort
from scenario_quiz.organiser.item_stats import ItemStats, item_statistics, item_stats_csv, item_stats_html

GOOD = [f"al-good-{n}" for n in range(8)]
PLANTED = "al-planted"  # the strongest trainees choose its harmful option: a wrong key, or a trap
EASY = "al-easy"  # everyone gets it right


@pytest.fixture
def cohort_files(tmp_path):
    scenarios = [make_scenario(sid) for sid in [*GOOD, PLANTED, EASY]]
    bank = load_bank(write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": scenarios}}))
    rng = random.Random(20261130)
    files = []
    for n in range(40):
        ability = n / 39
        # A good item: trainees above its difficulty (give or take a little luck) choose the helpful option.
        answers = {sid: ("a" if ability + rng.gauss(0, 0.15) > 0.3 + 0.05 * k else rng.choice("bc"))
                   for k, sid in enumerate(GOOD)}
        answers[PLANTED] = "d" if ability > 0.5 else "a"  # d is harmful in make_scenario
        answers[EASY] = "a"
        files.append(tmp_path / f"t{n:02d}.json")
        write_progress(files[-1], bank, answers, nickname=f"T{n}")
    return bank, files


def test_planted_bad_item_is_flagged(cohort_files):
    bank, files = cohort_files
    stats = {s.scenario_id: s for s in item_statistics(bank, build_cohort(bank, files))}
    planted = stats[PLANTED]
    assert planted.discrimination is not None and planted.discrimination < 0
    assert "negative discrimination" in planted.flags
    assert any(flag.startswith("harmful option picked by 20% or more: d") for flag in planted.flags)
    assert any(flag.startswith("nobody picks b, c") for flag in planted.flags)
    assert stats[EASY].facility == 1.0 and "too easy" in stats[EASY].flags
    good = [stats[sid] for sid in GOOD]
    assert all(s.discrimination is not None and s.discrimination > 0.2 for s in good)
    assert not any("discrimination" in flag for s in good for flag in s.flags)
    assert sum(stats[PLANTED].picks.values()) == 40


def test_cohort_command_writes_the_item_csv_and_report(cohort_files, tmp_path, monkeypatch, capsys):
    bank, files = cohort_files
    out = tmp_path / "report.html"
    code = main(["cohort", *map(str, files), "--out", str(out), "--bank", str(tmp_path / "bank"),
                 "--references", str(tmp_path / "bank" / "refs.bib")])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report-items.csv").read_text())))
    planted = next(r for r in rows if r["scenario"] == PLANTED)
    assert "negative discrimination" in planted["flags"]
    assert "Item statistics" in out.read_text() and "al-planted" in out.read_text()
    assert "flagged" in capsys.readouterr().out
    assert item_stats_csv([]).splitlines() == ["scenario,title,answered,facility,discrimination,picks,flags"]


def test_the_item_table_escapes_what_the_bank_says_and_lists_flagged_items_first():
    stats = [ItemStats("al-plain", "Plain", 3, 1.0, 0.25, {}, []),
             ItemStats("al-tea", "Tea & <b>biscuits</b>", 7, 0.333, None, {"a": 5, "b<c": 2},
                       ["too easy", "nobody picks <d>"])]
    table = item_stats_html(stats)
    assert "<b>" not in table and "b<c" not in table and "<d>" not in table
    assert table.index("al-tea") < table.index("al-plain")  # flagged first
    assert ('<tr><td>Tea &amp; &lt;b&gt;biscuits&lt;/b&gt; <code>al-tea</code></td><td>7</td>'
            "<td>0.33</td><td>-</td><td>a: 5, b&lt;c: 2</td><td>too easy; nobody picks &lt;d&gt;</td></tr>") in table
    plain = "<tr><td>Plain <code>al-plain</code></td><td>3</td><td>1.00</td><td>0.25</td><td></td><td>none</td></tr>"
    assert plain in table
    assert table.startswith("<h2>Item statistics</h2><p>How each scenario worked") and "at least 5 answers" in table
