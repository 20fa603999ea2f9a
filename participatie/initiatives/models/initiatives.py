"""An initiative and what it asks for: money (budget lines), people (volunteer roles) and
means (items to borrow, a room in an information centre)."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.initiatives.querysets import InitiativeQuerySet

PUBLIC_ID_LENGTH = 12


def new_public_id() -> str:
    """12 characters of lowercase base32 from 60 random bits, like a pin's: says nothing
    about how many initiatives there are."""
    return base64.b32encode(secrets.token_bytes(8)).decode("ascii").lower()[:PUBLIC_ID_LENGTH]


class Initiative(models.Model):
    """A residents' plan for their neighbourhood. Written only through
    participatie.initiatives.services, which keep the invariants (inside the municipality,
    areas and households assigned on submission, one backing per resident, budget)."""

    class Kind(models.TextChoices):
        PLAYGROUND = "playground", _("Playground")
        STREET_PARTY = "street_party", _("Street party")
        MARKET = "market", _("Market")
        GARDEN = "garden", _("Garden")
        SOCIAL = "social", _("Cooking and social")
        GREENING = "greening", _("Greening")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        BACKING = "backing", _("Backing open")
        REVIEW = "review", _("Under review")
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        DECLINED = "declined", _("Declined")
        REALISED = "realised", _("Realised")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class BackingArea(models.TextChoices):
        NEIGHBOURHOODS = "neighbourhoods", _("Its neighbourhood(s)")
        RADIUS = "radius", _("Within a radius of its spot")
        DRAWN = "drawn", _("The area drawn on the map")

    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    programme = models.ForeignKey(
        "initiatives.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what and why"), max_length=5000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    geom = models.PointField(_("location"), srid=4326)
    area_geom = models.PolygonField(_("drawn area"), srid=4326, null=True, blank=True)
    neighbourhood = models.ForeignKey(
        "maps.Area",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "neighbourhood"},
    )
    district = models.ForeignKey(
        "maps.Area",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "district"},
    )
    from_pin = models.ForeignKey(
        "pins.Pin",
        verbose_name=_("grew out of the idea"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_organised",
    )
    co_organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-organisers"),
        through="initiatives.CoOrganiser",
        related_name="initiatives_co_organised",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Who counts as "the residents concerned", fixed when the initiative is submitted.
    backing_area = models.CharField(
        _("residents concerned"),
        max_length=20,
        choices=BackingArea.choices,
        default=BackingArea.NEIGHBOURHOODS,
    )
    backing_radius_m = models.PositiveIntegerField(
        _("radius (metres)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # The neighbourhoods whose residents may back it: chosen (neighbourhoods mode), or those
    # the circle or drawn area overlaps. Set on submission.
    backing_neighbourhoods = models.ManyToManyField(
        "maps.Area",
        verbose_name=_("neighbourhoods concerned"),
        related_name="+",
        blank=True,
        limit_choices_to={"level": "neighbourhood"},
    )
    # The households in the area (estimated, see households.py) and the backers needed,
    # fixed on submission so the goal does not move while residents back it.
    households = models.PositiveIntegerField(_("households in the area"), null=True, blank=True)
    backers_needed = models.PositiveIntegerField(_("backers needed"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    realised_at = models.DateTimeField(_("realised"), null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(backing_area="radius")
                | models.Q(backing_radius_m__isnull=False),
                name="initiative_radius_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(backing_area="drawn") | models.Q(area_geom__isnull=False),
                name="initiative_drawn_area_given",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["district", "status", "year"], name="initiative_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        try:
            return reverse("initiative-page", kwargs={"public_id": self.public_id})
        except NoReverseMatch:  # before the pages are wired
            return f"/initiatieven/{self.public_id}/"

    @property
    def is_decided(self) -> bool:
        return self.status in (
            self.Status.GRANTED,
            self.Status.PARTLY_GRANTED,
            self.Status.DECLINED,
            self.Status.REALISED,
        )


class CoOrganiser(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="co_organiser_links"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_co_organiser_link")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.user_id}"


class BudgetLine(models.Model):
    """Money asked for one thing; the decision sets what is granted, the report what was
    spent."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("description"), max_length=200)
    amount_cents = models.PositiveIntegerField(
        _("amount (cents)"), validators=[MinValueValidator(1)]
    )
    granted_cents = models.PositiveIntegerField(_("granted (cents)"), null=True, blank=True)
    spent_cents = models.PositiveIntegerField(_("spent (cents)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0), name="budget_line_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(granted_cents__isnull=True)
                | models.Q(granted_cents__lte=models.F("amount_cents")),
                name="budget_line_granted_within_asked",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class VolunteerRole(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="volunteer_roles"
    )
    name = models.CharField(_("role"), max_length=120)
    count_needed = models.PositiveSmallIntegerField(
        _("people needed"), validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")

    def __str__(self) -> str:
        return self.name


class VolunteerSignup(models.Model):
    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="signups")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_signups"
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["role", "resident"], name="one_signup_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.role_id} · {self.resident_id}"


class MeansRequest(models.Model):
    """Something to borrow, or a room in an information centre (`centre`)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="means")
    description = models.CharField(_("what"), max_length=200)
    centre = models.ForeignKey(
        "maps.Centre",
        verbose_name=_("information centre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = _("means request")
        verbose_name_plural = _("means requests")

    def __str__(self) -> str:
        return self.description
