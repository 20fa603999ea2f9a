from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A resident or a staff member of one of the partners.

    The role decides what someone may do; staff roles are scoped to districts.
    """

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        DESIGNER = "designer", _("Designer")
        WIJKTEAM = "wijkteam", _("Neighbourhood team member")
        BUURTTEAM = "buurtteam", _("Social team member")
        ADMIN = "admin", _("Programme administrator")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    districts = models.ManyToManyField(
        "maps.Area",
        verbose_name=_("assigned districts"),
        blank=True,
        related_name="staff",
        limit_choices_to={"level": "district"},
    )
    home_neighbourhood = models.ForeignKey(
        "maps.Area",
        verbose_name=_("home neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"level": "neighbourhood"},
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
