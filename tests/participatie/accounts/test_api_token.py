"""API tokens for verified residents, and the permission the pins endpoints use."""

import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from api.permissions import IsVerifiedResident, IsVerifiedResidentOrReadOnly
from participatie.accounts.models import ApiToken
from tests.participatie.accounts.factories import PASSWORD, api_key_for
from tests.participatie.factories import UserFactory
from tests.problems import field_errors

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/public/auth/token/"


@pytest.fixture
def api(api):
    """The in-process API client (tests/conftest.py), asking for English."""
    api.headers["Accept-Language"] = "en"
    return api


def test_a_verified_resident_gets_a_token_that_authenticates(api):
    user = UserFactory(password=PASSWORD, email="anna@example.org")
    response = api.post(TOKEN, json={"email": "Anna@example.org", "password": PASSWORD})
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert ApiToken.objects.get(user=user).key_hash == ApiToken.hash_key(key)
    assert call(Protected, "get", token=key) == 200
    # A new token the second time (another app), and the first one keeps working.
    again = api.post(TOKEN, json={"email": "anna@example.org", "password": PASSWORD})
    assert again.json()["token"] != key
    assert call(Protected, "get", token=key) == 200


def test_an_unverified_resident_gets_no_token(api):
    user = UserFactory(password=PASSWORD, verified=False)
    response = api.post(TOKEN, json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Confirm your e-mail address first." in field_errors(response)["non_field_errors"]
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_wrong_password_gets_no_token(api):
    user = UserFactory(password=PASSWORD)
    response = api.post(TOKEN, json={"email": user.email, "password": "wrong"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_bad_input_is_a_400_with_field_errors(api):
    response = api.post(TOKEN, json={"email": "not-an-address"})
    assert response.status_code == 400
    assert set(field_errors(response)) == {"email", "password"}


def test_token_requests_share_the_log_in_limit_and_get_a_429(api, settings):
    settings.ACCOUNT_RATE_LOGIN = "3/d"
    user = UserFactory(password=PASSWORD)
    for _ in range(3):
        api.post(TOKEN, json={"email": user.email, "password": "wrong"})
    response = api.post(TOKEN, json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_the_token_endpoint_is_in_the_api_schema(api):
    schema = api.get("/api/schema/", params={"format": "json"}).json()
    operation = schema["paths"][TOKEN]["post"]
    assert "auth" in operation["tags"]
    assert set(operation["responses"]) >= {"200", "400", "429"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


class Protected(APIView):
    permission_classes = [IsVerifiedResident]

    def get(self, request):
        from rest_framework.response import Response

        return Response({"ok": True})

    post = get


class ReadOnlyForOthers(Protected):
    permission_classes = [IsVerifiedResidentOrReadOnly]


def call(view, method, user=None, token=None):
    factory = APIRequestFactory()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    request = getattr(factory, method)("/", **headers)
    if user is not None:
        from rest_framework.test import force_authenticate

        force_authenticate(request, user=user)
    return view.as_view()(request).status_code


@pytest.mark.parametrize(
    "kind,allowed",
    [
        ("anonymous", False),
        ("unverified resident", False),
        ("verified resident", True),
        ("inactive verified resident", False),
        ("unverified staff", True),
        ("unverified superuser", True),
    ],
)
def test_is_verified_resident_lets_in_verified_residents_and_staff(kind, allowed):
    user = {
        "anonymous": lambda: None,
        "unverified resident": lambda: UserFactory(password=PASSWORD, verified=False),
        "verified resident": lambda: UserFactory(password=PASSWORD),
        "inactive verified resident": lambda: UserFactory(password=PASSWORD, is_active=False),
        "unverified staff": lambda: UserFactory(password=PASSWORD, verified=False, is_staff=True),
        "unverified superuser": lambda: UserFactory(
            password=PASSWORD, verified=False, is_superuser=True
        ),
    }[kind]()
    assert (call(Protected, "post", user) == 200) is allowed


def test_a_token_authenticates_for_the_permission():
    user = UserFactory(password=PASSWORD)
    assert call(Protected, "get", token=api_key_for(user)) == 200


def test_the_read_only_variant_lets_anyone_read_but_only_verified_residents_write():
    assert call(ReadOnlyForOthers, "get") == 200
    assert call(ReadOnlyForOthers, "post") in (401, 403)
    assert call(ReadOnlyForOthers, "post", UserFactory(password=PASSWORD, verified=False)) == 403
    assert call(ReadOnlyForOthers, "post", UserFactory(password=PASSWORD)) == 200
