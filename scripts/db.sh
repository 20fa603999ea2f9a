# Sourced by run.sh/test.sh/bench: makes sure DATABASE_URL points at a running PostGIS.
# With DATABASE_URL set, it only checks that the server answers; likewise with PGHOST set to
# another server (the URL then comes from PGHOST/PGPORT/PGUSER/PGDATABASE, as the settings
# read them). Otherwise it starts a project-local cluster (initdb on first use) on
# 127.0.0.1:${PGPORT:-54329} with the database ${PGDATABASE:-participatie}. PostgreSQL
# refuses to run as root, so as root the cluster runs as the `postgres` system user.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The URL the settings build from the PG* variables (participatie/env.py): one rule for both.
settings_database_url() {
  (cd "$ROOT" && "$PY" -c 'from participatie.env import env_database_url; print(env_database_url())')
}

db_check() {
  "$PY" - "$DATABASE_URL" <<'PY' || fail "cannot reach the database at DATABASE_URL (see above)."
import sys, psycopg
try:
    with psycopg.connect(sys.argv[1], connect_timeout=5) as c:
        c.execute("select 1")
except Exception as e:
    sys.exit(f"Error: {e}".strip())
PY
}

case "${PGHOST:-127.0.0.1}" in 127.0.0.1|localhost) ;; *) [ -n "${DATABASE_URL:-}" ] || DATABASE_URL="$(settings_database_url)" ;; esac
if [ -n "${DATABASE_URL:-}" ]; then
  db_check
else
  PGPORT="${PGPORT:-54329}"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$PGBIN" ] || fail "PostgreSQL is not installed and DATABASE_URL is not set. Run as root (to install it) or set DATABASE_URL."
  if is_root; then
    id postgres >/dev/null 2>&1 || fail "running as root but there is no 'postgres' user to run PostgreSQL as."
    AS=(runuser -u postgres --)
    PGHOME="$LOCAL/pg"
    mkdir -p "$PGHOME"; chown postgres: "$PGHOME"
    if ! runuser -u postgres -- test -w "$PGHOME"; then
      # The checkout is not reachable for the postgres user (e.g. under /root): keep the
      # cluster in postgres' own home, one per checkout.
      PGHOME="/var/lib/postgresql/participatie-$(printf %s "$ROOT" | md5sum | cut -c1-8)"
      mkdir -p "$PGHOME"; chown postgres: "$PGHOME"
    fi
  else
    AS=()
    PGHOME="$LOCAL/pg"; mkdir -p "$PGHOME"
  fi
  PGDATA="$PGHOME/data"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "Creating a project-local PostgreSQL cluster"
    "${AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U participatie --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGHOME'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 200
jit = off
CONF
  fi
  if ! "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "Starting PostgreSQL on 127.0.0.1:$PGPORT"
    if ! "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGHOME/server.log" -o "-p $PGPORT" -w -t 60 start >/dev/null; then
      tail -n 5 "$PGHOME/server.log" >&2 || true
      fail "PostgreSQL did not start (port $PGPORT taken? set PGPORT to another port, or DATABASE_URL)."
    fi
  fi
  PGDATABASE="${PGDATABASE:-participatie}"
  export PGPORT PGDATABASE
  export DATABASE_URL="$(PGHOST=127.0.0.1 PGUSER=participatie settings_database_url)"
  "${AS[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U participatie -d postgres -tAc \
    "select 1 from pg_database where datname='$PGDATABASE'" | grep -q 1 || \
    "${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U participatie "$PGDATABASE"
  db_check
fi
export DATABASE_URL
