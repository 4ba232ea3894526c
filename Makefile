# Two commands do everything on a fresh machine:
#   make book   set up .venv, check the scenario bank, build the book into _build/html
#   make test   set up .venv (and Debian's chromium), then run every test
#   make test-fast   the tests that need no browser and no book build (while you work)
# Also: make organiser (the organiser edition), make offline (a zip that works from disk),
# make scorm (a SCORM 1.2 package for an LMS), make handbook (both editions as printed A4 PDFs),
# make serve, make notebooks, make bench, make visual-baselines (after a deliberate change of look),
# make snapshots (after a deliberate change to the directives' HTML).
# `book` is also a folder here, so every target is phony: make must always run them.
.PHONY: book organiser offline scorm handbook serve test test-fast lint setup chromium check notebooks bench clean visual-baselines snapshots

# Let Python keep compiled modules in __pycache__ (ignored by git). Where the environment sets
# PYTHONDONTWRITEBYTECODE, every process (each test worker, book build and notebook kernel) compiled the
# engine, the Sphinx extensions and pytest's rewritten tests again: make test-fast took 43 s, now about 30.
export PYTHONDONTWRITEBYTECODE :=

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
JB := $(VENV)/bin/jupyter-book

setup: $(INSTALLED)

# uv (from PyPI, pinned) installs the requirements: about 5 s where pip took 40 (it links files from its cache
# and leaves compiling them to Python, which does it for the modules in use as they are first imported).
# The venv gets no pip of its own: installing it (ensurepip) took 5-6 s on one core. uv goes into .venv/uv,
# put there by the system's pip, or where there is none (or it fails), by a pip installed into the venv after all.
UV_HOME := $(VENV)/uv
UV_PIN := uv==0.13.9
$(INSTALLED): requirements.txt pyproject.toml
	python3 -m venv --without-pip $(VENV)
	@python3 -m pip install --quiet --upgrade --target $(UV_HOME) $(UV_PIN) 2>/dev/null || { \
	  echo "The system's pip did not install uv (none, or it failed): installing a pip into $(VENV) for it"; \
	  $(PY) -m ensurepip --default-pip >/dev/null && $(PY) -m pip install --quiet --upgrade --target $(UV_HOME) $(UV_PIN); }
	$(UV_HOME)/bin/uv pip install --quiet --python $(PY) -r requirements.txt
	touch $(INSTALLED)

# Browser tests drive Debian's chromium (never `playwright install`, which downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

check: $(INSTALLED)
	$(PY) -m scenario_quiz check

book: check
	$(JB) build . -W -n --keep-going

# The same source with facilitator notes and the organisers/ pages (Sphinx `only` + a tag).
organiser: check
	COURSE_EDITION=organiser $(JB) build . -W -n --keep-going --path-output _build/organiser
	@echo "Organiser edition: _build/organiser/_build/html/index.html"

offline: book
	$(PY) tools/pack_offline.py

# The same book as one SCORM 1.2 SCO: the LMS keeps the answers and the final self-assessment's result.
scorm: book
	$(PY) tools/pack_scorm.py

# The printed handbooks, each built as one page and printed by Debian's chromium: _build/handbook.pdf
# (trainee edition) and _build/organiser-handbook.pdf.
handbook: check chromium
	$(PY) tools/make_handbook.py

serve: book
	@echo "Serving the book at http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# ruff (style and likely bugs: src, tests, tools, benchmarks, book/_ext) and mypy (strict on src/), as
# configured in pyproject.toml. Make targets rather than tests: they print the tools' own messages, and running
# one test file does not pay for them. `make test` runs ruff before the suite and mypy beside it.
lint: $(INSTALLED)
	$(VENV)/bin/ruff check
	$(VENV)/bin/mypy

# A worker per core (pytest-xdist, see pyproject.toml); each book is built once and shared (tests/books.py).
# ruff first (under a second); mypy (about 5 s on one core) beside the tests rather than before them, where
# the other core sat idle; its messages follow the tests' report, and either failing fails `make test`.
test: $(INSTALLED) chromium
	$(VENV)/bin/ruff check
	@$(VENV)/bin/mypy > $(VENV)/mypy.txt 2>&1 & types=$$!; \
	$(PY) -m pytest; tests=$$?; \
	wait $$types; typed=$$?; echo "mypy: $$(cat $(VENV)/mypy.txt)"; exit $$((tests || typed))

# No browser, no book build, no notebook kernels: the engine, the bank and the content rules, in seconds.
# NO_BOOK_BUILDS makes a test that builds the book without being marked `book` fail and say so.
test-fast: $(INSTALLED)
	NO_BOOK_BUILDS=1 $(PY) -m pytest -p no:nbval -o addopts="-n auto --dist loadfile --no-loadscope-reorder" -q -m "not browser and not book" tests

# After a deliberate change of look: re-take the screenshots tests/test_visual.py compares and rewrite the
# baselines in tests/visual/ that changed; look at them (git diff) before committing. PAGES=search limits it
# to the screenshots whose test id contains "search" (any pytest -k expression works).
visual-baselines: $(INSTALLED) chromium
	UPDATE_BASELINES=1 $(PY) -m pytest -o addopts="" -q tests/test_visual.py -m browser $(if $(PAGES),-k "$(PAGES)")

# After a deliberate change to the engine's HTML: rewrite the directives' snapshots in tests/snapshots/ from
# the tiny book in tests/roots/test-quiz (a few seconds, no browser); read the diff before committing.
snapshots: $(INSTALLED)
	UPDATE_SNAPSHOTS=1 PYTHONPATH=$(CURDIR)/src $(PY) -m pytest -o addopts="" -q tests/test_sphinx_directives.py

# Re-create the exercise and answer notebooks from the bank and execute them (outputs are committed).
notebooks: $(INSTALLED)
	$(PY) tools/make_notebooks.py

bench: $(INSTALLED) chromium
	$(PY) benchmarks/bench.py

clean:
	rm -rf _build
