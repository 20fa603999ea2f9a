import pytest

from tests.participatie.factories import UserFactory


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def neighbour(db):
    return UserFactory()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def as_user(client):
    """as_user(user) → the test client, logged in as `user`."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
