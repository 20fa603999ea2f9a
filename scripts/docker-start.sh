#!/bin/sh
# The Docker image's start command (Dockerfile CMD): migrate, load the municipality and the
# demo content when LOAD_DEMO=true, then serve with scripts/serve.sh as `make run` does.
# Runs as the image's unprivileged user: everything it writes goes to DATA_DIR and
# MEDIA_ROOT (volumes), never next to the code. scripts/check-docker.sh runs it the same way.
set -eu
cd "$(dirname "$0")/.."
: "${DATA_DIR:?DATA_DIR must name a writable directory (a volume)}"
python manage.py migrate --noinput -v 1
case "${LOAD_DEMO:-false}" in
  true|1|yes|on) python manage.py setup_demo ;;
  false|0|no|off|"") ;;
  *) echo "LOAD_DEMO must be true or false, not '$LOAD_DEMO'" >&2; exit 2 ;;
esac
exec scripts/serve.sh
