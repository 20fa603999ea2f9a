"""Placed at the root of the copy that `make mutants` tests, never in the repository's tree.

mutmut runs one pytest session per mutant, two at a time, so what a session costs before
its first test is paid some two thousand times. Here:

- each session takes a database slot of its own: a database that holds the migrated
  schema and the reference data, cloned from a template made by run.py. Rolled-back tests
  leave it as they found it, so the next session uses it as it is; after a transactional
  test (which empties it) or a session that did not end cleanly, it is cloned anew;
- the static files are collected once, by run.py, not by every session (the suite's
  set-up collects them into a new folder per session, which takes seconds);
- tests that use a fixture of MUTANTS_LEAVE_OUT are left out (modules.toml says which
  and why);
- the tests that killed other mutants of the same function (in this run or the last) run
  first, then the others fastest first (durations recorded while mutmut maps tests to
  functions), so a mutant that some test kills costs little. Tests that use the database
  without transactions still run before the transactional ones, which empty it.
"""

import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

TEMPLATE = os.environ.get("MUTANTS_DB_TEMPLATE", "")
SLOTS = 16  # more than mutmut ever runs at once
_slot = pytest.StashKey()
_emptied = pytest.StashKey()


def _recording() -> bool:
    # mutmut's first run, which maps tests to functions. Asked at each session: this module
    # is imported once and then shared by every session forked from the same process.
    return os.environ.get("MUTANT_UNDER_TEST") == "stats"


def _durations() -> Path:
    return Path(os.environ.get("MUTANTS_DURATIONS", "test-durations.json"))


def _admin():
    url = os.environ["DATABASE_URL"]
    return psycopg.connect(psycopg.conninfo.make_conninfo(url, dbname="postgres"), autocommit=True)


if TEMPLATE:

    @pytest.fixture(scope="session")
    def django_db_setup(request, django_test_environment, django_db_blocker):
        """Instead of pytest-django's: a database slot of our own, nothing to migrate."""
        from django.conf import settings
        from django.db import connections

        name, state = _database_slot(request.config)
        with _admin() as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if state.read_text() != "clean" or not exists.fetchone():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        state.write_text("in use")
        connection = connections["default"]
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connection.settings_dict["NAME"] = name
        _load_reference_data_only_when_missing()
        yield
        with django_db_blocker.unblock():
            connections.close_all()
        state.write_text("emptied" if request.config.stash.get(_emptied, False) else "clean")


def _database_slot(config) -> tuple[str, Path]:
    """The first free slot: its database name and its state file. The slot is held by an
    open, locked file until this process ends, however it ends."""
    folder = Path(os.environ["MUTANTS_SLOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(SLOTS):
        lock = open(folder / f"{number}.lock", "w")  # noqa: SIM115 (held until exit)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        config.stash[_slot] = lock
        state = folder / f"{number}.state"
        if not state.exists():
            state.write_text("new")
        return f"{TEMPLATE}_{number}", state
    raise RuntimeError(f"all {SLOTS} database slots are taken")


def _load_reference_data_only_when_missing():
    """The suite's session set-up loads the reference data again (it is idempotent); the
    slot has it already. Transactional tests empty the database and load it anew, and
    still do: the load is skipped only while the areas are there."""
    suite = sys.modules.get("tests.conftest")
    if suite is None or not hasattr(suite, "load_reference_data"):
        return
    load = getattr(suite.load_reference_data, "unwrapped", suite.load_reference_data)

    def load_when_missing():
        from maps.models import Area

        if not Area.objects.exists():
            load()

    load_when_missing.unwrapped = load
    suite.load_reference_data = load_when_missing


_suite_command = pytest.StashKey()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Before the suite's own set-up: make its collectstatic a no-op (see below)."""
    config.stash[_started] = time.monotonic()
    suite = sys.modules.get("tests.conftest")
    command = getattr(suite, "call_command", None)
    if os.environ.get("MUTANTS_STATIC_ROOT") and command is not None:

        def call_command(name, *args, **kwargs):
            if name != "collectstatic":
                return command(name, *args, **kwargs)

        suite.call_command = call_command
        config.stash[_suite_command] = command


def _forget_what_earlier_tests_built():
    """Two caches of a long-running process would hide rule code from the mutants:

    - the compiled tile statements (`maps.tiles.sql.STATEMENTS`, one per layer, language and
      filter): a tile found there never calls the functions that compile it;
    - the form field of a filter class's filters: django-filter makes it once, on first use
      (the OpenAPI schema asks for it), and every filterset after that copies it, widget
      included, instead of making it again.

    Kept, they make the mapping run record only the first test of each statement or field
    as calling the code that builds it (so a mutant there runs only that test), and every
    session after it is forked from that process with them filled (so the code never runs
    at all). Each test starts without them, as the first request of a new server does."""
    from django_filters import FilterSet

    from maps.tiles.sql import STATEMENTS

    STATEMENTS.clear()
    classes = [FilterSet]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        for declared in getattr(cls, "base_filters", {}).values():
            declared.__dict__.pop("_field", None)


def pytest_sessionstart(session):
    """After the suite's set-up: the files collected by run.py, in a folder outside the
    temporary one (which the suite's clean-up empties), instead of the empty one made."""
    command = session.config.stash.get(_suite_command, None)
    if command is None:
        return
    from django.conf import settings

    sys.modules["tests.conftest"].call_command = command
    static = os.environ["MUTANTS_STATIC_ROOT"]
    made = os.environ.get("STATIC_ROOT", "")
    if made != static and made.startswith(tempfile.gettempdir()):
        shutil.rmtree(made, ignore_errors=True)
    os.environ["STATIC_ROOT"] = static
    settings.STATIC_ROOT = static


def pytest_collection_finish(session):
    """At the end of mutmut's warm-up (a collection in the process that forks every
    mutant's session): load what the first request of each session would load otherwise.
    Collecting imports the tests and what they import, but not the URLconf (every view,
    the API, folium: 0.66 s of a 1.3 s session that posts one form) nor the compiled
    templates (0.3 s). Mutants change functions, not modules, so importing and compiling
    here runs no mutated code in a way a test could notice: a view calls the rule code when
    a test requests it. Then the objects made so far are frozen out of the garbage
    collector, which otherwise walks (and so copies, page by page) the forked memory.

    A rule function that runs during this warm-up (a form field's queryset built when its
    class is defined, say) has run unmutated for good in that place; its mutants act only
    through the calls the tests make. Which functions those are is recorded for the report
    (MUTANTS_WARM_CALLS), as mutmut records the calls of a test: the switch says "stats"
    for the time of the warm-up."""
    if not (TEMPLATE and session.config.option.collectonly) or _recording():
        return
    from mutmut.state import state

    switch = os.environ.get("MUTANT_UNDER_TEST", "")
    before = set(state()._stats)
    os.environ["MUTANT_UNDER_TEST"] = "stats"
    try:
        _warm_up()
    finally:
        os.environ["MUTANT_UNDER_TEST"] = switch
    called = set(state()._stats) - before
    state()._stats.difference_update(called)
    record = os.environ.get("MUTANTS_WARM_CALLS")
    if record:
        Path(record).write_text("".join(f"{name}\n" for name in sorted(called)))


def _warm_up():
    import gc

    from django.conf import settings
    from django.conf.urls.i18n import is_language_prefix_patterns_used
    from django.template import engines
    from django.template.backends.django import DjangoTemplates
    from django.urls import get_resolver

    get_resolver()._populate()
    is_language_prefix_patterns_used(settings.ROOT_URLCONF)
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for folder in map(Path, engine.template_dirs):
            for path in sorted(folder.rglob("*")):
                if path.suffix in {".html", ".txt"}:
                    try:
                        engine.get_template(str(path.relative_to(folder)))
                    except Exception:  # noqa: S112 (a partial that needs its includer)
                        continue
    gc.freeze()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    options = marker.kwargs if marker else {}
    marked = bool(options.get("transaction") or options.get("reset_sequences"))
    fixtures = getattr(item, "fixturenames", ())
    return marked or "transactional_db" in fixtures or "live_server" in fixtures


def pytest_runtest_setup(item):
    _forget_what_earlier_tests_built()
    if _transactional(item):
        item.config.stash[_emptied] = True


def _left_out(item, fixtures: set[str]) -> bool:
    used = set(getattr(item, "fixturenames", ()))
    if _transactional(item):
        used.add("transactional_db")
    return bool(used & fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    fixtures = set(filter(None, os.environ.get("MUTANTS_LEAVE_OUT", "").split(",")))
    left_out = [item for item in items if _left_out(item, fixtures)]
    if left_out:
        items[:] = [item for item in items if not _left_out(item, fixtures)]
        config.hook.pytest_deselected(items=left_out)
    if _recording() or not _durations().exists():
        return
    durations = json.loads(_durations().read_text())
    killers = _killers_of_the_same_function(os.environ.get("MUTANT_UNDER_TEST", ""))
    items.sort(
        key=lambda item: (
            _transactional(item),
            item.nodeid not in killers,
            durations.get(item.nodeid, 0.0),
        )
    )


def _killers_of_the_same_function(mutant: str) -> set[str]:
    """The tests that killed other mutants of this mutant's function, in this run (mutmut
    tests a function's mutants one after another) or the last one. They run first: a test
    that caught one change to a function most often catches the next, and a killed mutant
    costs only the tests run before the one that fails. Read from the session log, one line
    per mutant: name, seconds, exit status, tests run, failing tests."""
    log = os.environ.get("MUTANTS_SESSION_LOG")
    function = mutant.rsplit("__mutmut_", 1)[0]
    found: set[str] = set()
    if not log or not function:
        return found
    for path in (Path(log).with_name("sessions.previous.log"), Path(log)):
        try:
            lines = path.read_text().splitlines()
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split("\t")
            if len(fields) == 5 and fields[4] and fields[0].rsplit("__mutmut_", 1)[0] == function:
                # Usually one test (-x); a parametrised id may hold spaces itself.
                found.add(fields[4])
                found.update(fields[4].split(" "))
    return found


_recorded: dict[str, float] = {}
_started = pytest.StashKey()


_ran: list[str] = []
_failed: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _ran.append(report.nodeid)
    if report.failed:
        _failed.append(report.nodeid)
        log = os.environ.get("MUTANTS_SESSION_LOG")
        if log and _recording():
            # A test that fails without any mutant stops the run: keep why, for run.py.
            with open(Path(log).with_name("red-pool.txt"), "a") as out:
                out.write(f"{report.nodeid} ({report.when})\n{report.longreprtext}\n\n")
    if _recording():
        _recorded[report.nodeid] = _recorded.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    if _recording() and _recorded:
        # The mapping run's two halves end at about the same time: one adds to the other's.
        with open(_durations().with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            path = _durations()
            known = json.loads(path.read_text()) if path.exists() else {}
            path.write_text(json.dumps({**known, **_recorded}, indent=0))
    log = os.environ.get("MUTANTS_SESSION_LOG")
    if log:
        # One line per session (per mutant): where the run's time goes.
        seconds = time.monotonic() - session.config.stash.get(_started, time.monotonic())
        mutant = os.environ.get("MUTANT_UNDER_TEST", "")
        with open(log, "a") as out:
            failed = " ".join(_failed)
            out.write(f"{mutant}\t{seconds:.2f}\t{int(exitstatus)}\t{len(_ran)}\t{failed}\n")
