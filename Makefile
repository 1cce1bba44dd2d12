# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
MANAGE := $(PY) manage.py
# Stamps record what is installed, so a repeated `make` skips pip unless a requirements file changed.
# axe-core for the accessibility checks of the browser tests, from the npm registry (never a CDN).
AXE_VERSION := 4.14.1
AXE := .cache/axe-core/node_modules/axe-core/axe.min.js
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint semgrep format bench messages install install-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) -r requirements-dev.txt
	touch $@ $(RUNTIME_STAMP)

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

# runserver --nostatic hands /static/ to whitenoise's middleware, as in production, so
# the CSS still comes through with DJANGO_DEBUG=0 (plain runserver only serves it under DEBUG).
run: export DJANGO_SETTINGS_MODULE = cms.settings.dev
run: $(RUNTIME_STAMP)
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) runserver --nostatic 127.0.0.1:$(PORT)

# Without npm the axe-core checks are skipped with a reason; the rest of the suite runs.
$(AXE):
	-npm install --prefix .cache/axe-core --no-save --no-audit --no-fund --no-package-lock axe-core@$(AXE_VERSION)

test: $(DEV_STAMP) $(AXE)
	$(PY) -m pytest --ds=cms.settings.test -n 2

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Semgrep gets a venv of its own: it pins its own versions of libraries the project also uses.
SEMGREP_VENV := .venv-semgrep
SEMGREP := $(SEMGREP_VENV)/bin/semgrep scan --metrics=off --disable-version-check --quiet
$(SEMGREP_VENV)/.installed: requirements-semgrep.txt
	$(PYTHON) -m venv $(SEMGREP_VENV)
	$(SEMGREP_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-semgrep.txt
	touch $@

# The rules' own tests first (each must catch what it is for), then the code.
semgrep: $(SEMGREP_VENV)/.installed
	$(SEMGREP) --test semgrep/
	$(SEMGREP) --config semgrep/handbook.yml --error cms members search site_pages

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# About 10 minutes on 2 idle cores. Needs wrk (apt-get install wrk) and, for the PostgreSQL half of
# server_bench.py, a PostgreSQL server (DATABASE_URL's, or the local one). search_bench.py at 100,000
# pages takes another 10 minutes on its own: run it by hand (README, "Search at province size").
bench: export DJANGO_SETTINGS_MODULE = cms.settings.dev
bench: $(RUNTIME_STAMP)
	$(PY) bench/generate_province.py
	$(PY) bench/import_bench.py
	$(PY) bench/engagement_bench.py
	$(PY) bench/search_bench.py --pages 10000 --rounds 5
	$(PY) bench/server_bench.py --seconds 6 --rounds 3

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: export DJANGO_SETTINGS_MODULE = cms.settings.dev
messages: $(RUNTIME_STAMP)
	$(MANAGE) makemessages --locale vi --no-obsolete \
		--ignore '$(VENV)/*' --ignore 'staticfiles/*' --ignore 'bench/data/*' --ignore 'tmp-test-media/*'
	$(MANAGE) compilemessages --locale vi --ignore '$(VENV)/*'
