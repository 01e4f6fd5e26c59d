# The two commands of the README: `make serve` and `make test`. `make serve` builds .venv from
# requirements.lock (what serving needs); `make test` adds requirements-dev.lock (tests, bench, lint).
# Both reuse .venv while their lock files and pyproject.toml are unchanged.
PYTHON ?= python3
VENV := .venv
PIP := $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check
READY := $(VENV)/.ready-serve
DEV_READY := $(VENV)/.ready-dev
NODE_READY := tests/node/node_modules/.ready

.PHONY: serve test lint format bench profile lock clean

serve: $(READY)
	$(VENV)/bin/chatbot serve $(ARGS)

# One pytest worker per core (pytest-xdist), each with its own embedded PostgreSQL. Work-stealing, not by file:
# under --dist loadfile the schemathesis tests of tests/test_fuzz.py ran as 2 items instead of 24.
test: $(DEV_READY) $(NODE_READY)
	$(VENV)/bin/python -m pytest -n auto --dist worksteal $(ARGS)

# Node packages some tests use (axe-core), from tests/node's hashed lock; without npm those tests skip, saying why.
$(NODE_READY): tests/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the tests that need Node packages will be skipped."; fi

# ruff's checks and its formatter, in check mode: what CI runs. `make format` applies both.
lint: $(DEV_READY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(DEV_READY)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The benchmark of bench/README.md: a few minutes; ARGS="--quick" for a short run.
bench: $(DEV_READY)
	$(VENV)/bin/python -m bench.run $(ARGS)

# Where the server's CPU goes in a turn, sampled by py-spy under load (a minute).
profile: $(DEV_READY)
	$(VENV)/bin/python -m bench.profile $(ARGS)

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes --no-deps -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_READY): $(READY) requirements-dev.lock
	$(PIP) --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

# Re-pin after changing dependencies in pyproject.toml: uv resolves once (uv.lock, what `uv sync` installs), and the
# hashed files pip installs from here are exported from that one resolution (tests/test_supply_chain.py holds them equal).
UV_EXPORT := $(VENV)/bin/uv export --frozen --quiet --format requirements-txt --no-emit-project --no-dev
lock: $(READY)
	$(PIP) uv
	$(VENV)/bin/uv lock
	$(UV_EXPORT) --extra build -o requirements.lock
	$(UV_EXPORT) --all-extras -o requirements-dev.lock

clean:
	rm -rf $(VENV) .chatbot tests/node/node_modules
