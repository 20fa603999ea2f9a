"""Writes of the workspace: saved filters, and bulk actions on a selection of pins, which go
through the pins' own services one pin at a time (each its own transaction, so one pin
that may not change does not undo the others)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from maps.partners.models import Partner
from participatie.accounts.models import User
from participatie.pins import roles, services
from participatie.pins.models import Pin
from participatie.pins.validation import Errors, text_clean
from participatie.triage.models import SavedFilter

BULK_MAX = 500


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def _selection(user, pin_ids) -> list[Pin]:
    ids = [int(pk) for pk in pin_ids][:BULK_MAX]
    return list(Pin.objects.visible_to(user).filter(pk__in=ids).order_by("pk"))


def _bulk(user, pin_ids, action) -> BulkResult:
    if not roles.can_triage(user):
        raise PermissionDenied(_("Only staff can handle pins."))
    result = BulkResult()
    for pin in _selection(user, pin_ids):
        try:
            action(pin)
        except (PermissionDenied, ValidationError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            result.refused[pin.pk] = " ".join(str(m) for m in messages)
        else:
            result.done.append(pin.pk)
    return result


def pins_bulk_assign(
    *, by, pin_ids, partner: Partner | None = None, assignee: User | None = None
) -> BulkResult:
    return _bulk(
        by,
        pin_ids,
        lambda pin: services.pin_assign(pin=pin, by=by, partner=partner, assignee=assignee),
    )


def pins_bulk_set_status(*, by, pin_ids, status: str, reason: str = "") -> BulkResult:
    return _bulk(
        by,
        pin_ids,
        lambda pin: services.pin_set_status(pin=pin, status=status, reason=reason, by=by),
    )


def saved_filter_save(*, owner, name: str, query: str) -> SavedFilter:
    if not roles.can_triage(owner):
        raise PermissionDenied(_("Only staff can save workspace filters."))
    errors = Errors()
    name = text_clean(errors, "name", name, max_length=80, required=True)
    query = text_clean(errors, "query", query, max_length=4000, required=False)
    errors.raise_if_any()
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, name=name, defaults={"query": query.lstrip("?")}
    )
    return saved


def saved_filter_delete(*, owner, saved_filter: SavedFilter) -> None:
    if saved_filter.owner_id != owner.pk:
        raise PermissionDenied(_("This is someone else's filter."))
    saved_filter.delete()
