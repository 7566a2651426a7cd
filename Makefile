# Shouhu — thin targets anyone can read. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench migrate reset-demo clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	for s in registry supplies gateway; do $(BIN)/python -m $$s.cli migrate || exit 1; done

reset-demo: install
	for s in registry supplies gateway; do $(BIN)/python -m $$s.cli reset-demo || exit 1; done

run: install
	$(BIN)/python scripts/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite on SQLite, then again on PostgreSQL when SHOUHU_TEST_POSTGRES_URL is set.
test: lint
	mkdir -p test-output
	$(BIN)/pytest --junitxml=test-output/sqlite.xml
	@if [ -n "$$SHOUHU_TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL ($$SHOUHU_TEST_POSTGRES_URL) =="; \
		SHOUHU_TEST_DATABASE=postgres $(BIN)/pytest --junitxml=test-output/postgres.xml; \
	else \
		echo "SHOUHU_TEST_POSTGRES_URL is not set: the PostgreSQL run was skipped"; \
	fi

bench: install
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) test-output .pytest_cache .mypy_cache .ruff_cache
