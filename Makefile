# Two commands for a newcomer: `make run` (the demo) and `make test` (every test).
#
# Installs are the same every time: uv installs exactly the versions in uv.lock (every
# file's hash checked) into .venv; pip only bootstraps uv itself, pinned by hash in
# scripts/uv-requirements.txt. `make lock` refreshes uv.lock after pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
CI_STAMP := $(VENV)/.installed-ci
BENCH_STAMP := $(VENV)/.installed-bench
# --inexact: keep what another target installed (the extras add up); --locked: never
# resolve anew, refuse a lock that disagrees with pyproject.toml.
UV_SYNC = UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON=$(BIN)/python UV_PYTHON_DOWNLOADS=never \
	$(UV) sync --locked --inexact --quiet
LOCK_HELP = echo "pyproject.toml and uv.lock disagree: run 'make lock' and commit uv.lock." >&2

.PHONY: run test install install-dev install-ci install-bench lock check-lock upgrade lint \
	messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): scripts/uv-requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r scripts/uv-requirements.txt
	@touch $@

$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(MAKE) --no-print-directory check-lock
	$(UV_SYNC)
	@touch $@

# The dev extras build python-ldap against Debian's headers: the system packages first.
$(DEV_STAMP): pyproject.toml uv.lock | $(UV)
	@$(MAKE) --no-print-directory check-lock
	@scripts/ensure-system-packages
	$(UV_SYNC) --extra dev
	@touch $@ $(STAMP)

$(CI_STAMP): pyproject.toml uv.lock | $(UV)
	@scripts/ensure-system-packages
	$(UV_SYNC) --extra dev --extra ci
	@touch $@ $(DEV_STAMP) $(STAMP)

$(BENCH_STAMP): pyproject.toml uv.lock | $(UV)
	@scripts/ensure-system-packages
	$(UV_SYNC) --extra dev --extra bench
	@touch $@ $(DEV_STAMP) $(STAMP)

install: $(STAMP)
install-dev: $(DEV_STAMP)
install-ci: $(CI_STAMP)
install-bench: $(BENCH_STAMP)

## lock: resolve pyproject.toml's dependencies anew into uv.lock (keeping the versions
## that still fit); `make upgrade` takes the newest versions allowed instead
lock: | $(UV)
	$(UV) lock
upgrade: | $(UV)
	$(UV) lock --upgrade

## check-lock: fail when uv.lock does not match pyproject.toml (CI runs it first)
check-lock: | $(UV)
	@$(UV) lock --check --offline --quiet 2>/dev/null || { $(LOCK_HELP); exit 1; }

## run: install, migrate the SQLite database under var/, load the JASU demo, serve on 127.0.0.1:8000
## (another port: make run PORT=8001; another address: make run ADDR=127.0.0.1:8001)
PORT ?= 8000
ADDR ?= 127.0.0.1:$(PORT)
run: $(STAMP)
	$(BIN)/sapat demo $(ADDR)

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
