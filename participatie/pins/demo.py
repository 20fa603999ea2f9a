"""Demo pins inside the real neighbourhoods, from a fixed seed, marked is_demo=True.

About 300 ideas and complaints by generated demo residents, with supports, comments and a
status history; a few are sensitive signals that stay private. Points come from PostGIS'
seeded ST_GeneratePoints, so every pin lies inside its neighbourhood.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from maps.demo import DEMO_NOTE, GeneratePoints
from maps.models import Area
from maps.tiles.cache import layer_purge
from participatie.pins.demo_texts import COMMENTS, FIRST_NAMES, PINS, STATUS_REASONS
from participatie.pins.history import history_delete_allowed
from participatie.pins.models import Category, Comment, Pin, PinStatusChange, Support

STATUS_WEIGHTS = {
    "new": 45, "acknowledged": 18, "planned": 12, "done": 14, "declined": 6, "withdrawn": 5,
}  # fmt: skip
SENSITIVE_EVERY = 20  # one pin in twenty is a private social signal
DEMO_USERNAME = "demo-bewoner-{:02d}"
# Neighbourhoods in this district get one pin: few people live there.
RURAL_DISTRICT = "Buitengebied"


def _demo_residents() -> list:
    User = get_user_model()
    residents = []
    for n, first_name in enumerate(FIRST_NAMES, start=1):
        username = DEMO_USERNAME.format(n)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "display_name": first_name,
                "email": f"{username}@example.org",
                "role": User.Role.RESIDENT,
            },
        )
        if created:
            user.set_unusable_password()  # demo authors only; nobody signs in as them
            user.save(update_fields=["password"])
        residents.append(user)
    bewoner = User.objects.filter(username="bewoner").first()
    if bewoner is not None:
        residents.append(bewoner)
    return residents


def _points_per_neighbourhood(seed: int, per_neighbourhood: int) -> list[tuple[Area, list]]:
    """Seeded random points in every neighbourhood, in one query (fewer in the countryside)."""
    count = Case(When(parent__name=RURAL_DISTRICT, then=Value(1)), default=Value(per_neighbourhood))
    # A seed per neighbourhood in code order: the same points whatever the row order.
    hood_seed = Cast(Value(seed * 1000) + Window(RowNumber(), order_by="code"), IntegerField())
    hoods = (
        Area.objects.neighbourhoods()
        .of_municipality()
        .select_related("parent")
        .annotate(points=GeneratePoints("geom", count, hood_seed))
        .order_by("code")
    )
    return [(hood, list(hood.points) if hood.points else []) for hood in hoods]


def _history(pin: Pin, status: str, rng: random.Random, now: dt.datetime) -> list:
    changes = [PinStatusChange(pin=pin, from_status="", to_status="new", created_at=pin.created_at)]
    path = {
        "new": [],
        "acknowledged": ["acknowledged"],
        "planned": ["acknowledged", "planned"],
        "done": ["acknowledged", "planned", "done"],
        "declined": ["acknowledged", "declined"],
        "withdrawn": ["withdrawn"],
    }[status]
    moment, previous = pin.created_at, "new"
    for step in path:
        moment = min(moment + dt.timedelta(days=rng.randint(1, 30)), now)
        changes.append(
            PinStatusChange(
                pin=pin,
                from_status=previous,
                to_status=step,
                reason=STATUS_REASONS[step],
                created_at=moment,
            )
        )
        previous = step
    pin.status_reason = STATUS_REASONS[status] if status != "new" else ""
    return changes


@transaction.atomic
def generate_demo_pins(*, seed: int = 2012, per_neighbourhood: int = 3) -> dict[str, int]:
    """Replace all demo pins with a fresh, deterministic set. Returns counts."""
    rng = random.Random(seed)
    now = timezone.now()
    history_delete_allowed()
    Pin.objects.filter(is_demo=True).delete()
    categories = {c.slug: c for c in Category.objects.active().select_related("default_partner")}
    public = [slug for slug in PINS if slug in categories and categories[slug].is_shown_publicly]
    private = [slug for slug in PINS if slug in categories and categories[slug].is_sensitive]
    if not public:
        raise ValueError("load the categories first (manage.py load_categories)")
    residents = _demo_residents()

    pins, pin_residents = [], []
    for hood, points in _points_per_neighbourhood(seed, per_neighbourhood):
        for point in points:
            sensitive = private and len(pins) % SENSITIVE_EVERY == SENSITIVE_EVERY - 1
            slug = rng.choice(private if sensitive else public)
            kind, title, text = rng.choice(PINS[slug])
            author = rng.choice(residents)
            pins.append(
                Pin(
                    kind=kind,
                    category=categories[slug],
                    title=title,
                    description=f"{text.format(buurt=hood.name)}\n\n{DEMO_NOTE}",
                    geom=point,
                    neighbourhood=hood,
                    district=hood.parent,
                    author=author,
                    status=rng.choices(list(STATUS_WEIGHTS), weights=STATUS_WEIGHTS.values())[0],
                    is_demo=True,
                    created_at=now - dt.timedelta(days=rng.uniform(1, 365)),
                )
            )
            pin_residents.append(author)

    changes = [c for pin in pins for c in _history(pin, pin.status, rng, now)]
    # Routed as pin_create routes: the category's partner, a due date from its service level,
    # answered at the first status change by staff.
    for pin in pins:
        pin.partner = pin.category.default_partner
        pin.due_at = pin.created_at + dt.timedelta(days=pin.category.response_days)
    for change in changes:
        if change.to_status not in ("new", "withdrawn") and change.pin.responded_at is None:
            change.pin.responded_at = change.created_at
    supports, comments = [], []
    for pin, author in zip(pins, pin_residents, strict=True):
        if not pin.category.is_shown_publicly or pin.status == "withdrawn":
            continue
        others = [r for r in residents if r.pk != author.pk]
        # Most pins get a few supports, some many (a long tail, as on real platforms).
        supporters = rng.sample(others, k=min(len(others), int(rng.paretovariate(1.2)) - 1))
        supports += [Support(pin=pin, user=u, created_at=pin.created_at) for u in supporters]
        pin.support_count = len(supporters)
        if rng.random() < 0.25:
            pin.comment_count = rng.randint(1, 3)
            comments += [
                Comment(
                    pin=pin,
                    author=rng.choice(others),
                    body=rng.choice(COMMENTS),
                    is_demo=True,
                    created_at=min(pin.created_at + dt.timedelta(hours=rng.randint(1, 200)), now),
                )
                for _ in range(pin.comment_count)
            ]
    # Past the services on purpose: demo pins carry back-dated times, statuses and counters
    # that no resident's write can produce, and one insert per table keeps `make run` fast.
    # What the services would add is done here too: the counters are set above, the
    # cluster cells come from the table trigger, and every rendered pin tile is dropped.
    Pin.objects.bulk_create(pins)
    PinStatusChange.objects.bulk_create(changes)
    Support.objects.bulk_create(supports)
    Comment.objects.bulk_create(comments)
    transaction.on_commit(lambda: layer_purge("pins"))
    return {
        "pins": len(pins),
        "private": sum(1 for p in pins if not p.category.is_shown_publicly),
        "supports": len(supports),
        "comments": len(comments),
    }
