"""The production tier: the site served by gunicorn as `make run` serves it (manifest static
files, DEBUG off, the real middleware and the default throttles), on the test database.

These tests talk to another process, so what it reads is committed by module fixtures,
outside the rolled-back transaction of each test, and removed again afterwards. The tests
carry the django_db marker (it sets up the test database), so they run with the database
tests, before any transactional test empties the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import requests
from django.conf import settings
from django.utils.crypto import get_random_string

from tests.production.server import Server
from tests.ratelimits import counters_clear


@pytest.fixture(scope="session")
def database_url(django_db_setup, django_db_blocker) -> str:
    from django.db import connection

    with django_db_blocker.unblock():
        db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="session")
def reference_data(django_db_setup, django_db_blocker):
    from maps.models import Area
    from tests.conftest import load_reference_data

    with django_db_blocker.unblock():
        if not Area.objects.exists():
            load_reference_data()


@pytest.fixture
def start_server(database_url, reference_data):
    """start_server(**env) → a running production server with these settings on top."""
    servers = []

    def start(workers: int = 2, **env: str) -> Server:
        server = Server(database_url=database_url, env=env, workers=workers)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
    # Limits these servers counted (the test database keeps them) do not reach the next.
    counters_clear(database_url)


@pytest.fixture(scope="session")
def production(database_url, reference_data):
    """The site with its default configuration (it keeps no state between tests)."""
    with Server(database_url=database_url, env={}) as server:
        yield server


@dataclass
class People:
    """Committed accounts for the production server, and their sessions."""

    admin: object
    resident: object
    resident_password: str
    admin_cookies: dict = field(default_factory=dict)
    resident_cookies: dict = field(default_factory=dict)

    def session(self, cookies: dict | None = None) -> requests.Session:
        session = requests.Session()
        session.cookies.update(cookies or {})
        return session


def _session_cookie(user) -> dict:
    from tests.participatie.accounts.otp import session_key_for

    # Staff: with the second factor done, as after entering the code.
    return {settings.SESSION_COOKIE_NAME: session_key_for(user)}


@pytest.fixture(scope="module")
def people(reference_data, django_db_blocker):
    """A superuser, a confirmed resident (with a password to log in with), and one row of
    each admin-registered model that the reference data has none of."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from participatie.accounts.models import User
    from participatie.pins import services
    from participatie.pins.models import Pin, Report

    suffix = get_random_string(8).lower()
    password = get_random_string(20)
    created = []
    with django_db_blocker.unblock():
        admin = User.objects.create_superuser(
            username=f"prod-admin-{suffix}",
            email=f"prod-admin-{suffix}@example.org",
            password=None,
            role=User.Role.ADMIN,
        )
        resident = User.objects.create_user(
            username=f"prod-resident-{suffix}@example.org",
            email=f"prod-resident-{suffix}@example.org",
            password=password,
            display_name=f"Productiebewoner {suffix}",
            email_verified_at=timezone.now(),
        )
        created += [admin, resident]
        if not Group.objects.exists():
            created.append(Group.objects.create(name=f"prod-{suffix}"))
        if not Report.objects.exists():
            pin = Pin.objects.public().order_by("pk").first()
            services.report_create(reporter=resident, reason=Report.Reason.values[0], pin=pin)
            created.append(Report.objects.get(reporter=resident))
        from participatie.voting.models import Ballot, ProjectComment, VotingCode

        if not Ballot.objects.exists():
            # A closed vote with a ballot, a code and a comment: the ballots' admin lists
            # closed votes only (watching it during a vote would show who chose what).
            from tests.participatie.voting.factories import ProjectFactory, options_of

            project = ProjectFactory(phase="closed", title=f"Productiestraat {suffix}")
            Ballot.objects.create(
                project=project,
                choices=[options_of(project)[0].pk],
                receipt_hash=get_random_string(64),
            )
            VotingCode.objects.create(
                project=project, code_hash=get_random_string(64), address="Productiestraat 1"
            )
            ProjectComment.objects.create(project=project, author=resident, body="Mooi plan")
            created += [project.created_by, project]
        from participatie.initiatives.models import (
            Budget,
            HouseholdCount,
            Initiative,
            Programme,
        )

        if not Initiative.objects.exists():
            # A draft initiative of the resident, with a year's budget for its district and
            # the household count of its neighbourhood (the programme comes with it).
            from tests.participatie.initiatives import factories as initiatives

            had_programme = Programme.objects.exists()
            hood = initiatives.neighbourhood()
            initiative = initiatives.draft(resident, hood, title=f"Productietuin {suffix}")
            if not had_programme:
                created.append(initiative.programme)
            if not HouseholdCount.objects.exists():
                created.append(initiatives.households(hood, 400))
            if not Budget.objects.exists():
                created.append(initiatives.budget(hood.parent, 100_000, year=2026).budget)
            created.append(initiative)
        found = People(admin=admin, resident=resident, resident_password=password)
        found.admin_cookies = _session_cookie(admin)
        found.resident_cookies = _session_cookie(resident)
    yield found
    with django_db_blocker.unblock():
        for obj in reversed(created):
            type(obj).objects.filter(pk=obj.pk).delete()


@pytest.fixture(scope="module")
def made_by_the_server(django_db_blocker):
    """E-mail addresses of accounts the server creates; removed once the module is done
    (a test's own transaction cannot commit the removal)."""
    from participatie.accounts.models import User

    emails: list[str] = []
    yield emails
    with django_db_blocker.unblock():
        User.objects.filter(email__in=emails).delete()
