# callscope: two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test dev lint format clean-data bench

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

## Generate sample data if nothing landed, materialize everything, publish, print how to query.
run: $(INSTALLED)
	$(PY) -m orchestration.cli run

## The whole test suite (unit, dbt unit tests, integration).
test: $(INSTALLED)
	$(PY) -m orchestration.cli prepare
	$(PY) -m pytest

## Dagster UI with the assets, checks and the nightly schedule.
dev: $(INSTALLED)
	$(PY) -m orchestration.cli prepare
	export DAGSTER_HOME=$${DAGSTER_HOME:-$${CALLSCOPE_DATA_DIR:-$(CURDIR)/data}/dagster}; \
	export DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS=true; \
	mkdir -p "$$DAGSTER_HOME" && $(VENV)/bin/dagster dev -m orchestration.definitions

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Benchmark (docs/performance.md): simulate SIZE=small|medium|large, full refresh, nightly run, reference query.
SIZE ?= medium
BENCH_INSTALLED := $(VENV)/.installed-bench
$(BENCH_INSTALLED): $(INSTALLED)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_INSTALLED)

bench: $(BENCH_INSTALLED)
	$(PY) -m bench.run --size $(SIZE)

## Remove generated data (landing, warehouse, published); never run by other targets.
clean-data:
	rm -rf data/landing/* data/warehouse/* data/published/* data/dagster
