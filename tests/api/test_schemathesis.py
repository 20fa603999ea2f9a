"""Schemathesis against the site as `make run` serves it: the OpenAPI schema is loaded from
the running server, every operation is called with generated requests, anonymously and
with a resident's API token, and every check runs on every answer: no server error, only
documented status codes, content types and headers, bodies that match the schema, schema-
violating requests refused, and the rest (`st run --checks all`).

A small, fixed budget in the suite (a fixed seed, deterministic generation); `make fuzz`
runs the same with the full budget (SCHEMATHESIS_BUDGET=full).

Requests the schema allows can still be refused with a 400 for what JSON Schema cannot say:
an area code or category that does not exist, a bounding box whose minimum exceeds its
maximum, a pin outside the municipality, a wrong password. `positive_data_acceptance`
therefore also accepts a 400 (tests/api/schemathesis.toml); every other check is as strict
as schemathesis makes it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.production.server import Server

pytestmark = [pytest.mark.django_db, pytest.mark.http_path]

CONFIG = Path(__file__).with_name("schemathesis.toml")
FULL = os.environ.get("SCHEMATHESIS_BUDGET") == "full"
SEED = "2012"
# The suite: a few generated requests per operation, no coverage phase (its ~1,500
# boundary cases per identity take minutes); `make fuzz`: all phases, many examples.
BUDGET = (
    ["--max-examples", "100", "--phases", "examples,coverage,fuzzing,stateful"]
    if FULL
    else ["--max-examples", "3", "--phases", "examples,fuzzing,stateful"]
)
# The server's own limits, high: a 429 is documented, but it would end the run's reach.
UNTHROTTLED = {
    "ANON_THROTTLE_RATE": "1000000/minute",
    "PIN_POST_RATE": "1000000/hour",
    "COMMENT_POST_RATE": "1000000/hour",
    "REPORT_POST_RATE": "1000000/hour",
    "ACCOUNT_RATE_LOGIN": "1000000/m",
    "ACCOUNT_RATE_LOGIN_ADDRESS": "1000000/m",
    "ACCOUNT_RATE_LOGIN_EMAIL": "1000000/h",
    "VOTING_CODE_RATE": "1000000/h",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Committed for the server: the reference data, a confirmed resident with an API token
    and a redesign project in its vote; removed again with everything the resident made."""
    from django.db import connection
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from maps.models import Area
    from participatie.accounts.models import User
    from participatie.accounts.services import api_token_create
    from participatie.initiatives.models import Initiative
    from participatie.pins.models import Pin
    from participatie.pins.services.leaving import author_leave
    from participatie.voting.models import ProjectComment
    from tests.conftest import load_reference_data
    from tests.participatie.voting.factories import ProjectFactory

    with django_db_blocker.unblock():
        if not Area.objects.exists():
            load_reference_data()
        db = connection.settings_dict
        suffix = get_random_string(8).lower()
        # No home neighbourhood: the resident can try to vote, but is never eligible, so
        # no ballot lands in a project another test counts.
        resident = User.objects.create_user(
            username=f"fuzz-{suffix}",
            email=f"fuzz-{suffix}@example.org",
            password=None,
            email_verified_at=timezone.now(),
        )
        _token, key = api_token_create(user=resident, label="schemathesis")
        project = ProjectFactory(phase="voting", title=f"Fuzzstraat {suffix}")
        pin = Pin.objects.public().order_by("pk").first()
        counts_before = pin.support_count, pin.comment_count
        district = Area.objects.filter(level=Area.Level.DISTRICT).order_by("code").first()
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    yield {
        "database_url": url,
        "key": key,
        # Real identifiers for the path parameters, so those operations get past their 404.
        "parameters": {
            "path.slug": project.slug,
            "path.code": district.code,
            "path.public_id": getattr(pin, "public_id", pin.pk),
        },
    }
    with django_db_blocker.unblock():
        # As when a resident deletes their account, pins included: supports, comments and
        # reports go with their counts, so the reference data is as the other tests expect.
        author_leave(user=resident, keep_pins=False)
        ProjectComment.objects.filter(author=resident).delete()
        # Initiatives the run proposed (drafts: the resident lives nowhere, so backs nothing).
        Initiative.objects.filter(organiser=resident).delete()
        creator = project.created_by
        project.delete()
        creator.delete()
        resident.delete()  # its tokens go with it
        pin.refresh_from_db()
        # The reference data as the other tests expect it.
        assert (pin.support_count, pin.comment_count) == counts_before


@pytest.fixture(scope="module")
def server(world):
    with Server(database_url=world["database_url"], env=UNTHROTTLED) as running:
        yield running


def schemathesis(server: Server, world: dict, tmp_path: Path, *headers: str):
    config = tmp_path / "schemathesis.toml"
    parameters = "\n".join(f'"{name}" = "{value}"' for name, value in world["parameters"].items())
    config.write_text(CONFIG.read_text() + f"\n[parameters]\n{parameters}\n")
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(config),
        "run",
        f"{server.url}/api/schema/",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--generation-deterministic",
        # One worker: the same order every run, and Hypothesis's source inspection is not
        # thread-safe on Python 3.11 (a parallel run failed with an AST recursion error).
        "--workers",
        "1",
        "--no-color",
        *BUDGET,
    ]
    for header in headers:
        command += ["--header", header]
    started = time.monotonic()
    # In the test's folder: whatever schemathesis keeps for itself stays out of the checkout.
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=tmp_path)
    seconds = time.monotonic() - started
    report = done.stdout + done.stderr
    print(report)
    print(f"schemathesis took {seconds:.1f} s")
    return done.returncode, report


def assert_reached_every_operation(report: str) -> None:
    """The run selected and tested every operation of the schema, and generated requests
    that all passed (a run that tested nothing would also exit with 0)."""
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    assert selected and selected[1] == selected[2], report[-3000:]
    assert int(selected[1]) >= 30  # the API has more than 30 operations
    assert re.search(rf"Tested: {selected[1]}\b", report), report[-3000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", report)
    assert counts and counts[1] == counts[2] and int(counts[1]) >= int(selected[1]), report[-3000:]


def test_every_operation_holds_to_the_schema_for_anonymous_clients(server, world, tmp_path):
    returncode, report = schemathesis(server, world, tmp_path)
    assert returncode == 0, report[-20000:]
    assert_reached_every_operation(report)


def test_every_operation_holds_to_the_schema_for_a_resident_with_a_token(server, world, tmp_path):
    returncode, report = schemathesis(
        server, world, tmp_path, f"Authorization: Token {world['key']}"
    )
    assert returncode == 0, report[-20000:]
    assert_reached_every_operation(report)
