# Credence — `make run` serves the API and a worker; `make test` runs the suite.
SHELL := /bin/bash
# A pyenv shim answers `command -v` for a version it does not select and then prints
# "command not found" when run: the probe's stderr is discarded, and the loop moves on.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-faults test-contract test-desk lint bench bench-http bench-engine bench-workers bench-ingest bench-extract bench-match bench-search bench-truth bench-desk demo install clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/credence migrate
	$(BIN)/credence load-config
	$(BIN)/credence ensure-admin-key --file var/admin.key
	@echo "local admin key in var/admin.key  (export KEY=\$$(cat var/admin.key))" >&2
	$(BIN)/credence serve

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Faults injected for real (a Redis of its own killed, paused; workers SIGKILLed;
# PostgreSQL backends terminated) under a bounded load; a few minutes. README: Reliability.
test-faults: $(STAMP)
	$(BIN)/python -m pytest -q -m faults tests/faults

# Schemathesis (--checks all, fixed seed, bounded examples) against the served document.
test-contract: $(STAMP)
	$(BIN)/python -m tests.contract.schemathesis_run

# The desk alone (its browser tests need Debian's Chromium: apt-get install chromium).
test-desk: $(STAMP)
	$(BIN)/python -m pytest -q tests/desk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: bench-http bench-engine bench-workers bench-ingest bench-extract

bench-http: $(STAMP)
	$(BIN)/python -m bench.http_bench

bench-engine: $(STAMP)
	$(BIN)/python -m bench.engine_bench

bench-workers: $(STAMP)
	$(BIN)/python -m bench.worker_bench

bench-ingest: $(STAMP)
	$(BIN)/python -m bench.ingest_bench

bench-extract: $(STAMP)
	$(BIN)/python -m bench.extract_bench

CHECKTHAT ?= ../shared/data/claimmatch/checkthat2020
bench-match: $(STAMP)
	$(BIN)/credence bench-match --pool $(CHECKTHAT)/verified_claims.docs.tsv \
		--queries $(CHECKTHAT)/dev/tweets.queries.tsv --qrels $(CHECKTHAT)/dev/tweet-vclaim-pairs.qrels

bench-search: $(STAMP)
	$(BIN)/python -m bench.search_bench

bench-desk: $(STAMP)
	$(BIN)/python -m bench.desk_bench

bench-truth: $(STAMP)
	for d in books population weather; do $(BIN)/credence bench-truth $$d || exit 1; done

demo: $(STAMP)
	$(BIN)/credence demo

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
