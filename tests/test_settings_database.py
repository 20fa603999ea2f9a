"""The settings find the database the way the scripts do: DATABASE_URL, else the libpq
variables PGHOST, PGPORT, PGUSER and PGDATABASE with the defaults of scripts/db.sh
(127.0.0.1, 54329, participatie, participatie). `PGPORT=54401 manage.py ...` talks to the
server on port 54401, as `PGPORT=54401 make run` does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

# The test database is set up for tests marked django_db only.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
ASK_THE_SERVER = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute('select current_database(), inet_server_port(), current_user')\n"
    "    print(*c.fetchone())\n"
)


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PG")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(django_db_setup, django_db_blocker) -> dict:
    from django.db import connection

    with django_db_blocker.unblock():
        return dict(connection.settings_dict)


def test_manage_py_talks_to_the_server_and_database_the_pg_variables_name(server):
    result = manage(
        {
            "PGHOST": server["HOST"],
            "PGPORT": str(server["PORT"]),
            "PGUSER": server["USER"],
            "PGDATABASE": server["NAME"],
        },
        "shell",
        "-c",
        ASK_THE_SERVER,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        server["NAME"],
        str(server["PORT"]),
        server["USER"],
    ]


def test_pgport_alone_moves_the_connection_to_that_port(server):
    nobody_listens = free_port()

    result = manage({"PGPORT": str(nobody_listens)}, "shell", "-c", ASK_THE_SERVER)

    assert result.returncode != 0
    assert f"port {nobody_listens} failed" in result.stderr
    assert "54329" not in result.stderr


def test_database_url_wins_over_the_pg_variables(server):
    url = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT']}/{server['NAME']}"

    result = manage(
        {"DATABASE_URL": url, "PGPORT": str(free_port()), "PGDATABASE": "elsewhere"},
        "shell",
        "-c",
        ASK_THE_SERVER,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[:2] == [server["NAME"], str(server["PORT"])]


def test_without_any_variable_the_settings_name_the_scripts_cluster(monkeypatch):
    from participatie.env import env_database_url

    for name in ("DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)
    assert env_database_url() == "postgres://participatie@127.0.0.1:54329/participatie"
    monkeypatch.setenv("PGPORT", "54401")
    assert env_database_url() == "postgres://participatie@127.0.0.1:54401/participatie"


def test_a_pgport_that_is_no_number_stops_the_start_with_its_name(server):
    result = manage({"PGPORT": "5432x"}, "check")

    assert result.returncode != 0
    assert "PGPORT must be an integer, not '5432x'" in result.stderr
