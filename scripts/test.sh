#!/usr/bin/env bash
# `make test`: the same set-up as `make run` (plus Chromium), then every test against a
# real PostGIS: unit, API and browser. Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" --with-browser
source "$ROOT/scripts/db.sh"
cd "$ROOT"
say "Checking the import contracts (which way the arrows run)"
"$VENV/bin/lint-imports" --no-cache | sed -n "/^Contracts/,\$p"; [ "${PIPESTATUS[0]}" = 0 ]
say "Running the tests"
exec "$PY" -m pytest "$@"
