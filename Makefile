# phoihop — the commands a newcomer needs. `make demo` and `make test` are the two that matter.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL server used by `make test` (a throw-away test_* database is created on it).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/phoihop
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/phoihop_bench
PYTEST := $(BIN)/pytest -p no:cacheprovider
# The suite runs on every core (pytest-xdist; each worker gets its own test database, e.g.
# test_phoihop_gw0 on PostgreSQL). `make test-sqlite WORKERS=0` runs it in one process.
WORKERS ?= auto
PARALLEL := -n $(WORKERS)

.PHONY: help install demo serve worker test lint test-sqlite test-postgres test-e2e check-deploy \
        fuzz bench media-eval messages clean

help:
	@echo "make demo   - install, migrate a SQLite database under var/, load demo data, serve on :$(PORT)"
	@echo "              (as a user gets it: DEBUG off; sign in as chuyenvien.tgdv / phoihop-demo)"
	@echo "make test   - lint, the suite on SQLite and PostgreSQL, browser tests, deploy checks"
	@echo "make fuzz   - Schemathesis over every API operation, 100 examples each, SQLite and PostgreSQL"
	@echo "make bench  - benchmarks on PostgreSQL (prints a table, writes benchmarks/results/*.json)"
	@echo "make media-eval - precision, recall and F1 of the press tagging rules on the labelled paragraphs"
	@echo "make worker - run the background job worker (django-tasks database backend)"

$(BIN)/phoihop: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/phoihop

# A local checkout is a development machine: give it a .env with DEBUG on (never committed) so
# plain `phoihop …` commands work. Servers set DEBUG=false and SECRET_KEY themselves.
.env:
	printf '# Local development settings; see .env.example for every variable.\nDEBUG=true\n' > .env

install: $(BIN)/phoihop .env

# The demo runs as a user would get it: DEBUG off (the app's own error pages, static files from
# collectstatic served by WhiteNoise), a secret key generated once under var/, links (calendar
# feed, e-mails) on the port it serves. Its administrators sign in with their password alone, so
# a tour needs no phone; two-factor sign-in can still be turned on from any profile. Servers keep
# OTP_REQUIRED_FOR_ADMINS on.
DEMO_SECRET := $(or $(PHOIHOP_VAR_DIR),var)/demo-secret-key
DEMO_ENV = DEBUG=false SECRET_KEY="$$(cat $(DEMO_SECRET))" SITE_URL=http://127.0.0.1:$(PORT) \
  OTP_REQUIRED_FOR_ADMINS=false

$(DEMO_SECRET):
	mkdir -p $(dir $(DEMO_SECRET)) && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(40))' > $@

demo: install $(DEMO_SECRET)
	$(DEMO_ENV) $(BIN)/phoihop migrate --no-input
	$(DEMO_ENV) $(BIN)/phoihop load_areas
	$(DEMO_ENV) $(BIN)/phoihop seed_demo
	$(MAKE) --no-print-directory serve

serve: install $(DEMO_SECRET)
	$(DEMO_ENV) $(BIN)/phoihop collectstatic --no-input -v0
	$(DEMO_ENV) $(BIN)/phoihop runserver 127.0.0.1:$(PORT)

worker: install
	DEBUG=1 $(BIN)/phoihop db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(BIN)/phoihop makemigrations --check --dry-run

test-sqlite: install
	env -u DATABASE_URL $(PYTEST) $(PARALLEL) -q -m "not e2e"

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST) $(PARALLEL) -q -m "not e2e"

# The browser tests run on every core too: each worker has its own live server, database and
# Chromium (119 tests: 5.4 min on 2 cores instead of 8.5).
test-e2e: install
	env -u DATABASE_URL $(PYTEST) $(PARALLEL) -q -m e2e tests/e2e

check-deploy: install
	DEBUG=0 HTTPS=1 SECRET_KEY="$$(openssl rand -hex 40)" ALLOWED_HOSTS=phoihop.example.gov.vn \
	  $(BIN)/phoihop check --deploy --fail-level WARNING

test: lint test-sqlite test-postgres test-e2e check-deploy

# The Schemathesis tests of `make test` (20 examples per operation and user) with 100 each.
FUZZ_EXAMPLES ?= 100
fuzz: install
	SCHEMATHESIS_EXAMPLES=$(FUZZ_EXAMPLES) env -u DATABASE_URL $(PYTEST) $(PARALLEL) -q \
	  tests/api/test_schemathesis.py
	SCHEMATHESIS_EXAMPLES=$(FUZZ_EXAMPLES) DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST) $(PARALLEL) -q \
	  tests/api/test_schemathesis.py

bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m benchmarks.run

# The press tagging rules the migrations seed, measured on media/data/tagging_eval.jsonl
# (tables printed; `phoihop media_evaluate` measures the rules of a live database).
media-eval: install
	env -u DATABASE_URL $(PYTEST) -q tests/media/test_tagging_eval.py

messages: install
	cd src/phoihop && DEBUG=1 ../../$(BIN)/phoihop makemessages -l en --no-obsolete \
	  --ignore 'static/*' && DEBUG=1 ../../$(BIN)/phoihop compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
