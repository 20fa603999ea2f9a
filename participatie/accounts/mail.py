"""Plain-text account mails from templates/accounts/email/<name>{_subject,}.txt."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_account_mail(*, template: str, to: str, context: dict) -> bool:
    return send_templated_mail(template=f"accounts/email/{template}", to=[to], context=context)


def send_templated_mail(*, template: str, to: list[str], context: dict) -> bool:
    """Send one plain-text mail from <template>_subject.txt and <template>.txt; False
    (logged, not raised) when the mail server refuses or is down, so that a page never
    breaks on it: the person can ask for the mail again, staff still see it in the app."""
    if not to:
        return False
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=list(to))
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the %s mail", template)
        return False
    return True
