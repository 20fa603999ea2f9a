.PHONY: run test setup lint bench format mutants fuzz
# See README.md. Both commands install what is missing and start a project-local PostGIS.

run:
	@scripts/run.sh

test:
	@scripts/test.sh $(ARGS)

setup:
	@scripts/setup.sh --with-browser

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports --no-cache

format:
	@.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:
	@bench/run.sh $(ARGS)

mutants:
	@scripts/mutants.sh $(ARGS)

fuzz:
	@scripts/fuzz.sh $(ARGS)
