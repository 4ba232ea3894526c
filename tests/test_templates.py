# SPDX-License-Identifier: MIT
"""The Jinja2 templates: text from a scenario file is escaped, the loader's joined lines reach no
page, and an error in a template still names its line."""

from __future__ import annotations

import jinja2
import pytest

from scenario_quiz.markup.printed import render_left_out_print
from scenario_quiz.markup.quiz import render_scoreboard
from scenario_quiz.markup.templating import _JoiningLoader


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
