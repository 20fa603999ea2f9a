"""The district's team reviews an initiative: questions to the organisers (a thread), a
checklist, and the decision with the amounts granted and the partners' contributions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewQuestion(models.Model):
    """One message in the thread between the district's team and the organisers."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_team = models.BooleanField(_("from the district's team"), default=False)
    text = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review message")
        verbose_name_plural = _("review messages")

    def __str__(self) -> str:
        return self.text[:60]


class ChecklistTick(models.Model):
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item = models.ForeignKey(
        "initiatives.ChecklistItem", on_delete=models.CASCADE, related_name="+"
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(_("ticked"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "item"], name="one_tick_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.item_id}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted in full")
        PARTLY = "partly_granted", _("Partly granted")
        DECLINED = "declined", _("Declined")

    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    granted_cents = models.PositiveBigIntegerField(_("granted (cents)"), default=0)
    allocation = models.ForeignKey(
        "initiatives.DistrictAllocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="granted") | ~models.Q(reason=""),
                name="decision_reason_unless_granted",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="declined") | models.Q(granted_cents=0),
                name="declined_grants_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.outcome}"


class PartnerContribution(models.Model):
    """What one partner contributes to a granted initiative: money, people or means."""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        PEOPLE = "people", _("People")
        MEANS = "means", _("Means")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"), null=True, blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("partner contribution")
        verbose_name_plural = _("partner contributions")

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.kind}"
