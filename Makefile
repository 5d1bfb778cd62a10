# Two commands set everything up on a fresh machine:
#   make demo   installs graphkit and runs it on the bundled example (no server needed)
#   make test   installs everything the tests need (Chromium, the Neo4j jars) and runs them all
#   make test-fast  ruff and the tests that need no Neo4j, no Chromium and nothing slow (under a minute on 2 cores)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast install system-deps lint bench constraints clean vendor-js

# constraints.txt pins the versions CI tested (make constraints writes it from the venv).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
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

# The markers are in pyproject.toml; tests/conftest.py marks the tests of the Neo4j server and of
# ../shared/data. On every core (pytest-xdist); make test runs one process, beside one Neo4j.
# Python may keep compiled modules (and pytest its assertion-rewritten tests) between runs here,
# whatever PYTHONDONTWRITEBYTECODE says outside: each worker otherwise recompiles every test file.
test-fast: export PYTHONDONTWRITEBYTECODE =
test-fast: install
	$(BIN)/ruff check graphkit tests benchmarks
	$(BIN)/python -m pytest --doctest-modules graphkit tests -m "not neo4j and not browser and not slow" -n auto

lint: install
	$(BIN)/ruff check graphkit tests benchmarks

# The benchmarks compare graphkit with other engines (networkit, rustworkx, python-graphblas).
bench: install system-deps
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

# After upgrading the venv and a green make test: pin what it tested (graphkit itself left out).
constraints: install
	{ sed -n '/^#/p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -iv '^graphkit[=@ ]'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

# Rebuild the views' renderer (sigma.js + graphology, versions pinned in its package-lock.json)
# from npm. Only when changing those versions: the built file is checked in, so CI needs no npm;
# tests/test_views_vendor.py checks the file against the lock and its recorded hash.
vendor-js:
	cd graphkit/views/vendor && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) graphkit-workspace graphkit-demo
