"""Forms of the initiative pages. They check the shape of the input (a number is a number,
a place was chosen); the services check its meaning and their errors land on the same
fields (pages/errors.py)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.gis.geos import Point, Polygon
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from maps import areas
from maps.models import Centre
from maps.partners.models import Partner
from participatie.guards.text import VisibleTextField
from participatie.initiatives.models import Decision, Initiative, PartnerContribution
from participatie.initiatives.services import euros
from participatie.initiatives.services._input import DESCRIPTION_MAX, LINE_MAX, TITLE_MAX
from participatie.pins.forms import PhotosField, photos_help_text

MAX_EUROS = Decimal("100000")


class EuroField(forms.CharField):
    """An amount in euros as people type it ("250", "1.234,50", "€ 12,5", "12.50"); the
    value is whole cents."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, e.g. 250 or 12,50."),
        "min_value": _("Enter an amount of more than € 0."),
        "max_value": _("Enter at most € 100.000."),
    }

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "20"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = re.sub(r"[€\s]", "", text)[:40]
        if "," in text:  # Dutch: dots group thousands, the comma is the decimal point
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # "1.250": a thousands dot
            text = text.replace(".", "")
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount > MAX_EUROS:
            raise forms.ValidationError(self.error_messages["max_value"], code="max_value")
        if amount <= 0 and not (self.allow_zero and amount == 0):
            raise forms.ValidationError(self.error_messages["min_value"], code="min_value")
        return int(amount * 100)


def euro_text(cents: int | None) -> str:
    """Cents as the form shows them again: "250" or "12,50"."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    return f"{whole},{rest:02d}" if rest else str(whole)


def _polygon_parse(text: str) -> Polygon | None:
    """The drawn area as the map sends it: "lon,lat;lon,lat;…" (lib/drawarea.js)."""
    try:
        corners = [tuple(float(n) for n in corner.split(",")) for corner in text.split(";")]
    except ValueError:
        return None
    if len(corners) < 3 or any(len(c) != 2 for c in corners):
        return None
    ring = [*corners, corners[0]] if corners[0] != corners[-1] else corners
    try:
        return Polygon(ring, srid=4326)
    except Exception:  # noqa: BLE001 — GEOS refuses a broken ring; the field says so
        return None


class ProposalForm(forms.Form):
    title = VisibleTextField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("In a few words, e.g. “Street party in the Kerkstraat”."),
        error_messages={"required": _("Give your initiative a title.")},
    )
    description = VisibleTextField(
        label=_("What and why"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What do you want to do, for whom, and why is it good for the neighbourhood?"),
        error_messages={"required": _("Describe what you want to do and why.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *Initiative.Kind.choices],
        error_messages={"required": _("Choose the kind of initiative.")},
    )
    # Set by the map on the page (click, search, or the keyboard).
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    # An optional area drawn on the map, "lon,lat;lon,lat;…".
    area = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20000)
    # Without the map: the middle of a neighbourhood.
    place = forms.ChoiceField(
        label=_("Neighbourhood"),
        required=False,
        help_text=_(
            "Without the map the initiative is placed in the middle of the neighbourhood; "
            "say where exactly in the description."
        ),
    )
    backing_area = forms.ChoiceField(
        label=_("Who are the residents concerned?"),
        choices=Initiative.BackingArea.choices,
        initial=Initiative.BackingArea.NEIGHBOURHOODS,
        widget=forms.RadioSelect,
        help_text=_(
            "They can back your initiative. By default the residents of its neighbourhood."
        ),
    )
    backing_radius_m = forms.IntegerField(
        label=_("Radius in metres"),
        required=False,
        min_value=1,
        max_value=2000,
        help_text=_("Only when the residents within a radius of the spot are concerned."),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    means_description = VisibleTextField(
        label=_("Means to borrow"),
        max_length=LINE_MAX,
        required=False,
        help_text=_("E.g. tables and chairs, a party tent, a room."),
    )
    means_centre = forms.ModelChoiceField(
        label=_("Room in an information centre"),
        queryset=Centre.objects.order_by("name"),
        required=False,
        empty_label=_("No room needed"),
    )
    from_pin = forms.CharField(required=False, widget=forms.HiddenInput, max_length=32)

    location_fields = ("lon", "lat", "place")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [
            ("", _("Choose a neighbourhood")),
            *areas.neighbourhood_choices(),
        ]

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("area")
        cleaned["area_geom"] = None
        if area:
            cleaned["area_geom"] = _polygon_parse(area)
            if cleaned["area_geom"] is None:
                self.add_error(None, _("The drawn area is not a polygon: draw it again."))
        if any(name in self.errors for name in self.location_fields):
            return cleaned
        lon, lat = cleaned.get("lon"), cleaned.get("lat")
        if lon is not None and lat is not None:
            cleaned["location"] = Point(lon, lat, srid=4326)
        elif cleaned.get("place"):
            cleaned["location"] = areas.neighbourhood_spot(cleaned["place"])
        if cleaned.get("location") is None:
            self.add_error(
                "lon", _("Choose the place: click the map, search for it, or pick a neighbourhood.")
            )
        if cleaned.get("backing_area") == "radius" and not cleaned.get("backing_radius_m"):
            self.add_error("backing_radius_m", _("Give the radius around the spot."))
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        means = []
        if data.get("means_description") or data.get("means_centre"):
            means.append(
                {
                    "description": data.get("means_description")
                    or str(_("Room in %(centre)s") % {"centre": data["means_centre"].name}),
                    "centre": data.get("means_centre"),
                }
            )
        result = {
            "title": data["title"],
            "description": data["description"],
            "kind": data["kind"],
            "location": data["location"],
            "area": data.get("area_geom"),
            "starts_on": data.get("starts_on"),
            "ends_on": data.get("ends_on"),
            "backing_area": data["backing_area"],
            "backing_radius_m": data.get("backing_radius_m")
            if data["backing_area"] == "radius"
            else None,
            "means": means,
        }
        return result


class BudgetLineForm(forms.Form):
    description = VisibleTextField(label=_("What for"), max_length=LINE_MAX, required=False)
    amount = EuroField(label=_("Amount (€)"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description") and not cleaned.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount for this line."))
        if cleaned.get("amount") and not cleaned.get("description"):
            self.add_error("description", _("Say what this amount is for."))
        return cleaned


class VolunteerRoleForm(forms.Form):
    name = VisibleTextField(label=_("Role"), max_length=120, required=False)
    count_needed = forms.IntegerField(
        label=_("How many people"), required=False, min_value=1, max_value=500
    )

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("count_needed") and "count_needed" not in self.errors
        if cleaned.get("name") and missing:
            self.add_error("count_needed", _("Say how many people you need."))
        if cleaned.get("count_needed") and not cleaned.get("name"):
            self.add_error("name", _("Name the role."))
        return cleaned


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=0, max_num=30, absolute_max=30)
VolunteerRoleFormSet = forms.formset_factory(
    VolunteerRoleForm, extra=0, max_num=20, absolute_max=20
)


def filled_rows(formset, keys: tuple[str, ...]) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and any(form.cleaned_data.get(key) for key in keys)
    ]


class BackingForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your response"),
        choices=[("back", _("I back this initiative")), ("object", _("I object"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you back it or object.")},
    )
    reason = VisibleTextField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you object; the organisers and the district team read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == "object" and not cleaned.get("reason"):
            self.add_error("reason", _("Say why you object."))
        return cleaned


class QuestionForm(forms.Form):
    text = VisibleTextField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message first.")},
    )


class DecisionForm(forms.Form):
    """The outcome, the reason and the amount granted per budget line; partner
    contributions in a formset beside it."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision.")},
    )
    reason = VisibleTextField(
        label=_("Reason"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required unless granted in full; the organisers and backers read it."),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"granted_{line.pk}"] = EuroField(
                label=_("Granted for “%(line)s” (asked %(asked)s)")
                % {"line": line.description, "asked": euros(line.amount_cents)},
                required=False,
                allow_zero=True,
            )

    def line_fields(self):
        return [self[f"granted_{line.pk}"] for line in self.lines]

    def granted(self) -> dict[int, int] | None:
        amounts = {
            line.pk: self.cleaned_data.get(f"granted_{line.pk}")
            for line in self.lines
            if self.cleaned_data.get(f"granted_{line.pk}") is not None
        }
        return amounts or None


class ContributionForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a partner"),
    )
    kind = forms.ChoiceField(
        label=_("Contributes"),
        choices=[("", "—"), *PartnerContribution.Kind.choices],
        required=False,
    )
    description = VisibleTextField(label=_("What"), max_length=200, required=False)
    amount = EuroField(label=_("Amount (€)"), required=False)

    def as_service(self) -> dict | None:
        data = self.cleaned_data
        if not data or not (data.get("partner") or data.get("kind") or data.get("description")):
            return None
        return {
            "partner": data.get("partner") or "",
            "kind": data.get("kind") or "",
            "description": data.get("description") or "",
            "amount_cents": data.get("amount"),
        }


ContributionFormSet = forms.formset_factory(ContributionForm, extra=3, max_num=10, absolute_max=10)


class ReportForm(forms.Form):
    text = VisibleTextField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell what happened.")},
    )
    photos = PhotosField(label=_("Photos"), help_text=lazy(photos_help_text, str)())

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"spent_{line.pk}"] = EuroField(
                label=_("Spent on “%(line)s” (granted %(granted)s)")
                % {"line": line.description, "granted": euros(line.granted_cents or 0)},
                allow_zero=True,
                error_messages={"required": _("Give what was spent, 0 if nothing.")},
            )

    def line_fields(self):
        return [self[f"spent_{line.pk}"] for line in self.lines]

    def spent(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"spent_{line.pk}"] for line in self.lines}
