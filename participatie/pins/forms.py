"""Forms of the residents' pin pages. They check the shape of the input; the pin services
check its meaning (inside the municipality, a category that takes the kind) and their
errors are shown on the same fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from maps import areas
from participatie.guards.text import VisibleTextField
from participatie.pins.models import Category, Pin, Report
from participatie.pins.validation import COMMENT_MAX, DESCRIPTION_MAX, REASON_MAX, TITLE_MAX

# --- placing and changing a pin ---------------------------------------------------------


class CategorySelect(forms.Select):
    """Each option says which kinds its category takes and whether it is private, so the
    page script can grey out what does not fit the chosen kind."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        category = getattr(value, "instance", None)
        if category is not None:
            option["attrs"]["data-kinds"] = category.kinds
            if not category.is_shown_publicly:
                option["attrs"]["data-private"] = "true"
        return option


class CategoryField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Category.objects.active(),
            to_field_name="slug",
            empty_label=_("Choose a category"),
            widget=CategorySelect,
            **kwargs,
        )

    def to_python(self, value):
        # A slug with a NUL is no category; PostgreSQL could not even compare it (a 500).
        if isinstance(value, str) and "\x00" in value:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def label_from_instance(self, category: Category) -> str:
        if not category.is_shown_publicly:
            return _("%(name)s (goes confidentially to the social team, not on the map)") % {
                "name": category.display_name
            }
        return category.display_name


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to PIN_PHOTO_MAX_COUNT files; the service checks that they are real images."""

    def __init__(self, **kwargs):
        widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        super().__init__(widget=widget, required=False, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        maximum = settings.PIN_PHOTO_MAX_COUNT
        if len(files) > maximum:
            raise forms.ValidationError(
                _("At most %(max)d photos per pin."), code="too_many", params={"max": maximum}
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


def photos_help_text() -> str:
    """The limits the photo checks apply (participatie/pins/photos.py), in the page's words."""
    return _(
        "Up to %(count)s photos (JPEG, PNG or WebP), each at most %(mb)s MB and %(mpx)s "
        "megapixels. We remove the location and camera details from them."
    ) % {
        "count": settings.PIN_PHOTO_MAX_COUNT,
        "mb": f"{settings.PIN_PHOTO_MAX_BYTES / 1048576:g}",
        "mpx": f"{settings.PIN_PHOTO_MAX_PIXELS / 1_000_000:g}",
    }


class PinForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to report?"),
        choices=Pin.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose idea or complaint.")},
    )
    category = CategoryField(
        label=_("Category"),
        help_text=_(
            "Worries about loneliness, money or neighbours go confidentially to the social "
            "team of the neighbourhood: they are never shown on the map."
        ),
        error_messages={"required": _("Choose a category.")},
    )
    title = VisibleTextField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("In a few words, e.g. “Bench by the pond is broken”."),
        error_messages={"required": _("Give your report a title.")},
    )
    description = VisibleTextField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What is it about, and what would make it better? Please do not write names, "
            "phone numbers or addresses of other people."
        ),
    )
    # Only for a confidential category (the service ignores it otherwise): the social team
    # may contact the reporter, who agrees to it here.
    contact_consent = forms.BooleanField(
        label=_("The social team may contact me (by e-mail)"),
        required=False,
        help_text=_(
            "Either way their answer appears on the page of your report, and you get an "
            "e-mail when they answer."
        ),
    )
    photos = PhotosField(
        label=_("Photos"),
        help_text=lazy(photos_help_text, str)(),
    )
    # Set by the map on the page (click, drag, search, your location or the keyboard).
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    # Without JavaScript there is no map: the pin goes in the middle of a neighbourhood.
    place = forms.ChoiceField(
        label=_("Neighbourhood"),
        required=False,
        help_text=_(
            "The pin is placed in the middle of the neighbourhood; say where exactly in "
            "the description."
        ),
    )

    location_fields = ("lon", "lat", "place")

    def __init__(self, *args, with_photos: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [
            ("", _("Choose a neighbourhood")),
            *areas.neighbourhood_choices(),
        ]
        if not with_photos:
            del self.fields["photos"]

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in self.location_fields):
            return cleaned
        lon, lat = cleaned.get("lon"), cleaned.get("lat")
        if lon is not None and lat is not None:
            cleaned["geom"] = Point(lon, lat, srid=4326)
        elif cleaned.get("place"):
            cleaned["geom"] = areas.neighbourhood_spot(cleaned["place"])
        if cleaned.get("geom") is None:
            self.add_error(
                "lon", _("Choose the place: click the map, search for it, or use your location.")
            )
        return cleaned


class CommentForm(forms.Form):
    body = VisibleTextField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Others see it with your display name."),
        error_messages={"required": _("Write a comment first.")},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    explanation = VisibleTextField(
        label=_("Explanation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = VisibleTextField(
        label=_("Why do you withdraw it?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the history of the report."),
    )
