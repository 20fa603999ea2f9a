"""Accounts and pins for the participation tests, with geometry helpers inside Assen."""

from __future__ import annotations

import io

import factory
from django.contrib.gis.geos import Point
from django.utils import timezone
from PIL import Image

from maps.models import Area
from participatie.accounts.models import User
from participatie.pins import services
from participatie.pins.models import Category, Pin


class UserFactory(factory.django.DjangoModelFactory):
    """A resident with a confirmed e-mail address; `verified=False` for one without;
    `password=...` for one who logs in with the form (hashing is slow, so only then)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        verified = True

    username = factory.Sequence(lambda n: f"pins-user-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    display_name = factory.Sequence(lambda n: f"Buurtgenoot {n}")
    role = User.Role.RESIDENT
    email_verified_at = factory.Maybe("verified", factory.LazyFunction(timezone.now), None)

    @factory.post_generation
    def password(self, create, raw, **kwargs):
        if raw:
            self.set_password(raw)
            if create:
                self.save(update_fields=["password"])


class StaffFactory(UserFactory):
    """A wijkteam member of a partner; handles the pins of `districts` (CBS codes, default
    every district)."""

    username = factory.Sequence(lambda n: f"pins-staff-{n}")
    role = User.Role.WIJKTEAM

    @factory.post_generation
    def districts(self, create, codes, **kwargs):
        if not create:
            return
        areas = Area.objects.districts()
        self.districts.set(areas.filter(code__in=codes) if codes is not None else areas)


class BuurtteamFactory(StaffFactory):
    """A buurtteam member: also the confidential signals of their districts."""

    username = factory.Sequence(lambda n: f"pins-buurtteam-{n}")
    role = User.Role.BUURTTEAM


class DesignerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"pins-designer-{n}")
    role = User.Role.DESIGNER


class AdminFactory(UserFactory):
    """A programme administrator (moderates, sees everything)."""

    username = factory.Sequence(lambda n: f"pins-admin-{n}")
    role = User.Role.ADMIN
    is_staff = True


def point_in(code: str | None = None) -> Point:
    """A point inside a neighbourhood of Assen (the first one, or the one with this code)."""
    hoods = Area.objects.neighbourhoods().order_by("code")
    hood = hoods.get(code=code) if code else hoods.first()
    return hood.geom.point_on_surface


def category(slug: str = "straat-en-stoep") -> Category:
    return Category.objects.get(slug=slug)


def sensitive_category() -> Category:
    return Category.objects.get(slug="eenzaamheid")


def pin_create(author, **overrides) -> Pin:
    """A pin posted through the service, a complaint about the street by default."""
    values = {
        "kind": "complaint",
        "category": category(),
        "title": "Losliggende stoeptegels",
        "description": "Bij de ingang van het winkelcentrum.",
        "geom": point_in(),
    }
    values.update(overrides)
    return services.pin_create(author=author, **values)


def image_bytes(fmt: str = "JPEG", size=(1200, 800), exif: Image.Exif | None = None, **kw) -> bytes:
    image = Image.new("RGB", size, (200, 60, 40))
    out = io.BytesIO()
    if exif is not None:
        kw["exif"] = exif
    image.save(out, format=fmt, **kw)
    return out.getvalue()


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, orientation and a GPS position (in Assen)."""
    exif = Image.Exif()
    exif[0x010F] = "Voorbeeldtelefoon"  # Make
    exif[0x0110] = "Model 12"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x8825] = {  # GPSInfo
        1: "N",
        2: (52.0, 59.0, 33.4),
        3: "E",
        4: (6.0, 33.0, 45.0),
    }
    return exif
