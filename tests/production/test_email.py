"""Signing up on the production server sends the verification mail over SMTP."""

import queue
import re
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import requests
from aiosmtpd.controller import Controller
from django.utils.crypto import get_random_string

from participatie.accounts.models import User
from tests.production.server import free_port

pytestmark = pytest.mark.django_db


class Inbox:
    """An SMTP server's mail handler: every message delivered lands in a queue."""

    def __init__(self):
        self.messages: queue.Queue = queue.Queue()

    async def handle_DATA(self, server, session, envelope):
        self.messages.put(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_signing_up_delivers_a_verification_mail_whose_link_confirms_the_address(
    start_server, smtp, made_by_the_server
):
    controller, inbox = smtp
    server = start_server(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=str(controller.port),
        DEFAULT_FROM_EMAIL="Mijn Buurt <noreply@example.org>",
    )
    email = f"nieuw-{get_random_string(8).lower()}@example.org"
    made_by_the_server.append(email)
    browser = requests.Session()
    form = browser.get(server.url + "/account/aanmelden/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    password = get_random_string(20)
    signed_up = browser.post(
        server.url + "/account/aanmelden/",
        data={
            "csrfmiddlewaretoken": token,
            "email": email,
            "display_name": "Nieuwe Buurtgenoot",
            "password1": password,
            "password2": password,
            "home_neighbourhood": "",
            "consent": "on",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert signed_up.status_code == 302, signed_up.text[:2000]
    assert signed_up.headers["Location"] == "/account/aanmelden/verzonden/"

    envelope = inbox.messages.get(timeout=30)
    assert envelope.rcpt_tos == [email]
    assert envelope.mail_from == "noreply@example.org"
    message = message_from_bytes(envelope.content, policy=default_policy)
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"(http://\S+/account/bevestigen/\S+/)", body).group(1)
    assert link.startswith(server.url + "/")
    assert User.objects.get(email=email).email_verified_at is None

    confirmed = browser.get(link, allow_redirects=False, timeout=30)
    assert confirmed.status_code == 302
    assert confirmed.headers["Location"] == "/account/"
    account = browser.get(server.url + "/account/", allow_redirects=False, timeout=30)
    assert account.status_code == 200
    assert "Nieuwe Buurtgenoot" in account.text
    assert User.objects.get(email=email).email_verified_at is not None
