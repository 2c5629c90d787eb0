# Two commands on a fresh machine: `make run` (the app with the Klaten data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test load bench fuzz lint format clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-deps $@

run: $(VENV)/.run-deps
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(FLASK) demo-logins
	$(BIN)/python serve.py --host $(HOST) --port $(PORT)

test: $(VENV)/.dev-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# 20 simulated users for 2 minutes on waitress and a fresh database, then every saved write checked
# (bench/load.py; LOAD_SECONDS=30 for a shorter run).
load: $(VENV)/.dev-deps
	$(BIN)/python bench/load.py

# Every page's median and p90 time and SQL queries on a database of N clients (default 100,000), 3N
# placements and their hour logs (bench/bench.py; N=2000 or BENCH_CLIENTS=2000 for a quick run). SQLite,
# cached in bench/out/; DATABASE_URL=postgresql+psycopg://… for an empty PostgreSQL database. Writes bench/RESULTS.md.
bench: $(VENV)/.dev-deps
	$(BIN)/python bench/bench.py $(if $(N),--clients $(N))

# The property-based tests with many more inputs than `make test` tries, random instead of repeatable.
fuzz: $(VENV)/.dev-deps
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_fuzz.py $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean-venv:
	rm -rf $(VENV)
