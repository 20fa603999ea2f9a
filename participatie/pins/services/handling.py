"""The partners handle pins: routing on arrival, assigning, answering (a status with a public
reply, mailed to the author) and internal notes. Every step is appended to the pin's
handling history (PinEvent) with who and when.

Who may handle which pin is PinQuerySet.handled_by: a wijkteam member the pins of their own
districts, the buurtteam also the confidential signals there, programme administrators
every non-confidential pin.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from maps.partners.models import Partner
from participatie.accounts.mail import send_templated_mail
from participatie.accounts.models import User
from participatie.accounts.selectors import staff_of_district
from participatie.pins.models import Pin, PinEvent, PinNote
from participatie.pins.services._common import event_record, locked, status_record
from participatie.pins.validation import REASON_MAX, Errors, fail, text_clean

logger = logging.getLogger(__name__)
NOTE_MAX = 4000


def handle_check(pin: Pin, user) -> None:
    if not Pin.objects.handled_by(user).filter(pk=pin.pk).exists():
        raise PermissionDenied(_("You do not handle pins of this district or category."))


def pin_url(pin: Pin) -> str:
    return settings.SITE_URL + pin.get_absolute_url()


def pin_route(pin: Pin) -> None:
    """A new pin goes to the category's partner and its district's team, with a due date
    from the category's service level. A confidential signal is announced to the district's
    buurtteam by mail: a link only, never its content."""
    category = pin.category
    pin.partner_id = category.default_partner_id
    pin.due_at = pin.created_at + dt.timedelta(days=category.response_days)
    pin.save(update_fields=["partner", "due_at"])
    partner = category.default_partner.name if category.default_partner_id else "—"
    district = pin.district.name if pin.district_id else "—"
    event_record(pin, PinEvent.Kind.ROUTED, None, f"{partner} · {district}")
    if category.is_sensitive:
        transaction.on_commit(lambda: _signal_announce(pin.pk))


def _mail(*, template: str, to: list[str], context: dict) -> None:
    """Notifications go out in the site's language, whoever's request caused them."""
    with translation.override(settings.LANGUAGE_CODE):
        send_templated_mail(template=f"pins/email/{template}", to=to, context=context)


def _signal_announce(pin_id: int) -> None:
    pin = Pin.objects.select_related("district").get(pk=pin_id)
    team = staff_of_district(pin.district_id, role=User.Role.BUURTTEAM)
    if not team:
        logger.warning("Confidential signal %s has no buurtteam in its district", pin_id)
        return
    _mail(
        template="signal_received",
        to=[member.email for member in team if member.email],
        context={"url": pin_url(pin), "district": pin.district.name},
    )


def pin_assign(*, pin: Pin, by, partner: Partner | None = None, assignee: User | None = None):
    """Route a pin to another partner and/or a person. The person must handle the pin too
    (their district, and the buurtteam for a confidential signal)."""
    handle_check(pin, by)
    if assignee is not None and not Pin.objects.handled_by(assignee).filter(pk=pin.pk).exists():
        fail("assignee", _("This person does not handle pins of this district."), "not_handler")
    with transaction.atomic():
        pin = locked(pin)
        changes = []
        if partner is not None and partner.pk != pin.partner_id:
            old = Partner.objects.filter(pk=pin.partner_id).first()
            changes.append(f"{old.name if old else '—'} → {partner.name}")
            pin.partner = partner
        if assignee is not None and assignee.pk != pin.assignee_id:
            changes.append(str(_("to %(name)s") % {"name": assignee.display_name or assignee}))
            pin.assignee = assignee
        if not changes:
            return pin
        pin.save(update_fields=["partner", "assignee", "updated_at"])
        event_record(pin, PinEvent.Kind.ASSIGNED, by, "; ".join(changes))
    if assignee is not None and assignee.pk != getattr(by, "pk", None) and assignee.email:
        transaction.on_commit(
            lambda: _mail(
                template="assigned",
                to=[assignee.email],
                context={"url": pin_url(pin), "title": pin.title},
            )
        )
    return pin


def pin_set_status(*, pin: Pin, status: str, reason: str = "", by) -> Pin:
    """Move a pin along (acknowledged, planned, done, declined) or answer it in its current
    status. The reply is public (the pin page's history) and mailed to the author; declining
    needs a reason. The first answer ends the wait for the service level."""
    handle_check(pin, by)
    errors = Errors()
    reason = text_clean(errors, "reason", reason, max_length=REASON_MAX, required=False)
    if status not in Pin.Status.values or status == Pin.Status.WITHDRAWN:
        errors.add("status", _("Choose a valid status."), "invalid_choice")
    elif status == Pin.Status.DECLINED and not reason:
        errors.add("reason", _("Explain why the pin is declined."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        pin = locked(pin)
        if pin.status == Pin.Status.WITHDRAWN:
            fail("status", _("The author has withdrawn this pin."), "withdrawn")
        if pin.status == status and not reason:
            fail("reason", _("Write an answer, or choose another status."), "required")
        previous = pin.get_status_display()
        kind = PinEvent.Kind.REPLY if pin.status == status else PinEvent.Kind.STATUS
        status_record(pin, status, reason, by)
        if pin.responded_at is None:
            pin.responded_at = timezone.now()
            pin.save(update_fields=["responded_at"])
        detail = (
            previous if kind == PinEvent.Kind.REPLY else f"{previous} → {pin.get_status_display()}"
        )
        event_record(pin, kind, by, detail)
    author = pin.author
    if author is not None and author.email and author.pk != getattr(by, "pk", None):
        transaction.on_commit(
            lambda: _mail(
                template="answered",
                to=[author.email],
                context={
                    "url": pin_url(pin),
                    "title": pin.title,
                    # The label itself (lazy), so it is written in the mail's language.
                    "status": Pin.Status(pin.status).label,
                    "reason": reason,
                    "name": author.display_name,
                },
            )
        )
    return pin


def note_add(*, pin: Pin, by, body: str) -> PinNote:
    """An internal note: seen by the partners who handle the pin, never by the public."""
    handle_check(pin, by)
    errors = Errors()
    body = text_clean(errors, "body", body, max_length=NOTE_MAX, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        note = PinNote.objects.create(pin=pin, author=by, body=body)
        event_record(pin, PinEvent.Kind.NOTE, by, body[:80])
    return note
