#!/usr/bin/env bash
# Installs what is missing, and nothing twice: system packages (as root), the Python
# virtualenv from the pinned requirements, npm packages from the lockfile, the front-end
# bundle and the compiled translations. Usage: scripts/setup.sh [--with-browser]
source "$(dirname "$0")/lib.sh"

WITH_BROWSER=0
[ "${1:-}" = "--with-browser" ] && WITH_BROWSER=1

# --- system packages ---------------------------------------------------------------
need_pkgs=()
have_postgis() { ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; }
have_pg()      { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_gdal()    { ldconfig -p 2>/dev/null | grep -q 'libgdal\.so'; }
if [ -z "${DATABASE_URL:-}" ]; then
  have_pg || need_pkgs+=(postgresql)
  have_postgis || need_pkgs+=(postgresql-postgis)
fi
have_gdal || need_pkgs+=(gdal-bin)
command -v msgfmt >/dev/null || need_pkgs+=(gettext)
if [ "$WITH_BROWSER" = 1 ]; then
  [ -x /usr/bin/chromium ] || need_pkgs+=(chromium fonts-dejavu-core)
  # The production tests check the shared cache against a throwaway Redis.
  command -v redis-server >/dev/null || need_pkgs+=(redis-server)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if is_root && command -v apt-get >/dev/null; then
    say "Installing system packages: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    fail "missing system packages: ${need_pkgs[*]}.
Run this command as root (it installs them with apt-get), install them yourself, or set
DATABASE_URL to a reachable PostgreSQL with PostGIS."
  fi
fi

# --- Python ----------------------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || fail "python3 not found; Python 3.11 is required."
if [ ! -x "$PY" ]; then
  say "Creating the virtualenv in .venv"
  "$PYTHON" -m venv "$VENV"
fi
if ! stamp_ok "$VENV/.installed" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt"; then
  say "Installing Python dependencies (pinned)"
  "$PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements-dev.txt"
  touch "$VENV/.installed"
fi

# --- front end -------------------------------------------------------------------------
command -v node >/dev/null || fail "Node.js not found; Node 20 is needed to build the map bundle."
cd "$ROOT/frontend"
if ! stamp_ok node_modules/.installed package-lock.json package.json; then
  say "Installing npm packages from the lockfile"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi
if ! stamp_ok static/dist/.built build.mjs package-lock.json $(find src -type f); then
  say "Building the front-end bundle"
  node build.mjs
  touch static/dist/.built
fi

# --- translations ----------------------------------------------------------------------
cd "$ROOT"
mo_inputs=$(find "$ROOT" -path "$ROOT/.venv" -prune -o -path '*/node_modules' -prune -o -name '*.po' -print)
if ! stamp_ok "$LOCAL/.messages" $mo_inputs; then
  say "Compiling translations"
  "$PY" manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
  touch "$LOCAL/.messages"
fi
