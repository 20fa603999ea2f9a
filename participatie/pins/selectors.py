"""Reads of pins: what each output publishes, built in PostGIS where lists get long.

Public outputs never carry the author or anything that identifies them; they are built only
from querysets that went through `public()` or `visible_to(user)`.
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from typing import NamedTuple

from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Expression,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from maps.geojson import Properties, feature_collection
from maps.partners.models import Partner
from maps.selectors import choice_label
from participatie.accounts.models import User
from participatie.pins.models import Category, Comment, Pin, PinPhoto, PinStatusChange, Support
from participatie.pins.querysets import PinQuerySet
from participatie.pins.visibility import category_public_q, pin_public_sql

LIST_LIMIT_DEFAULT = 5000
LIST_LIMIT_MAX = 10000


def category_name_expression(prefix: str = "category__") -> Expression:
    """The category's name in the active language, computed in SQL."""
    if (get_language() or "").startswith("en"):
        return Coalesce(NullIf(F(f"{prefix}name_en"), Value("")), F(f"{prefix}name"))
    return F(f"{prefix}name")


def pin_properties() -> Properties:
    """The public properties of a pin on the map (shared by GeoJSON lists and, later, tiles)."""
    return {
        "kind": "kind",
        "kind_label": choice_label("kind", Pin.Kind.choices),
        "category": "category__slug",
        "category_name": category_name_expression(),
        "title": "title",
        "status": "status",
        "status_label": choice_label("status", Pin.Status.choices),
        "support_count": "support_count",
        "comment_count": "comment_count",
        "created_at": "created_at",
        "neighbourhood_code": "neighbourhood__code",
        "district_code": "district__code",
    }


def own_pin_properties() -> Properties:
    """A resident's view of their own pins: also whether the map shows them, and why not."""
    return pin_properties() | {
        "status_reason": "status_reason",
        "is_private": ExpressionWrapper(~category_public_q("category__"), BooleanField()),
        "is_hidden": "is_hidden",
    }


# Lists up to this long (the map's list beside it asks for 200) are the newest few of
# many pins in view: picked by key, and planned without parallel workers, whose start
# cost ~20 ms on two cores, more than such a whole list (3–31 ms serial against 24–44 ms
# parallel at a million pins). Longer lists hold about every pin of their view.
SHORT_LIST = 1000


def limited(queryset: PinQuerySet, limit: int) -> PinQuerySet:
    """The newest `limit` pins of the queryset (past that, the map uses vector tiles), in
    that order. The filters follow only single-valued relations, so no pin comes twice.

    A short list's pins are picked by their keys alone and only they are joined to what
    the list shows: sorting every matching row with all its columns (23,000 pins in a
    view of Assen at a million pins) cost more than the list."""
    newest = queryset.order_by("-created_at", "-id")
    if limit > SHORT_LIST:
        return newest[:limit]
    return Pin.objects.filter(pk__in=newest.values("pk")[:limit]).order_by("-created_at", "-id")


@contextmanager
def serial_plans():
    """Statements planned without parallel workers until the block ends (its transaction)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def pins_geojson(queryset: PinQuerySet, *, limit: int = LIST_LIMIT_DEFAULT) -> bytes:
    with serial_plans() if limit <= SHORT_LIST else nullcontext():
        return feature_collection(limited(queryset, limit), pin_properties(), id_field="public_id")


def own_pins_geojson(user) -> bytes:
    """All pins `user` posted, also private, hidden and withdrawn ones."""
    return feature_collection(
        Pin.objects.filter(author=user).order_by("-created_at", "-id"),
        own_pin_properties(),
        id_field="public_id",
    )


def pin_detail_queryset(user) -> PinQuerySet:
    """Pins `user` may open, with what the detail page shows loaded up front."""
    comments = (
        Comment.objects.visible().select_related("author__partner").order_by("created_at", "id")
    )
    return (
        Pin.objects.visible_to(user)
        .select_related("category", "neighbourhood", "district")
        .prefetch_related(
            "photos",
            # Who answered is never public; their team and partner are (the staff badge).
            Prefetch(
                "status_changes",
                queryset=PinStatusChange.objects.select_related("changed_by__partner"),
            ),
            Prefetch("comments", queryset=comments, to_attr="shown_comments"),
        )
    )


class PinPageStamp(NamedTuple):
    """A public pin as the page cache sees it: enough for the page around the cached parts
    (title, kind, ids), and a digest of every row the public page is made from."""

    pk: int
    public_id: str
    kind: str
    title: str
    digest: str


def _pin_page_stamp_sql() -> str:
    pin = Pin._meta.db_table
    comment, photo = Comment._meta.db_table, PinPhoto._meta.db_table
    change, user = PinStatusChange._meta.db_table, User._meta.db_table
    partner = Partner._meta.db_table
    # Each related row with the account and partner it shows (names, staff badges): a
    # change to any of them changes the digest. Table and column names and the rule's
    # constants only: the public id is the one parameter.
    return f"""
    SELECT p.id, p.public_id, p.kind, p.title, md5(concat_ws('|', p::text,
        (SELECT string_agg(concat_ws(',', x::text, u::text, o::text), ';' ORDER BY x.id)
           FROM {comment} x LEFT JOIN {user} u ON u.id = x.author_id
           LEFT JOIN {partner} o ON o.id = u.partner_id WHERE x.pin_id = p.id),
        (SELECT string_agg(concat_ws(',', x::text, u::text, o::text), ';' ORDER BY x.id)
           FROM {change} x LEFT JOIN {user} u ON u.id = x.changed_by_id
           LEFT JOIN {partner} o ON o.id = u.partner_id WHERE x.pin_id = p.id),
        (SELECT string_agg(x::text, ';' ORDER BY x.id) FROM {photo} x WHERE x.pin_id = p.id)))
    FROM {pin} p
    WHERE p.public_id = %s AND {pin_public_sql("p")}
    """  # noqa: S608 (fixed table and column names)


def public_pin_page_stamp(public_id: str) -> PinPageStamp | None:
    """The stamp of a public pin (the rule of `Pin.objects.public()`), None for any other
    pin or none at all. One plain SQL statement: the page's cached parts are keyed by it,
    so a view of a pin whose page is cached costs this one query."""
    with connection.cursor() as cursor:
        cursor.execute(_pin_page_stamp_sql(), [public_id])
        row = cursor.fetchone()
    return PinPageStamp(*row) if row else None


def pin_supported_by(pin: Pin, user) -> bool | None:
    """Whether `user` supports the pin; None for someone not signed in."""
    if user is None or not user.is_authenticated:
        return None
    return Support.objects.filter(pin=pin, user=user).exists()


def nearby_similar(*, category: Category, geom: GEOSGeometry, metres: float = 75) -> PinQuerySet:
    """Public pins in the same category within `metres`: "is this already reported?"."""
    return Pin.objects.public().filter(category=category).near(geom, metres)


def categories_for_form():
    """Active categories with the number of public pins in each (0 for private ones)."""
    public = Pin.objects.public().values("pk")
    return (
        Category.objects.active()
        .select_related("default_partner")
        .annotate(public_pin_count=Count("pins", filter=Q(pins__in=public)))
    )


def public_category_names() -> dict[str, str]:
    """Slug → name of every public category (also inactive ones: old pins keep theirs)."""
    return {c.slug: c.display_name for c in Category.objects.shown_publicly()}


def own_pins(user) -> PinQuerySet:
    """Everything the user posted, also private, hidden and withdrawn pins."""
    return (
        Pin.objects.filter(author=user)
        .select_related("category", "neighbourhood", "district")
        .order_by("-created_at", "-id")
    )
