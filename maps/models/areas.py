from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from maps.querysets import AreaQuerySet


class Area(models.Model):
    """A CBS administrative area: the municipality, a district (wijk) or a neighbourhood (buurt).

    Areas nest: a neighbourhood's parent is its district, a district's the municipality.
    """

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    code = models.CharField(_("CBS code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_priority = models.BooleanField(
        _("priority district"),
        default=False,
        help_text=_("A district with large-scale renewal that gets the most attention."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="municipality") | models.Q(parent__isnull=False),
                name="area_nested_below_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
