"""The Docker healthcheck: the areas API answers (the app and its database are up).

Asks as a client of the site would: with a host name from ALLOWED_HOSTS, and as if over
HTTPS when a TLS proxy sits in front (BEHIND_TLS_PROXY), so neither the host check nor the
HTTPS redirect turns a healthy site into a failed check. Exit 0 when healthy."""

import json
import os
import sys
import urllib.request

hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
host = next((h.strip().lstrip(".") for h in hosts if h.strip() != "*"), "localhost")
request = urllib.request.Request(
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/api/v1/public/areas/?level=municipality",
    headers={"Host": host, "X-Forwarded-Proto": "https", "Accept": "application/json"},
)
try:
    with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310 (loopback)
        json.load(response)
except Exception as exc:  # noqa: BLE001 (any failure is an unhealthy site)
    sys.exit(f"unhealthy: {exc}")
