"""With REDIS_URL, rendered tiles live in Redis, shared by every server process."""

import contextlib
import math
import shutil
import subprocess
import time

import mapbox_vector_tile
import psycopg
import pytest
import redis
import requests

from maps.models import Centre
from maps.tiles.cache import TILE_LAYOUT
from tests.production.server import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url():
    """A throwaway Redis that keeps nothing on disk."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: run scripts/setup.sh --with-browser as root"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            # Until the next try, wait on the process: it ends if the start fails.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.1)
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server did not start (exit {process.poll()})")
    yield url
    client.close()
    process.terminate()
    process.wait(10)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile holding a point (the Web Mercator tiling scheme)."""
    n = 2**z
    x = (lon + 180) / 360 * n
    lat_r = math.radians(lat)
    y = (1 - math.log(math.tan(lat_r) + 1 / math.cos(lat_r)) / math.pi) / 2 * n
    return int(x), int(y)


def names(body: bytes) -> set[str]:
    layer = mapbox_vector_tile.decode(body).get("centres", {"features": []})
    return {feature["properties"]["name"] for feature in layer["features"]}


def fresh_get(url, **headers):
    """A new connection each time: gunicorn hands it to whichever worker accepts first."""
    return requests.get(url, headers={"Accept-Language": "nl", **headers}, timeout=30)


def test_a_tile_rendered_once_is_served_from_redis_by_every_worker(
    start_server, redis_url, database_url
):
    centre = Centre.objects.order_by("pk").first()
    z = 15
    x, y = tile_of(centre.geom.x, centre.geom.y, z)
    server = start_server(REDIS_URL=redis_url, workers=2)
    url = f"{server.url}/tiles/centres/{z}/{x}/{y}.pbf"

    first = fresh_get(url)
    assert first.status_code == 200
    assert centre.name in names(first.content)
    renamed = f"{centre.name} (hernoemd)"
    table = Centre._meta.db_table
    # Behind the site's back (no purge), committed so that the server could see it.
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"UPDATE {table} SET name = %s WHERE id = %s", [renamed, centre.pk])
        try:
            for _ in range(6):
                again = fresh_get(url)
                assert again.content == first.content
                assert again.headers["ETag"] == first.headers["ETag"]
            assert fresh_get(url, **{"If-None-Match": first.headers["ETag"]}).status_code == 304

            cache = redis.Redis.from_url(redis_url)
            keys = [key.decode() for key in cache.keys("*")]
            assert any(f"tile{TILE_LAYOUT}:centres:{z}/{x}/{y}:" in key for key in keys), keys
            assert not any(server.cache_dir.iterdir()), "the file cache was used"
            # Emptying Redis empties the servers' cache: the next request renders anew.
            cache.flushall()
            cache.close()
            rendered = fresh_get(url)
            assert renamed in names(rendered.content)
            assert centre.name not in names(rendered.content)
            assert rendered.headers["ETag"] != first.headers["ETag"]
        finally:
            db.execute(f"UPDATE {table} SET name = %s WHERE id = %s", [centre.name, centre.pk])
