from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """An organisation of the neighbourhood programme (municipality, housing, welfare)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING = "housing", _("Housing corporation")
        WELFARE = "welfare", _("Welfare organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name
