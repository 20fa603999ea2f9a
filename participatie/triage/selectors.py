"""Reads of the workspace: the filtered pins a staff member may see, their table, the map's
clusters and heat, counts per neighbourhood, and confidential signals as aggregates only.

Confidential signals are shown as points (with their content) only to the buurtteam of
their district. On every shared view — counts, heat, exports, the area report — anyone else
sees them only as a count per neighbourhood, and only where there are at least
CONFIDENTIAL_MIN_COUNT, so that no household can be singled out.
"""

from __future__ import annotations

from django.contrib.gis.db.models.functions import SnapToGrid
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone

from maps.models import Area
from participatie.accounts.models import User
from participatie.pins import roles
from participatie.pins.models import Pin
from participatie.triage.filters import TriageFilterSet

CONFIDENTIAL_MIN_COUNT = 5
PAGE_SIZE = 50
# At most this many cells in the map's clusters and heat; the grid widens to stay under.
MAX_CELLS = 4000


def workspace_filterset(request: HttpRequest) -> TriageFilterSet:
    pins = Pin.objects.visible_to(request.user).select_related(
        "category", "neighbourhood", "district", "partner", "assignee"
    )
    return TriageFilterSet(request.GET or None, queryset=pins, request=request)


def ordered_for_triage(pins: QuerySet) -> QuerySet:
    """Overdue first (the longest overdue on top), then the newest."""
    now = timezone.now()
    # As the "overdue" filter has it: unanswered past the due date, not withdrawn.
    overdue = Q(responded_at__isnull=True, due_at__lt=now) & ~Q(status=Pin.Status.WITHDRAWN)
    return pins.annotate(
        overdue_rank=Case(
            When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        # The due date orders the overdue ones only: among the rest, an old report that was
        # answered long ago must not come before today's new ones.
        overdue_since=Case(When(overdue, then=F("due_at")), default=None),
    ).order_by("overdue_rank", "overdue_since", "-created_at", "-id")


def map_cells(pins: QuerySet, *, bbox=None) -> list[tuple[float, float, int]]:
    """(lon, lat, count) per grid cell of the filtered pins: the map's clusters and heat.
    The grid is sized so that the answer stays small for any selection."""
    if bbox is not None:
        pins = pins.in_bbox(bbox)
        width = max(bbox[2] - bbox[0], bbox[3] - bbox[1])
    else:
        width = 0.2  # about a municipality
    size = max(width / 64, 0.0002)
    rows = (
        pins.order_by()
        .annotate(cell=SnapToGrid("geom", size))
        .values("cell")
        .annotate(count=Count("id"))
        .values_list("cell", "count")[:MAX_CELLS]
    )
    return [(round(cell.x, 6), round(cell.y, 6), count) for cell, count in rows if cell]


def neighbourhood_counts(pins: QuerySet) -> dict[str, int]:
    """Filtered pins per neighbourhood (CBS code), for the choropleth."""
    rows = (
        pins.order_by()
        .filter(neighbourhood__isnull=False)
        .values("neighbourhood__code")
        .annotate(count=Count("id"))
    )
    return {row["neighbourhood__code"]: row["count"] for row in rows}


def confidential_counts(user: User, *, district_ids=None) -> dict[str, int]:
    """Confidential signals per neighbourhood for someone who may not see them as points:
    of their own districts (all districts for programme administrators), and only where
    there are at least CONFIDENTIAL_MIN_COUNT. Empty for those who see the points anyway
    and for those who handle no pins."""
    if not roles.can_triage(user) or roles.sees_confidential(user):
        return {}
    signals = Pin.objects.confidential().exclude(status=Pin.Status.WITHDRAWN)
    if roles.works_per_district(user):
        signals = signals.filter(district__in=user.districts.values("pk"))
    if district_ids is not None:
        signals = signals.filter(district__in=district_ids)
    rows = (
        signals.order_by()
        .filter(neighbourhood__isnull=False)
        .values("neighbourhood__code")
        .annotate(count=Count("id"))
        .filter(count__gte=CONFIDENTIAL_MIN_COUNT)
    )
    return {row["neighbourhood__code"]: row["count"] for row in rows}


def area_outlines(codes) -> QuerySet:
    return Area.objects.filter(code__in=list(codes)).only("code", "name", "geom")


def handlers_of(pin: Pin) -> QuerySet:
    """The people a pin can be assigned to: staff who handle it."""
    staff = User.objects.filter(is_active=True, role__in=roles.TRIAGE_ROLES).order_by(
        "display_name", "username"
    )
    # Asked of the one access rule per person: staff lists are short (tens).
    handlers = [u.pk for u in staff if Pin.objects.handled_by(u).filter(pk=pin.pk).exists()]
    return staff.filter(pk__in=handlers)
