import pytest
from django.core.cache import cache
from django.utils import translation

from maps.models import Area
from tests.locatieserver import FakeLocatieserver


@pytest.fixture(autouse=True)
def _accounts_setup(db, settings, client):
    # Rate-limit counters (PostgreSQL) roll back with each test's transaction, and the
    # cache starts empty too.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOCATIESERVER_URL = ""
    # Pages in English, whatever the translation catalogue holds. The locale middleware
    # leaves the request's language active in this thread: put the previous one back.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    language = translation.get_language()
    yield
    translation.activate(language)
    cache.clear()


@pytest.fixture
def fake_locatieserver(settings):
    with FakeLocatieserver() as fake:
        settings.LOCATIESERVER_URL = fake.url
        yield fake


@pytest.fixture
def neighbourhood():
    """A real Assen neighbourhood (the session loads the CBS boundaries)."""
    return Area.objects.neighbourhoods().select_related("parent").order_by("code").first()
