# ruhrgraph — two commands set everything up on a fresh machine:
#   make run    creates .venv, installs ruhrgraph, builds the graph from data/articles/
#   make test   creates .venv, installs ruhrgraph with test extras, runs the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip

.PHONY: run test install install-test lint clean web bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/ruhrgraph build data/articles

test: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src

# The benchmark table of benchmarks/bench_all.py (by hand, never in `make test`); more articles:
#   make bench BENCH_ARGS="-n 10000 --nodes 100000 --edges 500000"
bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# The editor (YASGUI) and network view (sigma.js, graphology) ship built in
# src/ruhrgraph/publish/serve/static/vendor/; this rebuilds them from web/package-lock.json (needs npm).
web:
	cd web && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .ruhrgraph build dist site
