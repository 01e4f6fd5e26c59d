# The two commands of the README: `make serve` and `make test`. Both build .venv from the
# hashed lock file and reuse it while requirements.lock and pyproject.toml are unchanged.
PYTHON ?= python3
VENV := .venv
READY := $(VENV)/.ready
NODE_READY := tests/node/node_modules/.ready

.PHONY: serve test lint format bench profile lock clean

serve: $(READY)
	$(VENV)/bin/chatbot serve $(ARGS)

test: $(READY) $(NODE_READY)
	$(VENV)/bin/python -m pytest $(ARGS)

# Node packages some tests use (axe-core), from tests/node's hashed lock; without npm those tests skip, saying why.
$(NODE_READY): tests/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the tests that need Node packages will be skipped."; fi

# ruff's checks and its formatter, in check mode: what CI runs. `make format` applies both.
lint: $(READY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(READY)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The benchmark of bench/README.md: a few minutes; ARGS="--quick" for a short run.
bench: $(READY)
	$(VENV)/bin/python -m bench.run $(ARGS)

# Where the server's CPU goes in a turn, sampled by py-spy under load (a minute).
profile: $(READY)
	$(VENV)/bin/python -m bench.profile $(ARGS)

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Re-pin after changing dependencies in pyproject.toml.
lock: $(READY)
	$(VENV)/bin/python -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra test --extra build --extra bench --extra lint --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .chatbot tests/node/node_modules
