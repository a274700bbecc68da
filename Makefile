# Two commands from a fresh clone:  `make run`  (the web page)   and   `make test`  (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-fast setup index lint bench browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build; an unpinned torch would pull several GB of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

index: $(STAMP)
	$(BIN)/advisor index

run: index
	$(BIN)/python app.py

browser:
	@scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check advisor tests bench app.py
	$(BIN)/ruff format --check advisor tests bench app.py
	$(BIN)/mypy advisor

bench: $(STAMP)
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/gazetteer.py

clean:
	rm -rf $(VENV) data test-artifacts
