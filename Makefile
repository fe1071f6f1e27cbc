# newsframes: `make` sets everything up and regenerates every notebook, figure and page;
# `make test` sets up and runs the tests. Run `make help` for the rest.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
KERNEL := $(VENV)/.kernel

.DEFAULT_GOAL := all
.PHONY: all setup browser build test lab bench lock clean help

all: build ## set up, then regenerate every notebook, figure and rendered page

setup: $(INSTALLED) $(KERNEL) ## create .venv and install pinned dependencies (fast when done)

$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "newsframes needs Python 3.11; set PYTHON=/path/to/python3.11"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $@

$(KERNEL): $(INSTALLED)
	$(BIN)/python -m ipykernel install --user --name newsframes --display-name "Python (newsframes)" >/dev/null
	@touch $@

build: setup ## execute notebooks/*.py into notebooks/*.ipynb, figures/ and site/
	$(BIN)/newsframes build

test: setup browser ## run the whole test suite (executes every notebook)
	$(BIN)/python -m pytest

browser: ## headless Chromium for the page tests (Debian's package, driven by Playwright; installed when root)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the page tests ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs headless Chromium: install your system's chromium package, then run again"; exit 1; fi; }

lab: setup ## open JupyterLab on the project kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: setup ## run the benchmarks (results in benchmarks/results/; ZYTE_BENCHMARK=folder for extraction.py)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,scale,bench]'
	@for script in benchmarks/[a-z]*.py; do \
	  case $$script in */abc_corpus.py) continue;; esac; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

lock: ## re-pin every dependency from a fresh resolve (then commit requirements.lock)
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,scale,bench]'
	.venv-lock/bin/python -m pip freeze --exclude-editable --disable-pip-version-check | sort -f > requirements.lock
	rm -rf .venv-lock

clean: ## remove the virtual environment and caches (never data, notebooks or figures)
	rm -rf $(VENV) .cache .build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'
