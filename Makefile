# RASSO joint casework. `make run` starts everything; `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Synthetic cases seeded into an empty demo database.
DEMO_CASES ?= 1000
# Development defaults; a deployment sets its own environment (see README).
export DJANGO_DEBUG ?= true
# Two PostgreSQL roles: migrations run as the owner of the tables (here your
# own role), the application as rasso_app, which may only read and write rows
# (README, Configuration). A DATABASE_URL of your own, alone, is both.
ifndef DATABASE_URL
export DATABASE_OWNER_URL ?= postgres://localhost/rasso
export DATABASE_URL := postgres://rasso_app@localhost/rasso
endif
export REDIS_URL ?= redis://localhost:6379/0

.PHONY: help run test install frontend database chromium clamav lint typecheck pytest lock clean bench

help:
	@echo "make run    install, migrate, seed demo data, run web + worker + beat on http://127.0.0.1:$(PORT)"
	@echo "make test   ruff, mypy and pytest (PostgreSQL, Redis and browser tests)"
	@echo "make lock   re-pin requirements*.lock from pyproject.toml"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when a lock file changes.
$(VENV)/.installed: requirements-dev.lock $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/dist/app.css: node_modules/.installed static/src/app.scss
	npm run --silent build

frontend: static/dist/app.css

# Create the database if it is missing, as the owner (DATABASE_OWNER_URL, else
# DATABASE_URL), then the application role with its grants (manage.py db_roles).
database: install
	@$(BIN)/python -c "import os, dj_database_url, psycopg; \
	db = dj_database_url.parse(os.environ.get('DATABASE_OWNER_URL') or os.environ['DATABASE_URL']); \
	kw = {k: v for k, v in dict(host=db['HOST'], port=db['PORT'] or None, user=db['USER'] or None, password=db['PASSWORD'] or None).items() if v}; \
	c = psycopg.connect(dbname='postgres', autocommit=True, **kw); \
	exists = c.execute('SELECT 1 FROM pg_database WHERE datname = %s', [db['NAME']]).fetchone(); \
	exists or c.execute('CREATE DATABASE \"%s\"' % db['NAME'].replace('\"', '')); \
	print('database', db['NAME'], 'exists' if exists else 'created')"
	@if [ -n "$$DATABASE_OWNER_URL" ]; then $(BIN)/python manage.py db_roles; fi

# Links in e-mails point at this PORT unless SITE_URL is set (honcho gives
# each process a PORT of its own, so the worker cannot go by its PORT).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install frontend database
	@$(MAKE) --no-print-directory clamav || echo "Could not install clamav-daemon: see above"
	mkdir -p var
	@# As the owner; then grants the application role its rights on any new table.
	$(BIN)/python manage.py migrate --no-input
	@# Demo cases once, on a database that has none: every later run changes nothing.
	@if [ "$$($(BIN)/python manage.py shell --no-imports -c 'from cases.models import CaseFile; print(CaseFile.objects.exists())')" = "True" ]; then \
	  $(BIN)/python manage.py seed_demo --json demo-accounts.json; \
	else \
	  $(BIN)/python manage.py seed_demo --json demo-accounts.json --cases $(DEMO_CASES); \
	fi
	@echo "Demo accounts are in demo-accounts.json. Open http://127.0.0.1:$(PORT)/ (Ctrl-C stops everything)."
	@# --- virus scanning: our own clamd (Procfile), or none, said out loud ---
	@if [ -x "$$(command -v clamd || echo /usr/sbin/clamd)" ]; then \
	  echo "Virus scanning: clamd on $(CURDIR)/var/clamd/clamd.sock (CLAMD_SOCKET)"; \
	  CLAMD_SOCKET="$(CURDIR)/var/clamd/clamd.sock" PATH="$(abspath $(BIN)):$$PATH:/usr/sbin" $(BIN)/honcho start --port $(PORT); \
	else \
	  echo "clamd is not installed (make clamav): uploads are stored UNSCANNED, with a warning in the log"; \
	  PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --port $(PORT) web worker beat; \
	fi

# Debian's Chromium drives the browser tests; a test tool's own browser download fails here.
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# --- virus scanning ---------------------------------------------------------
# Debian's ClamAV daemon scans every upload; the tests start their own clamd.
clamav:
	@[ -x "$$(command -v clamd || echo /usr/sbin/clamd)" ] || { \
	  echo "Installing Debian's clamav-daemon for virus scanning of uploads"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clamav-daemon >/dev/null; }
# --- end of virus scanning ---------------------------------------------------

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

# As the owner, which creates the test database (the suite's flushes TRUNCATE);
# tests/test_db_roles.py makes and tests an application role of its own.
pytest: install frontend chromium clamav
	mkdir -p var
	DATABASE_URL="$(or $(DATABASE_OWNER_URL),$(DATABASE_URL))" DATABASE_OWNER_URL= $(BIN)/pytest

test: lint typecheck pytest

# Page timings at 10,000 and 100,000 cases as one JSON document on stdout
# (progress on stderr), in databases of the benchmark's own, seeded on the
# first run and reused after: never the demo database.
bench: export DATABASE_URL := postgres://localhost/rasso_bench
bench: export DATABASE_OWNER_URL :=
bench:
	@$(MAKE) --no-print-directory install >&2
	@$(BIN)/python manage.py bench

lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --quiet --custom-compile-command "make lock" -o requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules static/dist var .mypy_cache .ruff_cache .pytest_cache
