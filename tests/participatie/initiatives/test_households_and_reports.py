"""Households from a CBS kerncijfers CSV, and the organisers' report after the event."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from participatie.initiatives import services
from participatie.initiatives.models import HouseholdCount, Initiative, ReportPhoto
from participatie.initiatives.selectors import budget_overview, year_overview
from tests.participatie.factories import exif_with_gps, image_bytes
from tests.participatie.initiatives.factories import (
    budget,
    neighbourhood,
    reached,
    resident_of,
    team_of,
)
from tests.participatie.initiatives.test_backing import codes


def cbs_csv(first, second) -> str:
    """The layout of a CBS StatLine export: `;`, quoted codes with trailing spaces, rows of
    the municipality and districts too, `.` for a value that is kept secret."""
    return (
        '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"AantalInwoners_5";'
        '"aantal_huishoudens"\n'
        '1;"GM0106    ";"Assen";"Gemeente";68599;31240\n'
        f'2;"{first.parent.code}  ";"Assen";"Wijk";5000;2100\n'
        f'3;"{first.code}";"Assen";"Buurt";1210;655\n'
        f'4;"{second.code}";"Assen";"Buurt";40;.\n'
        '5;"BU01069999";"Assen";"Buurt";10;5\n'
    )


def test_the_cbs_layout_imports_the_neighbourhoods_only(db, tmp_path):
    first, second = neighbourhood(0), neighbourhood(1)
    HouseholdCount.objects.all().delete()
    path = tmp_path / "kwb-2024.csv"
    path.write_text(cbs_csv(first, second), encoding="utf-8")
    out = io.StringIO()
    call_command("import_households", str(path), "--year", "2024", stdout=out)
    assert "1 neighbourhoods imported" in out.getvalue()
    assert "2 rows of other levels skipped" in out.getvalue()
    assert "1 unknown codes" in out.getvalue() and "1 without a count" in out.getvalue()
    (row,) = HouseholdCount.objects.all()
    assert (row.area, row.year, row.households) == (first, 2024, 655)
    # Again with a new figure: replaced, not doubled.
    path.write_text(cbs_csv(first, second).replace(";655", ";700"), encoding="utf-8")
    call_command("import_households", str(path), "--year", "2024", stdout=io.StringIO())
    assert list(HouseholdCount.objects.values_list("households", flat=True)) == [700]


def test_a_comma_file_with_a_year_and_source_column(db):
    hood = neighbourhood(0)
    HouseholdCount.objects.all().delete()
    result = services.households_import(
        text=(
            "# Voorbeeldcijfers, geen CBS-data\n"
            f"gwb_code,jaar,aantal_huishoudens,bron\n{hood.code},2023,480,voorbeeld\n"
        )
    )
    assert result.imported == 1
    row = HouseholdCount.objects.get()
    assert (row.year, row.households, row.source) == (2023, 480, "voorbeeld")


def test_a_file_without_the_columns_or_year_is_refused(db, tmp_path):
    with pytest.raises(ValidationError) as caught:
        services.households_import(text="a;b\n1;2\n", year=2024)
    assert "aantal_huishoudens" in caught.value.messages[0]
    hood = neighbourhood(0)
    with pytest.raises(ValidationError):
        services.households_import(text=f"gwb_code;aantal_huishoudens\n{hood.code};10\n")
    with pytest.raises(CommandError):
        call_command("import_households", str(tmp_path / "missing.csv"), stdout=io.StringIO())


@pytest.fixture
def granted(resident, media_root):
    hood = neighbourhood(0)
    initiative = reached(resident, hood)
    budget(hood.parent, 500000, initiative.year)
    first, _second = initiative.budget_lines.order_by("position")
    services.initiative_decide(
        initiative=initiative,
        by=team_of(hood),
        outcome="partly_granted",
        reason="Zaden niet",
        granted={first.pk: 50000},
    )
    initiative.refresh_from_db()
    return initiative


def photo(name="feest.jpg"):
    data = image_bytes(exif=exif_with_gps(), size=(1600, 1200))
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_the_report_makes_it_realised_with_photos_without_metadata(granted, resident):
    first, second = granted.budget_lines.order_by("position")
    with pytest.raises(ValidationError) as caught:
        services.initiative_report(initiative=granted, by=resident, text="", spent={})
    assert codes(caught.value) == {"text": ["blank"], "spent": ["required"]}
    with pytest.raises(ValidationError) as caught:
        services.initiative_report(
            initiative=granted, by=resident, text="Gelukt", spent={first.pk: 50001}
        )
    assert codes(caught.value) == {"spent": ["out_of_range"]}
    with pytest.raises(ValidationError) as caught:
        services.initiative_report(
            initiative=granted,
            by=resident,
            text="Gelukt",
            spent={first.pk: 100},
            photos=[SimpleUploadedFile("x.jpg", b"not an image")],
        )
    assert codes(caught.value) == {"photos": ["not_an_image"]}
    with pytest.raises(PermissionDenied):
        services.initiative_report(
            initiative=granted, by=resident_of(granted.neighbourhood), text="x", spent={}
        )

    report = services.initiative_report(
        initiative=granted,
        by=resident,
        text="Dertig buren hebben de bakken gevuld.",
        spent={first.pk: 48250},
        photos=[photo()],
    )
    granted.refresh_from_db()
    assert granted.status == Initiative.Status.REALISED and granted.realised_at
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.spent_cents, second.spent_cents) == (48250, None)
    (stored,) = ReportPhoto.objects.filter(report=report)
    with stored.image.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    assert image.format == "JPEG" and not image.getexif()
    assert "feest" not in stored.image.name
    (row,) = budget_overview(year=granted.year)
    assert (row.granted_cents, row.spent_cents, row.remaining_cents) == (50000, 48250, 450000)
    by_district = {r.district_code: r for r in year_overview(year=granted.year)}
    mine = by_district[granted.district.code]
    assert (mine.proposed, mine.granted, mine.realised, mine.granted_cents) == (1, 1, 1, 50000)
    with pytest.raises(ValidationError) as caught:
        services.initiative_report(initiative=granted, by=resident, text="Nog eens", spent={})
    assert codes(caught.value) == {"status": ["status"]}


def test_the_demo_figures_load_for_every_neighbourhood_marked_as_examples(db):
    from django.conf import settings

    from maps.models import Area

    HouseholdCount.objects.all().delete()
    path = settings.BASE_DIR / "fixtures" / "initiatives" / "households-example.csv"
    assert "VOORBEELDCIJFERS" in path.read_text(encoding="utf-8").splitlines()[0]
    out = io.StringIO()
    call_command("import_households", str(path), stdout=out)
    hoods = Area.objects.neighbourhoods().count()
    assert hoods > 0
    assert HouseholdCount.objects.count() == hoods
    assert set(HouseholdCount.objects.values_list("source", flat=True)) == {"voorbeeld"}
    assert set(HouseholdCount.objects.values_list("year", flat=True)) == {2024}
