# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

VALIDATORS := tests/platforms
VALIDATORS_STAMP := $(VALIDATORS)/node_modules/.installed

.PHONY: run test bench lint install clean validators

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/mlgov chat --as $${MLGOV_HANDLE:-$${USER:-me}}

# Slack's and Microsoft's own libraries check what the bot sends (tests/platforms); without
# Node.js the tests that need them skip and say why.
$(VALIDATORS_STAMP): $(VALIDATORS)/package.json $(VALIDATORS)/package-lock.json
	@if command -v npm >/dev/null; then \
		cd $(VALIDATORS) && npm ci --silent --no-audit --no-fund && touch node_modules/.installed; \
	else echo "npm not found: the platform validator tests will be skipped"; fi

validators: $(VALIDATORS_STAMP)

test: $(STAMP) validators
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(VALIDATORS)/node_modules
