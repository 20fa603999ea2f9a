"""The workspace's speed on the benchmark database (python -m bench.workspace, or
bench/run.sh --workspace; make bench runs it after the map benchmark).

A wijkteam member of one district, logged in with both steps, asks over real HTTP (gunicorn,
two workers) for the workspace filtered on their district: the table page, the table
fragment the page script swaps in, and the map's data (cells for clusters and heat, counts
per neighbourhood, confidential counts). Interleaved with each, in the same round, the
reference: exactly the SQL that request runs (captured once through Django), replayed
through psycopg on a warmed connection. Several rounds; the reference is the median of the
rounds' medians. Target: p95 ≤ 300 ms for each.

Two districts: the benchmark grid's fullest (the worst case) and Assen's Lariks (real CBS
outlines, as the product has them).

The generated pins have no areas or handling yet; the first run gives them their
neighbourhood and district (real CBS areas before the benchmark grid), the category's
partner, a due date from the category's response time and a first answer for those past
"new", as routing would have — once per generated size.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
import urllib.request
from pathlib import Path

from bench.measure import RESULTS, Server, ms, pct

TARGET = 0.300
DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH(OUT)? HOLD )?FOR ')
ASSEN_DISTRICT = "WK010601"  # Lariks
ROUTE_SQL = """
UPDATE pins_pin p SET
    neighbourhood_id = s.hood_id,
    district_id = s.district_id,
    partner_id = c.default_partner_id,
    due_at = p.created_at + make_interval(days => c.response_days),
    responded_at = CASE WHEN p.status <> 'new'
        THEN least(now(), p.created_at + random() * interval '15 days') END
FROM (
    SELECT q.id, h.id AS hood_id, coalesce(h.parent_id, d.id) AS district_id
    FROM pins_pin q
    LEFT JOIN LATERAL (
        SELECT a.id, a.parent_id FROM maps_area a
        WHERE a.level = 'neighbourhood' AND ST_Intersects(a.geom, q.geom)
        ORDER BY a.code LIKE 'BUB%%', a.id LIMIT 1) h ON true
    LEFT JOIN LATERAL (
        SELECT a.id FROM maps_area a
        WHERE h.id IS NULL AND a.level = 'district' AND ST_Intersects(a.geom, q.geom)
        ORDER BY a.code LIKE 'WKB%%', a.id LIMIT 1) d ON true
) s, pins_category c
WHERE s.id = p.id AND c.id = p.category_id
"""


def prepare() -> None:
    from django.db import connection

    from participatie.pins.clusters import REBUILD_SQL

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE district_id IS NULL) FROM pins_pin")
        total, missing = cursor.fetchone()
        if not total or missing < total * 0.01:
            return
        print(f"Routing {missing:,} generated pins to their areas and partners (once)", flush=True)
        t = time.perf_counter()
        cursor.execute("ALTER TABLE pins_pin DISABLE TRIGGER USER")
        cursor.execute(ROUTE_SQL)
        cursor.execute("ALTER TABLE pins_pin ENABLE TRIGGER USER")
        cursor.execute(REBUILD_SQL)  # the clusters count per neighbourhood too
    with connection.cursor() as cursor:  # autocommit: VACUUM runs outside a transaction
        cursor.execute("VACUUM ANALYZE pins_pin")
    print(f"  done in {time.perf_counter() - t:.0f} s", flush=True)


def fullest_district() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.code FROM pins_pin p JOIN maps_area a ON a.id = p.district_id "
            "GROUP BY a.code ORDER BY count(*) DESC LIMIT 1"
        )
        return cursor.fetchone()[0]


def member_of(code: str):
    """A wijkteam member of the district (Actium), with a confirmed authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from maps.models import Area
    from maps.partners.models import Partner
    from participatie.accounts.models import User

    user, _ = User.objects.get_or_create(
        username=f"bench-wijkteam-{code}",
        defaults={"email": f"bench-wijkteam-{code.lower()}@example.org", "role": "wijkteam"},
    )
    user.partner = Partner.objects.filter(slug="actium").first()
    user.save()
    user.districts.set(Area.objects.filter(code=code))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user


def session_of(user) -> str:
    """A session logged in with both steps (password and code), as a browser has it."""
    from django.conf import settings
    from django.test import Client, RequestFactory
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    otp_login(request, TOTPDevice.objects.get(user=user, confirmed=True))
    request.session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def captured_sql(user, cookie: str, path: str) -> list[str]:
    """The SQL one request runs, as text psycopg can run again."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    statements = []
    for query in queries.captured_queries:
        if query["sql"].startswith(("SAVEPOINT", "RELEASE")):
            continue
        # A server-side cursor (QuerySet.iterator, e.g. a form's choices): the same SELECT,
        # read at once.
        statements.append(DECLARE.sub("", query["sql"]))
    return statements


def fetch(url: str, cookie_header: str) -> tuple[float, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie_header})
    t = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as r:
        size = len(r.read())
    return time.perf_counter() - t, size


def measure(
    server: Server,
    cookie_header: str,
    path: str,
    statements: list[str],
    *,
    rounds: int,
    repeat: int,
):
    import psycopg

    http, round_medians, size = [], [], 0
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("SET TIME ZONE 'UTC'")

        def replay() -> float:
            t = time.perf_counter()
            for statement in statements:
                cursor = conn.execute(statement)  # no parameters: the text runs as it is
                if cursor.description:
                    cursor.fetchall()
            return time.perf_counter() - t

        fetch(server.url + path, cookie_header)  # warm the workers' connections and plans
        fetch(server.url + path, cookie_header)
        replay()
        for _ in range(rounds):
            sql = []
            for _ in range(repeat):
                elapsed, size = fetch(server.url + path, cookie_header)
                http.append(elapsed)
                sql.append(replay())
            round_medians.append(statistics.median(sql))
    return http, statistics.median(round_medians), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    RESULTS.mkdir(exist_ok=True)
    import django

    django.setup()
    from django.conf import settings

    from participatie.pins.models import Pin

    prepare()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"\nWorkspace benchmark: {Pin.objects.count():,} pins; {os.cpu_count()} cores; "
        f"load average {load} (other work on the machine slows every figure)"
    )
    districts = [fullest_district(), ASSEN_DISTRICT]
    server = Server("workspace", tile_cache=True)
    rows = []
    try:
        for code in districts:
            user = member_of(code)
            cookie = session_of(user)
            cookie_header = f"{settings.SESSION_COOKIE_NAME}={cookie}"
            count = Pin.objects.visible_to(user).within_area(code).count()
            print(f"\n  district {code}: {count:,} pins visible to its wijkteam member")
            for name, path in (
                ("table page", f"/werkruimte/?area={code}"),
                ("table fragment", f"/werkruimte/resultaten/?area={code}"),
                ("map data", f"/werkruimte/kaart/?area={code}"),
            ):
                statements = captured_sql(user, cookie, path)
                http, sql, size = measure(
                    server, cookie_header, path, statements, rounds=args.rounds, repeat=args.repeat
                )
                p50, p95 = statistics.median(http), pct(http, 95)
                verdict = "yes" if p95 <= TARGET else "NO"
                line = (
                    f"{code}", name, f"{ms(p50)} / {ms(p95)}",
                    f"SQL {ms(sql)} ({len(statements)} queries); ×{p50 / sql:.1f}; "
                    f"{size / 1024:.0f} KB; p95 ≤ 300 ms: {verdict}",
                )  # fmt: skip
                rows.append(line)
                print(f"  {name:<16} p50 / p95 {line[2]:<24} {line[3]}", flush=True)
    finally:
        server.stop()
    table = ["| district | request | p50 / p95 (HTTP) | reference |", "|---|---|---|---|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    table.append(f"\nLoad average at the end: {load} on {os.cpu_count()} cores.")
    print("\n" + "\n".join(table))
    Path(RESULTS / "workspace.md").write_text("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
