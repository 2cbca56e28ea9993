# Two commands on a fresh machine: `make serve` and `make test`. Each sets up .venv from a lock file with hashes:
# serving and building install requirements/serve.txt only (no Playwright, no mypy); the tests and the tools add
# requirements/dev.txt. After editing requirements/*.in, `make lock` regenerates the locks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
SERVE_STAMP := $(VENV)/.installed-serve
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1
# The locks are resolved for Python 3.11 (see `lock`): stop before another Python installs what they were not made for.
PY311 := 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "needs Python 3.11: make clean; make PYTHON=python3.11")'

.PHONY: setup setup-serve serve build check test test-fast browser lock bench bench-serve bench-compare weight screenshots clean

setup: $(DEV_STAMP)
setup-serve: $(SERVE_STAMP)

# Every package, pip and setuptools included, comes from the lock and is checked against its hashes; the project
# itself is then built with the locked setuptools (no build isolation, so nothing unhashed is fetched).
$(SERVE_STAMP): requirements/serve.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c $(PY311)
	$(PIP) install --quiet --require-hashes -r requirements/serve.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $@

$(DEV_STAMP): requirements/dev.txt $(SERVE_STAMP)
	$(PIP) install --quiet --require-hashes -r requirements/dev.txt
	$(PIP) check
	touch $@

serve: $(SERVE_STAMP)  ## build and serve at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(SERVE_STAMP)  ## write site/ (fails on any problem)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(SERVE_STAMP)  ## every problem in pages, findings and references.bib (the same build, into a temporary folder)
	$(BIN)/python -m evidence_engine check

test: $(DEV_STAMP) browser  ## the whole test suite
	$(BIN)/python -m pytest

test-fast: $(DEV_STAMP)  ## the test suite without the browser tests and the slow real-site builds and serves
	$(BIN)/python -m pytest -m "not browser and not slow"

browser:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || { echo "could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }

# Resolved for Python 3.11 on x86_64 Linux; 3.11.5 because pymdown-extensions 13.1 requires it. Pins already in a
# lock are kept unless LOCK_ARGS says otherwise, e.g. make lock LOCK_ARGS="--upgrade-package jsonschema".
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11.5 \
  --python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(DEV_STAMP)  ## after editing requirements/*.in: regenerate the locks requirements/*.txt
	$(UV_COMPILE) requirements/serve.in -o requirements/serve.txt
	$(UV_COMPILE) requirements/dev.in -o requirements/dev.txt
	$(UV_COMPILE) requirements/bench-compare.in -o requirements/bench-compare.txt

BENCH_ARGS ?=  # e.g. make bench BENCH_ARGS="--runs 9 --sizes 1000x10000"
bench: $(SERVE_STAMP)  ## build-time benchmark on synthetic corpora
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

bench-serve: $(SERVE_STAMP)  ## one-page edits under mkdocs serve on this site with ~5,000 references (texlive-bibtex-extra)
	$(BIN)/python benchmarks/serve_edit.py $(BENCH_ARGS)

# mkdocs-bibtex in a venv of its own (it is a comparison, not a dependency), same MkDocs, click and Material.
COMPARE_VENV := .venv-mkdocs-bibtex
$(COMPARE_VENV)/.installed: requirements/bench-compare.txt
	test -x $(COMPARE_VENV)/bin/python || $(PYTHON) -m venv $(COMPARE_VENV)
	@$(COMPARE_VENV)/bin/python -c $(PY311)
	$(COMPARE_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements/bench-compare.txt
	touch $@

bench-compare: $(SERVE_STAMP) $(COMPARE_VENV)/.installed  ## the benchmark, with mkdocs-bibtex 4.4.0 built on each corpus too
	$(BIN)/python benchmarks/bench.py --mkdocs-bibtex $(COMPARE_VENV)/bin/python $(BENCH_ARGS)

# Lighthouse 13 and the Node.js 22 it needs, from the npm registry, checked against package-lock.json's hashes.
LIGHTHOUSE_STAMP := benchmarks/lighthouse/node_modules/.installed
$(LIGHTHOUSE_STAMP): benchmarks/lighthouse/package-lock.json
	npm ci --prefix benchmarks/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

WEIGHT_ARGS ?=  # e.g. make weight WEIGHT_ARGS="--runs 5 --page claims/risks/"
weight: $(DEV_STAMP) browser $(LIGHTHOUSE_STAMP)  ## a claims page next to a bare Material page: bytes, main thread, Lighthouse
	$(BIN)/python benchmarks/page_weight.py $(WEIGHT_ARGS)

screenshots: $(DEV_STAMP) browser  ## every page type at 1280 px and 390 px, into screenshots/
	$(BIN)/python benchmarks/screenshots.py

clean:
	rm -rf site $(VENV) $(COMPARE_VENV)
