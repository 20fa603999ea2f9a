"""Test set-up: a real PostGIS test database with Assen and the demo content loaded once.

pytest-django runs the transactional tests (browser tests, writes over real HTTP) after the
others; they flush the database when they finish, so they ask for `assen_db`, which loads
the reference data again when it is gone.

Clients (tests/clients.py): `api` and `signed_in(user)` answer in-process inside the test's
rolled-back transaction, the way most tests talk to the site; `http_api` (gunicorn) and
`http_signed_in(user)` (the live server) go over real HTTP, for the tests whose subject is
the HTTP path (marked `http_path`).
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import call_command
from django.utils.module_loading import import_string

from tests.ratelimits import unthrottled  # noqa: F401 (a fixture, used by name)

# Every run keeps its temporary folders (cache, static files) in one folder named after its
# process, removed at the end of the run, also when tests fail. A run that was killed
# cannot clean up after itself: the next run removes folders whose process is gone.
RUN_FOLDER_PREFIX = "participatie-test-run-"


def _stale_run_folders_remove() -> None:
    for folder in Path(tempfile.gettempdir()).glob(RUN_FOLDER_PREFIX + "*"):
        pid = folder.name.removeprefix(RUN_FOLDER_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def pytest_configure(config):
    from django.conf import settings

    _stale_run_folders_remove()
    run_folder = Path(tempfile.mkdtemp(prefix=f"{RUN_FOLDER_PREFIX}{os.getpid()}-"))
    config._participatie_run_folder = run_folder
    # A cache of our own, shared with the gunicorn test server, empty at every run.
    cache_dir = str(run_folder / "cache")
    os.environ["CACHE_DIR"] = cache_dir
    for alias, spec in settings.CACHES.items():
        if issubclass(import_string(spec["BACKEND"]), FileBasedCache):
            settings.CACHES[alias] = {**spec, "LOCATION": cache_dir}

    # Static files as production has them: collected with the manifest storage into a
    # STATIC_ROOT of this run (the environment variable reaches the gunicorn servers), so
    # a reference to a file that is not there fails a test instead of a user's page.
    static_root = str(run_folder / "static")
    os.environ["STATIC_ROOT"] = static_root
    settings.STATIC_ROOT = static_root
    call_command("collectstatic", "--noinput", verbosity=0)


def pytest_unconfigure(config):
    run_folder = getattr(config, "_participatie_run_folder", None)
    if run_folder is not None:
        shutil.rmtree(run_folder, ignore_errors=True)


def load_reference_data():
    call_command("load_assen", stdout=io.StringIO())
    call_command("load_demo", "--seed", "2012", stdout=io.StringIO())
    call_command("load_categories", stdout=io.StringIO())
    call_command("load_demo_pins", "--seed", "2012", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language, as a request without a language choice or
    a command does. Django keeps the language a request activated for the rest of its
    thread, so without this a test that calls a service directly read its messages in
    whatever language the test before it last requested, and passed or failed by order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_tile_cache():
    """Rolled-back tests never commit, so their purges never run: start each test with no
    rendered tiles rather than tiles of rows that no longer exist."""
    from django.core.cache import caches

    from maps import pagecache

    caches["tiles"].clear()
    # Nor page parts cached from a previous test's areas or categories (maps/pagecache.py).
    pagecache.purge()


@pytest.fixture
def assen_db(transactional_db):
    """Assen and the demo content, for tests that run outside a rolled-back transaction."""
    from maps.models import Area

    if not Area.objects.exists():
        load_reference_data()


@pytest.fixture(scope="session")
def http_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """The product served by gunicorn in its own process, on the session's test database.

    For tests of the HTTP path that read the shared reference data without flushing it.
    Tests of the HTTP path that write use `http_signed_in` (the live server, transactional).
    """
    from django.db import connection

    with django_db_blocker.unblock():
        database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ANON_THROTTLE_RATE": "100000/minute",
    }
    log = tmp_path_factory.mktemp("server") / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "participatie.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2"]
            # Not the user's shared ~/.gunicorn/gunicorn.ctl: another gunicorn may hold it.
            + ["--no-control-socket"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/public/areas/?level=municipality", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("test server did not start:\n" + log.read_text()) from None
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(10)


def _serve_static_as_production(application):
    """The live server's static handler: none. pytest-django's serves /static/ from the
    finders, which know no hashed names; this way whitenoise (in the middleware) serves the
    collected STATIC_ROOT, as in production."""
    return application


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address options), with production's static files."""
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _serve_static_as_production
    server.start()
    yield server
    server.stop()


@pytest.fixture
def api(db, unthrottled, django_capture_on_commit_callbacks):  # noqa: F811
    """The site in-process (DRF's APIClient), anonymous, inside the test's transaction; as
    on the gunicorn test server, the anonymous rate limit does not count these requests."""
    from tests.clients import InProcess

    return InProcess(django_capture_on_commit_callbacks)


@pytest.fixture
def signed_in(db, django_capture_on_commit_callbacks):
    """signed_in(user) → a new in-process client logged in as `user` (staff with the second
    factor), carrying a CSRF token as a browser does."""
    from tests.clients import InProcess, signed_in_process

    def make(user):
        return signed_in_process(InProcess(django_capture_on_commit_callbacks), user)

    return make


@pytest.fixture
def http_api(http_server):
    """Real HTTP to gunicorn, against the shared, read-only reference data."""
    from tests.clients import Session

    with Session(http_server) as session:
        yield session


@pytest.fixture
def http_signed_in(live_server, assen_db):
    """http_signed_in(user) → a new HTTP session on the live server, logged in as `user`;
    transactional, so parallel requests see what the test wrote."""
    from tests.clients import Session, sign_in

    sessions = []

    def make(user):
        session = sign_in(Session(live_server.url), user)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
