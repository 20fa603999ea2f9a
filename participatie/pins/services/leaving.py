"""A resident leaves, and confidential signals are not kept forever.

When an account is deleted, its owner's supports and reports are taken back (the counters
on the pins stay exact and the tiles showing them are purged), and their pins and comments
are either removed or kept without an author. Confidential signals are never removed by
their author this way: the buurtteam's handling is kept, but nothing ties the signal to a
person any more (no author, no consent to be contacted).

Closed confidential signals are deleted for good, with their photos, notes and history,
once CONFIDENTIAL_RETENTION_DAYS have passed since they were closed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from maps.tiles.cache import layer_purge
from participatie.pins.history import history_delete_allowed
from participatie.pins.models import Comment, Pin, PinPhoto, Report, Support
from participatie.pins.services._common import tiles_changed

# A confidential signal in one of these statuses is closed: its retention period runs.
CLOSED_STATUSES = (Pin.Status.DONE, Pin.Status.DECLINED, Pin.Status.WITHDRAWN)


@dataclass
class Departure:
    """What leaving did to the pins domain (for the confirmation and the logs)."""

    supports_removed: int = 0
    reports_removed: int = 0
    pins_removed: int = 0
    pins_kept_anonymously: int = 0
    signals_anonymised: int = 0
    comments_removed: int = 0
    comments_kept_anonymously: int = 0


def _photo_files_delete_on_commit(pins) -> None:
    """The photo files of pins about to be deleted go too, once the deletion commits."""
    names = [
        name
        for photo in PinPhoto.objects.filter(pin__in=pins)
        for name in (photo.image.name, photo.thumbnail.name)
        if name
    ]

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


# Past this many places, one purge of the whole pins layer is cheaper than purging each
# place's tiles at every zoom (measured: 300 pins one by one took over a minute).
PURGE_PLACES_MAX = 20


def _tiles_changed_at(geoms) -> None:
    """The pin tiles showing these places go stale on commit: each place's tiles, or for
    many places the whole layer at once."""
    places = {g.extent: g for g in geoms if g is not None and not g.empty}
    if len(places) > PURGE_PLACES_MAX:
        transaction.on_commit(lambda: layer_purge("pins"))
    elif places:
        tiles_changed(*places.values())


def _decrement(model, counter: str, ids) -> None:
    """Lower `counter` by how often each id occurs in `ids` (one UPDATE per distinct count)."""
    by_count: dict[int, list[int]] = {}
    for pk, n in Counter(ids).items():
        by_count.setdefault(n, []).append(pk)
    for n, pks in by_count.items():
        model.objects.filter(pk__in=pks).update(**{counter: F(counter) - n})


def _supports_withdraw(user) -> tuple[int, list[int]]:
    """Take back the user's supports; the pins' counters go down by exactly the rows that
    went (locked first, so a support taken back at the same moment counts once)."""
    pin_ids = list(
        Support.objects.select_for_update().filter(user=user).values_list("pin_id", flat=True)
    )
    Support.objects.filter(user=user, pin_id__in=pin_ids).delete()
    _decrement(Pin, "support_count", pin_ids)
    return len(pin_ids), pin_ids


def _reports_withdraw(user) -> int:
    """Take back the user's reports; the report counters go down with them. Something
    already hidden stays hidden until a moderator looks."""
    reports = list(Report.objects.select_for_update().filter(reporter=user))
    _decrement(Pin, "report_count", [r.pin_id for r in reports if r.pin_id])
    _decrement(Comment, "report_count", [r.comment_id for r in reports if r.comment_id])
    Report.objects.filter(pk__in=[r.pk for r in reports]).delete()
    return len(reports)


def _comments_remove(user) -> tuple[int, list[int]]:
    comments = list(Comment.objects.select_for_update().filter(author=user))
    Comment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    # A hidden comment was already taken off its pin's count.
    shown = [c.pin_id for c in comments if not c.is_hidden]
    _decrement(Pin, "comment_count", shown)
    return len(comments), shown


def _signals_anonymise(user) -> int:
    """Confidential signals lose their author and the consent to be contacted; the
    handling (status, answers, notes, history) stays with the buurtteam."""
    return Pin.objects.filter(author=user, category__is_sensitive=True).update(
        author=None, contact_consent=False
    )


def _pins_remove(user) -> list:
    """Delete the user's (non-confidential) pins with their photos, supports, comments and
    history; their places, for the tile purge."""
    pins = list(Pin.objects.select_for_update().filter(author=user))
    _photo_files_delete_on_commit(pins)
    history_delete_allowed()
    Pin.objects.filter(pk__in=[p.pk for p in pins]).delete()
    return [p.geom for p in pins]


def author_leave(*, user, keep_pins: bool) -> Departure:
    """Everything the pins domain holds of `user`, before the account is deleted: supports
    and reports taken back, pins and comments removed or (keep_pins) kept without an
    author, confidential signals anonymised. One transaction; tiles purge on commit."""
    done = Departure()
    with transaction.atomic():
        done.supports_removed, changed = _supports_withdraw(user)
        done.reports_removed = _reports_withdraw(user)
        done.signals_anonymised = _signals_anonymise(user)
        if keep_pins:
            done.pins_kept_anonymously = Pin.objects.filter(author=user).update(author=None)
            done.comments_kept_anonymously = Comment.objects.filter(author=user).update(author=None)
            geoms = []
        else:
            done.comments_removed, commented = _comments_remove(user)
            changed += commented
            geoms = _pins_remove(user)
            done.pins_removed = len(geoms)
        geoms += list(Pin.objects.filter(pk__in=set(changed)).values_list("geom", flat=True))
        _tiles_changed_at(geoms)
    return done


def confidential_expired(*, now: dt.datetime | None = None, days: int | None = None):
    """Closed confidential signals whose retention period is over. A signal counts as
    closed from its last status change into its current (closed) status."""
    days = settings.CONFIDENTIAL_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return (
        Pin.objects.filter(category__is_sensitive=True, status__in=CLOSED_STATUSES)
        .annotate(
            closed_at=Coalesce(
                Max(
                    "status_changes__created_at",
                    filter=Q(status_changes__to_status=F("status")),
                ),
                F("updated_at"),
            )
        )
        .filter(closed_at__lt=cutoff)
    )


def confidential_retention_apply(
    *, now: dt.datetime | None = None, days: int | None = None, dry_run: bool = False
) -> int:
    """Delete the expired confidential signals (see `confidential_expired`) with their
    photos, notes, comments and history. Returns how many; `dry_run` only counts."""
    expired = list(confidential_expired(now=now, days=days).values_list("pk", flat=True))
    if dry_run or not expired:
        return len(expired)
    with transaction.atomic():
        # Locked and checked again: a signal reopened meanwhile stays.
        pins = list(
            Pin.objects.select_for_update().filter(pk__in=expired, status__in=CLOSED_STATUSES)
        )
        _photo_files_delete_on_commit(pins)
        history_delete_allowed()
        Pin.objects.filter(pk__in=[p.pk for p in pins]).delete()
        # Never on the public map; purged anyway, should a category's flags have changed.
        _tiles_changed_at([p.geom for p in pins])
    return len(pins)
