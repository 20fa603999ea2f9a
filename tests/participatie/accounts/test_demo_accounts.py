import pytest

from participatie.accounts import demo
from participatie.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_verified_have_display_names_and_residents_log_in_by_email(
    client, tmp_path, monkeypatch
):
    monkeypatch.setattr(demo, "_password_file", lambda: tmp_path / "demo-accounts.txt")
    accounts = demo.demo_accounts_ensure()
    assert {username for username, *_ in accounts} == {a[0] for a in demo.DEMO_ACCOUNTS}
    for user in User.objects.filter(username__in=[a[0] for a in demo.DEMO_ACCOUNTS]):
        assert user.email_verified_at is not None
        assert user.display_name
        assert user.can_participate

    _, email, _, password = next(a for a in accounts if a[0] == "bewoner")
    response = client.post("/account/inloggen/", {"email": email, "password": password})
    assert response.status_code == 302
