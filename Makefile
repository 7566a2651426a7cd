# Shouhu — thin targets anyone can read. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench migrate reset-demo clean system-packages

# Printed passes need a CJK font (fpdf2 embeds a subset); the print test renders the PDF with
# poppler's pdftoppm. Installed from Debian when missing and we may (root with apt-get).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
system-packages:
	@if [ ! -f $(CJK_FONT) ] || ! command -v pdftoppm >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				fonts-noto-cjk poppler-utils; \
		else echo "install fonts-noto-cjk and poppler-utils (printed passes and their test)"; fi; \
	fi

$(STAMP): pyproject.toml requirements.lock | system-packages
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
