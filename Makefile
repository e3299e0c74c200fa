# jdtool: every target sets itself up; `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck unit bench clean system-check system-deps

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "jdtool needs Python 3.11 or newer: set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and the publishing stage need: chromium drives the accessibility
# tests; libharfbuzz-subset0 makes WeasyPrint's font subsetting about 3x faster (and its PDFs
# byte-identical across builds); LibreOffice (Writer, Calc and its Python, python3-uno) opens
# the Word and Excel files in the round-trip tests; wbritish-large and wamerican-large are the
# SCOWL word lists the lint spelling rules (JD409, JD410) read. Installed when missing and
# running as root; otherwise the command to run is printed. Each entry is package:file-it-provides.
DEBIAN_DEPS := chromium:/usr/bin/chromium libharfbuzz-subset0:libharfbuzz-subset.so.0 \
  wbritish-large:/usr/share/dict/british-english-large \
  wamerican-large:/usr/share/dict/american-english-large \
  libreoffice-writer-nogui:/usr/lib/libreoffice/program/libswlo.so \
  libreoffice-calc-nogui:/usr/lib/libreoffice/program/libsclo.so \
  python3-uno:/usr/lib/python3/dist-packages/uno.py
system-deps:
	@missing=""; for dep in $(DEBIAN_DEPS); do package=$${dep%%:*}; file=$${dep#*:}; \
	  case $$file in /*) test -e $$file ;; *) /sbin/ldconfig -p 2>/dev/null | grep -q "$$file" ;; esac \
	  || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "jdtool: missing system packages; run: sudo apt-get update && sudo apt-get install -y$$missing"; fi; fi

# WeasyPrint needs Pango; harfbuzz-subset makes PDF font subsetting about 3x faster.
system-check:
	@$(BIN)/python scripts/system_check.py

demo: install system-deps system-check
	$(BIN)/jdtool check posts
	$(BIN)/jdtool fmt --check posts
	$(BIN)/jdtool build --out build/site

lint: install
	$(BIN)/ruff check jdtool tests benchmarks scripts
	$(BIN)/mypy

unit: install system-deps
	$(BIN)/python -m pytest

test: lint unit

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .venv .pytest_cache .mypy_cache .ruff_cache .hypothesis .jdtool-cache benchmarks/corpus
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
