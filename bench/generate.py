"""Benchmark data, generated inside PostgreSQL from a fixed seed (python -m bench.generate).

- N pins (default 1,000,000): 80% in Gaussian clusters around 40 Dutch towns (Assen among
  them), 20% uniform over the Netherlands' extent; ~3% in sensitive categories and 1%
  hidden, so the visibility rules do real work.
- ~35,000 area polygons (a bench municipality, 3,500 districts, 35,000 neighbourhoods: a
  hexagon-ish grid over the country).
- ~50,000 planned-works lines around the towns.

Pin cells (the low-zoom cluster aggregate) are rebuilt in one statement afterwards; the
row trigger is switched off during the bulk insert.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

NL = (3.36, 50.75, 7.22, 53.55)
TOWNS = [
    ("Amsterdam", 4.90, 52.37, 6), ("Rotterdam", 4.48, 51.92, 5), ("Den Haag", 4.30, 52.08, 5),
    ("Utrecht", 5.12, 52.09, 4), ("Eindhoven", 5.47, 51.44, 3), ("Groningen", 6.57, 53.22, 3),
    ("Tilburg", 5.09, 51.56, 2), ("Almere", 5.22, 52.37, 2), ("Breda", 4.78, 51.59, 2),
    ("Nijmegen", 5.86, 51.84, 2), ("Apeldoorn", 5.97, 52.21, 2), ("Arnhem", 5.90, 51.98, 2),
    ("Haarlem", 4.64, 52.38, 2), ("Enschede", 6.89, 52.22, 2), ("Amersfoort", 5.39, 52.16, 2),
    ("Zaanstad", 4.83, 52.44, 1), ("Den Bosch", 5.30, 51.69, 1), ("Zwolle", 6.09, 52.51, 1),
    ("Leiden", 4.49, 52.16, 1), ("Maastricht", 5.69, 50.85, 1), ("Dordrecht", 4.69, 51.81, 1),
    ("Zoetermeer", 4.49, 52.06, 1), ("Leeuwarden", 5.80, 53.20, 1), ("Emmen", 6.91, 52.78, 1),
    ("Assen", 6.56, 52.99, 2), ("Deventer", 6.16, 52.25, 1), ("Delft", 4.36, 52.01, 1),
    ("Venlo", 6.17, 51.37, 1), ("Alkmaar", 4.75, 52.63, 1), ("Helmond", 5.66, 51.48, 1),
    ("Hilversum", 5.18, 52.22, 1), ("Heerlen", 5.98, 50.89, 1), ("Oss", 5.52, 51.77, 1),
    ("Amstelveen", 4.86, 52.30, 1), ("Hengelo", 6.79, 52.27, 1), ("Purmerend", 4.95, 52.50, 1),
    ("Roosendaal", 4.47, 51.53, 1), ("Schiedam", 4.40, 51.92, 1), ("Lelystad", 5.47, 52.52, 1),
    ("Hoogeveen", 6.48, 52.73, 1),
]  # fmt: skip


def _towns_sql() -> str:
    rows = ", ".join(f"({i}, {lon}, {lat}, {w})" for i, (_, lon, lat, w) in enumerate(TOWNS))
    return f"(VALUES {rows}) AS towns(i, lon, lat, weight)"


def generate(cursor, *, pins: int, seed: float = 0.42) -> dict[str, float]:
    timings = {}
    cursor.execute("SELECT setseed(%s)", [seed])

    t = time.perf_counter()
    cursor.execute("SELECT id FROM pins_category WHERE is_public AND NOT is_sensitive ORDER BY id")
    public = [r[0] for r in cursor.fetchall()]
    cursor.execute("SELECT id FROM pins_category WHERE is_sensitive ORDER BY id")
    sensitive = [r[0] for r in cursor.fetchall()] or public
    if not public:
        sys.exit("no categories: run manage.py load_categories first")
    clustered = int(pins * 0.8)
    cursor.execute("ALTER TABLE pins_pin DISABLE TRIGGER USER")
    cursor.execute("TRUNCATE pins_pin CASCADE")
    # Towns get a share of the clustered pins by weight; positions are Gaussian around the
    # centre (Box–Muller), sigma 1.5–4 km.
    cursor.execute(
        f"""
        WITH towns AS (SELECT * FROM {_towns_sql()}),
        shares AS (
            SELECT i, lon, lat, (weight::float / sum(weight) OVER ()) AS share,
                   (0.015 + 0.025 * mod(i, 3) / 2.0) AS sigma FROM towns),
        slots AS (
            SELECT s.*, generate_series(1, ceil(share * %(clustered)s)::int) AS n FROM shares s),
        clustered AS (
            SELECT lon + sigma * 1.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x,
                   lat + sigma * sqrt(-2 * ln(1 - random())) * sin(2 * pi() * random()) AS y
            FROM slots LIMIT %(clustered)s),
        uniform AS (
            SELECT {NL[0]} + random() * {NL[2] - NL[0]} AS x, {NL[1]} + random() * {NL[3] - NL[1]} AS y
            FROM generate_series(1, %(uniform)s)),
        points AS (SELECT * FROM clustered UNION ALL SELECT * FROM uniform)
        INSERT INTO pins_pin (public_id, kind, category_id, title, description, geom, status,
            status_reason, is_hidden, hidden_reason, support_count, comment_count,
            report_count, is_demo, created_at, updated_at, contact_consent)
        SELECT translate(left(md5(random()::text || clock_timestamp()::text), 16), '0189', 'wxyz'),
               CASE WHEN random() < 0.55 THEN 'idea' ELSE 'complaint' END,
               CASE WHEN random() < 0.03
                    THEN (%(sensitive)s::bigint[])[1 + floor(random() * %(n_sensitive)s)::int]
                    ELSE (%(public)s::bigint[])[1 + floor(random() * %(n_public)s)::int] END,
               'Benchmark pin', '', ST_SetSRID(ST_MakePoint(x, y), 4326),
               (ARRAY['new','new','new','acknowledged','planned','done','declined'])
                   [1 + floor(random() * 7)::int],
               '', random() < 0.01, '', floor(random() * 20)::int, floor(random() * 5)::int, 0,
               true, now() - random() * interval '3 years', now(), false
        FROM points
        """,
        {
            "clustered": clustered,
            "uniform": pins - clustered,
            "public": public,
            "n_public": len(public),
            "sensitive": sensitive,
            "n_sensitive": len(sensitive),
        },
    )
    cursor.execute("ALTER TABLE pins_pin ENABLE TRIGGER USER")
    timings["pins inserted (s)"] = time.perf_counter() - t

    t = time.perf_counter()
    from participatie.pins.clusters import REBUILD_SQL

    cursor.execute(REBUILD_SQL)
    cursor.execute("ANALYZE pins_pin")
    timings["clusters rebuilt (s)"] = time.perf_counter() - t

    t = time.perf_counter()
    _areas(cursor)
    _works(cursor)
    timings["areas + works (s)"] = time.perf_counter() - t
    return timings


def _areas(cursor) -> None:
    """A bench municipality with 3,500 districts and 35,000 neighbourhoods over the country."""
    # The workspace benchmark's staff members work in benchmark districts.
    cursor.execute(
        "DELETE FROM accounts_user_districts WHERE area_id IN "
        "(SELECT id FROM maps_area WHERE code LIKE 'BUB%%' OR code LIKE 'WKB%%')"
    )
    cursor.execute("DELETE FROM maps_area WHERE code LIKE 'BUB%%' OR code LIKE 'WKB%%'")
    cursor.execute("DELETE FROM maps_area WHERE code = 'GMB000'")
    cursor.execute(
        f"""
        INSERT INTO maps_area (level, code, name, is_priority, geom, source, updated_at)
        VALUES ('municipality', 'GMB000', 'Benchmark', false,
                ST_Multi(ST_MakeEnvelope({NL[0]}, {NL[1]}, {NL[2]}, {NL[3]}, 4326)),
                'benchmark', now())
        """
    )
    # 250 x 140 neighbourhood cells; every 10 consecutive cells of a row form a district.
    cols, rows = 250, 140
    dx, dy = (NL[2] - NL[0]) / cols, (NL[3] - NL[1]) / rows
    cursor.execute(
        f"""
        INSERT INTO maps_area (level, code, name, is_priority, parent_id, geom, source, updated_at)
        SELECT 'district', 'WKB' || lpad((r * {cols // 10} + c)::text, 5, '0'),
               'Benchmarkwijk ' || (r * {cols // 10} + c), false,
               (SELECT id FROM maps_area WHERE code = 'GMB000'),
               ST_Multi(ST_MakeEnvelope({NL[0]} + c * 10 * {dx}, {NL[1]} + r * {dy},
                                         {NL[0]} + (c + 1) * 10 * {dx}, {NL[1]} + (r + 1) * {dy}, 4326)),
               'benchmark', now()
        FROM generate_series(0, {rows - 1}) r, generate_series(0, {cols // 10 - 1}) c
        """
    )
    # Neighbourhoods as 17-vertex rounded cells, so polygons have real vertices to clip.
    cursor.execute(
        f"""
        INSERT INTO maps_area (level, code, name, is_priority, parent_id, geom, source, updated_at)
        SELECT 'neighbourhood', 'BUB' || lpad((r * {cols} + c)::text, 6, '0'),
               'Benchmarkbuurt ' || (r * {cols} + c), false,
               d.id,
               ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint({NL[0]} + (c + 0.5) * {dx},
                                                          {NL[1]} + (r + 0.5) * {dy}), 4326),
                                  {min(dx, dy) * 0.49}, 'quad_segs=4')),
               'benchmark', now()
        FROM generate_series(0, {rows - 1}) r CROSS JOIN generate_series(0, {cols - 1}) c
        JOIN maps_area d ON d.code = 'WKB' || lpad((r * {cols // 10} + c / 10)::text, 5, '0')
        """
    )
    cursor.execute("ANALYZE maps_area")


def _works(cursor) -> None:
    cursor.execute("DELETE FROM maps_plannedwork WHERE name = 'Benchmark werk'")
    cursor.execute("SELECT id FROM partners_partner ORDER BY id LIMIT 1")
    owner = cursor.fetchone()[0]
    cursor.execute(
        f"""
        WITH towns AS (SELECT * FROM {_towns_sql()}),
        starts AS (
            SELECT lon + (random() - 0.5) * 0.2 AS x, lat + (random() - 0.5) * 0.12 AS y
            FROM towns, generate_series(1, 1250))
        INSERT INTO maps_plannedwork (name, description, is_demo, kind, status, owner_id,
                                      start_date, end_date, geom)
        SELECT 'Benchmark werk', '', true,
               (ARRAY['sewer','street','green'])[1 + floor(random() * 3)::int], 'planned', {owner},
               current_date + (random() * 300)::int, current_date + 300 + (random() * 300)::int,
               ST_SetSRID(ST_MakeLine(ARRAY[ST_MakePoint(x, y),
                   ST_MakePoint(x + (random() - 0.5) * 0.004, y + (random() - 0.5) * 0.003),
                   ST_MakePoint(x + (random() - 0.5) * 0.008, y + (random() - 0.5) * 0.006)]), 4326)
        FROM starts
        """
    )
    cursor.execute("ANALYZE maps_plannedwork")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pins", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        for name, seconds in generate(cursor, pins=args.pins).items():
            print(f"{name:<24} {seconds:8.1f}")


if __name__ == "__main__":
    main()
