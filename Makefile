# Every target creates .venv and installs the project on first use, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/switchboard demo

# Two workers (the CI machines have 2 cores); loadscope keeps each module, and its module fixtures, on one.
test: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist loadscope

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/onboard.py
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) out *.egg-info
