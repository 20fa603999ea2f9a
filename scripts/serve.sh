#!/usr/bin/env bash
# Serves the site as production does: gunicorn with the real settings (manifest static
# files through whitenoise, DEBUG off unless asked). `make run` ends here, the production
# tests start the server with this same script, and so does the Docker image. Needs a
# database that is migrated and static files that are collected. HOST, PORT, WEB_WORKERS as
# in README.md.
#
# gunicorn's control socket (for `gunicornc`) defaults to one path per user
# (~/.gunicorn/gunicorn.ctl), shared by every gunicorn that user starts: a second server
# would take it over from the first. Each server of ours gets its own, in the data
# directory and named after its port, unless GUNICORN_CONTROL_SOCKET names another path
# (or "off" for none).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
PORT="${PORT:-8000}"
CONTROL_SOCKET="${GUNICORN_CONTROL_SOCKET:-${DATA_DIR:-$LOCAL}/gunicorn-$PORT.ctl}"
if [ "$CONTROL_SOCKET" = off ]; then CONTROL=(--no-control-socket); else CONTROL=(--control-socket "$CONTROL_SOCKET"); fi
# The checkout's virtualenv, or (in the image) the gunicorn on the PATH.
GUNICORN="$VENV/bin/gunicorn"
[ -x "$GUNICORN" ] || GUNICORN="$(command -v gunicorn)" || fail "gunicorn is not installed"
exec "$GUNICORN" participatie.wsgi --bind "${HOST:-127.0.0.1}:$PORT" \
  --workers "${WEB_WORKERS:-3}" --access-logfile - --error-logfile - "${CONTROL[@]}"
