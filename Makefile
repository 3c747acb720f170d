# Florwork: `make run` serves the demo hub, `make test` runs the whole suite. Both start from nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the demo runs in development mode on loopback only; production sets its own environment
RUN_ENV := DEBUG=1

.PHONY: run test venv static lint typecheck pytest pytest-fast bench clean

run: venv static
	$(RUN_ENV) $(BIN)/florwork migrate --noinput
	$(RUN_ENV) $(BIN)/florwork demo --if-empty
	$(RUN_ENV) $(BIN)/florwork demo --logins
	$(RUN_ENV) $(BIN)/florwork runserver 127.0.0.1:8000

test: venv static lint typecheck pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Bootstrap Italia from npm, copied into the package's static folder, then collected: no CDN at run time
static: venv
	scripts/build-static.sh
	DEBUG=1 $(BIN)/florwork collectstatic --noinput --verbosity 0

lint: venv
	$(BIN)/ruff check src tests bench

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest

# the fast part of the suite (no browser, no slow tests), used by CI against SQLite
pytest-fast: venv
	$(BIN)/pytest -m "not e2e and not slow"

# server time per request of list pages at 100,000 rows; needs DATABASE_URL=postgres://... (see README)
bench: venv
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules src/florwork/static/vendor
