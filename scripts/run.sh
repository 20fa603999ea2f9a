#!/usr/bin/env bash
# `make run`: install what is missing, start PostGIS, migrate, load Assen and the demo
# content, create the demo accounts, and serve the site.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"

"$ROOT/scripts/setup.sh"
"$PY" - "$HOST" "$PORT" <<'PY' || fail "port $PORT on $HOST is taken; choose another with PORT=8001 make run"
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
PY
source "$ROOT/scripts/db.sh"
cd "$ROOT"
say "Migrating"
"$PY" manage.py migrate --noinput -v 0
say "Loading Assen and the demo content"
"$PY" manage.py setup_demo
"$PY" manage.py collectstatic --noinput -v 0
say "Applying the retention periods (again every day while the site runs)"
"$PY" manage.py apply_retention
# The daily run: a loop in the background that watches this process (which becomes the
# server below) and ends within seconds once the server has stopped. No cron needed.
retention_daily() {
  local server=$1 waited
  while true; do
    for ((waited = 0; waited < 86400; waited += 5)); do
      sleep 5
      kill -0 "$server" 2>/dev/null || exit 0
    done
    "$PY" manage.py apply_retention || true
  done
}
retention_daily $$ </dev/null &
say "Serving on http://$HOST:$PORT/  (Ctrl-C stops)"
HOST="$HOST" PORT="$PORT" exec "$ROOT/scripts/serve.sh"
