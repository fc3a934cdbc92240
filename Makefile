# Two commands do all the set-up (see README.md):
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    run every test (lint, engine, build, browser)
# `make check` is the fast inner loop: lint plus every test not marked browser or slow.
# `make preview` serves the built site as a static host would (README, Publishing).
# Each target installs what it needs, once: the .venv on Python >= 3.12 with the pinned
# requirements, the Pyodide runtime from npm (pinned in package-lock.json, never committed),
# and, for the tests, Debian's chromium when it is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup serve build preview test check lint chromium clean

help:
	@echo "make serve   build and serve the site at http://127.0.0.1:8000"
	@echo "make preview serve the built site with its _headers, as a host would"
	@echo "make test    run every test (installs what is missing first)"
	@echo "make check   lint + the tests that need no site build, Pyodide or browser (fast)"

# pyodide-build 0.39 needs Python >= 3.12: take the newest 3.13/3.12 found on PATH or in pyenv.
$(VENV)/.installed: requirements.txt pyproject.toml
	@python=""; \
	for candidate in python3.13 python3.12 \
	    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3 2>/dev/null | sort -rV) \
	    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3 2>/dev/null | sort -rV) \
	    python3; do \
	  if command -v "$$candidate" >/dev/null 2>&1 && \
	     "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    python="$$candidate"; break; \
	  fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "Python 3.12 or newer is needed (pyodide-build 0.39 requires it)." >&2; \
	  echo "Install one (for example 'pyenv install 3.13'), then rerun." >&2; \
	  exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  rm -rf $(VENV); \
	fi; \
	echo "Using $$("$$python" --version) from $$(command -v "$$python")"; \
	[ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The runtime the site serves (checklist/authoring/runtime.py), here rather than in the first
# site build: the stdlib-and-engine zip (and, when the engine imports something new, a new
# trace of checklist/authoring/stdlib_modules.json: commit it), and the runtime's brotli and
# gzip copies (node_modules/.cache; brotli 11 of the wasm takes a minute, once per version).
setup: $(VENV)/.installed node_modules/.installed
	@$(PY) -m checklist.authoring.runtime

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; \
	fi

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	$(VENV)/bin/mkdocs build --strict

# The built site with the headers of site/_headers (tools/preview.py), gzip and cache rules.
preview: build
	$(PY) -m tools.preview --port 8000 site

# Speed benchmark (issues 13, 26), on demand only (never part of make test): builds the site
# (and a copy of the project, cold) into .cache/bench, serves it on loopback and drives
# chromium; BENCH_ARGS="--runs 7" etc.
.PHONY: bench
bench: setup chromium
	$(PY) -m tools.bench $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy checklist hooks tools
	node_modules/.bin/tsc --noEmit -p tests/browser/js/tsconfig.json  # the page's JavaScript (JSDoc types)

# Every test, each property with its full example count (HYPOTHESIS_PROFILE: tests/conftest.py).
test: setup chromium lint
	HYPOTHESIS_PROFILE=full $(PY) -m pytest

# Inner loop, under 30 seconds: no site build, no Pyodide, no browser (tests/conftest.py
# marks the tests that need them), and a twentieth of each property's examples.
check: lint
	HYPOTHESIS_PROFILE=check $(PY) -m pytest -q -m "not browser and not slow"

clean:
	rm -rf site .cache .pytest_cache .hypothesis
