"""Logging staff in for tests: the password step (force_login) and the second step (a
confirmed authenticator, marked verified in the session with django_otp.login), as a
staff member who entered their code has it. Residents get the password step only.

    from tests.participatie.accounts.otp import login_staff
    login_staff(client, StaffFactory())
"""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client, RequestFactory
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from participatie.accounts.access import two_factor_required


def staff_device(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login_staff(client: Client, user) -> Client:
    """Log `user` in on a Django test client, with the second factor done where needed."""
    client.force_login(user)
    if two_factor_required(user):
        request = RequestFactory().get("/")
        request.session = client.session
        request.user = user
        otp_login(request, staff_device(user))
        request.session.save()
    return client


def session_key_for(user) -> str:
    """A logged-in (and, for staff, verified) session, for a browser or an HTTP session."""
    client = login_staff(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` periods later: a device
    accepts a code once per period, and one period of clock drift either way)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
