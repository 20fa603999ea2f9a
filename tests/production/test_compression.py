"""Compression as production serves it (gunicorn, the real middleware): pages, API JSON and
GeoJSON are gzip-encoded for a client that asks, and decode to the very bytes a client that
does not ask gets; tiles and static files come compressed once, by their own path.

http.client, not requests: requests asks for gzip and decodes on its own, and here the
bytes on the wire are the subject."""

import gzip
import http.client
import re
from urllib.parse import urlsplit

import mapbox_vector_tile
import pytest

pytestmark = pytest.mark.django_db
GZIP_MAGIC = b"\x1f\x8b"


def fetch(server, path: str, accept_encoding: str | None) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names) and the body exactly as sent."""
    url = urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        # skip_accept_encoding: http.client would otherwise add "Accept-Encoding: identity".
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if accept_encoding is not None:
            connection.putheader("Accept-Encoding", accept_encoding)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, body
    finally:
        connection.close()


def per_answer(html: bytes) -> bytes:
    """A page without what changes on every answer: the masked CSRF token, the CSP nonce."""
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"csrf", html)
    return re.sub(rb'nonce="[^"]+"', b"nonce", html)


def pin_path(server) -> str:
    status, _, body = fetch(server, "/api/v1/public/pins/?limit=1", None)
    assert status == 200
    public_id = re.search(rb'"id":"([^"]+)"', body).group(1).decode()
    return f"/meldingen/{public_id}/"


@pytest.mark.parametrize(
    "path, media_type, fixed",
    [
        ("/", "text/html", False),
        ("pin", "text/html", False),
        ("/api/v1/public/categories/", "application/json", True),
        ("/api/v1/public/pins/", "application/geo+json", True),
        ("/api/v1/public/greenery/", "application/geo+json", True),
    ],
)
def test_answers_are_gzip_for_who_asks_and_the_same_bytes_decoded(
    production, path, media_type, fixed
):
    path = pin_path(production) if path == "pin" else path
    status, plain_headers, plain = fetch(production, path, None)
    assert status == 200
    assert plain_headers["content-type"].startswith(media_type)
    assert "content-encoding" not in plain_headers
    assert not plain.startswith(GZIP_MAGIC) and len(plain) > 1000

    status, headers, zipped = fetch(production, path, "gzip, deflate, br")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"]
    assert int(headers["content-length"]) == len(zipped)
    assert zipped.startswith(GZIP_MAGIC) and len(zipped) < len(plain) / 2
    decoded = gzip.decompress(zipped)
    if fixed:
        assert decoded == plain
    else:
        assert per_answer(decoded) == per_answer(plain)
        assert b"csrfmiddlewaretoken" in decoded  # the page that carries a token, compressed


def test_a_client_without_accept_encoding_gets_plain_bytes(production):
    for path in ("/", "/api/v1/public/pins/", "/tiles/areas/10/530/333.pbf"):
        status, headers, body = fetch(production, path, None)
        assert status == 200, path
        assert "content-encoding" not in headers, path
        assert not body.startswith(GZIP_MAGIC), path
    assert mapbox_vector_tile.decode(body)["areas"]["features"]


def test_tiles_are_compressed_once_by_their_own_path(production):
    """The tile view sends its cached gzip as it is; the middleware must not wrap it again."""
    path = "/tiles/areas/10/530/333.pbf"
    _, _, plain = fetch(production, path, None)
    status, headers, zipped = fetch(production, path, "gzip")
    assert status == 200 and headers["content-encoding"] == "gzip"
    inner = gzip.decompress(zipped)
    assert not inner.startswith(GZIP_MAGIC)
    assert inner == plain
    assert mapbox_vector_tile.decode(inner)["areas"]["features"]


def test_static_files_come_precompressed(production):
    _, _, html = fetch(production, "/", None)
    script = re.search(rb'src="(/static/dist/map\.[0-9a-f]+\.js)"', html).group(1).decode()
    _, plain_headers, plain = fetch(production, script, None)
    status, headers, zipped = fetch(production, script, "gzip")
    assert status == 200 and "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped) == plain
