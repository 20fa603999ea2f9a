"""Helpers shared by the initiative services: checks, locking, mails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participatie.accounts.mail import send_templated_mail
from participatie.initiatives import roles
from participatie.initiatives.models import Initiative
from participatie.pins.validation import Errors, fail, location_clean, text_clean

logger = logging.getLogger(__name__)

__all__ = ["Errors", "fail", "location_clean", "text_clean"]


def participant_check(user) -> None:
    if not roles.can_participate(user):
        raise PermissionDenied(_("Sign in with a confirmed account to take part."))


def organiser_check(user, initiative: Initiative) -> None:
    if not roles.is_organiser(user, initiative):
        raise PermissionDenied(_("Only the organisers of this initiative may do this."))


def review_check(user, initiative: Initiative) -> None:
    if not roles.can_review(user, initiative):
        raise PermissionDenied(
            _("Only the neighbourhood team of this initiative's district may review it.")
        )


def status_check(initiative: Initiative, allowed, message, code: str = "status") -> None:
    if initiative.status not in allowed:
        fail("status", message, code, status=initiative.get_status_display())


def locked(initiative: Initiative) -> Initiative:
    """The initiative's row, locked for the rest of the transaction and read afresh."""
    # Only the initiative's row: FOR UPDATE on the join would lock the programme as well,
    # serialising every response to every initiative.
    return (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=initiative.pk)
    )


def initiative_url(initiative: Initiative) -> str:
    return settings.SITE_URL + initiative.get_absolute_url()


def _send(template: str, to: list[str], context: dict) -> None:
    """Notifications go out in the site's language, whoever's request caused them."""
    with translation.override(settings.LANGUAGE_CODE):
        send_templated_mail(template=f"initiatives/email/{template}", to=to, context=context)


def mail_on_commit(template: str, users, context: dict) -> None:
    """Mail each user (one message each: recipients never see each other) after commit."""
    addresses = sorted({user.email for user in users if user is not None and user.email})

    def send() -> None:
        for address in addresses:
            _send(template, [address], context)

    if addresses:
        transaction.on_commit(send)


def organisers_of(initiative: Initiative) -> list:
    people = [initiative.organiser] if initiative.organiser_id else []
    people += [link.user for link in initiative.co_organiser_links.select_related("user")]
    return [person for person in people if person is not None and person.is_active]
