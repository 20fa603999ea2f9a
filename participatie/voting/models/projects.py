"""A redesign project: a street or square, its design options, who may vote and when."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.voting.querysets import ProjectQuerySet


class RedesignProject(models.Model):
    class Method(models.TextChoices):
        SINGLE = "single", _("One choice")
        APPROVAL = "approval", _("Any number of options (approval)")

    class Eligibility(models.TextChoices):
        CODES = "codes", _("One vote per household, with a voting code from a letter")
        RESIDENTS = "residents", _("Verified residents of the area")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Consultation")
        VOTING = "voting", _("Voting")
        CLOSED = "closed", _("Closed")
        RESULT = "result", _("Result published")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=10000)
    # The street (a line) or square (an area) being redesigned.
    geom = models.GeometryField(_("street or square"), srid=4326)
    planned_work = models.ForeignKey(
        "maps.PlannedWork",
        verbose_name=_("after this planned work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redesigns",
    )
    # Who may vote: residents of these neighbourhoods, or of a drawn area.
    eligible_areas = models.ManyToManyField(
        "maps.Area",
        verbose_name=_("eligible neighbourhoods"),
        blank=True,
        related_name="+",
        limit_choices_to={"level": "neighbourhood"},
    )
    eligible_shape = models.MultiPolygonField(
        _("eligible area (drawn)"), srid=4326, null=True, blank=True
    )
    method = models.CharField(
        _("voting method"), max_length=10, choices=Method.choices, default=Method.SINGLE
    )
    eligibility = models.CharField(
        _("who may vote"), max_length=10, choices=Eligibility.choices, default=Eligibility.CODES
    )
    allow_vote_change = models.BooleanField(
        _("a vote may be changed until voting closes"), default=False
    )
    # Phases: draft until published; consultation from publication; voting between the dates.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens"))
    voting_closes_at = models.DateTimeField(_("voting closes"))
    result_published_at = models.DateTimeField(_("result published"), null=True, blank=True)
    # Corrections to options during voting start a new version, shown to voters.
    version = models.PositiveSmallIntegerField(_("version of the options"), default=1)
    version_note = models.TextField(_("what changed"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="redesign_projects",
    )
    district = models.ForeignKey(
        "maps.Area",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-voting_opens_at", "title"]
        verbose_name = _("redesign project")
        verbose_name_plural = _("redesign projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="redesign_voting_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def phase_at(self, moment=None) -> str:
        moment = moment or timezone.now()
        if self.published_at is None or self.published_at > moment:
            return self.Phase.DRAFT
        if moment < self.voting_opens_at:
            return self.Phase.CONSULTATION
        if moment < self.voting_closes_at:
            return self.Phase.VOTING
        if self.result_published_at is not None and self.result_published_at <= moment:
            return self.Phase.RESULT
        return self.Phase.CLOSED

    @property
    def phase(self) -> str:
        return self.phase_at()

    def get_phase_display(self) -> str:
        return str(self.Phase(self.phase).label)


class DesignOption(models.Model):
    """One design for the street: text, images, optionally the drawing placed on the map
    (four corners) and its features as GeoJSON (trees, benches, parking, paths)."""

    project = models.ForeignKey(
        RedesignProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="options"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    overlay = models.ImageField(_("design drawing"), upload_to="voting/overlays/", blank=True)
    # [[lon, lat] × 4]: top-left, top-right, bottom-left, bottom-right of the drawing.
    overlay_corners = models.JSONField(_("drawing corners"), null=True, blank=True)
    features = models.GeometryCollectionField(
        _("design features"), srid=4326, null=True, blank=True
    )
    # Kind per feature, in the order of `features` ("tree", "bench", "parking", "path", …).
    feature_kinds = models.JSONField(_("feature kinds"), default=list, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("design option")
        verbose_name_plural = _("design options")

    def __str__(self) -> str:
        return self.title


class OptionImage(models.Model):
    option = models.ForeignKey(
        DesignOption, verbose_name=_("option"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to="voting/images/")
    alt = models.CharField(_("description for screen readers"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["option", "order", "pk"]
        verbose_name = _("option image")
        verbose_name_plural = _("option images")

    def __str__(self) -> str:
        return self.alt
