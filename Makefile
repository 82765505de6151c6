# Every target does its own set-up from a fresh clone and is safe to run again.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 7071
# Test processes (pytest-xdist): each has its own PostgreSQL schema, Azurite and Redis namespaces, and most
# of the suite waits on those services, so two workers halve its time on this two-core machine.
TEST_WORKERS ?= 3  # two cores, but the outage and lease tests spend much of their time waiting

.PHONY: setup run test bench chaos fuzz demo lint ddl clean

setup: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/pipster db upgrade
	$(BIN)/pipster serve --azurite --port $(PORT)

test: setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) tests/unit tests/functional tests/integration tests/e2e $(PYTEST_ARGS)

# Kill -9 soak: the local host killed and restarted, Redis restarted, Azurite down two minutes (bench/chaos.py).
chaos: setup
	$(BIN)/python -m bench.chaos $(CHAOS_ARGS)

# Deeper schema fuzzing of every API operation than make test has time for (tests/e2e/test_api_fuzz.py).
fuzz: setup
	PIPSTER_FUZZ_EXAMPLES=$${PIPSTER_FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest tests/e2e/test_api_fuzz.py -q

demo: setup
	$(BIN)/pipster demo

bench: setup
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check shared functions devtools tests bench function_app.py
	$(BIN)/mypy

ddl: setup
	$(BIN)/pipster db ddl --dialect mssql

clean:
	rm -rf $(VENV) node_modules .pipster
