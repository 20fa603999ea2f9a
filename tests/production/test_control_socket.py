"""Each gunicorn of the project has a control socket of its own.

gunicorn's control socket (for `gunicornc`) defaults to one path per user,
~/.gunicorn/gunicorn.ctl: every server a user starts would listen there, and the last one
started takes it over from the others. scripts/serve.sh (`make run`, these production
servers, the Docker image) names one per server: in the data directory, after the port.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.django_db


def unix_sockets_of(pid: int) -> set[str]:
    """The paths of the Unix sockets a process has open (from /proc, as `ss -xlp` would)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target.removeprefix("socket:[").rstrip("]"))
    paths = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in inodes:
            paths.add(fields[7])
    return paths


def shared_default() -> str:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, "gunicorn.ctl")
    return os.path.expanduser("~/.gunicorn/gunicorn.ctl")


def test_the_production_server_listens_on_its_own_control_socket_only(start_server):
    server = start_server(workers=1)

    assert stat.S_ISSOCK(server.control_socket.stat().st_mode)
    assert unix_sockets_of(server.process.pid) == {str(server.control_socket)}
    assert shared_default() not in unix_sockets_of(server.process.pid)


def test_make_runs_server_puts_its_socket_in_the_data_directory_named_after_its_port(
    start_server, tmp_path
):
    # serve.sh's default, as `make run` starts it: DATA_DIR (.local/ of the checkout).
    first = start_server(
        workers=1, GUNICORN_CONTROL_SOCKET="", DATA_DIR=str(tmp_path), SECRET_KEY="x" * 50
    )
    second = start_server(
        workers=1, GUNICORN_CONTROL_SOCKET="", DATA_DIR=str(tmp_path), SECRET_KEY="x" * 50
    )

    assert unix_sockets_of(first.process.pid) == {str(tmp_path / f"gunicorn-{first.port}.ctl")}
    assert unix_sockets_of(second.process.pid) == {str(tmp_path / f"gunicorn-{second.port}.ctl")}
    first.stop()
    # gunicorn removes its socket when it stops; the other server keeps its own.
    assert not (tmp_path / f"gunicorn-{first.port}.ctl").exists()
    assert (tmp_path / f"gunicorn-{second.port}.ctl").exists()


def test_off_starts_the_server_without_a_control_socket(start_server):
    server = start_server(workers=1, GUNICORN_CONTROL_SOCKET="off")

    assert unix_sockets_of(server.process.pid) == set()
    assert requests.get(server.url + "/account/privacy/", timeout=30).status_code == 200
