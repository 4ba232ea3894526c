# SPDX-License-Identifier: MIT
"""Pack the built book as a SCORM 1.2 package for a learning management system (LMS): `make scorm`
writes _build/course-scorm12.zip.

    .venv/bin/python tools/pack_scorm.py [BUILT_HTML_DIR] [ZIP_PATH]

The package is one SCO. Its launch page (scorm/launch.html) shows the book in a frame, keeps the
trainee's answers in cmi.suspend_data and reports the final self-assessment's result
(scorm/scorm-bridge.js). Opened without an LMS, from disk or a web server, it is the ordinary book.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pack_offline import ROOT, book_files, course

from scenario_quiz.core import licence
from scenario_quiz.markup.assessment import embed_json
from scenario_quiz.markup.quiz import page_id

HERE = Path(__file__).resolve().parent / "scorm"
LAUNCH, BRIDGE, MANIFEST = "scorm-launch.html", "scorm-bridge.js", "imsmanifest.xml"
START = "index.html"  # the book's own front door
PROGRESS_PAGE = "book/my-progress.html"  # carries every scenario's fingerprint and the assessment model
CATALOGUE = re.compile(rf'<script type="application/json" id="{page_id("catalogue")}">(.*?)</script>', re.S)
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
SCHEMAS = (f"{IMSCP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
           f"{ADLCP} adlcp_rootv1p2.xsd")


def read_catalogue(html_dir: Path) -> dict:
    """The catalogue the built My progress page carries: what the package must agree with."""
    page = html_dir / PROGRESS_PAGE
    found = CATALOGUE.search(page.read_text(encoding="utf-8")) if page.exists() else None
    if not found:
        sys.exit(f"{page} has no scenario catalogue: run `make book` first")
    return json.loads(found.group(1))


def answer_key(scenario_id: str, version: str) -> str:
    """Eight hex characters naming a scenario in suspend_data. They change with its fingerprint, so a
    saved answer to an older wording matches nothing in a newer package."""
    return hashlib.sha256(f"{scenario_id} {version}".encode()).hexdigest()[:8]


def lms_data(catalogue: dict) -> dict:
    """What the launch page needs: each scenario's key, fingerprint and kind, and the assessment model
    whose lookups (scoreAttempt in scenario-quiz.js) decide the reported result."""
    kinds = {sid: (entry["version"], "path" if "scenes" in entry else "single")
             for sid, entry in catalogue["scenarios"].items()}
    for form in catalogue["assessment"]["forms"].values():
        kinds.update({sid: (item["version"], item["kind"]) for sid, item in form["items"].items()})
    items = {sid: [answer_key(sid, version), version, kind] for sid, (version, kind) in kinds.items()}
    owners: dict[str, str] = {}
    for sid, (key, _, _) in items.items():  # a clash is about one chance in 200,000 for a bank this size
        if key in owners:
            sys.exit(f"scenarios {owners[key]} and {sid} have the same suspend_data key: change one of their ids")
        owners[key] = sid
    return {"start": START, "items": items, "assessment": catalogue["assessment"]}


COURSE_META = re.compile(r'<meta name="scenario-quiz-course" content="[^"]*">')


def course_meta(html_dir: Path) -> str:
    """The course's identity tag, as the book's own pages carry it (sphinx/extension.py): the launch page
    loads the same store, which must keep the same storage key, or it would read and write another course's."""
    page = html_dir / "book" / "index.html"  # the start page (index.html itself only redirects to it)
    found = COURSE_META.search(page.read_text(encoding="utf-8")) if page.is_file() else None
    if found is None:
        sys.exit(f"{page} has no course identity tag: build the book with `make book` first")
    return found.group(0)


def launch_page(title: str, data: dict, meta: str) -> str:
    env = Environment(loader=FileSystemLoader(HERE), autoescape=True, keep_trailing_newline=True)
    return env.get_template("launch.html").render(title=title, start=START, data=Markup(embed_json(data)),
                                                   course_meta=Markup(meta))


def _rights() -> ET.Element:
    """IMS metadata (LOM 1.2.1) naming the course's licences, so an LMS that shows metadata shows them."""
    def text(parent: ET.Element, tag: str, value: str, lang: str = "en-GB") -> None:
        ET.SubElement(ET.SubElement(parent, f"{{{IMSMD}}}{tag}"), f"{{{IMSMD}}}langstring",
                      {"{http://www.w3.org/XML/1998/namespace}lang": lang}).text = value

    lom = ET.Element(f"{{{IMSMD}}}lom")
    rights = ET.SubElement(lom, f"{{{IMSMD}}}rights")
    restricted = ET.SubElement(rights, f"{{{IMSMD}}}copyrightandotherrestrictions")
    text(restricted, "source", "LOMv1.0", "x-none")
    text(restricted, "value", "yes", "x-none")
    text(rights, "description", f"{licence.NOTICE} To credit it when adapting: {licence.CREDIT}")
    return lom


def manifest(title: str, names: list[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 with ADL's adlcp 1.2): one organisation, one item,
    one SCO resource listing every file. No adlcp:masteryscore: with one, an LMS may set passed or
    failed from the score alone, which would skip the safety gate."""
    for prefix, uri in (("", IMSCP), ("adlcp", ADLCP), ("xsi", XSI), ("imsmd", IMSMD)):
        ET.register_namespace(prefix, uri)
    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": course().offline_folder, "version": "1.0",
                                                f"{{{XSI}}}schemaLocation": SCHEMAS})
    metadata = ET.SubElement(root, f"{{{IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    metadata.append(_rights())
    organizations = ET.SubElement(root, f"{{{IMSCP}}}organizations", {"default": "course"})
    organization = ET.SubElement(organizations, f"{{{IMSCP}}}organization", {"identifier": "course"})
    ET.SubElement(organization, f"{{{IMSCP}}}title").text = title
    item = ET.SubElement(organization, f"{{{IMSCP}}}item",
                         {"identifier": "course-item", "identifierref": "course-sco", "isvisible": "true"})
    ET.SubElement(item, f"{{{IMSCP}}}title").text = title
    resources = ET.SubElement(root, f"{{{IMSCP}}}resources")
    resource = ET.SubElement(resources, f"{{{IMSCP}}}resource", {
        "identifier": "course-sco", "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco", "href": LAUNCH})
    for name in names:
        ET.SubElement(resource, f"{{{IMSCP}}}file", {"href": quote(name)})
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode()


def pack_scorm(html_dir: Path, target: Path, config: Path = ROOT / "_config.yml") -> int:
    files = book_files(html_dir)
    title = yaml.safe_load(config.read_text(encoding="utf-8"))["title"]
    extra = {LAUNCH: launch_page(title, lms_data(read_catalogue(html_dir)), course_meta(html_dir)),
             BRIDGE: (HERE / BRIDGE).read_text(encoding="utf-8")}
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(MANIFEST, manifest(title, [*extra, *files]))
        for name, text in extra.items():
            archive.writestr(name, text)
        for name, path in files.items():
            archive.write(path, name)
    return len(files) + len(extra) + 1


if __name__ == "__main__":
    html_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / "course-scorm12.zip"
    count = pack_scorm(html_dir, target)
    print(f"wrote {target} ({count} files, {target.stat().st_size / 1e6:.1f} MB)")
