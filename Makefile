# Developer entry points. `make run` starts everything; `make test` runs the whole suite.
# With no environment set both use the embedded stack (SQLite in var/, filesystem broker);
# with DATABASE_URL and REDIS_URL / CELERY_BROKER_URL set, PostgreSQL and Redis.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=
LOCALES := pt_BR en
MSG_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules --ignore=staticfiles

export PORT

.PHONY: help install run test lint messages compile-messages bench check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv (python3.11) and install the project with its dev tools

# Re-install only when pyproject.toml changes (or the venv is missing / not Python 3.11).
$(STAMP): pyproject.toml
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
		echo "creating $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: install compile-messages ## migrate, load defaults (prints the login), then web + worker + beat
	$(PY) scripts/devstack.py

test: install compile-messages ## run the whole test suite (browser tests included)
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: FAILED, pytest collected no tests (exit 5)" >&2; fi; \
	exit $$rc

lint: install ## ruff check + mypy, as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/mypy .

check: install ## Django system checks and missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install ## update the pt_BR and en catalogues, then compile them
	@mkdir -p locale
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) $(MSG_IGNORE)
	$(PY) manage.py compilemessages $(MSG_IGNORE)

# Compile the catalogues when there are any (and msgfmt exists); quiet no-op otherwise.
compile-messages: install
	@if compgen -G 'locale/*/LC_MESSAGES/*.po' >/dev/null || compgen -G '*/locale/*/LC_MESSAGES/*.po' >/dev/null; then \
		if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages $(MSG_IGNORE) --verbosity 0; \
		else echo "warning: msgfmt not found (apt-get install gettext): translations not compiled" >&2; fi; \
	fi

# Benchmarks replace the data of the database they run on: never the dev or CI database.
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3

bench: install ## run bench/*.py on BENCH_DATABASE_URL (default var/bench.sqlite3)
	@shopt -s nullglob; files=(); for f in bench/*.py; do \
		case "$${f##*/}" in _*|conftest.py) ;; *) files+=("$$f");; esac; done; \
	if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks in bench/ yet"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; \
		DATABASE_URL='$(BENCH_DATABASE_URL)' $(PY) "$$f" || exit $$?; done

clean: ## remove the venv and caches (keeps var/: database, broker, demo login)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info staticfiles test-artifacts
