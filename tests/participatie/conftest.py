"""Residents, staff and a private media folder for the participation tests."""

import pytest

from tests.participatie.factories import AdminFactory, StaffFactory, UserFactory


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def neighbour(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
