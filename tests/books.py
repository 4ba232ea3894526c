# SPDX-License-Identifier: MIT
"""The books the tests read, each built once for a given source, however many test workers ask.

    path = book("trainee")                       # _build/html, as `make book` leaves it
    path = book("organiser", nation="wales")     # that nation's organiser edition
    prefetch(["trainee", "organiser"])           # start builds in the background, return at once

A build is keyed by a hash of everything it reads (the repo's files, less tests/, _build/ and the like)
and of the switches it is built with. Its key is written beside its output when it succeeds; a later
call with the same key reads that output without running Sphinx. A file lock per build means two pytest
workers never build the same book at once: the second waits, then finds the first one's key.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
EDITIONS = ("trainee", "organiser")

# Folders and files that no build reads: hashing them would only rebuild books for nothing.
NOT_READ = {".git", ".venv", "_build", "tests", "benchmarks", ".pytest_cache", ".hypothesis", "__pycache__",
            ".ipynb_checkpoints", ".jupyter_cache", ".ruff_cache", ".mypy_cache"}


class BuildFailed(Exception):
    """A book did not build; str() ends with the last lines of its log."""


def source_hash() -> str:
    """A hash of every file a build can read, by path and content. About 0.1 s for the whole repo."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in NOT_READ and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith((".pyc", ".lock")):
                continue
            path = Path(folder, name)
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:  # a dangling link, or a file another process just removed
                digest.update(b"?")
            digest.update(b"\0")
    return digest.hexdigest()


def output_of(edition: str = "trainee", nation: str | None = None) -> Path:
    """Where each book is built: the same places `make book`, `make organiser` and the nations test used."""
    if nation:
        return BUILD / "nations" / f"{edition}-{nation}"
    return ROOT if edition == "trainee" else BUILD / "organiser"


def html_of(edition: str = "trainee", nation: str | None = None) -> Path:
    return output_of(edition, nation) / "_build" / "html"


def _names(edition: str, nation: str | None) -> tuple[str, dict[str, str]]:
    """The build's name (for its key, lock and log files) and its environment switches."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    env = {"COURSE_EDITION": edition}
    if nation:
        env["COURSE_NATION"] = nation
    return f"{edition}-{nation or 'default'}", env


@contextmanager
def locked(name: str) -> Iterator[None]:
    """Hold `_build/.locks/<name>.lock` for the block: one build of a book at a time, across processes."""
    folder = BUILD / ".locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _key_file(name: str) -> Path:
    return BUILD / ".keys" / f"{name}.key"


def _log_file(name: str) -> Path:
    return BUILD / ".logs" / f"{name}.log"


def _failed_file(name: str) -> Path:
    return BUILD / ".keys" / f"{name}.failed"


# One pytest run: its workers and background builds inherit it (conftest sets it before they start).
RUN = os.environ.setdefault("BOOKS_RUN", f"{os.getpid()}-{time.time_ns()}")

# The switches a build is given: inherited ones would make "the default book" mean something else.
SWITCHES = ("COURSE_EDITION", "COURSE_NATION", "COURSE_HANDBOOK")


def book(edition: str = "trainee", nation: str | None = None, key: str | None = None) -> Path:
    """The built HTML of one edition (and nation), built now unless a build of this very source is there."""
    name, switches = _names(edition, nation)
    key = key or source_hash()
    wanted = f"{key} {' '.join(f'{k}={v}' for k, v in sorted(switches.items()))}"
    html = html_of(edition, nation)
    with locked(name):
        key_file, failed = _key_file(name), _failed_file(name)
        if key_file.exists() and key_file.read_text() == wanted and (html / "index.html").exists():
            return html
        if failed.exists() and failed.read_text().partition("\n")[0] == f"{RUN} {wanted}":
            # Another worker (or the background build) of this run just failed on this very source:
            # say why, rather than fail the same way again. A later run tries afresh.
            raise BuildFailed(failed.read_text().partition("\n")[2])
        key_file.unlink(missing_ok=True)  # a build that fails part-way must not look current
        started = time.monotonic()
        command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n",
                   "--keep-going"]
        if output_of(edition, nation) != ROOT:
            command += ["--path-output", str(output_of(edition, nation))]
        env = {k: v for k, v in os.environ.items() if k not in SWITCHES} | switches
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
        log = run.stdout + run.stderr
        _log_file(name).parent.mkdir(parents=True, exist_ok=True)
        _log_file(name).write_text(f"{log}\n(built in {time.monotonic() - started:.0f} s)\n")
        key_file.parent.mkdir(parents=True, exist_ok=True)
        if run.returncode:
            message = f"the {name} book failed to build:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
            failed.write_text(f"{RUN} {wanted}\n{message}")
            raise BuildFailed(message)
        failed.unlink(missing_ok=True)
        key_file.write_text(wanted)
    return html


def build_log(edition: str = "trainee", nation: str | None = None) -> str:
    """The log of the last build of this book (its warnings and notes), or "" if this run reused it and
    no log was kept."""
    path = _log_file(_names(edition, nation)[0])
    return path.read_text() if path.exists() else ""


def handbook(edition: str, key: str | None = None) -> tuple[Path, float]:
    """One edition's printed handbook (tools/make_handbook.py: a one-page build printed by Chromium) and
    the seconds its making took, made now unless a handbook of this very source is there."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    name = f"handbook-{edition}"
    key = key or source_hash()
    pdf = BUILD / "handbook" / f"{edition}.pdf"
    with locked(name):
        key_file, failed = _key_file(name), _failed_file(name)
        if key_file.exists() and key_file.read_text().partition(" ")[0] == key and pdf.exists():
            return pdf, float(key_file.read_text().partition(" ")[2])
        if failed.exists() and failed.read_text().partition("\n")[0] == f"{RUN} {key}":
            raise BuildFailed(failed.read_text().partition("\n")[2])
        key_file.unlink(missing_ok=True)
        # In a process of its own: Playwright's sync API will not start in a thread (or process) where
        # a test's browser already runs an event loop.
        script = ("import sys; from pathlib import Path; sys.path.insert(0, 'tools'); "
                  "from make_handbook import make_handbooks; "
                  f"print(make_handbooks([{edition!r}], Path({str(pdf.parent)!r}))[0][1])")
        env = {k: v for k, v in os.environ.items() if k not in SWITCHES}
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=env)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        if run.returncode:
            message = f"the {edition} handbook was not made:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
            failed.write_text(f"{RUN} {key}\n{message}")
            raise BuildFailed(message)
        made = BUILD / "handbook" / HANDBOOK_FILES[edition]
        made.replace(pdf)
        seconds = float(run.stdout.strip().splitlines()[-1])
        failed.unlink(missing_ok=True)
        key_file.write_text(f"{key} {seconds}")
    return pdf, seconds


# The names tools/make_handbook.py gives the PDFs it writes.
HANDBOOK_FILES = {"trainee": "handbook.pdf", "organiser": "organiser-handbook.pdf"}


def prefetch(queues: list[list[str]]) -> list[subprocess.Popen]:
    """Start making these books in the background, one process per queue, each book in turn under its
    lock, so that a test that needs one later finds it made or being made. A queue names books as
    "trainee", "organiser:wales" or "handbook:trainee"; a book whose key is current costs a hash."""
    started = []
    for queue in queues:
        if queue:
            started.append(subprocess.Popen([sys.executable, __file__, *queue], cwd=ROOT, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, start_new_session=True))
    return started


def make(names: list[str]) -> int:
    """Make each book named (as prefetch() names them), in turn; the exit code counts the failures."""
    key, failures = source_hash(), 0
    for name in names:
        kind, _, which = name.partition(":")
        try:
            if kind == "handbook":
                handbook(which, key)
            else:
                book(kind, which or None, key)
        except BuildFailed:
            failures += 1  # the test that needs this book says why: the failure is kept for this run
    return failures


if __name__ == "__main__":  # python tests/books.py trainee organiser:wales handbook:trainee ...
    sys.exit(min(make(sys.argv[1:]), 1))
