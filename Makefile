# Two commands do everything on a fresh clone (only Python and make needed; the oldest Python
# the course supports is pyproject.toml's requires-python, read below):
#   make course   build the course (offline slide site + handouts) and say what to open
#   make test     run every test (lint, unit, notebooks, browsers)
# Installs are pinned by constraints.txt and redone only when pyproject/constraints change.

PYTHON ?= python3
VENV   ?= .venv
# The Python floor is stated once, in pyproject.toml (requires-python = ">=X.Y").
PY_FLOOR := $(shell sed -n 's/^requires-python *= *">=\([0-9.]*\)".*/\1/p' pyproject.toml)
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: course test lab lab-rise voila lint execute check clean bench lite

$(BIN)/python:
	@$(PYTHON) -c 'import sys; floor = tuple(int(p) for p in "$(PY_FLOOR)".split(".")); \
	  sys.exit(sys.version_info[:len(floor)] < floor)' 2>/dev/null || { \
	  echo "error: the course needs Python $(PY_FLOOR) or newer; '$(PYTHON)' is \
	$$($(PYTHON) --version 2>/dev/null || echo 'not found')."; \
	  echo "Install Python $(PY_FLOOR)+ (Debian 12/Ubuntu: sudo apt-get install python3 python3-venv;"; \
	  echo "others: https://www.python.org/downloads/), then: make $(MAKECMDGOALS) PYTHON=/path/to/python3"; \
	  exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "error: '$(PYTHON)' cannot create virtual environments (its venv/ensurepip module is missing)."; \
	  echo "Debian/Ubuntu: sudo apt-get install python3-venv, then run make again."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-course: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[lab,build]'
	@# reveal.js ships inside this wheel; --no-deps because only its files are used (no Sphinx).
	$(PIP) install -c constraints.txt --no-deps sphinx-revealjs
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-course
	$(PIP) install -c constraints.txt -e '.[test]'
	touch $@

# Front-end files from the npm registry, pinned by package-lock.json files and installed by
# Python (smx-course frontend checks each tarball against the lock's hash): no Node needed.
# The site's plotly.js cartesian bundle; without it the site ships the wheel's full plotly.js.
FRONTEND_LOCK := src/scleromyxedema_course/site/frontend/package-lock.json
$(VENV)/.installed-frontend: $(FRONTEND_LOCK) $(VENV)/.installed-course
	@$(BIN)/smx-course frontend && touch $@ || \
	  echo "warning: the site will ship the full plotly.js from the plotly wheel (plots drawn later)."

course: $(VENV)/.installed-course $(VENV)/.installed-frontend
	$(BIN)/smx-course build
	@echo
	@echo "Open the slide site:   _build/site/index.html  (works offline, from a USB stick too)"
	@echo "Study in JupyterLab:   make lab   (your own copy of the lessons, in my-lessons/)"

# The live course in the browser, no install (JupyterLite): _build/lite, served as static files.
# Registries only (PyPI, npm), every file pinned by a hash; see src/.../site/lite.py.
$(VENV)/.installed-lite: pyproject.toml constraints.txt $(VENV)/.installed-course
	$(PIP) install -c constraints.txt -e '.[lite]'
	touch $@

lite: $(VENV)/.installed-lite $(VENV)/.installed-frontend
	$(BIN)/smx-course lite
	$(BIN)/smx-course build
	@echo "Serve it: $(BIN)/python -m http.server -d _build 8000, then open http://127.0.0.1:8000/site/index.html (each lesson: Study live) or http://127.0.0.1:8000/lite/lab/index.html"

# JupyterLab on the learner's own copies (my-lessons/, git-ignored): saving never changes lessons/.
# `make lab RISE=1` (or `make lab-rise`) adds RISE: a slideshow button in the notebook toolbar.
$(VENV)/.installed-rise: pyproject.toml constraints.txt $(VENV)/.installed-course
	$(PIP) install -c constraints.txt -e '.[rise]'
	touch $@

lab: $(VENV)/.installed-course $(if $(RISE),$(VENV)/.installed-rise)
	$(BIN)/smx-course my-lessons
	cd my-lessons && $(abspath $(BIN))/jupyter lab $(ROOT_FLAG) 00-welcome.ipynb

lab-rise:
	$(MAKE) lab RISE=1

# One lesson served as an app with Voila (outputs and live widgets, no code), for ONE learner at
# a time: every page load gets its own kernel, but all of them write the same progress file.
# make voila LESSON=04 [VOILA_PORT=8866]
VOILA_PORT ?= 8866
# Teaching notes left out (tag `notes`); the JupyterLite kernel's extension (installed by
# `make lite`) cannot load outside JupyterLab. tests/browser/test_voila.py uses the same flags.
VOILA_ARGS := --TagRemovePreprocessor.remove_cell_tags=notes \
  --VoilaConfiguration.extension_denylist=@jupyterlite/pyodide-kernel-extension
$(VENV)/.installed-voila: pyproject.toml constraints.txt $(VENV)/.installed-course
	$(PIP) install -c constraints.txt -e '.[voila]'
	touch $@

voila: $(VENV)/.installed-voila
	@test -n "$(LESSON)" || { echo "usage: make voila LESSON=04"; exit 1; }
	@set -- lessons/$(LESSON)-*.ipynb; test -f "$$1" || { echo "no lesson lessons/$(LESSON)-*.ipynb"; exit 1; }; \
	  echo "Serving $$1 at http://127.0.0.1:$(VOILA_PORT)/ (one learner: answers go to one progress file)"; \
	  $(BIN)/voila "$$1" $(VOILA_ARGS) --port=$(VOILA_PORT) --no-browser --Voila.ip=127.0.0.1

# axe-core (accessibility audit in the browser tests), pinned by tests/browser/package-lock.json.
AXE_STAMP := tests/browser/node_modules/.installed
$(AXE_STAMP): tests/browser/package-lock.json $(VENV)/.installed-course
	@$(BIN)/smx-course frontend --lock $< --dest tests/browser/node_modules && touch $@ || \
	  echo "warning: no axe-core: the accessibility audit will be skipped (it fails in CI)."

# Two test processes (pytest-xdist), each taking whole files: the browser, Lite and JupyterLab
# tests wait on other processes much of the time, so two share two cores well (7 min, not 10).
# TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-test lint $(VENV)/.installed-frontend $(AXE_STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

check: $(VENV)/.installed-course
	$(BIN)/smx-course check

execute: $(VENV)/.installed-course
	$(BIN)/smx-course execute

bench: $(VENV)/.installed-test
	$(BIN)/python bench/site_build.py
	$(BIN)/python bench/progress_store.py
	$(BIN)/python bench/class_report.py

clean:
	rm -rf _build
