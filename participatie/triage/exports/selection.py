"""What an export or area report is made of: the workspace's filtered pins — the pins the
user may see (`Pin.objects.visible_to`, via selectors.workspace_filterset) narrowed by the
workspace's filters from the query string, in the table's order.

A filter that is not understood refuses the export (400, with the filter's own message)
instead of being ignored: an export must never quietly hold more than was asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from participatie.pins.models import Pin
from participatie.triage import selectors
from participatie.triage.filters import TriageFilterSet

# Exports stream, so memory is not the limit; time is: 100,000 pins take about 9 s as CSV
# and 4.5 s as GeoJSON (76 MB) on the benchmark machine, at a steady ~145 MB per process.
# Past this, narrow the filters.
EXPORT_MAX = 200_000


@dataclass
class Refused(Exception):
    """The export cannot be made: what went wrong, for the person who asked."""

    messages: list[str] = field(default_factory=list)


@dataclass
class Selection:
    filterset: TriageFilterSet
    pins: QuerySet  # visible to the user, filtered, in the table's order

    @property
    def filters(self) -> dict:
        """The filters that were given and understood (empty values left out)."""
        if not self.filterset.is_bound:
            return {}
        return {
            name: value
            for name, value in self.filterset.form.cleaned_data.items()
            if value is not None and value != ""
        }


def overdue_q(now=None) -> Q:
    """Not answered after its due date; a withdrawn pin waits for nobody. The same rule as
    the workspace's "only overdue" filter."""
    now = now or timezone.now()
    return Q(responded_at__isnull=True, due_at__lt=now) & ~Q(status=Pin.Status.WITHDRAWN)


def selection_of(request) -> Selection:
    filterset = selectors.workspace_filterset(request)
    if filterset.is_bound and not filterset.is_valid():
        form = filterset.form
        messages = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else None
            for error in errors:
                messages.append(f"{label}: {error}" if label else str(error))
        raise Refused(messages)
    return Selection(filterset=filterset, pins=selectors.ordered_for_triage(filterset.qs))


def cap_check(pins: QuerySet, limit: int | None = None) -> None:
    """Refuse a selection larger than `limit` (counting at most limit + 1 rows)."""
    limit = limit or EXPORT_MAX
    if pins.order_by()[: limit + 1].count() > limit:
        message = _(
            "The selection holds more than %(max)s pins: narrow the filters "
            "(a district, a period or a status)."
        )
        raise Refused([message % {"max": number_format(limit, force_grouping=True)}])
