PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test test-slow bench bench-large bench-smoke browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,serve,postgresql]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/territorial demo --out demo-output

serve: $(STAMP)
	$(BIN)/territorial serve --db demo-output/territorial.db

# Store and service tests run on SQLite and on a throwaway PostgreSQL server that the
# script starts on loopback and stops when pytest ends, pass or fail.
test: $(STAMP) browser
	scripts/throwaway_postgres.sh $(BIN)/pytest -q -n 2

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser: /usr/bin/chromium

/usr/bin/chromium:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test-slow: $(STAMP) browser
	scripts/throwaway_postgres.sh $(BIN)/pytest -q -m slow

# Sizes S and M, three runs each, then the one-advisor latency; docs/benchmarks.md has the results.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py S M --repeat 3 --latency

bench-large: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py L --repeat 1

bench-smoke: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py S --repeat 1

clean:
	rm -rf $(VENV) demo-output
