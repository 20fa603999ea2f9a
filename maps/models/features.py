"""Public-space features shown as map layers: playgrounds, greenery, planned works, centres."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from maps.querysets import PlannedWorkQuerySet, SpatialQuerySet


class Feature(models.Model):
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Generated example content, not real.")
    )

    objects = SpatialQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Playground(Feature):
    class AgeGroup(models.TextChoices):
        TODDLERS = "0-5", _("0–5 years")
        CHILDREN = "6-12", _("6–12 years")
        TEENS = "12+", _("12 years and older")
        ALL = "all", _("All ages")

    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.ALL
    )
    geom = models.PointField(_("location"), srid=4326)

    class Meta(Feature.Meta):
        verbose_name = _("playground")
        verbose_name_plural = _("playgrounds")


class Greenery(Feature):
    class Kind(models.TextChoices):
        PARK = "park", _("Park")
        GRASS = "grass", _("Grass field")
        WOODLAND = "woodland", _("Woodland")
        GARDEN = "garden", _("Community garden")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARK)
    geom = models.MultiPolygonField(_("area"), srid=4326)

    class Meta(Feature.Meta):
        verbose_name = _("greenery")
        verbose_name_plural = _("greenery")


class PlannedWork(Feature):
    class Kind(models.TextChoices):
        RENOVATION = "renovation", _("Renovation")
        DEMOLITION = "demolition", _("Demolition")
        NEW_BUILD = "new_build", _("New build")
        SEWER = "sewer", _("Sewer works")
        STREET = "street", _("Street works")
        GREEN = "green", _("Green works")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    owner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="planned_works",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    # Street and sewer works are lines, building works polygons: any geometry type.
    geom = models.GeometryField(_("location"), srid=4326)

    objects = PlannedWorkQuerySet.as_manager()

    class Meta(Feature.Meta):
        ordering = ["start_date", "name"]
        verbose_name = _("planned work")
        verbose_name_plural = _("planned works")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="planned_work_ends_after_start",
            )
        ]


class Centre(Feature):
    """A neighbourhood information centre: a house with a living room, run by volunteers."""

    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    consultation_hours = models.TextField(
        _("consultation hours"),
        blank=True,
        help_text=_("For example the community police officer or a job coach."),
    )
    website = models.URLField(_("website"), blank=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta(Feature.Meta):
        verbose_name = _("information centre")
        verbose_name_plural = _("information centres")
