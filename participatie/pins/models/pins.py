import base64
import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.indexes import GistIndex
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.pins.querysets import PinQuerySet
from participatie.pins.visibility import NOT_PUBLIC_STATUS

PUBLIC_ID_LENGTH = 12


def new_public_id() -> str:
    """12 characters of lowercase base32 (a–z, 2–7) from 60 random bits: a pin's identifier
    in every public URL and API answer. Unlike the sequential key it says nothing about how
    many pins there are, nor that a confidential one exists between two public ones."""
    return base64.b32encode(secrets.token_bytes(8)).decode("ascii").lower()[:PUBLIC_ID_LENGTH]


class Pin(models.Model):
    """An idea or complaint a resident pinned to a place in the municipality.

    Written only through participatie.pins.services, which keep the invariants (inside the
    municipality, areas assigned, counters and status history in step).
    """

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Up to 16 characters, so bulk loaders (bench/generate.py) may write longer ones.
    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.ForeignKey(
        "pins.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="pins"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # Points for now; lines and areas stay possible (residents of peer platforms ask for them).
    geom = models.GeometryField(_("location"), srid=4326)
    # Web Mercator copy kept by PostgreSQL itself, for vector tiles without transforming
    # at request time.
    geom_3857 = models.GeneratedField(
        expression=Transform("geom", 3857),
        output_field=models.GeometryField(srid=3857),
        db_persist=True,
    )
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
    # Never exposed publicly. SET_NULL: deleting an account anonymises its pins.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pins",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    status_reason = models.TextField(_("status explanation"), max_length=2000, blank=True)
    # Handling by the partners: routed on creation (the category's partner, the district's
    # team), then assigned and answered in the workspace. Never public.
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("handling partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pins",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_pins",
    )
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # A confidential signal's reporter agrees that the social team may contact them.
    contact_consent = models.BooleanField(_("may be contacted"), default=False)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Generated example content, not real.")
    )
    # A default rather than auto_now_add, so imports and demo data can keep their dates.
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = PinQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pin")
        verbose_name_plural = _("pins")
        indexes = [
            GistIndex(fields=["geom_3857"], name="pin_geom_3857_gist"),
            models.Index(fields=["status", "category"], name="pin_status_category"),
            # The workspace: a district's pins, newest first; what is overdue.
            models.Index(fields=["district", "-created_at"], name="pin_district_created"),
            models.Index(fields=["partner", "-created_at"], name="pin_partner_created"),
            models.Index(fields=["assignee", "-created_at"], name="pin_assignee_created"),
            models.Index(
                fields=["due_at"],
                name="pin_unanswered_due",
                condition=models.Q(responded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pin-page", kwargs={"public_id": self.public_id})

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_at and self.responded_at is None and self.due_at < timezone.now())

    @property
    def is_open_for_changes(self) -> bool:
        """The author may edit or withdraw a pin until staff start handling it."""
        return self.status == self.Status.NEW


class PinStatusChange(models.Model):
    """Append-only, public history of a pin's status (who changed it is never public)."""

    pin = models.ForeignKey(
        Pin, verbose_name=_("pin"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Pin.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Pin.Status.choices)
    reason = models.TextField(_("explanation"), max_length=2000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.pin_id}: {self.from_status or '-'} → {self.to_status}"


class PinNote(models.Model):
    """An internal note of the partners on a pin. Never public, never shown to the author."""

    pin = models.ForeignKey(
        Pin, verbose_name=_("pin"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.pin_id}: {self.body[:40]}"


class PinEvent(models.Model):
    """The append-only handling history of a pin: who did what, when. Written only by the
    pin services; the database refuses to change or delete a row (only a deleted pin takes
    its history with it)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Placed")
        ROUTED = "routed", _("Routed")
        ASSIGNED = "assigned", _("Assigned")
        STATUS = "status", _("Status changed")
        REPLY = "reply", _("Answered")
        NOTE = "note", _("Internal note")
        HIDDEN = "hidden", _("Hidden")
        RESTORED = "restored", _("Restored")
        CORRECTED = "corrected", _("Corrected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    pin = models.ForeignKey(
        Pin, verbose_name=_("pin"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What changed, for people: "Actium → Gemeente Assen", "new → planned".
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("handling event")
        verbose_name_plural = _("handling history")

    def __str__(self) -> str:
        return f"{self.pin_id}: {self.kind} {self.detail}"


# Statuses as the filters offer them: a withdrawn pin is never public, so never asked for.
PUBLIC_STATUS_CHOICES = [(v, label) for v, label in Pin.Status.choices if v != NOT_PUBLIC_STATUS]
OPEN_STATUSES = (Pin.Status.NEW, Pin.Status.ACKNOWLEDGED, Pin.Status.PLANNED)
