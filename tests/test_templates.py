# SPDX-License-Identifier: MIT
"""The Jinja2 templates: text from a scenario file is escaped, the loader's joined lines reach no
page, and an error in a template still names its line."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from types import SimpleNamespace

import jinja2
import pytest
from conftest import ROOT, make_scenario, write_bank
from docutils import nodes

from scenario_quiz import load_bank
from scenario_quiz.markup.assessment import render_assessment
from scenario_quiz.markup.printed import render_left_out_print
from scenario_quiz.markup.quiz import render_scoreboard
from scenario_quiz.markup.templating import _JoiningLoader
from scenario_quiz.organiser import print_pdf
from scenario_quiz.sphinx import panels

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import handbook  # noqa: E402  (book/_ext/handbook.py: the printed handbook's title page and contents)


def test_text_is_escaped_by_the_template_engine():
    line = render_left_out_print("<b>Chart</b>", "<script>x()</script> & more")
    assert "<b>" not in line and "<script>" not in line
    assert "&lt;b&gt;Chart&lt;/b&gt;" in line and "&lt;script&gt;x()&lt;/script&gt; &amp; more" in line


def test_the_line_breaks_of_a_template_do_not_reach_the_page():
    board = render_scoreboard()
    assert "\n" not in board and "  " not in board
    assert board.startswith('<section class="sq-score"') and '</h3><p class="sq-score-text"' in board


def test_an_error_in_a_template_names_its_line(tmp_path):
    (tmp_path / "broken.j2").write_text("{# a comment\n   over two lines #}\n<p>\n  {{ fine }}\n</p>\n{{ broken( }}\n")
    env = jinja2.Environment(loader=_JoiningLoader(tmp_path), autoescape=True)
    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        env.get_template("broken.j2")
    assert error.value.lineno == 6
    (tmp_path / "fine.j2").write_text("<p>\n  {{ word }}\n</p>\n")
    assert env.get_template("fine.j2").render(word="<hi>") == "<p>&lt;hi&gt;</p>"


def test_read_again_links_escape_the_module_title_and_its_link(tmp_path, monkeypatch):
    # The result panel's "Read again" cell: the links were once joined in Python, the link unescaped.
    folder = write_bank(tmp_path / "bank", {"01-x.yml": {"module": "01-x", "scenarios": [make_scenario("al-one")]}})
    bank = load_bank(folder, folder / "refs.bib")
    monkeypatch.setattr(panels, "bank_of", lambda app: bank)
    app = SimpleNamespace(config=SimpleNamespace(scenario_module_dir="modules"),
                          env=SimpleNamespace(titles={"modules/01-x": nodes.title("", "Tea & <talk>")}),
                          builder=SimpleNamespace(get_relative_uri=lambda here, page: f"../{page}.html?from=a&to=b"))
    panel = render_assessment(bank, 70, True, panels.read_again_links(app, "book/result"), "my-progress.html")
    assert ('<td data-label="Read again"><a href="../modules/01-x.html?from=a&amp;to=b">Tea &amp; &lt;talk&gt;</a>'
            "</td>") in panel


def test_the_printed_page_footer_escapes_its_words():
    assert print_pdf._footer("Tea & <talk>") == (
        '<div style="width: 100%; margin: 0 18mm; font: 8pt sans-serif; color: #333; display: flex; '
        'justify-content: space-between;"><span>Tea &amp; &lt;talk&gt;</span><span class="pageNumber"></span></div>')


def test_the_handbook_title_page_escapes_the_books_title(monkeypatch):
    monkeypatch.setenv("COURSE_EDITION", "organiser")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026
    page = handbook._colophon(None, "Tea & <talk>")
    assert page.startswith('<div class="hb-colophon" data-running-title="Tea &amp; &lt;talk&gt;" '
                           'data-edition="Organiser edition"><p class="hb-edition">Organiser edition</p><p>')
    assert "The answers to every scenario" in page and '<p class="hb-built">Built on 1 January 2026.</p>' in page
    assert '<p class="hb-licence">' in page and page.endswith("</p></div>") and "<talk>" not in page


def test_the_handbook_contents_lists_each_part_and_its_chapters_with_escaped_titles(monkeypatch):
    def section(ids, title, classes=(), docname=None):
        made = nodes.section(ids=ids, classes=list(classes))
        made += nodes.title("", title)
        if docname:
            made["docname"] = docname
        return made

    doctree = nodes.document(None, None)
    doctree += [section([handbook.TITLE_ID], "The course"), section([handbook.CONTENTS_ID], "Contents")]
    part = section(["handbook-part-1"], "Tea & <talk>")
    part += [section(["handbook-c1", "c1"], "Listening <first>", ["hb-chapter"], "modules/c1"),
             section(["aside"], "Not a chapter")]
    doctree += [part, section(["sq--answers"], "Answers")]
    monkeypatch.setattr(handbook, "handbook_build", lambda: True)
    app = SimpleNamespace(config=SimpleNamespace(root_doc="index"),
                          env=SimpleNamespace(toc_secnumbers={"modules/c1": {"": (3,)}}))
    handbook.write_contents(app, doctree, "index")

    def entry(target, title):
        return (f'<a class="page-ref" href="#{target}"><span class="hb-entry">{title}</span><span class="hb-leader">'
                '</span><span class="page-number">000</span></a>')
    assert doctree[1][-1].astext() == (
        '<nav class="hb-contents" aria-label="Contents"><ol>'
        f'<li class="hb-contents-part">{entry("handbook-part-1", "Tea &amp; &lt;talk&gt;")}'
        f'<ol><li>{entry("handbook-c1", "3. Listening &lt;first&gt;")}</li></ol></li>'
        f'<li class="hb-contents-part">{entry("sq--answers", "Answers")}</li></ol></nav>')


# HTML elements the engine and the book's extensions write. A named regex group ("(?P<v>") or a
# placeholder ("modules/<slug>.md") is not one of them, so neither trips the check below.
ELEMENTS = (
    "a abbr article aside b blockquote br button caption circle code details dd div dl dt em fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr i img input label legend li link main meta nav ol option p "
    "path pre script section select small span strong style summary svg table tbody td textarea tfoot th thead "
    "title tr ul"
).split()
# Where a formatted value stands in the string's constant text: "<h{level}" still reads as a tag.
HOLE = "\x00"
TAG = re.compile(rf"</?(?:{'|'.join(ELEMENTS)}|h(?={HOLE}))(?=[\s>/{HOLE}])|</(?=[a-z{HOLE}])", re.I)
# Python code that may build markup from strings. None: every piece of HTML comes from a template.
# (sphinx/panels.py moves existing headings down with a regex substitution, f"<{m.group(1)}h{...}";
# it writes no tag of its own, and the check above does not see a tag in it.)
MARKUP_IN_PYTHON_ALLOWED: set[str] = set()


def _built_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, constant text) of each string built from parts: an f-string, "..." % x, "...".format(x), "..." + x."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, HOLE.join(v.value if isinstance(v, ast.Constant) else "" for v in node.values)
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add))
              and not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    yield node.lineno, side.value + HOLE
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            yield node.lineno, node.func.value.value


def test_no_html_is_built_from_strings_in_python():
    """Markup comes from templates with autoescape, never from Python strings, so escaping is the
    template engine's job and cannot be forgotten (STYLE.md, "Build state and markup")."""
    found = set()
    for path in sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "book" / "_ext").rglob("*.py")]):
        name = path.relative_to(ROOT).as_posix()
        for line, text in _built_strings(ast.parse(path.read_text(encoding="utf-8"), name)):
            if TAG.search(text) and f"{name}:{line}" not in MARKUP_IN_PYTHON_ALLOWED:
                found.add((name, line))
    places = [f"{name}:{line}" for name, line in sorted(found)]
    assert places == [], "HTML built in Python (write a template in src/scenario_quiz/templates/): " + ", ".join(places)


@pytest.mark.parametrize("code, builds_html", [
    ("f'<div class=\"x\">{text}</div>'", True),
    ("f'<h{level} id=\"{id}\">'", True),
    ("f'{a}</{tag}>'", True),
    ("'<p>%s</p>' % text", True),
    ("'<a href=\"{}\">'.format(url)", True),
    ("'<li>' + text", True),
    ("f'<{m.group(1)}h{level}'", False),  # panels.py's heading shift: no tag written, one moved
    ("f'(?P<v>{words})'", False),  # a named regex group
    ("f'modules/<{slug}>.md'", False),
    ("f'{a} < {b} and {c}<{d}'", False),
    ("'<div>' + '</div>'", False),  # constant: Python joins it before it runs, nothing is built
])
def test_the_check_sees_html_built_from_strings(code, builds_html):
    assert any(TAG.search(text) for _, text in _built_strings(ast.parse(code))) is builds_html
