#!/usr/bin/env bash
# Serves the site as production does: gunicorn with the real settings (manifest static
# files through whitenoise, DEBUG off unless asked). `make run` ends here, and the
# production tests start the server with this same script. Needs a database that is
# migrated and static files that are collected. HOST, PORT, WEB_WORKERS as in README.md.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
exec "$VENV/bin/gunicorn" participatie.wsgi --bind "${HOST:-127.0.0.1}:${PORT:-8000}" \
  --workers "${WEB_WORKERS:-3}" --access-logfile - --error-logfile -
