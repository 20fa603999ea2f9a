"""The programme's partners that `make run` loads: Assen's own, or for another municipality
one of each kind named after the municipality (its partners are managed in /admin/).

Reference data names partners by Assen's slugs (fixtures/categories.json, the demo
accounts); elsewhere partner_of() finds the partner of the same kind instead."""

from __future__ import annotations

from django.utils.text import slugify

from maps.partners.models import Partner

ASSEN_CODE = "GM0106"
ASSEN = [
    ("Gemeente Assen", "gemeente-assen", Partner.Kind.MUNICIPALITY, "https://www.assen.nl"),
    ("Actium", "actium", Partner.Kind.HOUSING, "https://www.actium.nl"),
    ("Vaart Welzijn", "vaart-welzijn", Partner.Kind.WELFARE, "https://www.vaartwelzijn.nl"),
]
KIND_OF_SLUG = {slug: kind for _, slug, kind, _ in ASSEN}


def programme_partners(*, code: str, municipality_name: str) -> list[tuple[str, str, str, str]]:
    """(name, slug, kind, website) of the partners to load for this municipality."""
    if code == ASSEN_CODE:
        return ASSEN
    name = municipality_name
    return [
        (f"Gemeente {name}", slugify(f"gemeente {name}"), Partner.Kind.MUNICIPALITY, ""),
        (f"Woningcorporatie {name} (demo)", slugify(f"wonen {name}"), Partner.Kind.HOUSING, ""),
        (f"Welzijn {name} (demo)", slugify(f"welzijn {name}"), Partner.Kind.WELFARE, ""),
    ]


def programme_partners_ensure(*, code: str, municipality_name: str) -> list[Partner]:
    return [
        Partner.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "website": website}
        )[0]
        for name, slug, kind, website in programme_partners(
            code=code, municipality_name=municipality_name
        )
    ]


def partner_of(slug: str) -> Partner | None:
    """The partner with this slug; for one of Assen's slugs where Assen's partners are not
    loaded, the first partner of the same kind (another municipality's)."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None and slug in KIND_OF_SLUG:
        partner = Partner.objects.filter(kind=KIND_OF_SLUG[slug]).order_by("pk").first()
    return partner
