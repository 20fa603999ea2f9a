import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A resident or a staff member of one of the partners.

    The role decides what someone may do; staff roles are scoped to districts. A resident
    takes part (pins, comments, votes) only once their e-mail address is verified; the
    display name is the only public trace of a person.
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
    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        help_text=_("Shown publicly with comments and ideas. Empty: “Resident”."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("An account with this e-mail address already exists."),
            )
        ]

    @property
    def public_name(self) -> str:
        """The name shown next to what someone posts: never the e-mail or the username."""
        return self.display_name or gettext("Resident")

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def can_participate(self) -> bool:
        """Verified residents take part; staff accounts are trusted without a mail round-trip."""
        return self.is_active and (self.is_email_verified or self.is_staff or self.is_superuser)


class ApiToken(models.Model):
    """A key for one of a resident's apps (a phone app, a script), sent as
    `Authorization: Token <key>`.

    Only a SHA-256 hash of the key is stored (the key is shown once, when it is made), so a
    copy of the database opens no account. The keys are long random strings: a plain hash
    is enough, no slow password hash. `password_fingerprint` ties the token to the password
    it was obtained with: after any password change (the page, a reset link, the admin,
    `changepassword`) the token no longer opens the account, even where the change did not
    go through the services that delete the tokens.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(_("name"), max_length=60)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so a resident can tell which app has which key.
    prefix = models.CharField(max_length=8, editable=False)
    password_fingerprint = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class RateCounter(models.Model):
    """How often one client (an address, an account, an e-mail address) did one limited
    thing in its current window; see `participatie.accounts.counters`.

    Counted by one upsert statement, so parallel requests in any process or on any server
    get consecutive counts. The table is UNLOGGED (migration 0004): no write-ahead log for
    a counter that is worthless after a crash, which at worst forgets a window.
    """

    # "<scope>|<rate>|<keyed hash of the client>": no address or e-mail in clear.
    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
