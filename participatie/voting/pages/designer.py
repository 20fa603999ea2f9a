"""The designer's projects (/ontwerpen/): the list, one project's page with what can be done
in its phase, the project form with the street drawn on the map, the preview of what
residents will see, and publishing."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from maps.basemap import MAP_ZOOM, basemap_config
from maps.models import Area
from participatie.voting import presentation, services
from participatie.voting.forms import ProjectForm
from participatie.voting.models import Ballot, RedesignProject
from participatie.voting.pages.designer_access import (
    designer_view,
    errors_to_form,
    managed_project,
    managed_projects,
)

Phase = RedesignProject.Phase
FALLBACK_CENTER = [52.99, 6.56]
STREET_ZOOM = 17


def _ballot_counts(project_ids) -> dict[int, int]:
    """Ballots per project: a count only (who voted for what is never read here)."""
    rows = (
        Ballot.objects.filter(project_id__in=list(project_ids))
        .values("project_id")
        .annotate(n=Count("pk"))
    )
    return {row["project_id"]: row["n"] for row in rows}


@designer_view
def project_list(request: HttpRequest) -> HttpResponse:
    projects = list(
        managed_projects(request.user)
        .annotate(option_count=Count("options", distinct=True))
        .order_by("-created_at")
    )
    ballots = _ballot_counts(p.pk for p in projects)
    for project in projects:
        project.ballot_count = ballots.get(project.pk, 0)
    context = {"projects": projects, "nav_section": "designer"}
    return render(request, "voting/designer/project_list.html", context)


def timeline(project: RedesignProject) -> list[dict]:
    """The five phases with their dates, and where the project is now."""
    order = [Phase.DRAFT, Phase.CONSULTATION, Phase.VOTING, Phase.CLOSED, Phase.RESULT]
    current = order.index(project.phase)
    dates = [
        project.created_at,
        project.published_at,
        project.voting_opens_at,
        project.voting_closes_at,
        project.result_published_at,
    ]
    return [
        {
            "label": phase.label,
            "date": date,
            "state": "done" if i < current else "current" if i == current else "todo",
        }
        for i, (phase, date) in enumerate(zip(order, dates, strict=True))
    ]


def actions_of(project: RedesignProject) -> dict[str, bool]:
    phase = project.phase
    before_voting = phase in (Phase.DRAFT, Phase.CONSULTATION)
    return {
        "edit_project": phase in (Phase.DRAFT, Phase.CONSULTATION, Phase.VOTING),
        "edit_options": before_voting,
        "correct_options": phase == Phase.VOTING,
        "publish": phase == Phase.DRAFT,
        "codes": project.eligibility == RedesignProject.Eligibility.CODES
        and phase in (Phase.DRAFT, Phase.CONSULTATION, Phase.VOTING),
        "close": phase == Phase.VOTING,
        "results": phase in (Phase.CLOSED, Phase.RESULT),
        "publish_result": phase == Phase.CLOSED,
    }


@designer_view
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    options = list(project.options.prefetch_related("images").order_by("order", "pk"))
    context = {
        "project": project,
        "options": options,
        "timeline": timeline(project),
        "can": actions_of(project),
        "ballots": _ballot_counts([project.pk]).get(project.pk, 0),
        "codes_issued": project.codes.count(),
        "eligible_areas": list(project.eligible_areas.order_by("name")),
        "promise": presentation.eligibility_promise(project),
        "nav_section": "designer",
    }
    return render(request, "voting/designer/project.html", context)


# --- the project form -------------------------------------------------------------------


def _center(project: RedesignProject | None) -> tuple[list[float], int]:
    if project is not None:
        spot = project.geom.point_on_surface
        return [spot.y, spot.x], STREET_ZOOM
    municipality = Area.objects.municipality().only("geom").first()
    if municipality is None:
        return FALLBACK_CENTER, MAP_ZOOM
    centroid = municipality.geom.centroid
    return [centroid.y, centroid.x], MAP_ZOOM


def map_config(project: RedesignProject | None = None, **extra) -> dict:
    center, zoom = _center(project)
    return {
        **basemap_config(),
        "center": center,
        "zoom": zoom,
        "street": json.loads(project.geom.geojson) if project is not None else None,
        # The neighbourhood outlines come from the vector tiles of the municipality.
        "municipality": settings.MUNICIPALITY_CODE,
        "kinds": {key: str(label) for key, label in presentation.FEATURE_KINDS.items()},
        **extra,
    }


def _project_form_page(request, form: ProjectForm, project: RedesignProject | None):
    context = {
        "form": form,
        "project": project,
        "area_groups": form.area_groups(),
        "map_config": map_config(project),
        "eligibility_help": {
            RedesignProject.Eligibility.CODES: _(
                "Every address gets a letter with a code that works once: one vote per "
                "household, no account needed. Use this for a binding vote."
            ),
            RedesignProject.Eligibility.RESIDENTS: _(
                "Residents vote with their account (confirmed e-mail address, home "
                "neighbourhood in the area). The neighbourhood is their own statement: someone "
                "with several e-mail addresses could vote more than once. Not for a binding "
                "vote."
            ),
        },
        "nav_section": "designer",
    }
    status = 400 if form.errors else 200
    return render(request, "voting/designer/project_form.html", context, status=status)


def _save_project(request, form: ProjectForm, project: RedesignProject | None):
    data = dict(form.cleaned_data)
    if form.rules_fixed and project is not None:
        # The rules of an open vote as they are stored (the form's disabled fields drop the
        # seconds of a date), so that only what may change is compared.
        data.update(
            eligible_areas=list(project.eligible_areas.values_list("code", flat=True)),
            eligible_shape=project.eligible_shape,
            method=project.method,
            eligibility=project.eligibility,
            allow_vote_change=project.allow_vote_change,
            voting_opens_at=project.voting_opens_at,
        )
    return services.project_save(
        by=request.user,
        project=project,
        title=data["title"],
        description=data["description"],
        geom=data["geom"],
        eligible_area_codes=data["eligible_areas"],
        eligible_shape=data["eligible_shape"],
        method=data["method"],
        eligibility=data["eligibility"],
        allow_vote_change=data["allow_vote_change"],
        voting_opens_at=data["voting_opens_at"],
        voting_closes_at=data["voting_closes_at"],
        planned_work=data["planned_work"],
    )


@designer_view
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            project = _save_project(request, form, None)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("The project is saved as a draft. Now add at least two options.")
            )
            return redirect("designer-project", pk=project.pk)
    return _project_form_page(request, form, None)


@designer_view
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if project.phase in (Phase.CLOSED, Phase.RESULT):
        messages.error(request, _("Voting has closed: the project can no longer change."))
        return redirect("designer-project", pk=project.pk)
    rules_fixed = project.phase == Phase.VOTING
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        initial=ProjectForm.initial_of(project),
        rules_fixed=rules_fixed,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_project(request, form, project)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("designer-project", pk=project.pk)
    return _project_form_page(request, form, project)


# --- preview and publishing -------------------------------------------------------------


def options_data(options) -> list[dict]:
    """The options for the page script (GeoJSON, as residents' pages get them)."""
    return [presentation.option_feature(option) for option in options]


@designer_view
def project_preview(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    options = list(project.options.prefetch_related("images").order_by("order", "pk"))
    for option in options:
        option.summary = presentation.feature_summary(option)
    context = {
        "project": project,
        "options": options,
        "promise": presentation.eligibility_promise(project),
        "eligible_areas": list(project.eligible_areas.order_by("name")),
        "can": actions_of(project),
        "map_config": map_config(project, options=options_data(options)),
        "nav_section": "designer",
    }
    return render(request, "voting/designer/preview.html", context)


@designer_view
@require_POST
def project_publish(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if project.phase != Phase.DRAFT:
        messages.info(request, _("This project is published already."))
        return redirect("designer-project", pk=project.pk)
    try:
        services.project_publish(by=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("designer-project-preview", pk=project.pk)
    messages.success(
        request,
        _("The project is published: residents can see it now, and voting opens on %(date)s.")
        % {"date": _local(project.voting_opens_at)},
    )
    return redirect("designer-project", pk=project.pk)


def _local(moment) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
