"""Forms of the designers' pages. They check the shape of the input (GeoJSON that parses,
dates, a file that is not too large); the voting services check its meaning (a street
inside the municipality, features near it, a real image) and their errors are shown on
the same fields."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps import areas
from maps.models import Area, PlannedWork
from participatie.guards.nesting import json_loads
from participatie.guards.text import VisibleTextField
from participatie.voting.models import DesignOption, RedesignProject

# An uploaded GeoJSON file of design features (the drawing itself is an image).
FEATURES_FILE_MAX_BYTES = 2 * 1024 * 1024
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _geometries(data) -> list[dict]:
    """The geometries of a GeoJSON geometry, Feature or FeatureCollection."""
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection":
        return [g for f in data.get("features") or [] for g in _geometries(f)]
    if kind == "Feature":
        return [data["geometry"]] if data.get("geometry") else []
    if kind == "GeometryCollection":
        return list(data.get("geometries") or [])
    if kind:
        return [data]
    raise ValueError("not GeoJSON")


class GeoJSONField(forms.CharField):
    """GeoJSON text → one geometry (WGS84). A FeatureCollection of polygons becomes one
    MultiPolygon (`polygons=True`); otherwise it must hold exactly one geometry."""

    default_error_messages = {
        "invalid": _(
            "This is not GeoJSON we can read. Draw it on the map, or paste a GeoJSON geometry "
            "in longitude, latitude (WGS84)."
        ),
        "one": _("Give one shape: one line or one area."),
    }

    def __init__(self, *, polygons: bool = False, **kwargs):
        self.polygons = polygons
        attrs = {"rows": 4, "spellcheck": "false", "class": "geojson-input"}
        kwargs.setdefault("widget", forms.Textarea(attrs=attrs))
        kwargs.setdefault("max_length", 200_000)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, GEOSGeometry):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            geoms = [GEOSGeometry(json.dumps(g), srid=4326) for g in _geometries(json_loads(text))]
        except (
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            GEOSException,
            GDALException,
        ) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not geoms:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if self.polygons and all(g.geom_type in ("Polygon", "MultiPolygon") for g in geoms):
            parts = [p for g in geoms for p in (g if g.geom_type == "MultiPolygon" else [g])]
            return MultiPolygon(*parts, srid=4326)
        if len(geoms) != 1:
            raise forms.ValidationError(self.error_messages["one"], code="one")
        return geoms[0]


def geojson_text(geom: GEOSGeometry | None) -> str:
    return geom.geojson if geom is not None else ""


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class PlannedWorkField(forms.ModelChoiceField):
    def label_from_instance(self, work: PlannedWork) -> str:
        return _("%(name)s (%(kind)s, %(start)s – %(end)s)") % {
            "name": work.name,
            "kind": work.get_kind_display(),
            "start": work.start_date.strftime("%d-%m-%Y"),
            "end": work.end_date.strftime("%d-%m-%Y"),
        }


def planned_works():
    """Planned works in the municipality (not cancelled), by start date."""
    works = PlannedWork.objects.exclude(status=PlannedWork.Status.CANCELLED)
    municipality = Area.objects.municipality().only("geom").first()
    if municipality is not None:
        works = works.within_area(municipality)
    return works.order_by("start_date", "name")


class AreaCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose group has an id of its own: the error summary links to it."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class ProjectForm(forms.Form):
    """A redesign project. While voting is open the rules of the vote are shown but fixed
    (`rules_fixed`): the fields are disabled, and the service refuses a change anyway."""

    RULES = ("eligible_areas", "eligible_shape", "method", "eligibility", "allow_vote_change")

    title = VisibleTextField(
        label=_("Title"),
        max_length=160,
        help_text=_("For example “A new Kerkstraat”: residents see it on the map and in lists."),
        error_messages={"required": _("Give the project a title.")},
    )
    description = VisibleTextField(
        label=_("Description"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is being redesigned, why, and what residents decide."),
        error_messages={"required": _("Describe the project.")},
    )
    geom = GeoJSONField(
        label=_("The street or square as GeoJSON"),
        required=False,
        help_text=_(
            "Filled in when you draw on the map. Without the map: a GeoJSON LineString "
            "(a street) or Polygon (a square), in longitude, latitude."
        ),
    )
    planned_work = PlannedWorkField(
        label=_("After this planned work"),
        queryset=PlannedWork.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The planned works map then says that residents will vote on the redesign."),
    )
    eligible_areas = forms.MultipleChoiceField(
        label=_("Neighbourhoods whose residents may vote"),
        required=False,
        widget=AreaCheckboxes,
    )
    eligible_shape = GeoJSONField(
        label=_("Or an area drawn on the map, as GeoJSON"),
        required=False,
        polygons=True,
        help_text=_(
            "Residents whose home neighbourhood lies (partly) in this area may vote. A GeoJSON "
            "Polygon or MultiPolygon, in longitude, latitude."
        ),
    )
    voting_opens_at = forms.DateTimeField(
        label=_("Voting opens"),
        widget=LocalDateTimeInput(),
        error_messages={"required": _("Give the date and time voting opens.")},
    )
    voting_closes_at = forms.DateTimeField(
        label=_("Voting closes"),
        widget=LocalDateTimeInput(),
        error_messages={"required": _("Give the date and time voting closes.")},
    )
    method = forms.ChoiceField(
        label=_("Voting method"),
        choices=RedesignProject.Method.choices,
        initial=RedesignProject.Method.SINGLE,
        widget=forms.RadioSelect,
    )
    eligibility = forms.ChoiceField(
        label=_("Who may vote"),
        choices=RedesignProject.Eligibility.choices,
        initial=RedesignProject.Eligibility.CODES,
        widget=forms.RadioSelect,
    )
    allow_vote_change = forms.BooleanField(
        label=_("Voters may change their vote until voting closes"),
        required=False,
        help_text=_(
            "Only the last vote counts. The ballot then keeps a second, separately keyed "
            "fingerprint of the voter to find it again (see the explanation of ballot secrecy)."
        ),
    )

    def __init__(self, *args, rules_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_work"].queryset = planned_works()
        self.fields["eligible_areas"].choices = areas.neighbourhood_choices()
        self.rules_fixed = rules_fixed
        if rules_fixed:
            for name in (*self.RULES, "voting_opens_at"):
                self.fields[name].disabled = True

    @classmethod
    def initial_of(cls, project: RedesignProject) -> dict:
        return {
            "title": project.title,
            "description": project.description,
            "geom": geojson_text(project.geom),
            "planned_work": project.planned_work_id,
            "eligible_areas": list(project.eligible_areas.values_list("code", flat=True)),
            "eligible_shape": geojson_text(project.eligible_shape),
            "voting_opens_at": timezone.localtime(project.voting_opens_at),
            "voting_closes_at": timezone.localtime(project.voting_closes_at),
            "method": project.method,
            "eligibility": project.eligibility,
            "allow_vote_change": project.allow_vote_change,
        }

    def area_groups(self) -> list[dict]:
        """The neighbourhood checkboxes per district, for a fieldset per district."""
        field = self["eligible_areas"]
        chosen = {str(v) for v in (field.value() or [])}
        groups = []
        for index, (district, hoods) in enumerate(self.fields["eligible_areas"].choices):
            groups.append(
                {
                    "name": district,
                    "id": f"{field.auto_id}_group_{index}",
                    "areas": [
                        {
                            "code": code,
                            "name": name,
                            "id": f"{field.auto_id}_{code}",
                            "checked": code in chosen,
                        }
                        for code, name in hoods
                    ],
                }
            )
        return groups


class OptionForm(forms.Form):
    """A design option: text, the drawing and where it lies, the design features."""

    title = VisibleTextField(
        label=_("Title"),
        max_length=120,
        help_text=_("Short and telling, e.g. “Green street with parking on one side”."),
        error_messages={"required": _("Give the option a title.")},
    )
    description = VisibleTextField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What changes, for whom, and what it means for parking, trees and play."),
        error_messages={"required": _("Describe the option.")},
    )
    overlay = forms.FileField(
        label=_("Design drawing"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    overlay_corners = forms.CharField(
        label=_("Corners of the drawing on the map"),
        required=False,
        max_length=1000,
        help_text=_(
            "Filled in when you place the drawing on the map. Without the map: "
            "[[lon, lat], …] of the top-left, top-right, bottom-left and bottom-right corner. "
            "Left empty, the drawing is placed over the street."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "geojson-input"}),
    )
    features = forms.CharField(
        label=_("Design features as GeoJSON"),
        required=False,
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "class": "geojson-input"}),
        help_text=_(
            "Filled in when you draw features on the map. Without the map: a GeoJSON "
            "FeatureCollection whose features have a property “kind”: tree, bench, parking, "
            "path, play or other."
        ),
    )
    features_file = forms.FileField(
        label=_("Or upload the features as a GeoJSON file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
        help_text=_("Replaces the features above. In longitude, latitude (WGS84)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overlay"].help_text = _(
            "A JPEG, PNG or WebP image of at most %(mb)s MB. Then place it on the street on the "
            "map by dragging its corners."
        ) % {"mb": round(settings.PIN_PHOTO_MAX_BYTES / 1048576)}

    def clean_overlay_corners(self):
        text = self.cleaned_data["overlay_corners"].strip()
        if not text:
            return None
        try:
            corners = json_loads(text)
            if len(corners) != 4 or any(len(c) != 2 for c in corners):
                raise ValueError("four corners")
            return [[float(lon), float(lat)] for lon, lat in corners]
        except (ValueError, TypeError) as error:
            raise forms.ValidationError(
                _(
                    "Give four corners as [[lon, lat], [lon, lat], [lon, lat], [lon, lat]], or "
                    "place the drawing on the map."
                ),
                code="invalid",
            ) from error

    def clean_features_file(self):
        upload = self.cleaned_data.get("features_file")
        if not upload:
            return None
        if upload.size > FEATURES_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB."),
                code="too_large",
                params={"mb": FEATURES_FILE_MAX_BYTES // 1048576},
            )
        try:
            text = upload.read().decode("utf-8-sig")
            json_loads(text)
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(
                _("This file is not GeoJSON: export the features as .geojson (WGS84)."),
                code="invalid",
            ) from error
        return text

    def features_text(self) -> str | None:
        """The features to save: the uploaded file, else the text (None: leave as is)."""
        data = self.cleaned_data
        if data.get("features_file"):
            return data["features_file"]
        return data.get("features", "")

    @classmethod
    def initial_of(cls, option: DesignOption) -> dict:
        features = ""
        if option.features is not None:
            kinds = option.feature_kinds or []
            features = json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": json.loads(geom.geojson),
                            "properties": {"kind": kinds[i] if i < len(kinds) else "other"},
                        }
                        for i, geom in enumerate(option.features)
                    ],
                }
            )
        return {
            "title": option.title,
            "description": option.description,
            "overlay_corners": json.dumps(option.overlay_corners) if option.overlay_corners else "",
            "features": features,
        }


class CorrectionForm(OptionForm):
    """A correction of a published option while voting is open: a new version, with a note
    that voters see."""

    version_note = VisibleTextField(
        label=_("What changed, for voters"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the project page with the new version of the options."),
        error_messages={"required": _("Say what changed: voters see it.")},
    )


class OptionImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image: an impression, a cross-section, an example."),
        error_messages={"required": _("Choose an image.")},
    )
    alt = VisibleTextField(
        label=_("What the image shows"),
        max_length=300,
        help_text=_(
            "For people who cannot see the image, e.g. “Cross-section: pavement, two rows of "
            "trees, cycle path”."
        ),
        error_messages={"required": _("Describe the image for people who cannot see it.")},
    )


class CodesForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses, one per line"),
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=_(
            "For example “Kerkstraat 12, 9401 AB Assen”. Add “;longitude;latitude” to count the "
            "vote in the right neighbourhood: “Kerkstraat 12, Assen;6.5647;52.9930”."
        ),
        error_messages={"required": _("Give at least one address, one per line.")},
    )

    def clean_addresses(self):
        """[(address, Point | None)]; a line with a position that is not a number: an error
        that names the line."""
        from django.contrib.gis.geos import Point

        rows = []
        for number, line in enumerate(self.cleaned_data["addresses"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) >= 3 and (parts[-1] or parts[-2]):
                try:
                    lon, lat = (
                        float(parts[-2].replace(",", ".")),
                        float(parts[-1].replace(",", ".")),
                    )
                except ValueError:
                    lon = lat = None
                if lon is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise forms.ValidationError(
                        _("Line %(line)d: the position must be “;longitude;latitude”."),
                        code="position",
                        params={"line": number},
                    )
                rows.append((";".join(parts[:-2]), Point(lon, lat, srid=4326)))
            else:
                rows.append((line, None))
        if not rows:
            raise forms.ValidationError(self.fields["addresses"].error_messages["required"])
        return rows
