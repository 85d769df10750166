# Two commands (README): `make run` serves the demo; `make test` runs every test.
# Everything else here is what those two need, installed by the project itself.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The service ran in 2018-2021: the demo stands on a Monday in September 2019 unless told otherwise.
DEMO_NOW ?= 2019-09-02T09:30:00+01:00
PG_URL ?= postgres://postgres@127.0.0.1:5432/ttg

# The Welsh catalogue (docs/welsh.md): extract every string, update locale/cy/LC_MESSAGES/django.po, compile
# its .mo (committed, so a fresh machine needs no build step). Pure Python (Babel): no msgfmt needed.
messages: $(VENV)/.installed
	$(PY) scripts/messages.py

.PHONY: messages run test setup frontend lint typecheck schema pytest pytest-postgres postgres browser pango check-deploy bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/ttg/app.css: node_modules/.installed package.json $(wildcard frontend/*.scss)
	npm run --silent build

setup: pango $(VENV)/.installed build/static/ttg/app.css

# The plan PDF (WeasyPrint) needs Pango: installed from Debian only when missing.
pango:
	@bash scripts/ensure-pango.sh

frontend: build/static/ttg/app.css

run: setup
	DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py migrate --no-input
	DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py refresh_decisions
	DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py load_demo --quiet-logins
	@# People come only from the custody feed: the contract's sample and a generated demo-scale feed.
	mkdir -p build/demo
	DEBUG=true $(PY) manage.py generate_national --scale demo --seed 1 --out build/demo/feed.csv
	DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py load_estate build/demo/feed.estate.json
	DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py import_custody_feed ttg/people/data/custody-feed-sample.csv build/demo/feed.csv
	@DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} $(PY) manage.py load_demo
	@echo
	@echo "Serving at http://127.0.0.1:$(PORT)/ with a task worker beside it. Ctrl+C stops both."
	@DEBUG=true TTG_NOW=$${TTG_NOW:-$(DEMO_NOW)} bash -c '\
	  $(PY) manage.py task_worker --interval 2 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)'

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: setup
	$(VENV)/bin/mypy

check-deploy: setup
	DEBUG=false TTG_HTTPS=true SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=ttg.example.justice.gov.uk $(PY) manage.py check --deploy --fail-level WARNING

# pytest-xdist workers (each has its own test database): one per core unless told otherwise.
PYTEST_WORKERS ?= auto

pytest: setup
	$(PY) -m pytest -n $(PYTEST_WORKERS) --durations=20

# CI runs the tests that use the database on PostgreSQL as well (browser tests run once, on SQLite, above;
# tests that do not touch the database too).
postgres:
	bash scripts/ensure-postgres.sh

pytest-postgres: setup postgres
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "not browser" --database-tests-only -n $(PYTEST_WORKERS) --durations=20 -p no:randomly

browser:
	bash scripts/ensure-chromium.sh

# With CI=true: Chromium is required, and the PostgreSQL run goes beside the SQLite one (one per core).
test: setup lint typecheck check-deploy
	@if [ "$$CI" = "true" ]; then \
	  $(MAKE) --no-print-directory browser postgres && PY=$(PY) PG_URL=$(PG_URL) bash scripts/test-both-databases.sh; \
	else $(MAKE) --no-print-directory pytest; fi

schema: setup
	$(PY) manage.py spectacular --settings ttg.settings_test --file docs/openapi.yaml --validate --fail-on-warn

# Issue 14's benchmarks on the national dataset in PostgreSQL (bench/README.md): 15–20 minutes, not
# part of `make test`. Each prints JSON; all go to build/bench/results-<date>.json. A quick try:
# make bench BENCH_ARGS="--scale regional"; some of them: BENCH_ARGS="--only P6,P1".
BENCH_ARGS ?=
bench: setup postgres
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules build db.sqlite3* test-artifacts
