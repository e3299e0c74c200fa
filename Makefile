# jdtool: every target sets itself up; `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck unit bench clean system-check

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jdtool needs Python 3.11 or newer: set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# WeasyPrint needs Pango; harfbuzz-subset makes PDF font subsetting about 3x faster.
system-check:
	@$(BIN)/python scripts/system_check.py

demo: install system-check
	$(BIN)/jdtool check posts
	$(BIN)/jdtool fmt --check posts

lint: install
	$(BIN)/ruff check jdtool tests benchmarks scripts
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest

test: lint unit

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .venv .pytest_cache .mypy_cache .ruff_cache .hypothesis .jdtool-cache benchmarks/corpus
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
