"""Demo initiatives, so that `make run` shows the whole course of one: a handful in every
state (draft, backing open, under review, granted, partly granted, declined, realised,
withdrawn), spread over the districts, with a joint budget for this year allocated per
district (the priority districts, "robuuste wijken", get more and are marked), and the
example household figures per neighbourhood (fixtures/initiatives/households-example.csv,
marked "voorbeeld": not real CBS figures).

Everything goes through the services, as the residents and the district team would do it;
every demo initiative says it is demo content (maps.demo.DEMO_NOTE). Running it again
replaces the demo initiatives and gives the budget back what they had drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from maps.demo import DEMO_NOTE
from maps.models import Area
from maps.partners.models import Partner
from participatie.initiatives import services
from participatie.initiatives.models import (
    Budget,
    Decision,
    DistrictAllocation,
    HouseholdCount,
    Initiative,
)

HOUSEHOLDS_FILE = Path(settings.BASE_DIR) / "fixtures" / "initiatives" / "households-example.csv"
DEMO_RESIDENT = "demo-buurt-{code}-{n:02d}"
DEMO_TEAM = "demo-wijkteam-{code}"
# The residents concerned: within this radius of the spot, so the threshold is the
# programme's floor (min_backers) rather than 5% of a whole neighbourhood.
RADIUS_M = 100
PRIORITY_CENTS = 1_500_000  # € 15.000 per priority district
OTHER_CENTS = 400_000  # € 4.000 per other district


@dataclass(frozen=True)
class Plan:
    state: str
    title: str
    description: str
    kind: str
    lines: tuple[tuple[str, int], ...]
    roles: tuple[tuple[str, int], ...] = ()
    backers: int = 0  # < 0: as many as needed to reach the threshold
    priority: bool = False  # in a priority district (its team decides)


REACH = -1
PLANS = (
    Plan("draft", "Bankje bij de vijver", "Een bankje om even uit te rusten bij de vijver.",
         "greening", (("Bank", 85000),)),
    Plan("backing", "Straatfeest Zuiderpark", "Een middag met muziek, spelletjes en een "
         "buffet voor de hele straat.", "street_party",
         (("Muziek en geluid", 35000), ("Hapjes en drinken", 45000)), (("Opbouwen", 6),), 4),
    Plan("backing", "Repair café in het buurthuis", "Elke maand samen spullen repareren in "
         "plaats van weggooien.", "social", (("Gereedschap", 40000),), (("Reparateur", 5),), 7),
    Plan("backing", "Bloemenmarkt op het plein", "Een voorjaarsmarkt met planten en stekjes "
         "van buurtbewoners.", "market", (("Kramen huren", 30000),), (), 2, True),
    Plan("review", "Kookclub voor ouderen", "Wekelijks samen koken en eten, zodat niemand "
         "alleen aan tafel zit.", "social", (("Boodschappen", 60000), ("Keukenspullen", 25000)),
         (("Kok", 3), ("Chauffeur", 2)), REACH),
    Plan("granted", "Speelplek opknappen Lariks", "Nieuwe zandbak, een bankje en verf voor "
         "het klimrek.", "playground", (("Zand en rand", 90000), ("Verf", 20000)),
         (("Klussers", 8),), REACH, True),
    Plan("partly_granted", "Moestuin achter de flat", "Samen groente kweken op het "
         "braakliggende veldje.", "garden", (("Plantenbakken", 120000), ("Zaden en aarde",
         30000), ("Tuinhuisje", 250000)), (("Water geven", 4),), REACH, True),
    Plan("declined", "Vuurwerkshow oudjaar", "Een vuurwerkshow op het grasveld.", "other",
         (("Vuurwerk", 300000),), (), REACH, True),
    Plan("realised", "Buurtbarbecue Oost", "Een barbecue voor de buurt in het park, met "
         "spelletjes voor de kinderen.", "street_party", (("Vlees en groente", 50000),
         ("Barbecues huren", 15000)), (("Grillmeester", 2),), REACH, True),
    Plan("realised", "Geveltuintjes in de straat", "Twintig geveltuintjes met vaste planten "
         "langs de gevels.", "greening", (("Planten", 45000), ("Tegels wippen", 10000)), (),
         REACH, True),
    Plan("withdrawn", "Zomerkamp voor kinderen", "Een week kamp in de zomervakantie.",
         "social", (("Tenten", 80000),), (), 1),
)  # fmt: skip


def _demo_initiatives():
    return Initiative.objects.filter(description__endswith=DEMO_NOTE)


def households_load() -> int:
    """The example household figures, unless figures are there already."""
    if not HouseholdCount.objects.exists():
        call_command("import_households", str(HOUSEHOLDS_FILE), stdout=io.StringIO())
    return HouseholdCount.objects.count()


def budget_ensure(year: int) -> Budget:
    """This year's joint budget of the default programme, an allocation per district."""
    programme = services.programme_default()
    districts = list(Area.objects.districts().order_by("code"))
    amounts = {d.pk: PRIORITY_CENTS if d.is_priority else OTHER_CENTS for d in districts}
    budget, _ = Budget.objects.get_or_create(
        programme=programme, year=year, defaults={"total_cents": sum(amounts.values())}
    )
    for district in districts:
        DistrictAllocation.objects.get_or_create(
            budget=budget,
            district=district,
            defaults={"amount_cents": amounts[district.pk], "is_priority": district.is_priority},
        )
    return budget


def _resident(hood: Area, n: int):
    User = get_user_model()
    username = DEMO_RESIDENT.format(code=hood.code.lower(), n=n)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "display_name": f"Buurtbewoner {n}",
            "role": User.Role.RESIDENT,
            "home_neighbourhood": hood,
            "email_verified_at": timezone.now(),
        },
    )
    if created:
        user.set_unusable_password()  # demo residents only; nobody signs in as them
        user.save(update_fields=["password"])
    return user


def _team_member(district: Area):
    """The demo wijkteam account where it covers the district, else a demo member of it."""
    User = get_user_model()
    team = User.objects.filter(
        role__in=[User.Role.WIJKTEAM, User.Role.BUURTTEAM], districts=district, is_active=True
    ).order_by("username")
    found = team.filter(username="wijkteam").first() or team.first()
    if found is not None:
        return found
    username = DEMO_TEAM.format(code=district.code.lower())
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "display_name": f"Wijkteam {district.name}",
            "role": User.Role.WIJKTEAM,
            "email_verified_at": timezone.now(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.districts.add(district)
    return user


def _photo(title: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), (88, 140, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 380, 900, 600), fill=(200, 170, 110))
    draw.ellipse((640, 60, 820, 240), fill=(250, 210, 80))
    draw.text((80, 80), f"{title} (demo)", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _places() -> tuple[list[Area], list[Area]]:
    """Neighbourhoods with households to put initiatives in: one per district in turn,
    priority districts and the others apart. A municipality the example figures do not
    cover (they are Assen's) gets its initiatives in every neighbourhood, where the
    threshold is the programme's minimum number of backers."""
    hoods = Area.objects.neighbourhoods().filter(parent__level=Area.Level.DISTRICT)
    counted = hoods.filter(pk__in=HouseholdCount.objects.filter(households__gt=0).values("area_id"))
    if counted.exists():
        hoods = counted
    hoods = hoods.select_related("parent").order_by("parent__code", "code")
    by_district: dict[int, list[Area]] = {}
    for hood in hoods:
        by_district.setdefault(hood.parent_id, []).append(hood)
    rounds: list[Area] = []
    depth = max((len(v) for v in by_district.values()), default=0)
    for i in range(depth):
        rounds += [hoods_of[i] for hoods_of in by_district.values() if i < len(hoods_of)]
    priority = [h for h in rounds if h.parent.is_priority]
    others = [h for h in rounds if not h.parent.is_priority]
    return priority, others


def _make(plan: Plan, hood: Area, organiser) -> Initiative:
    initiative = services.initiative_create(
        organiser=organiser,
        title=plan.title,
        description=f"{plan.description}\n\n{DEMO_NOTE}",
        kind=plan.kind,
        location=hood.geom.point_on_surface,
        backing_area=Initiative.BackingArea.RADIUS,
        backing_radius_m=RADIUS_M,
        budget_lines=[{"description": d, "amount_cents": c} for d, c in plan.lines],
        volunteer_roles=[{"name": n, "count_needed": c} for n, c in plan.roles],
    )
    if plan.state == "draft":
        return initiative
    initiative = services.initiative_submit(initiative=initiative, by=organiser)
    wanted = plan.backers if plan.backers >= 0 else (initiative.backers_needed or 0)
    for n in range(1, wanted + 1):
        services.backing_create(initiative=initiative, resident=_resident(hood, n), response="back")
    if plan.backers == REACH:  # and one neighbour who objects, with a reason
        services.backing_create(
            initiative=initiative,
            resident=_resident(hood, wanted + 1),
            response="object",
            reason="Ik maak me zorgen over de overlast in de avond.",
        )
    initiative.refresh_from_db()
    if plan.state == "withdrawn":
        return services.initiative_withdraw(initiative=initiative, by=organiser)
    if plan.state in ("backing", "review"):
        return initiative
    team = _team_member(hood.parent)
    lines = list(initiative.budget_lines.order_by("position", "pk"))
    services.question_ask(
        initiative=initiative, by=team, text="Hebben jullie al een plek om de spullen op te slaan?"
    )
    partner = Partner.objects.filter(kind=Partner.Kind.WELFARE).order_by("pk").first()
    contributions = (
        [{"partner": partner, "kind": "people", "description": "Hulp van de buurtcoach"}]
        if partner is not None
        else []
    )
    if plan.state == "declined":
        services.initiative_decide(
            initiative=initiative,
            by=team,
            outcome=Decision.Outcome.DECLINED,
            reason="Vuurwerk valt buiten de regeling voor buurtinitiatieven.",
        )
    elif plan.state == "partly_granted":
        granted = {line.pk: line.amount_cents for line in lines[:-1]} | {lines[-1].pk: 0}
        services.initiative_decide(
            initiative=initiative,
            by=team,
            outcome=Decision.Outcome.PARTLY,
            reason="Een tuinhuisje kan niet op deze grond; de rest van harte.",
            granted=granted,
            contributions=contributions,
        )
    else:
        services.initiative_decide(
            initiative=initiative,
            by=team,
            outcome=Decision.Outcome.GRANTED,
            contributions=contributions,
        )
    if plan.state == "realised":
        initiative.refresh_from_db()
        lines = list(initiative.budget_lines.order_by("position", "pk"))
        spent = {line.pk: line.granted_cents - line.granted_cents // 10 for line in lines}
        services.initiative_report(
            initiative=initiative,
            by=organiser,
            text=f"Het is gelukt! Veel buren deden mee.\n\n{DEMO_NOTE}",
            spent=spent,
            photos=[_photo(plan.title)],
        )
    initiative.refresh_from_db()
    return initiative


def _budget_recount() -> None:
    """Each allocation's granted amount as the decisions that are left drew it."""
    for allocation in DistrictAllocation.objects.all():
        drawn = allocation.decisions.aggregate(total=Sum("granted_cents"))["total"] or 0
        if allocation.granted_cents != drawn:
            DistrictAllocation.objects.filter(pk=allocation.pk).update(granted_cents=drawn)


def generate_demo_initiatives() -> dict[str, int]:
    """Replace the demo initiatives with a fresh set. Returns the count per status. The
    services' mails (threshold, questions, decisions: some hundred) go nowhere: the demo
    residents do not exist, and `make run` would print every one of them."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _generate()


def _generate() -> dict[str, int]:
    User = get_user_model()
    with transaction.atomic():
        _demo_initiatives().delete()
        _budget_recount()
        households_load()
        budget_ensure(timezone.localdate().year)
    priority, others = _places()
    if not priority and not others:
        raise ValueError("load the areas and the household figures first")
    priority = priority or others
    others = others or priority
    bewoner = User.objects.filter(username="bewoner").first()
    made: dict[str, int] = {}
    used = {"priority": 0, "other": 0}
    for plan in PLANS:
        pool, key = (priority, "priority") if plan.priority else (others, "other")
        hood = pool[used[key] % len(pool)]
        used[key] += 1
        organiser = bewoner if plan.state == "draft" and bewoner else _resident(hood, 90)
        initiative = _make(plan, hood, organiser)
        made[initiative.status] = made.get(initiative.status, 0) + 1
    return made
