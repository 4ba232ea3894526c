# SPDX-License-Identifier: MIT
"""Book-level fixes to the stock Jupyter Book theme, so every page is clean, light and offline.

- Thebe (live code in the page) is never used here, yet Jupyter Book always loads sphinx-thebe,
  whose config script lands on each page twice ("THEBE_JS_URL has already been declared") and
  names a CDN. We drop its scripts and stylesheet from every page.
- pydata-sphinx-theme logs "Got invalid theme mode" unless a default colour mode is set.
- The theme loads a 1.5 MB Font Awesome script to turn its dozen icons into SVG, although its CSS
  already draws every icon from the Font Awesome webfont. `book/_templates/layout.html` leaves the
  script out, and after the build `subset_icon_font` cuts the webfont (156 KB) down to the glyphs
  the pages use, so the look is unchanged.
- Extension assets a page does not use (sphinx-design, toggle and copy buttons, notebook CSS)
  are left off that page. Which pages use them is recorded when each page is read, in the same
  per-page record and table as the quiz's own files (scenario_quiz.sphinx.state).
- The sidebar's expand/collapse toggles get a name screen readers can announce
  (`label_nav_toggles`, used by `book/_templates/sbt-sidebar-nav.html`), and bibliography
  entries are list items rather than a deprecated ARIA role.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from scenario_quiz.sphinx import state as page_assets


def _classes(*wanted: str, prefix: str = "") -> Callable[[nodes.Node], bool]:
    """A node test: an element with one of these classes, or one starting with `prefix`."""
    def test(node: nodes.Node) -> bool:
        classes = node.get("classes", ()) if isinstance(node, nodes.Element) else ()
        return any(c in wanted or prefix and c.startswith(prefix) for c in classes)
    return test


# Other extensions' files, each added to every page, and the nodes of a page that need them. They go into
# the engine's one table of page assets (scenario_quiz.sphinx.state.ASSETS): a page's features are recorded
# when it is read, and a page without the feature loses the file.
# (file name fragment, feature, which nodes bring the feature)
OPTIONAL_ASSETS = [
    ("sphinx-design", "design", _classes(prefix="sd-")),
    ("design-tabs", "design-tabs", _classes(prefix="sd-tab")),
    ("togglebutton", "toggle", _classes("toggle", "dropdown")),  # its default selector: .toggle, .dropdown
    ("copybutton", "code", lambda node: isinstance(node, (nodes.literal_block, nodes.doctest_block))),
    ("clipboard.min", "code", lambda node: isinstance(node, (nodes.literal_block, nodes.doctest_block))),
    ("mystnb.", "notebook", _classes("cell", "cell_input", "cell_output")),
]


def _asset_name(asset) -> str:
    return getattr(asset, "filename", asset) or ""


def _is_thebe(asset) -> bool:
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "thebe" in _asset_name(asset) or "THEBE_JS_URL" in body


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    unused = page_assets.unused_assets(app, pagename, doctree)
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files is not None:
            # In place: Sphinx restores the full list from its own copy after each page.
            files[:] = [a for a in files if not _is_thebe(a) and not unused(_asset_name(a))]


@functools.lru_cache(maxsize=4)
def label_nav_toggles(html: str) -> Markup:
    """Name each sidebar expand/collapse toggle after the page it opens (axe: summary-name). Kept for the
    next call: the theme draws each page's sidebar twice (once to see whether it is empty)."""
    soup = BeautifulSoup(str(html), "html.parser")
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue  # a part caption already names it
        link = summary.find_parent("li").find("a", recursive=False)
        title = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = f"Show or hide the pages under {title}"
    return Markup(str(soup))


def _glyphs_in_use(outdir: Path, css: str) -> set[int]:
    """Code points of the icons the built pages use: each `fa-NAME` class on a page, through the
    theme's `.fa-NAME:before{content:...}` rules, plus the icons the theme's CSS draws itself
    (admonitions, external links), named in its --pst-icon-* variables."""
    glyph_of = {}
    for selectors, content in re.findall(r"((?:\.fa-[a-z0-9-]+:before,?)+)\{content:\"([^\"]+)\"\}", css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):before", selectors):
            glyph_of[name] = content
    used = set()
    for page in outdir.rglob("*.html"):
        for classes in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            used |= set(re.findall(r"\bfa-([a-z0-9-]+)", classes))
    texts = [glyph_of[name] for name in used if name in glyph_of]
    texts += re.findall(r'--pst-icon-[a-z-]+:"([^"]*)"', css)
    return {ord(c) for text in texts for c in _css_unescape(text)}


def _css_unescape(text: str) -> str:
    """CSS strings write a glyph as a hex escape (\\f0c9) or as the character itself."""
    return re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)), text)


def subset_icon_font(app: Sphinx, exception: Exception | None) -> None:
    """Shrink the build's copy of the theme's Font Awesome webfont (156 KB) to the glyphs in use."""
    if exception or app.builder.format != "html":
        return
    import pydata_sphinx_theme
    from fontTools import subset

    # Always cut from the theme's original font, so a later build can add a glyph back.
    static = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    font = "vendor/fontawesome/webfonts/fa-solid-900.woff2"
    outdir = Path(app.outdir)
    codes = _glyphs_in_use(outdir, (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8"))
    options = subset.Options(flavor="woff2", layout_features=[], name_IDs=[], notdef_outline=True)
    face = subset.load_font(str(static / font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(face)
    (outdir / "_static" / font).parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(face, str(outdir / "_static" / font), options)


class CitationListItems:
    """Write bibliography entries as list items. docutils gives them role="doc-biblioentry",
    which ARIA 1.2 deprecates and axe rejects (aria-allowed-role) inside their role="list"."""

    def visit_citation(self, node) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def use_citation_list_items(app: Sphinx) -> None:
    # After the theme has installed its own translator (it mixes Bootstrap markup into Sphinx's).
    base = app.registry.translators.get(app.builder.name, app.builder.default_translator_class)
    if base is not None and app.builder.format == "html":
        app.set_translator(app.builder.name, type("CourseTranslator", (CitationListItems, base), {}), override=True)


def set_defaults(app: Sphinx, config) -> None:
    config.html_context.setdefault("default_mode", "auto")
    templates = str(Path(__file__).resolve().parent.parent / "_templates")
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)


def add_template_filter(app: Sphinx) -> None:
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["label_nav_toggles"] = label_nav_toggles


def setup(app: Sphinx) -> dict:
    app.setup_extension("scenario_quiz.sphinx.extension")  # it keeps the page records this file reads
    for fragment, feature, detect in OPTIONAL_ASSETS:
        page_assets.register_asset(fragment, feature, detect)
    app.connect("config-inited", set_defaults)
    app.connect("builder-inited", add_template_filter)
    app.connect("builder-inited", use_citation_list_items, priority=900)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("build-finished", subset_icon_font)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
