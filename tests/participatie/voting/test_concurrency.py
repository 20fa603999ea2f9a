"""One ballot per voter under concurrent submission: 50 threads released at once by a
barrier, each with its own database connection, submit for the same resident or the same
voting code. The database (the unique Participation per voter) decides; the test counts
rows afterwards, and every thread's outcome is collected and checked.

Run twice: against the services directly (real connections, committed transactions) and
over real HTTP against the public vote API, served by gunicorn with enough threads to take
all 50 requests at once (each request its own thread and database connection)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
import requests
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from participatie.voting import services
from participatie.voting.models import Ballot, Participation, RedesignProject
from tests.participatie.accounts.factories import api_key_for
from tests.participatie.voting.factories import (
    ProjectFactory,
    codes_issue,
    neighbourhood,
    options_of,
    resident_of,
)

THREADS = 50
ROUNDS = 3
RESIDENTS = RedesignProject.Eligibility.RESIDENTS


def race(count: int, attempt: Callable[[int], object]) -> tuple[list, list[BaseException]]:
    """Run attempt(i) in `count` threads released together; (outcomes, exceptions)."""
    barrier = threading.Barrier(count, timeout=60)
    outcomes: list = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = attempt(i)
            with lock:
                outcomes.append(outcome)
        except BaseException as exc:  # collected and asserted by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not [t for t in threads if t.is_alive()], "a thread hung"
    return outcomes, errors


def error_code(exc: BaseException) -> str:
    """The code of a single-field ValidationError ("already_voted", "used", …)."""
    assert isinstance(exc, ValidationError), repr(exc)
    (errors,) = exc.error_dict.values()
    return errors[0].code


def stored(project: RedesignProject) -> tuple[int, int]:
    return (
        Ballot.objects.filter(project=project).count(),
        Participation.objects.filter(project=project).count(),
    )


# --- against the services ---------------------------------------------------------------


@pytest.mark.parametrize("allow_vote_change", [False, True], ids=["change off", "change on"])
def test_fifty_threads_for_one_resident_leave_one_ballot(assen_db, allow_vote_change):
    home = neighbourhood(index=0)
    project = ProjectFactory(
        eligibility=RESIDENTS, hood=home, allow_vote_change=allow_vote_change, options=3
    )
    options = [o.pk for o in options_of(project)]
    for round_ in range(ROUNDS):
        voter = resident_of(home)

        def attempt(i: int, voter=voter):
            return services.vote_cast(project=project, option_ids=[options[i % 3]], user=voter)

        receipts, errors = race(THREADS, attempt)

        assert stored(project) == (round_ + 1, round_ + 1)
        if allow_vote_change:
            # Every submission lands; exactly one was the first, the rest replaced it.
            assert errors == []
            assert sorted(r.changed for r in receipts) == [False] + [True] * (THREADS - 1)
        else:
            assert len(receipts) == 1 and receipts[0].changed is False
            assert len(errors) == THREADS - 1
            assert Counter(error_code(e) for e in errors) == {"already_voted": THREADS - 1}


@pytest.mark.parametrize("allow_vote_change", [False, True], ids=["change off", "change on"])
def test_fifty_threads_with_one_code_leave_one_ballot(assen_db, allow_vote_change):
    project = ProjectFactory(allow_vote_change=allow_vote_change)
    options = [o.pk for o in options_of(project)]
    codes = codes_issue(project, ROUNDS)
    for round_, code in enumerate(codes):

        def attempt(i: int, code=code):
            return services.vote_cast(project=project, option_ids=[options[i % 2]], code=code)

        receipts, errors = race(THREADS, attempt)

        assert stored(project) == (round_ + 1, round_ + 1)
        if allow_vote_change:
            assert errors == []
            assert sorted(r.changed for r in receipts) == [False] + [True] * (THREADS - 1)
        else:
            assert len(receipts) == 1
            assert Counter(error_code(e) for e in errors) == {"used": THREADS - 1}


def test_many_voters_at_once_each_count_once(assen_db):
    """Ten households, five submissions each, all released together."""
    project = ProjectFactory(allow_vote_change=True)
    options = [o.pk for o in options_of(project)]
    codes = codes_issue(project, 10)

    def attempt(i: int):
        return services.vote_cast(project=project, option_ids=[options[i % 2]], code=codes[i % 10])

    receipts, errors = race(THREADS, attempt)

    assert errors == []
    assert stored(project) == (10, 10)
    assert sum(not r.changed for r in receipts) == 10


# --- over real HTTP ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn on the test database, 2 processes × 30 threads: the 50 requests are in
    flight together (a single-threaded server would queue them one by one)."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT']}/{db['NAME']}",
        "ANON_THROTTLE_RATE": "100000/minute",
        # The race is the subject here, not the limit on code attempts per address (20/h,
        # tested in tests/api/test_voting_api.py and tests/participatie/voting/test_pages.py).
        "VOTING_CODE_RATE": "100000/h",
    }
    log = tmp_path_factory.mktemp("vote-server") / "gunicorn.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "participatie.wsgi", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2", "--worker-class", "gthread", "--threads", "30"]
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
            requests.get(base + "/api/v1/public/redesigns/", timeout=10)
            break
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("vote server did not start:\n" + log.read_text()) from None
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(10)


def vote_url(server: str, project) -> str:
    return f"{server}/api/v1/public/redesigns/{project.slug}/vote/"


@pytest.mark.http_path
def test_fifty_requests_for_one_resident_over_http_leave_one_ballot(server, assen_db):
    home = neighbourhood(index=0)
    project = ProjectFactory(eligibility=RESIDENTS, hood=home)
    options = [o.pk for o in options_of(project)]
    url = vote_url(server, project)
    for round_ in range(ROUNDS):
        token = api_key_for(resident_of(home))

        def attempt(i: int, token=token):
            response = requests.post(
                url,
                json={"choices": [options[i % 2]]},
                headers={"Authorization": f"Token {token}", "Accept-Language": "en"},
                timeout=60,
            )
            return response.status_code, response.json()

        responses, errors = race(THREADS, attempt)

        assert errors == []
        statuses = Counter(status for status, _body in responses)
        assert statuses == {201: 1, 409: THREADS - 1}, statuses
        (created,) = [body for status, body in responses if status == 201]
        assert len(created["receipt"]) == 14
        assert stored(project) == (round_ + 1, round_ + 1)


@pytest.mark.http_path
def test_fifty_requests_with_one_code_over_http_leave_one_ballot(server, assen_db):
    project = ProjectFactory(allow_vote_change=False)
    options = [o.pk for o in options_of(project)]
    url = vote_url(server, project)
    for round_, code in enumerate(codes_issue(project, ROUNDS)):

        def attempt(i: int, code=code):
            response = requests.post(
                url,
                json={"choices": [options[i % 2]], "code": code},
                headers={"Accept-Language": "en"},
                timeout=60,
            )
            return response.status_code, response.json()

        responses, errors = race(THREADS, attempt)

        assert errors == []
        statuses = Counter(status for status, _body in responses)
        assert statuses == {201: 1, 409: THREADS - 1}, statuses
        assert stored(project) == (round_ + 1, round_ + 1)


@pytest.mark.http_path
def test_fifty_changes_over_http_leave_one_ballot_with_a_submitted_choice(server, assen_db):
    home = neighbourhood(index=0)
    project = ProjectFactory(eligibility=RESIDENTS, hood=home, allow_vote_change=True, options=3)
    options = [o.pk for o in options_of(project)]
    token = api_key_for(resident_of(home))

    def attempt(i: int):
        response = requests.post(
            vote_url(server, project),
            json={"choices": [options[i % 3]]},
            headers={"Authorization": f"Token {token}"},
            timeout=60,
        )
        return response.status_code, response.json()

    responses, errors = race(THREADS, attempt)

    assert errors == []
    assert Counter(status for status, _b in responses) == {201: 1, 200: THREADS - 1}
    assert stored(project) == (1, 1)
    # The ballot that stayed is one of the submitted ones, and its receipt is the one the
    # last request to finish got (the others' receipts no longer find a ballot).
    ballot = Ballot.objects.get(project=project)
    assert ballot.choices[0] in options
    receipts = {body["receipt"] for _s, body in responses}
    from participatie.voting.selectors import ballot_by_receipt

    found = [r for r in receipts if ballot_by_receipt(project, r) is not None]
    assert len(found) == 1


def test_an_ineligible_resident_racing_gets_only_refusals(assen_db):
    home = neighbourhood(index=0)
    elsewhere = neighbourhood(index=5)
    assert elsewhere.pk != home.pk
    project = ProjectFactory(eligibility=RESIDENTS, hood=home)
    outsider = resident_of(elsewhere)
    option = options_of(project)[0].pk

    _receipts, errors = race(
        10, lambda i: services.vote_cast(project=project, option_ids=[option], user=outsider)
    )
    assert len(errors) == 10 and all(isinstance(e, PermissionDenied) for e in errors)
    assert stored(project) == (0, 0)
