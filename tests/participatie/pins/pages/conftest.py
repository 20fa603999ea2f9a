import pytest


@pytest.fixture
def as_user(client):
    """as_user(user) → the test client, logged in as `user`."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
