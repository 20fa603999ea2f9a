#!/usr/bin/env bash
# The benchmark suite: `make bench` (or bench/run.sh --pins 200000 for a quicker run;
# --workspace for the workspace's benchmark alone, bench/workspace.py).
# Uses its own database (participatie_bench) on the same PostGIS as `make run`, generates
# the data once per size, then measures and prints one table (also in bench/results/).
source "$(dirname "$0")/../scripts/lib.sh"
PINS=1000000
MEASURE_ARGS=()
VOTING_ONLY=0
WORKSPACE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --pins) PINS="$2"; shift 2 ;;
    --voting) VOTING_ONLY=1; shift ;;
    --workspace) WORKSPACE_ONLY=1; shift ;;
    *) MEASURE_ARGS+=("$1"); shift ;;
  esac
done

"$ROOT/scripts/setup.sh" --with-browser
if ! command -v wrk >/dev/null && is_root; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f "$VENV/.bench-installed" ] || [ "$ROOT/requirements-bench.txt" -nt "$VENV/.bench-installed" ]; then
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-bench.txt"
  touch "$VENV/.bench-installed"
fi
source "$ROOT/scripts/db.sh"
if [ "$VOTING_ONLY" = 1 ]; then
  # The vote under load (bench/voting.py): a database of its own, Assen's areas, no pins.
  cd "$ROOT" && exec "$PY" -m bench.voting "${MEASURE_ARGS[@]}"
fi
export DATABASE_URL="${DATABASE_URL%/*}/participatie_bench"
"$PY" - <<'PY'
import os, psycopg
url = os.environ["DATABASE_URL"]
base, name = url.rsplit("/", 1)
with psycopg.connect(base + "/postgres", autocommit=True) as c:
    if not c.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
        c.execute(f'CREATE DATABASE "{name}"')
PY
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=bench.settings
mkdir -p bench/results
"$PY" manage.py migrate --noinput -v 0
marker="bench/results/.generated-$PINS"
if [ ! -f "$marker" ]; then
  say "Generating $PINS pins, ~35,000 areas and ~50,000 planned works (once per size)"
  "$PY" manage.py load_assen >/dev/null
  "$PY" manage.py load_categories >/dev/null
  "$PY" -m bench.generate --pins "$PINS"
  rm -f bench/results/.generated-*
  touch "$marker"
fi
"$PY" manage.py collectstatic --noinput -v 0  # the map page is served as in production
say "Measuring"
if [ "$WORKSPACE_ONLY" != 1 ]; then
  "$PY" -m bench.measure "${MEASURE_ARGS[@]}"
fi
"$PY" -m bench.workspace
