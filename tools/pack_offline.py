# SPDX-License-Identifier: MIT
"""Pack the built book into a zip that works when unzipped and opened from disk (no server,
no internet): `make offline` writes _build/course-offline.zip.

    .venv/bin/python tools/pack_offline.py [BUILT_HTML_DIR] [ZIP_PATH]

Everything in the zip sits in one folder, named by the course's `offline_folder` setting, and its
README names the course (`certificate_course`): both from the `scenario_course` block of _config.yml
(src/scenario_quiz/core/identity.py), so another course packs under its own name.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from scenario_quiz.core.identity import CourseIdentity, course_identity
from scenario_quiz.core.settings import SettingError

ROOT = Path(__file__).resolve().parent.parent
README = """{course}: offline copy

1. Unzip this file (right-click, then "Extract all" on Windows).
2. Open the folder and double-click index.html. It opens in your web browser.

No internet connection is needed. Your quiz answers are saved in that browser only.
"""


def course(root: Path = ROOT) -> CourseIdentity:
    """The identity of the course in `root`, from its _config.yml."""
    try:
        return course_identity(root)
    except SettingError as exc:
        sys.exit(f"{root / '_config.yml'}: {exc}")


def book_files(html_dir: Path) -> dict[str, Path]:
    """The built book's files by their path inside the book ("book/index.html"), in a stable order.
    Both packers (this one and pack_scorm.py) ship exactly these files."""
    if not (html_dir / "index.html").exists():
        sys.exit(f"{html_dir} has no built book: run `make book` first")
    files = sorted(p for p in html_dir.rglob("*") if p.is_file() and p.name != ".buildinfo")
    return {path.relative_to(html_dir).as_posix(): path for path in files}


def pack(html_dir: Path, target: Path, root: Path = ROOT) -> int:
    """Zip the book built in `html_dir` as the course in `root` names it; returns the number of book files."""
    files = book_files(html_dir)
    identity = course(root)
    folder = identity.offline_folder
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(f"{folder}/README.txt", README.format(course=identity.certificate_course))
        for name, path in files.items():
            archive.write(path, f"{folder}/{name}")
    return len(files)


if __name__ == "__main__":
    html_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / "course-offline.zip"
    count = pack(html_dir, target)
    print(f"wrote {target} ({count} files, {target.stat().st_size / 1e6:.1f} MB)")
