# SPDX-License-Identifier: MIT
"""Where a command's CPU goes, by kind of process: a benchmark, not a test (it asserts nothing).

    .venv/bin/python benchmarks/cpu_by_process.py make test
    .venv/bin/python benchmarks/cpu_by_process.py bash .ci/run      # in a fresh clone, with CI=true

`make test` is CPU-bound on two cores, so its time is the CPU its checks take; this says whose CPU it is:
Chromium's renderers and other processes, Playwright's driver, the pytest processes, the book builds, the
notebook kernels, mypy, setting up. It prints the wall time, the CPU of the whole machine while the command
ran (from /proc/stat: nothing else should be running), and one line per kind.

How: every process on the machine is read from /proc five times a second, and the last CPU time seen of each
counts for its kind. A process that ends between two readings loses its last fifth of a second, and one that
lives less than that is missed: the gap between the machine's CPU and the sum of the kinds says how much.
(bash's `time` would not do: Chromium's renderers are reaped by init, not by the command, so it misses them.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")
EVERY = 0.2  # seconds between readings

ZYGOTE = "Chromium: zygote (starting renderers)"

# (pattern in the command line, kind): the first that matches names the kind.
KINDS = [
    (r"--type=renderer", "Chromium: renderers (pages, axe, printing)"),
    (r"--type=gpu-process", "Chromium: GPU process (compositing, screenshots)"),
    (r"--type=utility", "Chromium: utility processes (network, storage, printing)"),
    (r"--type=zygote", ZYGOTE),
    (r"chromium|chrome_crashpad", "Chromium: browser process"),
    (r"playwright.*node|node.*playwright", "Playwright's driver (node)"),
    (r"ipykernel", "notebook kernels"),
    (r"jupyter-book .*singlehtml", "handbook builds (Sphinx, one page)"),
    (r"jupyter-book", "book builds (Sphinx)"),
    (r"-m pytest", "pytest: main process"),
    (r"exec\(eval\(sys\.stdin", "pytest: workers (pytest-xdist)"),
    (r"mypy", "mypy"),
    (r"ruff", "ruff"),
    (r"(^|/)uv pip|pip install|-m venv|ensurepip", "setting up (venv, uv)"),
    (r"python", "other Python (programs the tests start)"),
]


def kind_of(command: str) -> str:
    for pattern, kind in KINDS:
        if re.search(pattern, command):
            return kind
    return "other"


def busy_jiffies() -> int:
    """The whole machine's busy time so far (user, nice, system, irq, softirq, steal), in clock ticks."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, stat.readline().split()[1:9])
    return user + nice + system + irq + softirq + steal


class Readings:
    """The last CPU time seen of every process, by (pid, start time), with its kind."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], list] = {}  # -> [kind, CPU seconds]
        self.read()
        self.before = {key: cpu for key, (_, cpu) in self.seen.items()}  # what each had used when we began

    def read(self) -> None:
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                key = (pid, fields[19])  # a pid can be used again; its start time tells them apart
                cpu = (int(fields[11]) + int(fields[12])) / TICK
                # A renderer is forked from the zygote and renames itself a moment later: one first seen as
                # the zygote is looked at again until it has (in one run, 25 CPU-seconds of renderers were
                # counted as the zygote's).
                if key not in self.seen or self.seen[key][0] == ZYGOTE:
                    with open(f"/proc/{pid}/cmdline", "rb") as handle:
                        command = handle.read().replace(b"\0", b" ").decode(errors="replace")
                    if not command:  # a kernel thread
                        continue
                    self.seen[key] = [kind_of(command), cpu]
                self.seen[key][1] = cpu
            except (OSError, IndexError):  # it ended while being read
                continue

    def by_kind(self) -> dict[str, tuple[int, float]]:
        totals: dict[str, tuple[int, float]] = {}
        for key, (kind, cpu) in self.seen.items():
            count, total = totals.get(kind, (0, 0.0))
            totals[kind] = (count + 1, total + cpu - self.before.get(key, 0.0))
        return totals


def main(command: list[str]) -> int:
    if not command:
        print("usage: cpu_by_process.py COMMAND [ARG...]   e.g. cpu_by_process.py make test", file=sys.stderr)
        return 2
    readings = Readings()
    done = threading.Event()

    def keep_reading() -> None:
        while not done.wait(EVERY):
            readings.read()

    reader = threading.Thread(target=keep_reading, daemon=True)
    started, busy = time.monotonic(), busy_jiffies()
    reader.start()
    try:
        code = subprocess.call(command)
    except OSError as exc:
        print(f"cpu_by_process: cannot run {command[0]}: {exc.strerror}", file=sys.stderr)
        return 2
    finally:
        done.set()
        reader.join()
    readings.read()
    wall, machine = time.monotonic() - started, (busy_jiffies() - busy) / TICK
    totals = readings.by_kind()
    counted = sum(total for _, total in totals.values())
    print(f"\n{' '.join(command)}: exit {code}, {wall:.0f} s, the machine busy for {machine:.0f} CPU-seconds "
          f"({machine / wall:.2f} cores on average)")
    for kind, (count, total) in sorted(totals.items(), key=lambda item: -item[1][1]):
        if total >= 0.5:
            print(f"  {total:7.1f}  {kind} ({count} process{'es' if count != 1 else ''})")
    print(f"  {machine - counted:7.1f}  not counted (processes that lived less than {EVERY} s, and the rest)")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
