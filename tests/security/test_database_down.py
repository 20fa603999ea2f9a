"""PostgreSQL stops during traffic and comes back: the site answers 503 with Retry-After
meanwhile (problem details for the API, a short Dutch page for pages), never a 500, and the
same gunicorn serves again once the database is back, without a restart. No pin whose POST
was answered 201 is lost.

A real PostgreSQL of its own, stopped with `pg_ctl stop -m immediate` (what a crash or a
failover does to the connections), not the shared test cluster: initdb into a temporary
directory, a free port, the project's migrations and reference data, and gunicorn as
`make run` serves it (tests/production/server.py).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
import requests

from tests.production.server import ROOT, Server, free_port

pytestmark = pytest.mark.http_path

PROBLEM_JSON = "application/problem+json"
DEADLINE = 30  # seconds for the server to answer again (it needs one request per worker)
# Inside Assen (the Brink, the town centre): a place a pin may be.
ASSEN = [6.5636, 52.9929]


class Cluster:
    """A throwaway PostgreSQL cluster; as root it runs as the `postgres` user, since
    PostgreSQL refuses to run as root (as scripts/db.sh does)."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        assert bins, "PostgreSQL is not installed"
        self.bin = Path(bins[-1])
        self.home = Path(tempfile.mkdtemp(prefix="participatie-dbdown-"))
        self.data = self.home / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.home, "postgres")
        self.url = f"postgres://participatie@127.0.0.1:{self.port}/participatie"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.home,
        )

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "participatie", "--auth=trust")
        # fsync off: a throwaway cluster. synchronous_commit stays on: a commit is in the
        # WAL before the server says so, which is what "nothing acknowledged is lost" needs.
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.home}'",
            "fsync = off",
            "full_page_writes = off",
        ]
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n".join(settings) + "\n")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "participatie",
                 "participatie")  # fmt: skip

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.home / "log"), "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


# One Django start for the whole set-up: the migrations, the areas and categories, and a
# confirmed resident with an API token and a signed-in session.
SET_UP = """
import io
from django.core.management import call_command
from django.utils import timezone
for command in ("migrate", "load_assen", "load_categories"):
    call_command(command, stdout=io.StringIO())
from participatie.accounts.models import User
from participatie.accounts.services import api_token_create
user = User.objects.create_user(
    username="storing@example.org", email="storing@example.org", password=None,
    display_name="Storing", email_verified_at=timezone.now(),
)
print(api_token_create(user=user, label="storing")[1])
from tests.participatie.accounts.otp import session_key_for
print(session_key_for(user))
"""


@pytest.fixture(scope="module")
def site():
    """(cluster, server, token, session key): the site on a database of its own."""
    cluster = Cluster()
    try:
        cluster.create()
        token, session = manage(cluster.url, "shell", "-c", SET_UP).strip().splitlines()[-2:]
        env = {"ANON_THROTTLE_RATE": "100000/minute", "PIN_POST_RATE": "100000/hour"}
        with Server(database_url=cluster.url, env=env, workers=2) as server:
            yield cluster, server, token, session
    finally:
        cluster.remove()


class PinPoster(threading.Thread):
    """Posts pins one after the other until stopped, and keeps every answer."""

    def __init__(self, url: str, token: str):
        super().__init__(daemon=True)
        self.url, self.token = url, token
        self.answers: list[tuple[str, int, requests.Response]] = []
        self.halt = threading.Event()
        self.changed = threading.Condition()

    def run(self) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Token {self.token}"
            n = 0
            while not self.halt.is_set():
                n += 1
                title = f"Storingstest {n}"
                response = session.post(
                    self.url + "/api/v1/public/pins/", json=pin(title), timeout=30
                )
                with self.changed:
                    self.answers.append((title, response.status_code, response))
                    self.changed.notify_all()

    def wait_for(self, condition, timeout: float = DEADLINE) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: condition(self.answers), timeout), [
                status for _, status, _ in self.answers
            ]


def pin(title: str) -> dict:
    return {
        "kind": "complaint",
        "category": "straat-en-stoep",
        "title": title,
        "description": "Gemeld terwijl de database uitviel.",
        "location": {"type": "Point", "coordinates": ASSEN},
    }


def count(answers, status: int) -> int:
    return sum(1 for _, code, _ in answers if code == status)


def assert_unavailable_problem(response) -> None:
    assert response.status_code == 503, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"] == PROBLEM_JSON
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert (body["status"], body["title"]) == (503, "Service Unavailable")
    assert body["detail"]


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_by_itself(site):
    cluster, server, token, session = site
    started = time.monotonic()
    page, api = server.url + "/gebieden/", server.url + "/api/v1/public/categories/"
    nl = {"Accept-Language": "nl"}
    resident = requests.Session()  # signed in: the page needs the session and the user
    resident.cookies.set("sessionid", session)
    own_pins = server.url + "/meldingen/mijn/"
    assert requests.get(page, headers=nl, timeout=30).status_code == 200
    assert requests.get(api, timeout=30).status_code == 200
    assert resident.get(own_pins, headers=nl, timeout=30, allow_redirects=False).status_code == 200

    poster = PinPoster(server.url, token)
    poster.start()
    try:
        poster.wait_for(lambda answers: count(answers, 201) >= 5)
        cluster.stop()  # during traffic: the poster does not wait for it
        stopped = time.monotonic()
        poster.wait_for(lambda answers: count(answers, 503) >= 4)

        # Every worker's connection is gone: ask more often than there are workers.
        for _ in range(4):
            for answer in (
                requests.get(page, headers=nl, timeout=30),
                resident.get(own_pins, headers=nl, timeout=30, allow_redirects=False),
            ):
                assert answer.status_code == 503, (answer.status_code, answer.text[:300])
                assert answer.headers["Content-Type"].startswith("text/html")
                assert int(answer.headers["Retry-After"]) > 0
                assert "Tijdelijk niet beschikbaar" in answer.text
            assert_unavailable_problem(requests.get(api, timeout=30))
        (_, _, refused) = next(a for a in reversed(poster.answers) if a[1] == 503)
        assert_unavailable_problem(refused)

        cluster.start()
        restarted = time.monotonic()
        # The same gunicorn, no restart: each worker replaces its broken connection.
        deadline = restarted + DEADLINE
        while requests.get(api, timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the API did not come back"
        recovered = time.monotonic()
        assert [requests.get(api, timeout=30).status_code for _ in range(6)] == [200] * 6
        assert requests.get(page, headers=nl, timeout=30).status_code == 200
        mine = resident.get(own_pins, headers=nl, timeout=30, allow_redirects=False)
        assert mine.status_code == 200 and "Storingstest " in mine.text
        posted = len(poster.answers)
        poster.wait_for(lambda answers: count(answers[posted:], 201) >= 3)
    finally:
        poster.halt.set()
        poster.join(30)
    assert server.process.poll() is None, "the server was restarted or died"

    statuses = {status for _, status, _ in poster.answers}
    assert statuses <= {201, 503}, [status for _, status, _ in poster.answers]
    # Nothing else answered a 500 either (gunicorn's access log: `"GET /… HTTP/1.1" 500`).
    assert '" 500 ' not in server.log.read_text(errors="replace")
    acknowledged = {title for title, status, _ in poster.answers if status == 201}
    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://")) as db:
        stored = {
            row[0]
            for row in db.execute("select title from pins_pin where title like 'Storingstest %'")
        }
    assert acknowledged <= stored, sorted(acknowledged - stored)
    print(
        f"\n{len(poster.answers)} pin posts: {count(poster.answers, 201)} x 201, "
        f"{count(poster.answers, 503)} x 503; down {restarted - stopped:.1f} s, "
        f"back {recovered - restarted:.2f} s after the start; {time.monotonic() - started:.1f} s"
    )
