# Two commands matter: `make demo` and `make test`. Everything else supports them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's public address: links in the sitemap, feeds, emails and canonical tags use it.
SITE_URL ?= http://$(HOST):$(PORT)

# Find a Python 3.12+ interpreter: .python-version via pyenv first, then python3.13/3.12 on PATH.
PYTHON_BIN := $(shell \
  for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 \
           $$HOME/.pyenv/versions/3.13*/bin/python $$HOME/.pyenv/versions/3.12*/bin/python python3; do \
    p=$$(command -v $$c 2>/dev/null) || continue; \
    $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; break; }; \
  done)

.PHONY: demo test serve lint format bench loadtest audit venv deps dev-deps browser migrate seed check-python clean

check-python:
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.12 or newer is required (Django 6): install python3.13 (e.g. 'pyenv install 3.13') and run make again."; exit 1; }

$(VENV)/.created: | check-python
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.deps: requirements.txt $(VENV)/.created
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.created
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.deps

venv: $(VENV)/.created
deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# Debian's Chromium for the browser tests (a Playwright browser download does not work here). The
# browser tests fail without it, so say so here rather than after the rest of the suite.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "Could not install chromium (apt-get install chromium): the browser tests need it."; exit 1; }; \
	  else echo "chromium not found: install it (sudo apt-get install chromium); the browser tests need it."; exit 1; fi; }

migrate: deps
	$(PY) manage.py migrate --noinput

# Seeds once (about a minute); later runs find the stamp and skip it. Prints the demo accounts.
seed: migrate
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo

# Collected again only when the packages or static/ changed (one Django start less on later runs).
staticfiles/.collected: $(VENV)/.deps $(shell find static -type f)
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@touch $@

demo: seed staticfiles/.collected
	@echo ""
	@echo "  Care Careers North East demo: $(SITE_URL)/   admin: $(SITE_URL)/admin/   (accounts above)"
	@echo ""
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

serve: deps
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn cms.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# Two pytest-xdist workers (this machine has 2 cores; .ci/run runs the same), each with its own test
# database and Redis database (cms/settings/test.py). A test module runs whole on one worker
# (loadfile): the security modules' summaries read what their other tests recorded. (xdist 3.8's
# loadgroup does nothing under pytest 9.2: its group suffix on node ids is lost.) XDIST= runs serially.
XDIST ?= -n 2 --dist loadfile
test: dev-deps browser
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: dev-deps
	$(PY) bench/run.py

# 50 virtual users for 5 minutes against gunicorn + PostgreSQL + Redis (bench/README.md). On demand.
loadtest: dev-deps
	$(PY) bench/load.py $(LOAD_ARGS)

# Known vulnerabilities in the installed packages (PyPI's advisory data). On demand, not in CI:
# it needs PyPI's JSON API, which this workplace cannot reach; --strict fails rather than passing
# a run in which nothing could be looked up.
audit: dev-deps
	$(VENV)/bin/pip-audit --strict --progress-spinner off $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media private-media staticfiles .demo-seeded .demo-accounts
