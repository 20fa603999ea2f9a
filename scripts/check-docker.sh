#!/usr/bin/env bash
# Checks the Docker set-up on a machine without a Docker engine: the compose file and the
# Dockerfile parsed and checked, and the image's start command run as an unprivileged user
# in a copy of the app laid out as the image has it, against PostgreSQL (DATABASE_URL, else
# the project-local cluster). What it cannot check: see scripts/docker_check.py. Run as root.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/db.sh"
cd "$ROOT"
exec "$PY" scripts/docker_check.py "$@"
