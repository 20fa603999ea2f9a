"""Two-factor log-in for staff: a TOTP code from an authenticator app after the password.

Staff (wijkteam, buurtteam, designers, programme administrators, superusers, and anyone
the Django admin lets in) handle what residents confide in them, so with STAFF_TWO_FACTOR
on (the default) their log-in is not complete until they have entered a code: until then
the middleware sends every request to the pages here. Residents are never asked.

A staff member without an authenticator enrols once (a new secret, shown as a QR code and
as text, confirmed with a first code). Someone who lost their phone asks a programme
administrator to delete the device in the admin, and enrols again at the next log-in.
"""

from __future__ import annotations

import base64
import enum
from dataclasses import dataclass

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def enrolment_device(user) -> TOTPDevice:
    """The device being set up: an unconfirmed one kept between page views (so the QR code
    stays the same while someone scans it), made on first use."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    WAIT = "wait"  # too many wrong codes in a row: the device waits a little longer each time


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    wait_seconds: int = 0


def _check(device: TOTPDevice, code: str) -> Result:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        locked_until = (data or {}).get("locked_until")
        seconds = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return Result(Outcome.WAIT, max(1, int(seconds + 0.999)))
    # verify_token refuses a code of a time step that was already used (no replay).
    if device.verify_token(code):
        return Result(Outcome.VERIFIED)
    return Result(Outcome.WRONG)


def code_verify(request: HttpRequest, code: str) -> Result:
    """Check a code against the signed-in user's authenticator; on success the session is
    verified."""
    device = confirmed_device(request.user)
    if device is None:
        return Result(Outcome.WRONG)
    result = _check(device, code)
    if result.outcome is Outcome.VERIFIED:
        otp_login(request, device)
    return result


def enrolment_confirm(request: HttpRequest, device: TOTPDevice, code: str) -> Result:
    """The first code from a newly scanned secret: the device becomes the user's
    authenticator and this session is verified."""
    if device.user_id != request.user.pk or device.confirmed:
        return Result(Outcome.WRONG)
    result = _check(device, code)
    if result.outcome is Outcome.VERIFIED:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
    return result


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an authenticator app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def otpauth_uri(device: TOTPDevice) -> str:
    return device.config_url


def qr_svg(uri: str, *, title: str) -> str:
    """The QR code as inline SVG, made here: the secret never goes to another service."""
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=5, border=2, title=title, dark="#000", light="#fff")
