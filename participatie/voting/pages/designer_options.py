"""A project's design options: add and change them before voting opens (text, images, the
drawing placed on the street, the design features), correct them during the vote (a new
version with a note for voters), and remove one before voting opens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from PIL import Image, UnidentifiedImageError

from participatie.voting import presentation, services
from participatie.voting.forms import CorrectionForm, OptionForm, OptionImageForm
from participatie.voting.models import DesignOption, RedesignProject
from participatie.voting.pages.designer import map_config
from participatie.voting.pages.designer_access import (
    designer_view,
    errors_to_form,
    managed_option,
    managed_project,
)

Phase = RedesignProject.Phase
EDITABLE = (Phase.DRAFT, Phase.CONSULTATION)
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
METRES_PER_DEGREE = 111_320


def fit_corners(street, upload) -> list[list[float]] | None:
    """Corners that lay an uploaded drawing over the street's bounding box, keeping its
    proportions: where the drawing goes when no corners were given (no map, or keyboard
    only). None when the upload is not an image (the service then says so)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in QUARTER_TURNS:
                width, height = height, width
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if not width or not height:
        return None
    min_lon, min_lat, max_lon, max_lat = street.extent
    lon, lat = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    from math import cos, radians

    x_scale = METRES_PER_DEGREE * cos(radians(lat))
    box_w = max((max_lon - min_lon) * x_scale, 10.0)
    box_h = max((max_lat - min_lat) * METRES_PER_DEGREE, 10.0)
    aspect = width / height
    if box_w / box_h > aspect:
        box_h = box_w / aspect
    else:
        box_w = box_h * aspect
    half_lon, half_lat = box_w / 2 / x_scale, box_h / 2 / METRES_PER_DEGREE
    west, east, south, north = lon - half_lon, lon + half_lon, lat - half_lat, lat + half_lat
    return [[west, north], [east, north], [west, south], [east, south]]


def _option_page(request, project, form, *, option=None, image_form=None, template=None):
    options = [option] if option is not None else []
    drawing = option.overlay.url if option is not None and option.overlay else None
    context = {
        "project": project,
        "option": option,
        "form": form,
        "image_form": image_form or OptionImageForm(),
        "images": list(option.images.all()) if option is not None else [],
        "kinds": list(presentation.FEATURE_KINDS.items()),
        "map_config": map_config(
            project,
            options=[presentation.option_feature(o) for o in options],
            drawing=drawing,
        ),
        "nav_section": "designer",
    }
    errors = form.errors or (image_form is not None and image_form.errors)
    name = template or "voting/designer/option_form.html"
    return render(request, name, context, status=400 if errors else 200)


def _changes(form: OptionForm, project: RedesignProject, option: DesignOption | None) -> dict:
    """The option_save arguments of a valid form. A drawing without corners is laid over
    the street (unless the option has its corners already)."""
    data = form.cleaned_data
    corners = data["overlay_corners"]
    overlay = data["overlay"] or None
    if overlay is not None and corners is None and not (option and option.overlay_corners):
        corners = fit_corners(project.geom, overlay)
    return {
        "title": data["title"],
        "description": data["description"],
        "overlay": overlay,
        "overlay_corners": corners,
        "features": form.features_text(),
    }


def _fixed(request, project: RedesignProject) -> HttpResponse | None:
    if project.phase in EDITABLE:
        return None
    if project.phase == Phase.VOTING:
        messages.error(
            request,
            _("Voting is open: the options are fixed. Correct an option to publish a new version."),
        )
    else:
        messages.error(request, _("Voting has closed: the options can no longer change."))
    return redirect("designer-project", pk=project.pk)


@designer_view
@require_http_methods(["GET", "POST"])
def option_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if fixed := _fixed(request, project):
        return fixed
    posted = request.method == "POST"
    form = OptionForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            option = services.option_save(
                by=request.user, project=project, **_changes(form, project, None)
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Option “%(title)s” is added. Add images, or place the drawing on the map.")
                % {"title": option.title},
            )
            return redirect("designer-option", pk=project.pk, option_pk=option.pk)
    return _option_page(request, project, form)


@designer_view
@require_http_methods(["GET", "POST"])
def option_edit(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    option = managed_option(project, option_pk)
    if project.phase == Phase.VOTING:
        return redirect("designer-option-correct", pk=project.pk, option_pk=option.pk)
    if fixed := _fixed(request, project):
        return fixed
    posted = request.method == "POST"
    form = OptionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=OptionForm.initial_of(option),
    )
    if posted and form.is_valid():
        try:
            services.option_save(
                by=request.user, project=project, option=option, **_changes(form, project, option)
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The option is saved."))
            return redirect("designer-project", pk=project.pk)
    return _option_page(request, project, form, option=option)


@designer_view
@require_http_methods(["GET", "POST"])
def option_correct(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    """During the vote: a corrected option is a new version, with a note voters see."""
    project = managed_project(request, pk)
    option = managed_option(project, option_pk)
    if project.phase != Phase.VOTING:
        if project.phase in EDITABLE:
            return redirect("designer-option", pk=project.pk, option_pk=option.pk)
        return _fixed(request, project)
    posted = request.method == "POST"
    form = CorrectionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=OptionForm.initial_of(option),
    )
    if posted and form.is_valid():
        change = {"option": option, **_changes(form, project, option)}
        try:
            project = services.options_correct(
                by=request.user,
                project=project,
                note=form.cleaned_data["version_note"],
                changes=[change],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the options is published, with your note for voters.")
                % {"version": project.version},
            )
            return redirect("designer-project", pk=project.pk)
    return _option_page(
        request, project, form, option=option, template="voting/designer/option_correct.html"
    )


@designer_view
@require_http_methods(["GET", "POST"])
def option_delete(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    option = managed_option(project, option_pk)
    if fixed := _fixed(request, project):
        return fixed
    if request.method == "POST":
        services.option_delete(by=request.user, option=option)
        messages.success(request, _("Option “%(title)s” is removed.") % {"title": option.title})
        return redirect("designer-project", pk=project.pk)
    context = {
        "project": project,
        "title": _("Remove option “%(title)s”?") % {"title": option.title},
        "text": _("The option, its images and its drawing are removed. This cannot be undone."),
        "button": _("Remove the option"),
        "danger": True,
        "nav_section": "designer",
    }
    return render(request, "voting/designer/confirm.html", context)


# --- images -----------------------------------------------------------------------------


@designer_view
@require_POST
def image_add(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    option = managed_option(project, option_pk)
    if fixed := _fixed(request, project):
        return fixed
    image_form = OptionImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            services.option_image_add(
                by=request.user,
                option=option,
                image=image_form.cleaned_data["image"],
                alt=image_form.cleaned_data["alt"],
            )
        except ValidationError as error:
            errors_to_form(image_form, error)
        else:
            messages.success(request, _("The image is added."))
            return redirect("designer-option", pk=project.pk, option_pk=option.pk)
    form = OptionForm(initial=OptionForm.initial_of(option))
    return _option_page(request, project, form, option=option, image_form=image_form)


@designer_view
@require_POST
def image_remove(request: HttpRequest, pk: int, option_pk: int, image_pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    option = managed_option(project, option_pk)
    if fixed := _fixed(request, project):
        return fixed
    image = option.images.filter(pk=image_pk).first()
    if image is None:
        raise PermissionDenied(_("This image belongs to another option."))
    services.option_image_remove(by=request.user, image=image)
    messages.success(request, _("The image is removed."))
    return redirect("designer-option", pk=project.pk, option_pk=option.pk)
