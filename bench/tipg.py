"""tipg (FastAPI + asyncpg, OGC API Tiles/Features for PostGIS), the third reference of
`make bench`: served by uvicorn with 2 workers on the same database, over a view of the
pins the public map shows (schema bench_tipg, made per run, dropped afterwards; bench/run.sh
also drops it before migrating, so it never holds up a migration)."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

SCHEMA = "bench_tipg"
COLLECTION = f"{SCHEMA}.pins"
MAX_FEATURES_PER_TILE = 10_000  # tipg's default (TIPG_MAX_FEATURES_PER_TILE), left as is
TILE_BUFFER = 256  # tipg's default (TIPG_TILE_BUFFER); ours is 64


def create_view() -> None:
    """The public pins with the properties of our pin tiles, in a schema of their own: the
    same rows the map's tiles draw (PinQuerySet.public(): no confidential, hidden or
    withdrawn pin), the indexed WGS84 geometry tipg transforms itself."""
    from django.db import connection
    from django.db.models import F

    from participatie.pins.models import Pin

    rows = Pin.objects.public().annotate(
        t_id=F("public_id"),
        t_kind=F("kind"),
        t_category=F("category__slug"),
        t_status=F("status"),
        t_title=F("title"),
        t_support_count=F("support_count"),
        t_comment_count=F("comment_count"),
        t_geom=F("geom"),
    )
    columns = ["id", "kind", "category", "status", "title", "support_count", "comment_count"]
    sql, params = (
        rows.values(*[f"t_{c}" for c in columns], "t_geom").order_by().query.sql_with_params()
    )
    select = ", ".join(f't_{c} AS "{c}"' for c in columns)
    with connection.cursor() as c:
        c.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        c.execute(f"CREATE SCHEMA {SCHEMA}")
        body = connection.ops.compose_sql(
            f"SELECT {select}, t_geom AS geom FROM ({sql}) AS q",  # noqa: S608
            params,
        )
        c.execute(f"CREATE VIEW {COLLECTION} AS {body}")


def drop_view() -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


class TipgServer:
    def __init__(self, python: str, port: int, log: Path, workers: int = 2):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log, "wb")  # noqa: SIM115
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TIPG_DB_SCHEMAS": f'["{SCHEMA}"]',
            # Extents are computed over the whole view at start-up; not needed for tiles.
            "TIPG_DB_SPATIAL_EXTENT": "false",
            "TIPG_DB_DATETIME_EXTENT": "false",
            "TIPG_MAX_FEATURES_PER_TILE": str(MAX_FEATURES_PER_TILE),
        }
        self.process = subprocess.Popen(
            [python, "-m", "uvicorn", "tipg.main:app", "--host", "127.0.0.1", "--port",
             str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.url}/collections/{COLLECTION}", timeout=5)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"tipg did not start; see {log}")

    def tile_path(self, z: int, x: int, y: int) -> str:
        return f"/collections/{COLLECTION}/tiles/WebMercatorQuad/{z}/{x}/{y}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
