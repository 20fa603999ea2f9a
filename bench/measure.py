"""Measures the map's speed on the benchmark database and prints one table
(python -m bench.measure; bench/run.sh prepares everything). Every figure is measured in the
same run as its reference."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
DENSEST = (4.90, 52.37)  # the heaviest town of the generated data
ROWS: list[tuple[str, str, str, str]] = []  # (section, measure, value, reference/target)


def row(section: str, measure: str, value: str, reference: str = "") -> None:
    ROWS.append((section, measure, value, reference))
    print(f"  {measure:<46} {value:<28} {reference}", flush=True)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, *, tile_cache: bool, workers: int = 2, cache_dir: str = ""):
        self.cache_dir_owned = ""  # a cache folder of its own, removed by stop()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "TILE_CACHE": "1" if tile_cache else "0",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "ANON_THROTTLE_RATE": "100000000/minute",
            "CACHE_DIR": cache_dir or self.own_cache_dir(name),
        }
        self.log = open(RESULTS / f"server-{name}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "participatie.wsgi", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(workers), "--log-level", "warning",
             # Not the user's shared ~/.gunicorn/gunicorn.ctl: another gunicorn may hold it.
             "--no-control-socket"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/tiles/pins.json", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server {name} did not start; see {self.log.name}")

    def own_cache_dir(self, name: str) -> str:
        self.cache_dir_owned = tempfile.mkdtemp(prefix=f"bench-cache-{name}-")
        return self.cache_dir_owned

    def get(self, path: str) -> tuple[float, bytes]:
        t = time.perf_counter()
        with urllib.request.urlopen(self.url + path, timeout=60) as r:
            body = r.read()
        return time.perf_counter() - t, body

    def rss_mb(self) -> float:
        pids = [self.process.pid] + [
            int(p) for p in subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
            ).stdout.split()
        ]  # fmt: skip
        total = 0
        for pid in pids:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total / 1024

    def stop(self) -> None:
        try:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
        finally:
            if self.cache_dir_owned:
                shutil.rmtree(self.cache_dir_owned, ignore_errors=True)


# --- helpers ------------------------------------------------------------------------------


def tile_of(lon, lat, z):
    from maps.tiles.grid import tile_of as frac

    x, y = frac(lon, lat, z)
    return z, int(x), int(y)


def random_tiles(z: int, count: int, seed: int = 1) -> list[tuple[int, int, int]]:
    """Tiles around randomly drawn pins: where people look."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        c.execute(
            "SELECT ST_X(geom), ST_Y(geom) FROM pins_pin TABLESAMPLE SYSTEM (1) "
            "ORDER BY random() LIMIT %s",
            [count],
        )
        return [tile_of(x, y, z) for x, y in c.fetchall()]


def direct(statement: str, params: tuple, repeat: int) -> tuple[list[float], int]:
    """The same tile SQL straight through psycopg, prepared, on its own connection."""
    import psycopg

    times = []
    with psycopg.connect(os.environ["DATABASE_URL"], prepare_threshold=0) as conn:
        for _ in range(repeat):
            t = time.perf_counter()
            body = conn.execute(statement, params, prepare=True).fetchone()[0]
            times.append(time.perf_counter() - t)
    return times, len(body or b"")


def statement_for(z: int, x: int, y: int):
    from maps.tiles.layers import LAYERS
    from maps.tiles.render import tile_statement

    spec = LAYERS["pins"]
    return tile_statement(spec, spec.queryset(), z=z, x=x, y=y, filters={})


def wrk(url_list: list[str], *, seconds: int, connections: int) -> dict:
    """Requests/s and latency percentiles from wrk over a list of URLs."""
    if not shutil.which("wrk"):
        return {}
    script = RESULTS / "urls.lua"
    script.write_text(
        "local urls = {" + ",".join(json.dumps(u) for u in url_list) + "}\n"
        "local i = 0\n"
        "request = function() i = i % #urls + 1; return wrk.format('GET', urls[i]) end\n"
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format(\'JSON {"rps": %f, "p50": %f, "p99": %f, "errors": %d}\\n\',\n'
        "    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,\n"
        "    latency:percentile(99) / 1000, summary.errors.status + summary.errors.timeout))\n"
        "end\n"
    )
    base = url_list[0].split("/", 3)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), "/".join(base[:3])],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    match = re.search(r"JSON (\{.*\})", out)
    return json.loads(match.group(1)) if match else {}


def pgbench_tps(z: int, tiles: list[tuple[int, int, int]], *, seconds: int, clients: int):
    """pgbench running the same tile statement as a prepared statement over the same tiles
    (x and y drawn at random from the range of the sampled tiles)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))
    binary = str(found[-1]) if found else shutil.which("pgbench")
    if not binary:
        return None
    sentinel_x, sentinel_y = 2**z - 3, 2**z - 7  # values no other parameter has
    statement, params = statement_for(z, sentinel_x, sentinel_y)
    # Cluster statements also take the tile's cell range (x * 64 … x * 64 + 63).
    variables = {sentinel_x: ":x", sentinel_y: ":y"}
    for name, value in ((":x", sentinel_x), (":y", sentinel_y)):
        variables[value * 64] = f"{name} * 64"
        variables[value * 64 + 63] = f"{name} * 64 + 63"
    parts = statement.split("%s")
    sql = [parts[0]]
    for value, part in zip(params, parts[1:], strict=True):
        if isinstance(value, int) and not isinstance(value, bool) and value in variables:
            text = variables[value]
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, float)):
            text = repr(value)
        else:
            text = "'" + str(value).replace("'", "''") + "'"
        sql.append(text + part)
    # Replay exactly the sampled tiles: :i picks one, x and y come from the two arrays.
    text = "".join(sql)
    text = text.replace(":x", "(ARRAY[%s])[:i]" % ",".join(str(t[1]) for t in tiles))
    text = text.replace(":y", "(ARRAY[%s])[:i]" % ",".join(str(t[2]) for t in tiles))
    path = RESULTS / f"pgbench-z{z}.sql"
    path.write_text(f"\\set i random(1, {len(tiles)})\n" + text + ";\n")
    from django.db import connection

    db = connection.settings_dict
    out = subprocess.run(
        [binary, "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
         "-f", str(path), "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], db["NAME"]],
        capture_output=True, text=True,
    )  # fmt: skip
    match = re.search(r"tps = ([\d.]+)", out.stdout)
    if not match:
        print(out.stdout[-500:], out.stderr[-500:])
    return float(match.group(1)) if match else None


# --- sections -----------------------------------------------------------------------------


def section_uncached(server: Server, repeat: int) -> dict:
    print("\n1. Uncached pin tiles: HTTP (gunicorn, tile cache off) vs the same SQL via psycopg")
    sizes = {}
    for z in range(6, 19, 2):
        tiles = [tile_of(*DENSEST, z)] + random_tiles(z, 6, seed=z)
        http, sql, worst = [], [], 0
        for tile in tiles:
            path = "/tiles/pins/%d/%d/%d.pbf" % tile
            server.get(path)  # warm the worker's connection and plan
            for _ in range(repeat):
                elapsed, body = server.get(path)
                http.append(elapsed)
                worst = max(worst, len(body))
            times, _ = direct(*statement_for(*tile), repeat)
            sql += times
        sizes[z] = worst
        ratio = statistics.median(http) / statistics.median(sql)
        target = "≤ 20 ms" if z <= 10 else "p95 ≤ 100 ms"
        row(
            "uncached", f"z{z} p50 / p95 (densest + 6 random)",
            f"{ms(statistics.median(http))} / {ms(pct(http, 95))}",
            f"SQL {ms(statistics.median(sql))} / {ms(pct(sql, 95))}; ×{ratio:.2f} (≤1.3); {target}",
        )  # fmt: skip
    return sizes


def section_throughput(server: Server, seconds: int) -> None:
    print("\n1b. Uncached throughput (4 connections) vs pgbench with prepared statements")
    for z in (12, 14):
        tiles = random_tiles(z, 200, seed=100 + z)
        urls = [server.url + "/tiles/pins/%d/%d/%d.pbf" % t for t in tiles]
        result = wrk(urls, seconds=seconds, connections=4)
        tps = pgbench_tps(z, tiles, seconds=seconds, clients=4)
        rps = result.get("rps")
        share = f"{rps / tps:.2f}" if rps and tps else "n/a"
        row(
            "throughput", f"z{z} req/s (wrk -c4)",
            f"{rps:.0f}" if rps else "wrk missing",
            f"pgbench {tps:.0f} tps; ratio {share} (≥ 0.33)" if tps else "pgbench missing",
        )  # fmt: skip


def section_cached(server: Server, seconds: int) -> None:
    print("\n2. Cached tiles (gunicorn, 2 workers) vs a bare Django view returning the same bytes")
    tiles = random_tiles(14, 50, seed=7)
    paths = ["/tiles/pins/%d/%d/%d.pbf" % t for t in tiles]
    _, body = server.get(paths[0])
    (RESULTS / "bare.pbf").write_bytes(body)
    for path in paths:  # fill the cache
        server.get(path)
    cached = wrk([server.url + p for p in paths], seconds=seconds, connections=8)
    bare = wrk([server.url + "/bench/bare/"], seconds=seconds, connections=8)
    if cached and bare:
        row("cached", "p50 / p99", f"{cached['p50']:.2f} ms / {cached['p99']:.2f} ms",
            f"bare {bare['p50']:.2f} / {bare['p99']:.2f} ms; p99 ≤ 5 ms")  # fmt: skip
        row("cached", "req/s (wrk -c8)", f"{cached['rps']:.0f}",
            f"bare {bare['rps']:.0f}; ratio {cached['rps'] / bare['rps']:.2f} (≥ 0.8)")  # fmt: skip


def section_geojson(repeat: int) -> None:
    print("\n3. GeoJSON bbox: PostGIS-built list vs DRF-GIS serializer vs bare SQL json_agg")
    from django.db import connection

    from bench.pins import geojson_list, naive_geojson_list
    from participatie.pins.models import Pin

    for target in (1_000, 7_000, 40_000):
        bbox = _bbox_with(target)
        queryset = Pin.objects.public().in_bbox(bbox)
        count = queryset.count()
        ours = _time(lambda: geojson_list(queryset), repeat)
        naive = _time(lambda: naive_geojson_list(queryset), max(1, repeat // 3))
        sql, params = queryset.values("id").query.sql_with_params()

        def bare():
            with connection.cursor() as c:
                c.execute(
                    "SELECT json_agg(json_build_object('type', 'Feature', 'id', p.id, 'geometry',"
                    " ST_AsGeoJSON(p.geom, 6)::json, 'properties', json_build_object('kind', p.kind,"
                    " 'status', p.status, 'title', p.title)))::text FROM pins_pin p"
                    f" WHERE p.id IN ({sql})",
                    params,
                )
                return c.fetchone()[0]

        reference = _time(bare, repeat)
        row("geojson", f"{count} features", ms(ours),
            f"naive {ms(naive)} (×{naive / ours:.0f}, ≥ 20); json_agg {ms(reference)} "
            f"(×{ours / reference:.2f}, ≤ 1.5)")  # fmt: skip


def _time(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _bbox_with(target: int) -> tuple[float, float, float, float]:
    """A box around the densest town holding about `target` public pins."""
    from participatie.pins.models import Pin

    low, high = 0.0005, 2.0
    lon, lat = DENSEST
    for _ in range(18):
        half = (low + high) / 2
        bbox = (lon - half * 1.6, lat - half, lon + half * 1.6, lat + half)
        n = Pin.objects.public().in_bbox(bbox).count()
        if abs(n - target) < target * 0.05:
            break
        low, high = (half, high) if n < target else (low, half)
    return bbox


def section_encoders(repeat: int) -> None:
    print(
        "\n4. Tile encoding: ST_AsMVT (ours) vs django-vectortiles vs mapbox-vector-tile in Python"
    )
    import mapbox_vector_tile
    from django.db import connection

    from maps.tiles.sql import render

    for z in (12, 14):
        z, x, y = tile_of(*DENSEST, z)
        ours = _time(lambda: render(*statement_for(z, x, y)), repeat)
        dvt = _django_vectortiles(z, x, y, repeat)

        def python_encode():
            with connection.cursor() as c:
                c.execute(
                    "SELECT ST_AsBinary(ST_AsMVTGeom(geom_3857, ST_TileEnvelope(%s, %s, %s),"
                    " 4096, 64, true)), id, kind, status FROM pins_pin p"
                    " WHERE geom_3857 && ST_TileEnvelope(%s, %s, %s) AND NOT is_hidden",
                    [z, x, y, z, x, y],
                )
                features = [
                    {"geometry": bytes(g), "id": i, "properties": {"kind": k, "status": s}}
                    for g, i, k, s in c.fetchall() if g
                ]  # fmt: skip
            return mapbox_vector_tile.encode(
                [{"name": "pins", "features": features}],
                default_options={"quantize_bounds": None, "y_coord_down": True},
            )

        python = _time(python_encode, max(1, repeat // 3))
        row("encoding", f"z{z} densest tile", ms(ours),
            f"django-vectortiles {dvt}; mapbox-vector-tile {ms(python)} (×{python / ours:.0f})")  # fmt: skip


def _django_vectortiles(z, x, y, repeat) -> str:
    try:
        from vectortiles import VectorLayer
    except ImportError:
        return "not installed"
    from participatie.pins.models import Pin

    class PinLayer(VectorLayer):
        model = Pin
        id = "pins"
        tile_fields = ("kind", "status", "title")
        geom_field = "geom"

        def get_queryset(self):
            return Pin.objects.public()

    layer = PinLayer()
    try:
        return ms(_time(lambda: layer.get_tile(x, y, z), repeat))
    except Exception as error:  # noqa: BLE001 (a comparison, not the product)
        return f"failed: {type(error).__name__}"


def section_viewport(uncached: Server, cached: Server) -> None:
    print("\n5. Viewport replay: the 20 tiles of a 1920×1080 view at z12, fired at once")
    z, cx, cy = tile_of(*DENSEST, 12)
    paths = [
        f"/tiles/pins/12/{cx + dx}/{cy + dy}.pbf" for dx in range(-2, 3) for dy in range(-2, 2)
    ]
    for name, server, target in (("uncached", uncached, "≤ 300 ms"), ("cached", cached, "≤ 50 ms")):
        if name == "cached":
            for p in paths:
                server.get(p)
        t = time.perf_counter()
        with ThreadPoolExecutor(max_workers=20) as pool:
            list(pool.map(server.get, paths))
        row("viewport", f"z12, 20 tiles, {name}", ms(time.perf_counter() - t), target)


def section_first_pins(server: Server) -> None:
    """Time until the map page has drawn its first pins, in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        row("viewport", "first pins drawn (Chromium)", "playwright missing", "≤ 1.5 s")
        return
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(server.url) else route.abort()
            ),
        )
        lon, lat = DENSEST
        t = time.perf_counter()
        page.goto(f"{server.url}/#12/52.99/6.56")  # Assen: the map page of the bench municipality
        try:
            page.wait_for_function("window.participatieMap && window.participatieMap.pinsDrawnAt",
                                   timeout=15000)  # fmt: skip
            elapsed = time.perf_counter() - t
            row("viewport", "first pins drawn (Chromium, z12)", ms(elapsed), "≤ 1.5 s")
        except Exception:  # noqa: BLE001
            row("viewport", "first pins drawn (Chromium, z12)", "not signalled", "≤ 1.5 s")
        browser.close()


def section_sizes_memory_freshness(sizes: dict, cached: Server) -> None:
    print("\n6. Tile size per zoom, server memory, and a new pin reaching its cached tile")
    for z, size in sizes.items():
        limit = "≤ 64 KB" if z <= 10 else "≤ 500 KB"
        row("size", f"largest sampled tile z{z}", f"{size / 1024:.1f} KB", limit)
    row("memory", "gunicorn RSS (master + 2 workers)", f"{cached.rss_mb():.0f} MB")
    row(
        "freshness",
        "post a pin → visible in its cached tile",
        _freshness(cached),
        "at once (purge)",
    )


def _freshness(server: Server) -> str:
    import mapbox_vector_tile

    from bench.pins import bench_pin_create

    lon, lat = 6.5611, 52.9927  # a pin must lie in the municipality (Assen)
    z, x, y = tile_of(lon, lat, 16)
    path = f"/tiles/pins/{z}/{x}/{y}.pbf"
    server.get(path)  # cached before the change
    t = time.perf_counter()
    pin = bench_pin_create(lon=lon, lat=lat)
    deadline = t + 10
    while time.perf_counter() < deadline:
        _, body = server.get(path)
        features = mapbox_vector_tile.decode(body).get("pins", {}).get("features", [])
        ids = {f["properties"].get("id") for f in features}  # the public id; no MVT id
        if pin.public_id in ids:
            return ms(time.perf_counter() - t)
    return "not visible after 10 s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=8, help="duration of each load test")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bare.pbf").write_bytes(b"")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # The cached server and this process share one tile cache, so a pin posted here purges
    # the server's tiles exactly as a post through the site would.
    cache_dir = tempfile.mkdtemp(prefix="bench-cache-cached-")
    os.environ["CACHE_DIR"] = cache_dir
    try:
        run(args)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from participatie.pins.models import Pin

    print(f"Benchmark database: {Pin.objects.count():,} pins "
          f"({Pin.objects.public().count():,} public); {os.cpu_count()} cores")  # fmt: skip
    random.seed(1)
    uncached = Server("uncached", tile_cache=False)
    try:
        cached = Server("cached", tile_cache=True, cache_dir=os.environ["CACHE_DIR"])
    except BaseException:
        uncached.stop()
        raise
    try:
        sizes = section_uncached(uncached, args.repeat)
        section_throughput(uncached, args.seconds)
        section_cached(cached, args.seconds)
        section_geojson(args.repeat)
        section_encoders(args.repeat)
        section_viewport(uncached, cached)
        section_first_pins(cached)
        section_sizes_memory_freshness(sizes, cached)
    finally:
        uncached.stop()
        cached.stop()
    print("\n| section | measure | value | reference / target |\n|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    (RESULTS / "latest.md").write_text("\n".join("| " + " | ".join(r) + " |" for r in ROWS) + "\n")


if __name__ == "__main__":
    main()
