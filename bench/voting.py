"""The vote under load: 200 voters at a time over real HTTP for 60 s (python -m bench.voting,
or bench/run.sh --voting).

A redesign project in its voting phase, on a database of its own (participatie_bench_voting
on the same PostGIS), served by gunicorn as scripts/serve.sh starts it (sync workers,
WEB_WORKERS, access log), on 127.0.0.1 only. 200 concurrent clients each take the next
voter from a queue and POST a ballot to the public vote API: a household's voting code
(default), or a verified resident's API token (--who residents). One voter in ten is
submitted twice at the same moment by two clients, as a double-clicked form or a second
device would: exactly one of the two must be accepted (201) and the other refused (409).

Reported: ballots per second, latency (p50/p95/p99) of the vote requests, errors (anything
else than that one 201 per voter and 409 per duplicate: target 0), and exactness: ballots
in the database = participations = distinct voters whose vote was accepted = distinct
voters who tried, and the count per option in the database equals the clients' own tally.
Then voting is closed, which seals the ballot box (services/seal.py), and that is timed.

The anonymous API throttle is raised for this server only: in production voters come from
many addresses, here they all come from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
DATABASE = "participatie_bench_voting"
TITLE = "Benchmark: herinrichting Teststraat"
DUPLICATE_SHARE = 0.10


def database_url() -> str:
    """This benchmark's own database next to the configured one (made when missing)."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://participatie@127.0.0.1:54329/participatie")
    server = base.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{server}/{DATABASE}"


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participatie.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    from maps.models import Area

    if not Area.objects.neighbourhoods().exists():
        print("Loading Assen's areas into the benchmark database (once)", flush=True)
        call_command("load_assen", verbosity=0)


# --- the vote and its voters ------------------------------------------------------------


@dataclass
class Voter:
    key: str  # a code, or a token
    choice: int
    duplicate: bool = False


def project_create(who: str):
    """A project open for voting, made through the designers' services."""
    from django.contrib.gis.geos import LineString
    from django.utils import timezone

    from maps.models import Area
    from participatie.accounts.models import User
    from participatie.voting import services
    from participatie.voting.models import RedesignProject

    RedesignProject.objects.filter(title__startswith=TITLE).delete()  # earlier runs
    designer, _ = User.objects.get_or_create(
        username="bench-designer",
        defaults={"email": "bench-designer@example.org", "role": User.Role.DESIGNER},
    )
    hood = Area.objects.neighbourhoods().order_by("code").first()
    spot = hood.geom.point_on_surface
    street = LineString((spot.x - 0.0005, spot.y), (spot.x + 0.0005, spot.y), srid=4326)
    now = timezone.now()
    project = services.project_save(
        by=designer,
        title=f"{TITLE} {now:%Y-%m-%d %H:%M:%S}",
        description="Benchmark.",
        geom=street,
        eligible_area_codes=[hood.code],
        eligibility=(
            RedesignProject.Eligibility.CODES
            if who == "codes"
            else RedesignProject.Eligibility.RESIDENTS
        ),
        voting_opens_at=now - dt.timedelta(minutes=1),
        voting_closes_at=now + dt.timedelta(hours=2),
    )
    for title in ("Ontwerp A", "Ontwerp B", "Ontwerp C"):
        services.option_save(by=designer, project=project, title=title, description=title)
    services.project_publish(by=designer, project=project)
    return project, designer, hood


def codes_issue(project, count: int) -> list[str]:
    """Voting codes for `count` households, inserted in bulk (the service issues them one
    by one, which is right for 20,000 letters and slow for a benchmark's pool)."""
    from participatie.voting import keys
    from participatie.voting.models import VotingCode

    codes = list({keys.new_code() for _ in range(count)})
    VotingCode.objects.bulk_create(
        [
            VotingCode(
                project=project, code_hash=keys.code_hash(project.pk, c), address=f"Bench {i}"
            )
            for i, c in enumerate(codes)
        ],
        batch_size=5000,
    )
    return codes


def residents_make(hood, count: int) -> list[str]:
    """Verified residents of the area with API tokens, inserted in bulk."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from participatie.accounts.models import ApiToken, User

    User.objects.filter(username__startswith="bench-voter-").delete()
    password = make_password(None)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-voter-{i}",
                email=f"bench-voter-{i}@example.org",
                password=password,
                email_verified_at=now,
                home_neighbourhood=hood,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    keys = [secrets.token_urlsafe(30) for _ in users]
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user=user,
                label="bench",
                key_hash=ApiToken.hash_key(key),
                prefix=key[:8],
                password_fingerprint=user.get_session_auth_hash(),
            )
            for user, key in zip(users, keys, strict=True)
        ],
        batch_size=5000,
    )
    return keys


def voters_queue(keys: list[str], options: list[int], seed: int) -> deque[Voter]:
    """Each key once; one in ten right after itself again (two clients at the same time)."""
    rng = random.Random(seed)
    queue: deque[Voter] = deque()
    for key in keys:
        voter = Voter(key, rng.choice(options))
        queue.append(voter)
        if rng.random() < DUPLICATE_SHARE:
            queue.append(Voter(key, rng.choice(options), duplicate=True))
    return queue


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_start(
    url: str, workers: int, warm_path: str, cache_dir: str
) -> tuple[subprocess.Popen, int]:
    """gunicorn as scripts/serve.sh starts it (sync workers, access log), on loopback."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "participatie.settings",
        "ANON_THROTTLE_RATE": "100000000/minute",
        # 200 voters from one address: the per-address limit on code attempts would refuse
        # the double submissions after 20; the benchmark measures the vote, not the limit.
        "VOTING_CODE_RATE": "100000000/h",
        "CACHE_DIR": cache_dir,
    }
    log = open(RESULTS / "server-voting.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "participatie.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", "-", "--error-logfile", "-",
         # Not the user's shared ~/.gunicorn/gunicorn.ctl: another gunicorn may hold it.
         "--no-control-socket"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    # Ready when every worker has answered (the port opens before the workers have loaded
    # Django): as many answered requests in a row as there are workers, and a few more.
    deadline, answered = time.monotonic() + 120, 0
    while time.monotonic() < deadline and answered < 4 * workers:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{warm_path}", timeout=30).read()
            answered += 1
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    if answered >= 4 * workers:
        return process, port
    process.kill()
    process.wait(10)
    raise RuntimeError(f"the server did not start; see {log.name}")


# --- the clients ------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    accepted: Counter = field(default_factory=Counter)  # key → 201s
    refused: Counter = field(default_factory=Counter)  # key → 409s
    per_option: Counter = field(default_factory=Counter)  # option → accepted ballots
    tried: set = field(default_factory=set)
    errors: Counter = field(default_factory=Counter)  # what went wrong → how often
    first_error: str = ""


async def post(port: int, path: str, body: bytes, headers: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Accept-Language: en\r\nConnection: close\r\n{headers}\r\n"
            ).encode()
            + body
        )
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, payload = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), payload


async def client(port, path, who, queue: deque[Voter], tally: Tally, until: float) -> None:
    while queue and time.monotonic() < until:
        voter = queue.popleft()
        tally.tried.add(voter.key)
        body = {"choices": [voter.choice]}
        headers = ""
        if who == "codes":
            body["code"] = voter.key
        else:
            headers = f"Authorization: Token {voter.key}\r\n"
        t = time.perf_counter()
        try:
            status, payload = await asyncio.wait_for(
                post(port, path, json.dumps(body).encode(), headers), timeout=60
            )
        except (OSError, TimeoutError, ValueError, IndexError) as exc:
            tally.errors[type(exc).__name__] += 1
            tally.first_error = tally.first_error or repr(exc)
            continue
        tally.latencies.append(time.perf_counter() - t)
        if status == 201:
            tally.accepted[voter.key] += 1
            tally.per_option[voter.choice] += 1
        elif status == 409:
            tally.refused[voter.key] += 1
        else:
            tally.errors[f"HTTP {status}"] += 1
            tally.first_error = tally.first_error or payload[:300].decode(errors="replace")


async def load(port, path, who, queue, clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    start = time.monotonic()
    await asyncio.gather(
        *(client(port, path, who, queue, tally, start + seconds) for _ in range(clients))
    )
    return tally, time.monotonic() - start


# --- the report -------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--who", choices=["codes", "residents"], default="codes")
    parser.add_argument("--pool", type=int, default=40000, help="voters prepared")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)

    url = database_url()
    django_setup(url)
    from participatie.voting import selectors, services
    from participatie.voting.models import Ballot, Participation

    project, designer, hood = project_create(args.who)
    print(f"Preparing {args.pool:,} voters ({args.who})", flush=True)
    keys = (
        codes_issue(project, args.pool) if args.who == "codes" else residents_make(hood, args.pool)
    )
    options = list(project.options.values_list("pk", flat=True))
    queue = voters_queue(keys, options, args.seed)
    duplicates_queued = sum(v.duplicate for v in queue)

    cache_dir = tempfile.mkdtemp(prefix="bench-voting-cache-")
    try:
        process, port = server_start(
            url, args.workers, f"/api/v1/public/redesigns/{project.slug}/", cache_dir
        )
    except BaseException:
        shutil.rmtree(cache_dir, ignore_errors=True)
        raise
    try:
        print(
            f"Voting: {args.clients} clients for {args.seconds:.0f} s against gunicorn "
            f"({args.workers} sync workers) on 127.0.0.1:{port}",
            flush=True,
        )
        path = f"/api/v1/public/redesigns/{project.slug}/vote/"
        tally, elapsed = asyncio.run(load(port, path, args.who, queue, args.clients, args.seconds))
    finally:
        process.terminate()
        try:
            process.wait(60)  # gunicorn's workers finish what they are doing first
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        shutil.rmtree(cache_dir, ignore_errors=True)

    ballots = Ballot.objects.filter(project=project).count()
    participations = Participation.objects.filter(project=project).count()
    voted = len(tally.accepted)
    stored_per_option = {r.option_id: r.votes for r in selectors.results(project).options}
    twice_accepted = sum(1 for n in tally.accepted.values() if n > 1)
    never_accepted = len(tally.tried - set(tally.accepted))
    # A refused duplicate is right only for a voter who was accepted once.
    wrongly_refused = sum(1 for k in tally.refused if tally.accepted[k] != 1)
    errors = sum(tally.errors.values()) + twice_accepted + never_accepted + wrongly_refused
    exact = ballots == participations == voted == len(tally.tried) and all(
        stored_per_option.get(o, 0) == tally.per_option[o] for o in options
    )
    t = time.perf_counter()
    services.voting_close(by=designer, project=project)
    sealing = time.perf_counter() - t
    sealed_ok = Ballot.objects.filter(project=project).count() == ballots

    lines = [
        f"Vote benchmark: {args.clients} concurrent voters over HTTP for {elapsed:.1f} s "
        f"({args.who}; gunicorn, {args.workers} sync workers, as scripts/serve.sh)",
        f"  requests answered          {len(tally.latencies):,}",
        f"  ballots accepted (201)     {voted:,}  = {voted / elapsed:.1f} ballots/s",
        f"  latency of a vote          p50 {pct(tally.latencies, 50) * 1000:.0f} ms, "
        f"p95 {pct(tally.latencies, 95) * 1000:.0f} ms, p99 {pct(tally.latencies, 99) * 1000:.0f} ms"
        if tally.latencies
        else "  latency of a vote          -",
        f"  simultaneous duplicates    {sum(tally.refused.values()):,} refused (409) "
        f"of {duplicates_queued:,} queued",
        f"  errors                     {errors} (target 0)"
        + (f": {dict(tally.errors)}" if tally.errors else "")
        + (f", accepted twice {twice_accepted}" if twice_accepted else "")
        + (f", never accepted {never_accepted}" if never_accepted else "")
        + (f", refused without a ballot {wrongly_refused}" if wrongly_refused else ""),
        f"  ballots = distinct voters  {'yes' if exact else 'NO'}: {ballots:,} ballots, "
        f"{participations:,} participations, {voted:,} voters accepted of "
        f"{len(tally.tried):,} who tried; per option {dict(sorted(stored_per_option.items()))} "
        f"{'=' if exact else '≠'} the clients' tally",
        f"  sealing at close           {sealing * 1000:.0f} ms for {ballots:,} ballots "
        f"({'unchanged count' if sealed_ok else 'COUNT CHANGED'})",
    ]
    if tally.first_error:
        lines.append(f"  first error: {tally.first_error}")
    if not queue:
        lines.append("  (the prepared voters ran out before the time was up: raise --pool)")
    report = "\n".join(lines)
    print(report)
    (RESULTS / f"voting-{args.who}.txt").write_text(report + "\n")
    return 0 if errors == 0 and exact and sealed_ok else 1


if __name__ == "__main__":
    sys.exit(main())
