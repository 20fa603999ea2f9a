"""Designers' writes: a redesign project, its options, publishing, correcting during the
vote, closing and publishing the result."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GeometryCollection, GEOSException, GEOSGeometry, MultiPolygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from maps.areas import areas_for, inside_municipality
from maps.models import Area
from participatie.guards.nesting import json_loads
from participatie.guards.text import visible_text
from participatie.voting import roles
from participatie.voting.models import DesignOption, RedesignProject
from participatie.voting.services.seal import ballots_seal

TEXT_MAX = 10000
# Features and drawings may reach this far beyond the street (degrees; about 500 m).
NEARBY = 0.005
MAX_FEATURES = 500


class Errors(dict):
    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(ValidationError(message))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _designer_check(user) -> None:
    if not roles.can_design(user):
        raise PermissionDenied(_("Only designers can manage redesign projects."))


def _text(errors: Errors, field: str, value, *, max_length: int, required: bool = True) -> str:
    value = visible_text(value or "")
    if "\x00" in value:
        errors.add(field, _("The text contains a null character."))
    elif required and not value:
        errors.add(field, _("This field may not be blank."))
    elif len(value) > max_length:
        errors.add(field, _("Use at most %(max)d characters.") % {"max": max_length})
    return value


def _street_clean(errors: Errors, geom) -> GEOSGeometry | None:
    if geom is None:
        errors.add("geom", _("Draw the street (a line) or the square (an area) on the map."))
        return None
    if geom.geom_type not in ("LineString", "Polygon", "MultiLineString", "MultiPolygon"):
        errors.add("geom", _("Draw a line along the street or an area for the square."))
        return None
    if geom.empty or not geom.valid:
        errors.add("geom", _("The shape crosses itself or is empty: draw it again."))
        return None
    if not inside_municipality(geom):
        errors.add("geom", _("The street or square must lie inside the municipality."))
        return None
    return geom


def _same_shape(a: GEOSGeometry | None, b: GEOSGeometry | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    # GeoJSON round trips keep about 15 digits; 1e-7 degrees is about a centimetre.
    return a.equals_exact(b, tolerance=1e-7)


def _unique_slug(title: str, exclude_pk: int | None) -> str:
    base = slugify(title)[:70] or "herinrichting"
    slug, n = base, 2
    while RedesignProject.objects.exclude(pk=exclude_pk).filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def project_save(
    *,
    by,
    project: RedesignProject | None = None,
    title: str,
    description: str,
    geom: GEOSGeometry | None,
    eligible_area_codes=(),
    eligible_shape: GEOSGeometry | None = None,
    method: str = RedesignProject.Method.SINGLE,
    eligibility: str = RedesignProject.Eligibility.CODES,
    allow_vote_change: bool = False,
    voting_opens_at: dt.datetime,
    voting_closes_at: dt.datetime,
    planned_work=None,
) -> RedesignProject:
    """Create or change a project. While voting is open, the rules of the vote (who, how,
    when it opens) are fixed; only the closing date may move later."""
    _designer_check(by)
    errors = Errors()
    title = _text(errors, "title", title, max_length=160)
    description = _text(errors, "description", description, max_length=TEXT_MAX)
    geom = _street_clean(errors, geom)
    if method not in RedesignProject.Method.values:
        errors.add("method", _("Choose a voting method."))
    if eligibility not in RedesignProject.Eligibility.values:
        errors.add("eligibility", _("Choose who may vote."))
    areas = list(Area.objects.neighbourhoods().filter(code__in=list(eligible_area_codes)))
    if len(areas) != len(set(eligible_area_codes)):
        errors.add("eligible_areas", _("Choose neighbourhoods from the list."))
    if eligible_shape is not None:
        if eligible_shape.geom_type == "Polygon":
            eligible_shape = MultiPolygon(eligible_shape, srid=4326)
        if eligible_shape.geom_type != "MultiPolygon" or not eligible_shape.valid:
            errors.add("eligible_shape", _("Draw the eligible area again: it crosses itself."))
            eligible_shape = None
    if not areas and eligible_shape is None:
        errors.add("eligible_areas", _("Choose the neighbourhoods whose residents may vote."))
    if voting_opens_at and voting_closes_at and voting_closes_at <= voting_opens_at:
        errors.add("voting_closes_at", _("Voting must close after it opens."))
    if project is not None and project.phase == RedesignProject.Phase.VOTING:
        fixed = (
            method != project.method
            or eligibility != project.eligibility
            or bool(allow_vote_change) != project.allow_vote_change
            or voting_opens_at != project.voting_opens_at
            or voting_closes_at < project.voting_closes_at
            # Who may vote is a rule of the vote too: the eligible area stays as it was.
            or {area.pk for area in areas}
            != set(project.eligible_areas.values_list("pk", flat=True))
            or not _same_shape(eligible_shape, project.eligible_shape)
        )
        if fixed:
            errors.add(
                "project",
                _("Voting is open: its rules and dates are fixed (closing may only move later)."),
            )
    if project is not None and project.phase in (
        RedesignProject.Phase.CLOSED,
        RedesignProject.Phase.RESULT,
    ):
        errors.add("project", _("Voting has closed: the project can no longer change."))
    errors.raise_if_any()
    with transaction.atomic():
        if project is None:
            project = RedesignProject(created_by=by, slug=_unique_slug(title, None))
        project.title = title
        project.description = description
        project.geom = geom
        project.method = method
        project.eligibility = eligibility
        project.allow_vote_change = bool(allow_vote_change)
        project.voting_opens_at = voting_opens_at
        project.voting_closes_at = voting_closes_at
        project.eligible_shape = eligible_shape
        project.planned_work = planned_work
        project.district = areas_for(geom)[1]
        project.save()
        project.eligible_areas.set(areas)
    return project


def _features_clean(errors: Errors, project: RedesignProject, features):
    """GeoJSON (a FeatureCollection, or geometries) near the street → GeometryCollection and
    the kind of each feature (its `kind` property)."""
    if features in (None, "", b""):
        return None, []
    try:
        data = json_loads(features) if isinstance(features, str | bytes) else features
        items = data["features"] if data.get("type") == "FeatureCollection" else [data]
        if len(items) > MAX_FEATURES:
            errors.add("features", _("At most %(max)d features.") % {"max": MAX_FEATURES})
            return None, []
        geoms, kinds = [], []
        for item in items:
            geometry = item.get("geometry", item) if item.get("type") == "Feature" else item
            geom = GEOSGeometry(json.dumps(geometry), srid=4326)
            if geom.empty or not geom.valid:
                raise ValueError("invalid geometry")
            geoms.append(geom)
            kinds.append(str((item.get("properties") or {}).get("kind", ""))[:40])
    # GDAL reads the GeoJSON: a feature without a geometry is its error, not GEOS's.
    except (ValueError, TypeError, KeyError, AttributeError, GEOSException, GDALException):
        errors.add("features", _("The design features are not valid GeoJSON."))
        return None, []
    collection = GeometryCollection(*geoms, srid=4326)
    if not collection.intersects(project.geom.buffer(NEARBY)):
        errors.add("features", _("The design features lie far away from the street."))
    elif not project.geom.buffer(NEARBY).contains(collection):
        errors.add("features", _("Some design features lie far outside the street."))
    return collection, kinds


def _corners_clean(errors: Errors, project: RedesignProject, corners):
    if corners in (None, "", []):
        return None
    try:
        data = json_loads(corners) if isinstance(corners, str) else corners
        points = [(float(lon), float(lat)) for lon, lat in data]
    except (ValueError, TypeError):
        errors.add("overlay_corners", _("Place the drawing's four corners on the map."))
        return None
    if len(points) != 4:
        errors.add("overlay_corners", _("Place the drawing's four corners on the map."))
        return None
    area = project.geom.buffer(NEARBY)
    if not all(
        area.contains(GEOSGeometry(f"POINT({lon} {lat})", srid=4326)) for lon, lat in points
    ):
        errors.add("overlay_corners", _("The drawing must be placed on the street."))
        return None
    return [[round(lon, 7), round(lat, 7)] for lon, lat in points]


def option_save(
    *,
    by,
    project: RedesignProject,
    option: DesignOption | None = None,
    title: str,
    description: str,
    overlay=None,
    overlay_corners=None,
    features=None,
    order: int | None = None,
) -> DesignOption:
    """Add or change a design option. Published options are fixed while voting is open: a
    correction goes through options_correct, which starts a new version shown to voters."""
    _designer_check(by)
    if option is not None and option.project_id != project.pk:
        raise PermissionDenied(_("This option belongs to another project."))
    fixed_phases = (
        RedesignProject.Phase.VOTING,
        RedesignProject.Phase.CLOSED,
        RedesignProject.Phase.RESULT,
    )
    if project.phase in fixed_phases and not getattr(project, "_correcting", False):
        raise ValidationError(
            {
                "project": [
                    _("Options are fixed while voting is open; publish a correction instead.")
                ]
            }
        )
    errors = Errors()
    title = _text(errors, "title", title, max_length=120)
    description = _text(errors, "description", description, max_length=5000)
    geoms, kinds = _features_clean(errors, project, features)
    corners = _corners_clean(errors, project, overlay_corners)
    prepared = None
    if overlay is not None:
        from participatie.voting.images import overlay_prepare

        try:
            prepared = overlay_prepare(overlay)
        except ValidationError as error:
            errors.setdefault("overlay", []).extend(error.messages)
    errors.raise_if_any()
    with transaction.atomic():
        if option is None:
            option = DesignOption(project=project, order=project.options.count())
        option.title = title
        option.description = description
        if features is not None:
            option.features, option.feature_kinds = geoms, kinds
        if overlay_corners is not None:
            option.overlay_corners = corners
        if order is not None:
            option.order = order
        if prepared is not None:
            option.overlay.save(prepared.name, prepared, save=False)
        option.version = project.version
        option.save()
    return option


def options_correct(*, by, project: RedesignProject, note: str, changes) -> RedesignProject:
    """Correct options while voting is open: a new version with a note that voters see.
    `changes` is a list of dicts of option_save arguments (with `option`)."""
    _designer_check(by)
    if project.phase in (RedesignProject.Phase.CLOSED, RedesignProject.Phase.RESULT):
        # The ballots were cast on these options: after closing they stay as they were.
        raise ValidationError(
            {"project": [_("Voting has closed: the options can no longer change.")]}
        )
    errors = Errors()
    note = _text(errors, "version_note", note, max_length=2000)
    errors.raise_if_any()
    with transaction.atomic():
        project = RedesignProject.objects.select_for_update().get(pk=project.pk)
        project.version += 1
        project.version_note = note
        project.save(update_fields=["version", "version_note"])
        project._correcting = True
        for change in changes:
            option_save(by=by, project=project, **change)
    return project


def project_publish(*, by, project: RedesignProject) -> RedesignProject:
    """Publish a draft: consultation starts now, voting at its date. Needs 2+ options."""
    _designer_check(by)
    if project.options.count() < 2:
        raise ValidationError({"options": [_("A project needs at least two design options.")]})
    if project.published_at is None:
        project.published_at = timezone.now()
        project.save(update_fields=["published_at"])
    return project


def voting_close(*, by, project: RedesignProject) -> RedesignProject:
    """Close voting now (before its date)."""
    _designer_check(by)
    if project.phase != RedesignProject.Phase.VOTING:
        raise ValidationError({"project": [_("Voting is not open.")]})
    with transaction.atomic():
        project.voting_closes_at = timezone.now()
        project.save(update_fields=["voting_closes_at"])
        ballots_seal(project=project)
    return project


def result_publish(*, by, project: RedesignProject) -> RedesignProject:
    _designer_check(by)
    if project.phase != RedesignProject.Phase.CLOSED:
        raise ValidationError(
            {"project": [_("The result can be published once voting has closed.")]}
        )
    with transaction.atomic():
        ballots_seal(project=project)  # also when voting closed by its date
        project.result_published_at = timezone.now()
        project.save(update_fields=["result_published_at"])
    return project
