# Credence — `make run` serves the API and a worker; `make test` runs the suite.
SHELL := /bin/bash
# A pyenv shim answers `command -v` for a version it does not select and then prints
# "command not found" when run: the probe's stderr is discarded, and the loop moves on.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
# One stamp per set of extras: `make run` installs what the service runs and nothing
# else; the test and lint targets add the dev extra, the bench targets the bench extra.
STAMP := $(VENV)/.installed-runtime
STAMP_DEV := $(VENV)/.installed-dev
STAMP_BENCH := $(VENV)/.installed-bench

.PHONY: run install install-dev install-bench test test-faults test-contract test-desk lint bench bench-http bench-engine bench-workers bench-ingest bench-articles bench-extract bench-match bench-search bench-truth bench-desk bench-start demo clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(STAMP_BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@

install: $(STAMP)
install-dev: $(STAMP_DEV)
install-bench: $(STAMP_BENCH)

run: $(STAMP)
	@mkdir -p var
	@echo "local admin key in var/admin.key  (export KEY=\$$(cat var/admin.key))" >&2
	$(BIN)/credence serve --setup --admin-key-file var/admin.key

test: $(STAMP_DEV)
	$(BIN)/python -m pytest -q

# Faults injected for real (a Redis of its own killed, paused; workers SIGKILLed;
# PostgreSQL backends terminated) under a bounded load; a few minutes. README: Reliability.
test-faults: $(STAMP_DEV)
	$(BIN)/python -m pytest -q -m faults tests/faults

# Schemathesis (--checks all, fixed seed, bounded examples) against the served document.
test-contract: $(STAMP_DEV)
	$(BIN)/python -m tests.contract.schemathesis_run

# The desk alone (its browser tests need Debian's Chromium: apt-get install chromium).
test-desk: $(STAMP_DEV)
	$(BIN)/python -m pytest -q tests/desk

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: bench-http bench-engine bench-workers bench-ingest bench-articles bench-extract

bench-http: $(STAMP_BENCH)
	$(BIN)/python -m bench.http_bench

bench-engine: $(STAMP_BENCH)
	$(BIN)/python -m bench.engine_bench

bench-workers: $(STAMP_BENCH)
	$(BIN)/python -m bench.worker_bench

# BENCH_DATABASE_URL: also measure this database beside SQLite (its own: PostgreSQL's is
# emptied first, so its name must start with "bench"); ARGS: more options of the benchmark.
BENCH_DATABASE_URL ?=
BENCH_DB_ARG := $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))
bench-ingest: $(STAMP_BENCH)
	$(BIN)/python -m bench.ingest_bench $(BENCH_DB_ARG) $(ARGS)

# One worker process working through ingested articles (extraction, matching, storing).
bench-articles: $(STAMP_BENCH)
	$(BIN)/python -m bench.article_bench $(BENCH_DB_ARG)

bench-extract: $(STAMP_BENCH)
	$(BIN)/python -m bench.extract_bench

CHECKTHAT ?= ../shared/data/claimmatch/checkthat2020
bench-match: $(STAMP_BENCH)
	$(BIN)/credence bench-match --pool $(CHECKTHAT)/verified_claims.docs.tsv \
		--queries $(CHECKTHAT)/dev/tweets.queries.tsv --qrels $(CHECKTHAT)/dev/tweet-vclaim-pairs.qrels

bench-search: $(STAMP_BENCH)
	$(BIN)/python -m bench.search_bench

bench-desk: $(STAMP_BENCH)
	$(BIN)/python -m bench.desk_bench

# Cold and warm start of `make run` to a healthy /healthz (medians; README: Benchmarks).
bench-start: $(STAMP_BENCH)
	$(BIN)/python -m bench.start_bench

bench-truth: $(STAMP_BENCH)
	for d in books population weather; do $(BIN)/credence bench-truth $$d || exit 1; done

demo: $(STAMP)
	$(BIN)/credence demo

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
