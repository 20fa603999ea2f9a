"""What the benchmark compares: our pin list, the naive serializer, and creating a pin."""

from __future__ import annotations

from django.contrib.gis.geos import Point
from rest_framework.renderers import JSONRenderer

from api.v1.public.pins.serializers import PinFeatureSerializer
from participatie.pins.selectors import pins_geojson


def geojson_list(queryset) -> bytes:
    """The product's list: a FeatureCollection aggregated by PostGIS."""
    return pins_geojson(queryset, limit=10_000_000)


def naive_geojson_list(queryset) -> bytes:
    """The same features through djangorestframework-gis' GeoFeatureModelSerializer."""
    queryset = queryset.select_related("category", "neighbourhood", "district")
    return JSONRenderer().render(PinFeatureSerializer(queryset, many=True).data)


def bench_pin_create(*, lon: float, lat: float):
    """A pin posted through the service, as the API does."""
    from participatie.accounts.models import User
    from participatie.pins.models import Category
    from participatie.pins.services import pin_create

    author, _ = User.objects.get_or_create(
        username="bench-resident", defaults={"email": "bench@example.org"}
    )
    if hasattr(author, "email_verified_at") and author.email_verified_at is None:
        from django.utils import timezone

        author.email_verified_at = timezone.now()
        author.save()
    category = Category.objects.filter(is_public=True, is_sensitive=False, is_active=True).first()
    kind = "idea" if category.kinds in ("idea", "both") else "complaint"
    return pin_create(
        author=author, kind=kind, category=category, title="Benchmark: vers",
        description="", geom=Point(lon, lat, srid=4326),
    )  # fmt: skip
