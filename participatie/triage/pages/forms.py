"""The workspace's forms: handling one pin (assign, status with a public answer, internal
note), bulk actions on a selection, and saving a filter. They only check input; the pins'
and the workspace's services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from maps.partners.models import Partner
from participatie.accounts.models import User
from participatie.guards.text import VisibleTextField
from participatie.pins import roles
from participatie.pins.models import Pin
from participatie.pins.services.handling import NOTE_MAX
from participatie.pins.validation import REASON_MAX
from participatie.triage.services import BULK_MAX

# What staff can set: a pin is withdrawn only by its author.
STATUS_CHOICES = [(v, label) for v, label in Pin.Status.choices if v != Pin.Status.WITHDRAWN]


def person_label(user: User) -> str:
    """A colleague as staff know them: name, and partner when known."""
    name = user.display_name or user.get_full_name() or user.username
    return f"{name} ({user.partner.name})" if user.partner_id else name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def colleagues_of(user) -> QuerySet:
    """Staff who triage and share a district with `user` (everyone who triages, for those
    who do not work per district): whom a selection can be assigned to."""
    staff = User.objects.filter(is_active=True, role__in=roles.TRIAGE_ROLES).select_related(
        "partner"
    )
    if roles.works_per_district(user):
        shared = User.districts.through.objects.filter(area__in=user.districts.values("pk"))
        staff = staff.filter(pk__in=shared.values("user"))
    return staff.order_by("display_name", "username")


class AssignForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Handling partner"),
        queryset=Partner.objects.all(),
        required=False,
        empty_label=_("(keep as it is)"),
    )
    assignee = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(keep as it is)"),
        help_text=_("Only people who handle reports of this district are listed."),
    )

    def __init__(self, *args, handlers: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("partner") and not data.get("assignee"):
            raise forms.ValidationError(_("Choose a partner, a person or both."), code="required")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    reason = VisibleTextField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REASON_MAX,
        required=False,
        help_text=_(
            "Public: shown on the report's page and e-mailed to the person who posted it. "
            "Required when you decline; to answer without changing the status, keep the "
            "status and write an answer."
        ),
    )


class NoteForm(forms.Form):
    body = VisibleTextField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX,
        help_text=_(
            "Never public: only the partners who handle this report see it, not the person "
            "who posted it."
        ),
    )


class PinIdsField(forms.TypedMultipleChoiceField):
    """Pin ids: any whole numbers. Which of them may change is the services' decision."""

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) <= 12


class BulkForm(forms.Form):
    """An action on the ticked rows of the workspace table."""

    ASSIGN, STATUS = "assign", "status"

    pin = PinIdsField(
        label=_("Selected reports"),
        coerce=int,
        error_messages={"required": _("Tick one or more reports in the table first.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(ASSIGN, _("Assign")), (STATUS, _("Set status and answer"))],
        widget=forms.RadioSelect,
        initial=ASSIGN,
    )
    partner = forms.ModelChoiceField(
        label=_("Handling partner"),
        queryset=Partner.objects.all(),
        required=False,
        empty_label=_("(keep as it is)"),
    )
    assignee = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(keep as it is)"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("(choose)")), *STATUS_CHOICES], required=False
    )
    reason = VisibleTextField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Public: shown on each report's page and e-mailed to whoever posted it."),
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args, user, **kwargs):
        # Ids of their own: the filter form on the same page has fields with these names.
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues_of(user)

    def clean_pin(self):
        pins = list(dict.fromkeys(self.cleaned_data["pin"]))
        if len(pins) > BULK_MAX:
            raise forms.ValidationError(
                _("Select at most %(max)d reports at a time."), params={"max": BULK_MAX}
            )
        return pins

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.ASSIGN and not data.get("partner") and not data.get("assignee"):
            self.add_error("partner", _("Choose a partner, a person or both."))
        if action == self.STATUS and not data.get("status"):
            self.add_error("status", _("Choose a status."))
        return data


class SavedFilterForm(forms.Form):
    name = VisibleTextField(label=_("Name of this filter"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "save-%s")  # the filter form has a `q` and more
        super().__init__(*args, **kwargs)
