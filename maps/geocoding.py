"""Address look-up through the PDOK Locatieserver (or anything that answers like it).

Optional: with the setting LOCATIESERVER_URL empty the feature is off and every function
returns nothing. The product never depends on it — a slow or unreachable server gives
None/[] after a short timeout, and callers fall back to choosing from a list or the map.
Addresses are only passed through; nothing here stores or logs them.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
import urllib.request
from typing import TypedDict

from django.conf import settings
from django.contrib.gis.geos import Point

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3
MAX_RESPONSE_BYTES = 1_000_000
_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)
_FIELDS = "weergavenaam,type,centroide_ll"


class Place(TypedDict):
    label: str
    lon: float
    lat: float
    type: str


def is_enabled() -> bool:
    return bool(settings.LOCATIESERVER_URL)


def _query(params: list[tuple[str, str]]) -> list[dict] | None:
    """The `docs` of a `free` search, or None when the server cannot be used."""
    base = settings.LOCATIESERVER_URL.rstrip("/")
    if not base.startswith(("http://", "https://")):
        return None
    url = f"{base}/free?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 -- scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = json.loads(response.read(MAX_RESPONSE_BYTES))
        docs = body["response"]["docs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # OSError covers URLError, HTTPError, timeouts and refused connections.
        logger.warning("Locatieserver unavailable: %s", type(exc).__name__)
        return None
    return docs if isinstance(docs, list) else None


def _place(doc: dict) -> Place | None:
    if not isinstance(doc, dict):
        return None
    match = _POINT.match(str(doc.get("centroide_ll", "")))
    if not match:
        return None
    lon, lat = float(match.group(1)), float(match.group(2))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return {
        "label": str(doc.get("weergavenaam", "")),
        "lon": lon,
        "lat": lat,
        "type": str(doc.get("type", "")),
    }


def _municipality_filter() -> list[tuple[str, str]]:
    # CBS "GM0106" is Locatieserver's gemeentecode "0106".
    code = settings.MUNICIPALITY_CODE.removeprefix("GM")
    return [("fq", f"gemeentecode:{code}")] if code.isdigit() else []


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode).upper()


def lookup_address(postcode: str, number: str | int) -> tuple[float, float] | None:
    """(lon, lat) of the address with this postcode and house number, or None."""
    if not is_enabled():
        return None
    postcode = normalise_postcode(postcode)
    number = str(number).strip()
    if not re.fullmatch(r"\d{4}[A-Z]{2}", postcode) or not number.isdigit():
        return None
    docs = _query(
        [
            ("q", f"{postcode} {number}"),
            ("fq", "type:adres"),
            ("fq", f"postcode:{postcode}"),
            ("fq", f"huisnummer:{number}"),
            ("fl", _FIELDS),
            ("rows", "1"),
        ]
    )
    for doc in docs or []:
        place = _place(doc)
        if place:
            return place["lon"], place["lat"]
    return None


def search(text: str, *, rows: int = 10, in_municipality: bool = True) -> list[Place]:
    """Addresses, streets and places matching free text, within the municipality by default."""
    text = text.strip()[:200]
    if not is_enabled() or not text:
        return []
    params = [("q", text), ("fl", _FIELDS), ("rows", str(max(1, min(rows, 50))))]
    if in_municipality:
        params += _municipality_filter()
    places = (_place(doc) for doc in _query(params) or [])
    return [place for place in places if place]


def point(lon: float, lat: float) -> Point:
    return Point(lon, lat, srid=4326)
