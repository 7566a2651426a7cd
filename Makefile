# Shouhu — thin targets anyone can read. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench migrate reset-demo clean system-packages bench-packages frontend \
	init-env

# Printed passes need a CJK font (fpdf2 embeds a subset); the print test renders the PDF with
# poppler's pdftoppm; the PWA's e2e tests drive Debian's chromium (Playwright, no browser
# download); tests/deploy/test_caddy.py runs Debian's caddy in front of the services and
# test_backup.py the backup script's pg_dump (postgresql-client); test_failover.py puts haproxy
# in front of gateway replicas. Installed
# from Debian when missing and we may (root with apt-get). The registry prints with
# REGISTRY_CJK_FONT_PATH when it is set, so that font is the one checked here.
CJK_FONT := $(or $(REGISTRY_CJK_FONT_PATH),/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
system-packages:
	@if [ ! -f $(CJK_FONT) ] || ! command -v pdftoppm >/dev/null || ! command -v chromium >/dev/null \
		|| ! command -v caddy >/dev/null || ! command -v pg_dump >/dev/null \
		|| ! command -v haproxy >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				fonts-noto-cjk poppler-utils chromium caddy postgresql-client haproxy; \
		else echo "install fonts-noto-cjk, poppler-utils, chromium, caddy, postgresql-client" \
			"and haproxy (printed passes, PWA e2e, the deployment's proxies)"; fi; \
	fi

# The PWA: npm ci when node_modules is missing or the lock changed, then a type check and build
# into frontend/dist, which the gateway serves at "/".
NPM_STAMP := frontend/node_modules/.shouhu-npm-ci
$(NPM_STAMP): frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

frontend: $(NPM_STAMP)
	cd frontend && npm run --silent build

$(STAMP): pyproject.toml requirements.lock | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# A server's .env for docker compose, every secret fresh: `make init-env DOMAIN=shouhu.example.org`
# (add FORCE=1 to replace an existing .env; docs/deploy.md).
init-env:
	@test -n "$(DOMAIN)" || { echo "usage: make init-env DOMAIN=shouhu.example.org"; exit 2; }
	$(PYTHON) scripts/init_env.py --domain $(DOMAIN) $(if $(FORCE),--force)

migrate: install
	for s in registry supplies gateway; do $(BIN)/python -m $$s.cli migrate || exit 1; done

reset-demo: install
	for s in registry supplies gateway; do $(BIN)/python -m $$s.cli reset-demo || exit 1; done

run: install frontend
	$(BIN)/python scripts/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite on SQLite, then again on PostgreSQL when SHOUHU_TEST_POSTGRES_URL is set, spread
# over one process per core, a test file to a process, so that the servers a file's fixtures start
# are started once (`make test PYTEST_WORKERS=0` runs it in one process).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadfile
test: lint frontend system-packages
	mkdir -p test-output
	cd frontend && npx vitest run
	$(BIN)/pytest $(PYTEST_PARALLEL) --junitxml=test-output/sqlite.xml
	@if [ -n "$$SHOUHU_TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL ($$SHOUHU_TEST_POSTGRES_URL) =="; \
		SHOUHU_TEST_DATABASE=postgres $(BIN)/pytest $(PYTEST_PARALLEL) --junitxml=test-output/postgres.xml; \
	else \
		echo "SHOUHU_TEST_POSTGRES_URL is not set: the PostgreSQL run was skipped"; \
	fi

# The load benchmarks drive the services with wrk (closed loop) besides our own open-loop sender.
bench-packages:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
		else echo "install wrk (make bench)"; fi; \
	fi

# `make bench BENCH_ARGS="gate pwa --check"` runs only those two; --write-reference records the run
# as benchmarks/results/reference.json, the figures each run is printed beside.
bench: install frontend bench-packages
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) test-output .pytest_cache .mypy_cache .ruff_cache
