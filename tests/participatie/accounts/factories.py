"""Accounts for tests: verified and unverified residents, plus mail and form helpers."""

import re

import factory
from django.utils import timezone

from participatie.accounts.models import User

PASSWORD = "kastanje-lariks-2012"


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident with a confirmed e-mail address; `verified=False` for one without."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        verified = True

    email = factory.Sequence(lambda n: f"bewoner{n}@example.org")
    username = factory.SelfAttribute("email")
    display_name = factory.Sequence(lambda n: f"Bewoner {n}")
    role = User.Role.RESIDENT
    email_verified_at = factory.Maybe("verified", factory.LazyFunction(timezone.now), None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


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
