# One-command set-up: `make run` opens the app, `make test` runs every check.
# Both create the virtual environment (.venv) and install the project on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGING_STAMP := $(VENV)/.packaging-installed

.PHONY: run test lint typecheck layers pytest bench fuzz crash package smoke deb-check clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m app

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

test: lint typecheck layers pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

crash: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow -s tests/faults/test_crash_safety.py

# The long fuzz run of the importers: >= 100,000 inputs, at most 15 min (atheris if installed).
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.long_run $(FUZZ_ARGS)

$(PACKAGING_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,packaging]"
	@touch $(PACKAGING_STAMP)

# Desktop bundle dist/clausewright/clausewright, its .tar.gz and .deb (see packaging/README.md).
package: $(PACKAGING_STAMP)
	$(BIN)/python packaging/build.py

# The built bundle run as a user would: commands, Word files, the window offscreen.
smoke:
	$(BIN)/python packaging/smoke.py

# As root: install the .deb with its dependencies, smoke it from /usr/bin (also on Xvfb), remove it.
deb-check:
	bash packaging/check_deb.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
