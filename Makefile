PYTHON ?= python3
OMCREPORT ?= omcreport
CONTENT ?= content
# The sample content is a snapshot: it is built as of this moment, so its open orders stay open.
AS_OF ?= 2026-11-25T12:00:00Z
# The latest full month before AS_OF (2026-10 for the sample), built with --period beside the whole.
PERIOD ?= $(shell $(PYTHON) -c 'y, m = map(int, "$(AS_OF)"[:7].split("-")); print(f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}")')

.PHONY: install test lint build bench fuzz golden browsers clean

install:  ## install omcreport with its test tools (editable)
	$(PYTHON) -m pip install -q -c constraints.txt -e '.[dev]'

test:  ## the whole test suite, then ruff
	$(PYTHON) -m pytest -q
	$(PYTHON) -m ruff check omcreport tests benchmarks

lint:  ## ruff (lint and format) and the type checker
	$(PYTHON) -m ruff check omcreport tests benchmarks examples
	$(PYTHON) -m ruff format --check omcreport tests benchmarks examples
	$(PYTHON) -m mypy

build:  ## the sample site into site/, the reports into reports/, the latest full month into reports/period-YYYY-MM/
	$(OMCREPORT) build $(CONTENT) --as-of $(AS_OF)
	$(OMCREPORT) build $(CONTENT) --as-of $(AS_OF) --only reports --period $(PERIOD) --reports-dir reports/period-$(PERIOD)

bench:  ## benchmarks (never run in CI)
	$(PYTHON) benchmarks/run.py

fuzz:  ## ten minutes of random mutations of the sample through check and build (never in CI)
	$(PYTHON) -m tests.fuzz.check_build $(or $(FUZZ_SECONDS),600)

golden:  ## regenerate the golden site of tests/golden after a deliberate change
	$(PYTHON) -m tests.golden.regenerate

clean:
	rm -rf site reports .pytest_cache .ruff_cache build dist *.egg-info
