# Two commands set everything up on a fresh machine:
#   make demo   installs graphkit and runs it on the bundled example (no server needed)
#   make test   installs everything the tests need (Chromium, the Neo4j jars) and runs them all
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install system-deps lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/graphkit demo

# Debian packages the tests use: Chromium for the HTML view tests, Maven + a JDK for Neo4j.
system-deps:
	@command -v chromium >/dev/null && command -v mvn >/dev/null && command -v java >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium maven default-jdk-headless >/dev/null; }

test: install system-deps
	$(BIN)/ruff check graphkit tests benchmarks
	$(BIN)/python -m pytest --doctest-modules graphkit tests

lint: install
	$(BIN)/ruff check graphkit tests benchmarks

# The benchmarks compare graphkit with other engines (networkit, rustworkx, python-graphblas).
bench: install system-deps
	$(BIN)/pip install --quiet -e '.[test,bench]'
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) graphkit-workspace graphkit-demo
