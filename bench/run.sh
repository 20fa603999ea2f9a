#!/usr/bin/env bash
# The benchmark suite: `make bench` (bench/run.sh --pins 200000 for a run on a smaller
# database of its own; --no-scaling / --no-tipg leave those parts out; --workspace for the
# workspace's benchmark alone, bench/workspace.py; --voting for the vote under load;
# --prepare to install and generate everything without measuring).
# Uses databases of its own on the same PostGIS as `make run`: participatie_bench (1,000,000
# pins) and, for the scaling curve, participatie_bench_10000 and participatie_bench_100000.
# Each is generated once (marker bench/results/.generated-<pins>), then measured; the table
# lands in bench/results/latest.md.
source "$(dirname "$0")/../scripts/lib.sh"
PINS=1000000
SCALING_SIZES=(10000 100000)
MEASURE_ARGS=()
VOTING_ONLY=0
WORKSPACE_ONLY=0
TIPG=1
PREPARE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --pins) PINS="$2"; shift 2 ;;
    --voting) VOTING_ONLY=1; shift ;;
    --workspace) WORKSPACE_ONLY=1; shift ;;
    --no-scaling) SCALING_SIZES=(); shift ;;
    --no-tipg) TIPG=0; shift ;;
    --prepare) PREPARE_ONLY=1; shift ;;
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
# tipg (the third reference) lives in a venv of its own: its FastAPI stack is not ours.
BENCH_VENV="$LOCAL/bench-venv"
if [ "$TIPG" = 1 ] && ! stamp_ok "$BENCH_VENV/.installed" "$ROOT/requirements-bench-tipg.txt"; then
  say "Installing tipg into $BENCH_VENV (once)"
  "$PY" -c 'import sys, venv; venv.create(sys.argv[1], with_pip=True)' "$BENCH_VENV"
  "$BENCH_VENV/bin/python" -m pip install -q --disable-pip-version-check \
    -r "$ROOT/requirements-bench-tipg.txt"
  touch "$BENCH_VENV/.installed"
fi
source "$ROOT/scripts/db.sh"
if [ "$VOTING_ONLY" = 1 ]; then
  # The vote under load (bench/voting.py): a database of its own, Assen's areas, no pins.
  cd "$ROOT" && exec "$PY" -m bench.voting "${MEASURE_ARGS[@]}"
fi
SERVER_URL="${DATABASE_URL%/*}"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=bench.settings
mkdir -p bench/results

# database_of PINS: the benchmark database holding that many pins.
database_of() { if [ "$1" = 1000000 ]; then echo participatie_bench; else echo "participatie_bench_$1"; fi; }

# prepare PINS: create, migrate and (once) fill the database of that size.
prepare() {
  local pins="$1" name; name="$(database_of "$1")"
  DATABASE_URL="$SERVER_URL/$name" "$PY" - <<'PY'
import os, psycopg
base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
with psycopg.connect(base + "/postgres", autocommit=True) as c:
    if not c.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
        c.execute(f'CREATE DATABASE "{name}"')
with psycopg.connect(base + "/" + name, autocommit=True) as c:
    # tipg's view (bench/tipg.py) is made per run; never let it hold up a migration.
    c.execute("DROP SCHEMA IF EXISTS bench_tipg CASCADE")
PY
  DATABASE_URL="$SERVER_URL/$name" "$PY" manage.py migrate --noinput -v 0
  local marker="bench/results/.generated-$pins"
  # A marker left by an older run whose database has since gone counts for nothing.
  if [ -f "$marker" ] && ! DATABASE_URL="$SERVER_URL/$name" "$PY" -c '
import os, sys, psycopg
with psycopg.connect(os.environ["DATABASE_URL"]) as c:
    sys.exit(0 if c.execute("select exists (select 1 from pins_pin)").fetchone()[0] else 1)'; then
    rm -f "$marker"
  fi
  if [ ! -f "$marker" ]; then
    say "Generating $pins pins, ~35,000 areas and ~50,000 planned works in $name (once)"
    export DATABASE_URL="$SERVER_URL/$name"
    "$PY" manage.py load_assen >/dev/null
    "$PY" manage.py load_categories >/dev/null
    "$PY" -m bench.generate --pins "$pins"
    touch "$marker"
  fi
}

prepare "$PINS"
SCALING=()
for size in "${SCALING_SIZES[@]}"; do
  if [ "$size" != "$PINS" ]; then prepare "$size"; SCALING+=("$(database_of "$size")"); fi
done
export DATABASE_URL="$SERVER_URL/$(database_of "$PINS")"
[ "$PREPARE_ONLY" = 1 ] && exit 0
"$PY" manage.py collectstatic --noinput -v 0  # the map page is served as in production
say "Measuring"
if [ "$WORKSPACE_ONLY" != 1 ]; then
  EXTRA=()
  [ "${#SCALING[@]}" -gt 0 ] && EXTRA+=(--scaling "$(IFS=,; echo "${SCALING[*]}")")
  [ "$TIPG" = 1 ] && EXTRA+=(--tipg-python "$BENCH_VENV/bin/python")
  "$PY" -m bench.measure "${EXTRA[@]}" "${MEASURE_ARGS[@]}"
fi
"$PY" -m bench.workspace
