"""The programme's rules and money: the backing threshold, the review checklist, the yearly
budget with its allocation per district, and the households per neighbourhood that the
threshold is measured against."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A neighbourhood programme that funds initiatives, with its backing threshold.

    An initiative reaches the threshold when (if `majority_required`) more residents back it
    than object, and at least `max(min_backers, ceil(min_backer_percent % of the households
    in its area))` residents back it (threshold.py)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    is_default = models.BooleanField(
        _("default programme"),
        default=False,
        help_text=_("New initiatives belong to this programme."),
    )
    majority_required = models.BooleanField(
        _("majority required"),
        default=True,
        help_text=_("More residents must back the initiative than object to it."),
    )
    min_backer_percent = models.DecimalField(
        _("minimum backers (percentage of households)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    min_backers = models.PositiveIntegerField(
        _("minimum number of backers"),
        default=10,
        help_text=_("Never fewer backers than this, however few households the area has."),
    )
    screen_before_backing = models.BooleanField(
        _("screen before backing"),
        default=False,
        help_text=_("Submitted initiatives wait for the district's team before backing opens."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_programme",
            ),
            models.CheckConstraint(
                condition=models.Q(min_backer_percent__gte=0, min_backer_percent__lte=100),
                name="programme_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One point the district's team checks in every review (configurable per programme)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="checklist"
    )
    text = models.CharField(_("text"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class Budget(models.Model):
    """The partners' joint budget of a programme for one year."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total_cents = models.PositiveBigIntegerField(_("total (cents)"))

    class Meta:
        ordering = ["-year", "programme"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_budget_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class DistrictAllocation(models.Model):
    """The part of a year's budget set aside for one district. Grants draw from it.

    `granted_cents` is maintained by the decision service under a row lock; the CHECK
    constraint keeps it within `amount_cents` even if code elsewhere got it wrong, so two
    grants at the same time can never overspend the district."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="allocations"
    )
    district = models.ForeignKey(
        "maps.Area",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "district"},
    )
    amount_cents = models.PositiveBigIntegerField(_("allocated (cents)"))
    granted_cents = models.PositiveBigIntegerField(_("granted (cents)"), default=0)
    is_priority = models.BooleanField(
        _("priority district"),
        default=False,
        help_text=_("Allocated separately for a priority district (“robuuste wijk”)."),
    )

    class Meta:
        ordering = ["budget", "district__name"]
        verbose_name = _("district allocation")
        verbose_name_plural = _("district allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "district"], name="one_allocation_per_district"
            ),
            models.CheckConstraint(
                condition=models.Q(granted_cents__lte=models.F("amount_cents")),
                name="allocation_never_overspent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.district_id}"

    @property
    def remaining_cents(self) -> int:
        return self.amount_cents - self.granted_cents


class HouseholdCount(models.Model):
    """The number of households in a neighbourhood in a year (CBS kerncijfers wijken en
    buurten, `aantal_huishoudens`), imported by `manage.py import_households`."""

    area = models.ForeignKey(
        "maps.Area",
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": "neighbourhood"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    households = models.PositiveIntegerField(_("households"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["area", "-year"]
        verbose_name = _("household count")
        verbose_name_plural = _("household counts")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_household_count_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.households}"
