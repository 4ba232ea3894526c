"""Book-level fixes to the stock Jupyter Book theme, so every page is clean and offline.

- Thebe (live code in the page) is never used here, yet Jupyter Book always loads sphinx-thebe,
  whose config script lands on each page twice ("THEBE_JS_URL has already been declared") and
  names a CDN. We drop its scripts and stylesheet from every page.
- pydata-sphinx-theme logs "Got invalid theme mode" unless a default colour mode is set.
"""

from __future__ import annotations

from sphinx.application import Sphinx

THEBE_ASSETS = ("sphinx-thebe.js", "sphinx-thebe.css")


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", asset) or ""
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return filename.endswith(THEBE_ASSETS) or "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files is not None:
            # In place: Sphinx restores the full list from its own copy after each page.
            files[:] = [asset for asset in files if not _is_thebe(asset)]


def set_default_mode(app: Sphinx, config) -> None:
    config.html_context.setdefault("default_mode", "auto")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", set_default_mode)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
