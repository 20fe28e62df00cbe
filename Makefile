# pubdb: `make run` serves the demo at http://127.0.0.1:8000/, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_DEBUG ?= 1

.PHONY: install install-dev migrate demo run test suite lint typecheck format curator migrations-check audit messages compilemessages

# Two stamps: `make run` installs the app only (requirements.txt); the test and lint targets add the tools.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate compilemessages
	$(BIN)/python manage.py load_demo

# Translations (docs/I18N.md): `make messages` gathers the strings of the code and templates into locale/*/django.po
# for translating; the compiled .mo files are built from them (GNU gettext's msgfmt), not committed.
I18N_IGNORE := --ignore=.venv --ignore=benchmarks --ignore=tests --ignore=staticfiles --ignore=media --ignore=test-artifacts
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

messages: install
	$(BIN)/python manage.py makemessages --locale=zh_Hans --no-obsolete $(I18N_IGNORE)

compilemessages: $(MO_FILES)

$(MO_FILES): %.mo: %.po $(BIN)/.installed
	$(BIN)/python manage.py compilemessages $(I18N_IGNORE)

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: demo lint typecheck migrations-check audit suite

suite: install-dev compilemessages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# mypy with django-stubs on the domain apps and curation (config: pyproject.toml).
typecheck: install-dev
	$(BIN)/mypy

# Security: bandit on the app (each finding fixed or answered with a justified `# nosec`); migrations are fixed DDL.
# The operator's tools (benchmarks, scripts) run subprocesses with argument lists, make synthetic data with
# `random` and check with assert: those four checks are skipped there. Tests are not scanned. Then the pinned
# requirements against PyPI's advisories (scripts/audit.py: fails on a known vulnerability, lists what it could
# not check as NOT audited; AUDIT_ARGS=--strict fails on those too).
audit: install-dev
	$(BIN)/bandit -q -r pubdb researchers papers front curation api -x '*/migrations/*'
	$(BIN)/bandit -q -r benchmarks scripts manage.py -s B404,B603,B607,B311,B101
	$(BIN)/python scripts/audit.py requirements.txt requirements-dev.txt $(AUDIT_ARGS)

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# A member of the curator group (not a superuser); an administrator is `manage.py createsuperuser`.
curator: migrate
	$(BIN)/python manage.py create_curator --password

# Scale: a synthetic corpus and the benchmark (both on DATABASE_URL; see docs/PERFORMANCE.md).
PAPERS ?= 10000
corpus: migrate
	$(BIN)/python manage.py generate_corpus --papers $(PAPERS) --seed 1

.PHONY: corpus bench explain peers
bench: install
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

explain: install
	$(BIN)/python benchmarks/explain.py $(EXPLAIN_ARGS)

# pubdb beside django-publications and django-literature on one corpus of PAPERS (their own virtualenvs and
# PostgreSQL databases pubdb_peers_*; see docs/PERFORMANCE.md). PEERS_ARGS e.g. --repeat 7 --database-url ...
peers: install
	$(BIN)/python benchmarks/peers/run.py --papers $(PAPERS) $(PEERS_ARGS)
