from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participatie.pins.querysets import CategoryQuerySet
from participatie.pins.visibility import category_is_public


class Category(models.Model):
    """What a pin is about; decides who handles it and whether it may be shown at all.

    Sensitive categories (loneliness, financial worries, nuisance between neighbours) go
    privately to the social team and are never shown publicly, whatever else is set.
    """

    class Kinds(models.TextChoices):
        IDEA = "idea", _("Ideas only")
        COMPLAINT = "complaint", _("Complaints only")
        BOTH = "both", _("Ideas and complaints")

    name = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    default_partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("default partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text=_("The partner that handles new pins in this category."),
    )
    is_public = models.BooleanField(
        _("shown on the public map"),
        default=True,
        help_text=_("Pins in this category appear on the public map and in the public API."),
    )
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("A private social signal: never shown publicly, only to the social team."),
    )
    kinds = models.CharField(
        _("allowed kinds"), max_length=10, choices=Kinds.choices, default=Kinds.BOTH
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f6feb",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a hex colour like #1f6feb."))],
    )
    response_days = models.PositiveSmallIntegerField(
        _("answer within (days)"),
        default=10,
        help_text=_("Service level: staff answer a new pin in this category within this time."),
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive categories take no new pins.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            # "Never public, ever": the database refuses a sensitive category on the map.
            models.CheckConstraint(
                condition=~models.Q(is_sensitive=True, is_public=True),
                name="category_sensitive_is_never_public",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (Dutch unless English is asked and known)."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def is_shown_publicly(self) -> bool:
        return category_is_public(self)

    def allows(self, kind: str) -> bool:
        return self.kinds in (self.Kinds.BOTH, kind)
