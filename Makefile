# Every target creates .venv and installs the project on first use, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean tools lint-infra

# Microsoft's Teams manifest validator (npm) for the package test. Outside CI a failed install only
# warns (the test then shows a skip); under CI=true it fails the build.
VALIDATOR := tools/manifest-validator
VALIDATOR_STAMP := $(VALIDATOR)/node_modules/.installed
# Microsoft 365 Agents Playground: the Teams client the bot's end-to-end test talks through (same rules).
PLAYGROUND := tools/agents-playground
PLAYGROUND_STAMP := $(PLAYGROUND)/node_modules/.installed
# checkov + hadolint live in their own venv: checkov's pins would downgrade the project's packages.
LINT_VENV := .venv-lint
LINT_STAMP := $(LINT_VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/switchboard demo

# Two workers (the CI machines have 2 cores); loadscope keeps each module, and its module fixtures, on one.
test: $(STAMP) tools
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist loadscope

tools: $(VALIDATOR_STAMP) $(PLAYGROUND_STAMP)

$(VALIDATOR_STAMP): $(VALIDATOR)/package.json $(VALIDATOR)/package-lock.json
	@if (cd $(VALIDATOR) && npm ci --no-audit --no-fund --loglevel=error); then touch $@; \
	else echo "warning: could not install $(VALIDATOR) (npm); the manifest validator test will be skipped" >&2; \
	  [ -z "$$CI" ] || exit 1; fi

$(PLAYGROUND_STAMP): $(PLAYGROUND)/package.json $(PLAYGROUND)/package-lock.json
	@if (cd $(PLAYGROUND) && npm ci --no-audit --no-fund --loglevel=error); then touch $@; \
	else echo "warning: could not install $(PLAYGROUND) (npm); the Agents Playground test will be skipped" >&2; \
	  [ -z "$$CI" ] || exit 1; fi

lint: $(STAMP) lint-infra
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

$(LINT_STAMP): tools/requirements-lint.txt
	$(PYTHON) -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install --quiet -r tools/requirements-lint.txt
	touch $(LINT_STAMP)

# Offline: checkov parses Bicep itself (pycep), no bicep CLI or Azure sign-in needed.
lint-infra: $(LINT_STAMP)
	$(LINT_VENV)/bin/python tools/parse_bicep.py infra
	$(LINT_VENV)/bin/checkov --config-file infra/.checkov.yaml
	$(LINT_VENV)/bin/hadolint --config infra/.hadolint.yaml infra/Dockerfile

bench: $(STAMP)
	$(BIN)/python bench/onboard.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/large_yaml.py
	$(BIN)/python bench/bot.py
	$(BIN)/python bench/voiceapps.py
	$(BIN)/python bench/popup.py
	$(BIN)/python bench/emergency.py

clean:
	rm -rf $(VENV) $(LINT_VENV) $(VALIDATOR)/node_modules $(PLAYGROUND)/node_modules out *.egg-info
