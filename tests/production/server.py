"""The site served as `make run` serves it (scripts/serve.sh: gunicorn, the real settings),
on the test database, with only the environment a production host would give it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "scripts" / "serve.sh"

# What a host passes on to the server, whatever the test run has set for itself (a
# throttle override, DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE of the browser tests, ...).
PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SECRET_KEY")
PASSED_ON += ("GDAL_LIBRARY_PATH", "GEOS_LIBRARY_PATH")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, *, database_url: str, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="participatie-production-"))
        self.cache_dir = self.folder / "cache"
        self.media_root = self.folder / "media"
        self.cache_dir.mkdir()
        self.media_root.mkdir()
        self.env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
        self.env |= {
            "DATABASE_URL": database_url,
            # Collected once per test run with the manifest storage (tests/conftest.py).
            "STATIC_ROOT": os.environ["STATIC_ROOT"],
            # Its own cache: rate limits and tiles of other servers do not leak in.
            "CACHE_DIR": str(self.cache_dir),
            "MEDIA_ROOT": str(self.media_root),
            # serve.sh gives each server its own control socket; this one's is in its folder.
            "GUNICORN_CONTROL_SOCKET": str(self.folder / "gunicorn.ctl"),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_WORKERS": str(workers),
        }
        self.env |= env
        self.log = self.folder / "server.log"
        self.control_socket = Path(self.env["GUNICORN_CONTROL_SOCKET"])
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [str(SERVE)], env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
            )
        try:
            self._wait_until_it_answers()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_it_answers(self) -> None:
        # A page, not the API: the API's anonymous rate limit must start from zero.
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url + "/account/privacy/", timeout=(5, 60))
                return
            except requests.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start:\n" + self.log_text()) from None
                # Until the next try, wait on the process: it ends if the start fails.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(0.1)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
