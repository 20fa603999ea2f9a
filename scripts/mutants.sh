#!/usr/bin/env bash
# `make mutants`: mutation testing of the rule modules (scripts/mutation/, docs/mutants.md).
# The same set-up as `make test` (without the browser), then mutmut in a copy of the tree.
# Arguments go to scripts/mutation/run.py: --rev REV, --workers N, --report-only, globs.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh"
source "$ROOT/scripts/db.sh"
cd "$ROOT"
exec "$PY" scripts/mutation/run.py "$@"
