# Relais — make demo (SQLite, tasks in-process) · make test (PostgreSQL, Redis, Celery worker, Chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/relais} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/1} CELERY_TASK_ALWAYS_EAGER=false RELAIS_ENV=test \
	DB_ROLE_APP=relais_app DB_ROLE_PROPRIETAIRE=relais_proprietaire DB_ROLE_TRANSVERSAL=relais_transversal
DEMO_ENV := DATABASE_URL=sqlite:///$(CURDIR)/demo.sqlite3 REDIS_URL= RELAIS_ENV=demo RELAIS_URL=http://$(HOST):$(PORT)

.PHONY: venv demo test test-rapide services lint format bench clean

venv: $(BIN)/.installe

$(BIN)/.installe: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --quiet
	touch $@

demo: venv
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/python manage.py construire_demo $$(test -n "$${RELAIS_DATA_DIR:-}" -o -d ../shared/data || echo --telecharger)
	@echo ""
	@echo "Relais (démo) : http://$(HOST):$(PORT)/  — connectez-vous avec l'un des comptes ci-dessus."
	@echo "Page publique : http://$(HOST):$(PORT)/c/lot/   API : http://$(HOST):$(PORT)/api/docs/"
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

services:
	bash scripts/services.sh

# the OpenID Connect provider of the ProConnect tests (tests/oidc/, node's oidc-provider), installed from its lock file
OIDC := tests/oidc/node_modules/.package-lock.json
$(OIDC): tests/oidc/package.json tests/oidc/package-lock.json
	npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
	touch $@

test: venv services $(OIDC)
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# the suite without the browser journeys
test-rapide: venv services $(OIDC)
	$(TEST_ENV) $(BIN)/pytest -m "not navigateur" --reuse-db $(PYTEST_ARGS)

# every check fails the target: ruff, ruff's formatter, djlint (format and lint), the import-linter contracts
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --check templates */templates
	$(BIN)/djlint --lint templates */templates
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint --reformat templates */templates

bench: venv services
	$(TEST_ENV) $(BIN)/python bench/tout.py

clean:
	rm -rf $(VENV) demo.sqlite3 staticfiles
