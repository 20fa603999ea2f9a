"""Strict readers for settings from environment variables.

An unknown value raises ImproperlyConfigured instead of silently falling back, so a typo
in production configuration is caught at start-up.
"""

import os
import re
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    """A rate limit such as "10/m" or "5/h" (count/period; period s, m, h or d, optionally
    with a multiplier: "100/5m")."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must look like 10/m or 5/h, not {value!r}")
    return value


def env_database_url() -> str:
    """DATABASE_URL, else a URL from the libpq variables PGHOST, PGPORT, PGUSER and
    PGDATABASE with the defaults of scripts/db.sh (the project-local cluster). PGPASSWORD
    and the other libpq variables reach the connection through libpq itself."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    host = os.environ.get("PGHOST", "").strip() or "127.0.0.1"
    port = env_int("PGPORT", 54329)
    user = os.environ.get("PGUSER", "").strip() or "participatie"
    name = os.environ.get("PGDATABASE", "").strip() or "participatie"
    if host.startswith("/"):  # a Unix socket directory
        return f"postgres://{quote(user)}@{quote(host, safe='')}:{port}/{quote(name)}"
    return f"postgres://{quote(user)}@{host}:{port}/{quote(name)}"
