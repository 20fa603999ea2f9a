"""Plain-text account mails from templates/accounts/email/<name>{_subject,}.txt."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_account_mail(*, template: str, to: str, context: dict) -> bool:
    """Send one mail; False (logged, not raised) when the mail server refuses or is down,
    so that a page never breaks on it: the resident can ask for the mail again."""
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=[to])
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send the %s mail", template)
        return False
    return True
