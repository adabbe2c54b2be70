# The two set-up commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/harmonia

.PHONY: run test quick install lint format pytest-sqlite pytest-postgres messages snapshot bench bench-search clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Install, load the demo data set into var/harmonia.sqlite3 and serve on http://$(HOST):$(PORT)
run: $(STAMP)
	$(BIN)/harmonia demo
	$(BIN)/harmonia serve --host $(HOST) --port $(PORT)

## Lint, type-check and run every test on SQLite and, side by side, on PostgreSQL
test: $(STAMP) lint
	$(BIN)/python scripts/test_halves.py $(PG_URL)

## The inner loop: the SQLite half without the browser tests, over two processes
quick: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -m "not browser" -n 2 --dist loadscope --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src/harmonia/identifiers
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

pytest-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadscope --no-loadscope-reorder

# Browser tests ran in the SQLite half; the PostgreSQL half runs again what touches a
# database (tests/conftest.py deselects the rest), over two processes.
pytest-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -n 2 --dist loadscope --no-loadscope-reorder

messages: $(STAMP)
	cd src/harmonia && ../../$(BIN)/django-admin makemessages -l vi --no-obsolete --settings=harmonia.settings
	cd src/harmonia && ../../$(BIN)/django-admin compilemessages --settings=harmonia.settings

snapshot: $(STAMP)
	$(BIN)/python scripts/build_snapshot.py

bench: $(STAMP)
	$(BIN)/python bench/import_relaton.py
	$(BIN)/python bench/identifiers.py
	$(BIN)/python bench/analytics.py
	$(BIN)/python bench/jis_proposer.py
	$(MAKE) bench-search

# Search and HTTP load on a database of their own (var/bench): the demo data set and the
# ISO, IEC and JIS archives of ../shared; api_load needs wrk (apt-get install wrk).
bench-search: $(STAMP)
	HARMONIA_VAR=var/bench $(BIN)/harmonia demo
	HARMONIA_VAR=var/bench $(BIN)/python bench/search.py --import-shared
	HARMONIA_VAR=var/bench $(BIN)/python bench/api_load.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
