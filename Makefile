# Quick start: `make demo` builds the demo matter's packet; `make test` runs the linters and every
# test. Both create .venv and install drafter (with the test extra) into it when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= demo-packet

.PHONY: demo test lint bench templates clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/drafter packet matters/demo.yaml -o $(OUT) --draft-date 2026-11-27 --force
	@echo "Open the drafts in $(OUT)/"

# ruff (style, likely bugs, security, import order) on all the Python; mypy (types) on the code.
# Both read their settings from pyproject.toml.
lint: $(STAMP)
	$(BIN)/python -m ruff check src tests tools benchmarks
	$(BIN)/python -m mypy

test: $(STAMP) lint
	$(BIN)/drafter clauses lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/compare_bench.py
	$(BIN)/python benchmarks/review_bench.py

templates: $(STAMP)
	$(BIN)/python tools/build_templates.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
