# Shared helpers for the set-up scripts. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# Read-only where the code is owned by another user (the Docker image): DATA_DIR is used there.
mkdir -p "$LOCAL" 2>/dev/null || true

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mError:\033[0m %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Run a command only when the stamp file is older than its inputs.
stamp_ok() { # stamp input...
  local stamp="$1"; shift
  [ -f "$stamp" ] || return 1
  local f; for f in "$@"; do [ "$f" -nt "$stamp" ] && return 1; done
  return 0
}
