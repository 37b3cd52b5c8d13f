# Two commands for a newcomer: `make run` (the demo) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev lint messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	@scripts/ensure-system-packages
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)

## run: install, migrate the SQLite database under var/, load the JASU demo, serve on 127.0.0.1:8000
run: $(STAMP)
	$(BIN)/sapat demo 127.0.0.1:8000

## test: install the dev extras, make sure the Debian packages the tests use are there and axe-core (npm ci in tests/e2e), run the whole suite (e2e included)
test: $(DEV_STAMP)
	@scripts/ensure-system-packages
	@scripts/ensure-e2e-packages
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/python -m ruff check .

## messages: refresh the .po catalogues from the code and compile them
messages: $(DEV_STAMP)
	cd sapat && ../$(BIN)/sapat makemessages -l ky -l ru -l en --no-location --no-obsolete
	cd sapat && ../$(BIN)/sapat compilemessages

check-messages:
	@scripts/check-messages

clean:
	rm -rf $(VENV) var build *.egg-info
