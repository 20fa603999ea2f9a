"""Account test helpers: the password residents log in with, mail links, the sign-up form.
The users themselves come from the one factory per role in tests/participatie/factories.py."""

import re

PASSWORD = "kastanje-lariks-2012"


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail that starts with path_prefix."""
    match = re.search(rf"https?://testserver({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no {path_prefix} link in:\n{message.body}"
    return match.group(1)


def signup_data(**overrides) -> dict:
    data = {
        "email": "nieuw@example.org",
        "display_name": "Anna uit de Lariks",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "home_neighbourhood": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def api_key_for(user, label: str = "Test") -> str:
    """A new API token of `user` (as the token endpoint makes one, without its checks of who
    may have one); returns the key to send as `Authorization: Token <key>`."""
    import secrets

    from participatie.accounts.models import ApiToken

    key = secrets.token_urlsafe(30)
    ApiToken.objects.create(
        user=user,
        label=label,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        password_fingerprint=user.get_session_auth_hash(),
    )
    return key
