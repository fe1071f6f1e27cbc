# newsframes: `make` sets everything up and regenerates every notebook, figure and page;
# `make test` sets up and runs the tests. Run `make help` for the rest.
SHELL := /bin/bash
# The Pythons supported and tested (pyproject's requires-python and environment.yml agree, tests/test_environment.py).
SUPPORTED := 3.11 3.12 3.13
comma := ,
empty :=
SUPPORTED_TEXT := $(subst $(empty) $(empty),$(comma) ,$(SUPPORTED))
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
# Shell code printing the path of the first working Python of the versions in $$versions, in that order:
# pythonX.Y on PATH (a pyenv shim counts only if it runs), else the newest X.Y that pyenv installed.
FIND_PYTHON = for v in $$versions; do for p in python$$v $$(ls -rvd $$(pyenv root 2>/dev/null)/versions/$$v.*/bin/python$$v 2>/dev/null); do \
  $$p -c 'import sys; print(sys.executable)' 2>/dev/null && exit; done; done
find_python = $(shell versions="$(1)"; $(FIND_PYTHON))
# PYTHON: the newest supported Python found. `make PYTHON=3.12` (or python3.12) asks for a version,
# `make PYTHON=/path/to/python` for one interpreter.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(or $(call find_python,$(call reverse,$(SUPPORTED))),python3)
else ifneq ($(filter $(SUPPORTED),$(PYTHON:python%=%)),)
override PYTHON := $(or $(call find_python,$(PYTHON:python%=%)),$(PYTHON))
endif
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
# VENV: one environment per checkout and Python (`make test PYTHON=3.12 VENV=.venv-3.12`).
VENV ?= .venv
BIN := $(VENV)/bin
# The stamps name the Python version, so asking for another version reinstalls.
INSTALLED := $(VENV)/.installed-$(PYTHON_VERSION)
KERNEL := $(VENV)/.kernel
# The kernel `make lab` offers: registered inside $(VENV), not in the user's Jupyter folder, so each checkout
# (a clone, a worktree, a colleague's copy) has its own, and its display name names the checkout's folder.
KERNEL_NAME := Python $(PYTHON_VERSION) (newsframes: $(notdir $(CURDIR)))
# Options for pytest: CI runs the other Pythons with PYTEST_ARGS='-m "not slow or build"' (.ci/run).
PYTEST_ARGS ?=

.DEFAULT_GOAL := all
.PHONY: all setup browser build test lab bench lock clean help

all: build ## set up, then regenerate every notebook, figure and rendered page

setup: $(INSTALLED) $(KERNEL) ## create .venv with PYTHON, install the pins, register this checkout's kernel (fast when done)

$(INSTALLED): pyproject.toml requirements.lock
	@[ -n "$(filter $(SUPPORTED),$(PYTHON_VERSION))" ] || { \
	  echo "newsframes supports Python $(SUPPORTED_TEXT); PYTHON=$(PYTHON) is $(or $(PYTHON_VERSION),not a Python that runs)."; \
	  echo "Choose one: make PYTHON=$(lastword $(SUPPORTED)) (a version, found on PATH or through pyenv) or make PYTHON=/path/to/python$(lastword $(SUPPORTED))"; \
	  exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != $(PYTHON_VERSION) ]; then \
	  echo "$(VENV) has another Python than $(PYTHON_VERSION): making it anew"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@rm -f $(VENV)/.installed*
	@touch $@

$(KERNEL): $(INSTALLED)
	$(BIN)/python -m ipykernel install --sys-prefix --name newsframes --display-name "$(KERNEL_NAME)" >/dev/null
	@touch $@

# TABLES=DIR: notebooks 01-03 read the count tables that `newsframes aggregate --out DIR` wrote (docs/scaling.md).
build: setup ## execute notebooks/*.py into notebooks/*.ipynb, figures/ and site/ (TABLES=DIR: 01-03 from count tables)
	$(if $(TABLES),NEWSFRAMES_AGGREGATE=$(abspath $(TABLES)) )$(BIN)/newsframes build

test: setup browser ## run the whole test suite (executes every notebook); PYTEST_ARGS= passes options to pytest
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser: ## headless Chromium for the page tests (Debian's package, driven by Playwright; installed when root)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the page tests ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs headless Chromium: install your system's chromium package, then run again"; exit 1; fi; }

lab: setup ## open JupyterLab, offering this checkout's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: setup ## run the benchmarks (results in benchmarks/results/; ZYTE_BENCHMARK=folder for extraction.py)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,bench]'
	@for script in benchmarks/[a-z]*.py; do \
	  case $$script in */abc_corpus.py) continue;; esac; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

# One lock for every supported Python: resolved with the oldest (releases drop old Pythons first: resolved with
# 3.13, contourpy, numpy and scipy came out too new for 3.11), then completed with each newer one under those pins
# (3.12 and up need lxml_html_clean, which 3.11 does not); wheels only. A version that cannot take the pins fails.
lock: ## re-pin every dependency: resolved with the oldest supported Python, completed with each newer one
	@rm -rf .venv-lock .lock.tmp && touch .lock.tmp && used= && for v in $(SUPPORTED); do \
	  p=$$(versions=$$v; $(FIND_PYTHON)); [ -n "$$p" ] || { echo "make lock needs Python $$v too (it resolves with every supported one)"; exit 1; }; \
	  echo "resolving with $$p ..."; $$p -m venv .venv-lock || exit 1; \
	  .venv-lock/bin/python -m pip install --quiet --disable-pip-version-check --only-binary=:all: -c .lock.tmp -e '.[test,bench]' || { \
	    echo "Python $$v cannot install these pins from wheels: make one lock per version"; exit 1; }; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable --disable-pip-version-check >> .lock.tmp; \
	  used="$$used$${used:+, }$$(.venv-lock/bin/python -c 'import platform; print(platform.python_version())')"; rm -rf .venv-lock; done; \
	{ echo "# One lock for Python $(SUPPORTED_TEXT): every pin a wheel on each, nothing unpinned needed (.ci/run tests each)."; \
	  echo "# Made by \`make lock\` with Python $$used (resolved with the first, completed with the others)."; \
	  sort -fu .lock.tmp; } > requirements.lock && rm .lock.tmp

clean: ## remove the virtual environment and caches (never data, notebooks or figures)
	rm -rf $(VENV) .cache .build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'
	@echo "Python $(SUPPORTED_TEXT) are supported; this make uses $(PYTHON) ($(or $(PYTHON_VERSION),?)) in $(VENV)."
	@echo "Another: make PYTHON=3.12 VENV=.venv-3.12 (a version or a path; each Python its own VENV)."
