# Two commands on a fresh machine: `make serve` and `make test`. Each sets up .venv from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test browser bench bench-compare weight screenshots clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)  ## build and serve at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## write site/ (fails on any problem)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)  ## every problem in pages and references.bib, without building
	$(BIN)/python -m evidence_engine check

test: $(STAMP) browser  ## the whole test suite
	$(BIN)/python -m pytest

browser:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }

BENCH_ARGS ?=  # e.g. make bench BENCH_ARGS="--runs 9 --sizes 1000x10000"
bench: $(STAMP)  ## build-time benchmark on synthetic corpora
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# mkdocs-bibtex in a venv of its own (it is a comparison, not a dependency), same MkDocs, click and Material.
COMPARE_VENV := .venv-mkdocs-bibtex
$(COMPARE_VENV)/.installed:
	$(PYTHON) -m venv $(COMPARE_VENV)
	$(COMPARE_VENV)/bin/pip install --quiet mkdocs==1.6.1 click==8.2.1 mkdocs-material==9.8.1 mkdocs-bibtex==4.4.0
	touch $@

bench-compare: $(STAMP) $(COMPARE_VENV)/.installed  ## the benchmark, with mkdocs-bibtex 4.4.0 built on each corpus too
	$(BIN)/python benchmarks/bench.py --mkdocs-bibtex $(COMPARE_VENV)/bin/python $(BENCH_ARGS)

weight: $(STAMP) browser  ## bytes a claims page transfers, next to a bare Material page
	$(BIN)/python benchmarks/page_weight.py

screenshots: $(STAMP) browser  ## every page type at 1280 px and 390 px, into screenshots/
	$(BIN)/python benchmarks/screenshots.py

clean:
	rm -rf site $(VENV) $(COMPARE_VENV)
