#!/usr/bin/env bash
# `make fuzz`: schemathesis with its full budget against the site as `make run` serves it:
# every operation of the OpenAPI schema, anonymously and with a resident's API token, all
# checks, every phase (examples, coverage, fuzzing, stateful), 100 examples per operation.
# The suite runs the same module with a small budget (tests/api/test_schemathesis.py).
# Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/db.sh"
cd "$ROOT"
say "Fuzzing the API from its OpenAPI schema (schemathesis, full budget)"
SCHEMATHESIS_BUDGET=full exec "$PY" -m pytest tests/api/test_schemathesis.py -p no:cacheprovider -s "$@"
