"""The redesigns' part of the map page and the area pages: the street outlines of the
published projects (a "vote now" label while voting is open), a note in the popups of the
planned works that a redesign follows, and the projects of an area on its page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from maps.composition import AreaSection, MapLayer, register_area_section, register_map_layer
from participatie.voting.models import RedesignProject


def _page_url_template() -> str:
    return reverse("redesign-page", args=["__slug__"])


def redesigns_map_config(request: HttpRequest) -> dict:
    """Where the page script finds the projects, and per planned work (its id, as in the
    planned-works layer) the project that follows it: maps/ itself knows nothing of votes."""
    page = _page_url_template()
    works = {}
    # Only what the popups show and the phase is made from: not the street's shape nor the
    # eligible area, which can be large and are not on this page.
    linked = (
        RedesignProject.objects.published()
        .filter(planned_work__isnull=False)
        .only(
            "title",
            "slug",
            "planned_work_id",
            "published_at",
            "voting_opens_at",
            "voting_closes_at",
            "result_published_at",
        )
        .order_by("voting_opens_at")
    )
    for project in linked:
        works[str(project.planned_work_id)] = {
            "title": project.title,
            "phase": project.phase,
            "url": page.replace("__slug__", project.slug),
            "opens": project.voting_opens_at.isoformat(),
            "closes": project.voting_closes_at.isoformat(),
        }
    return {
        "list": reverse("v1:public:redesign-list"),
        "pageUrl": page,
        "works": works,
        "phases": dict(RedesignProject.Phase.choices),
    }


def area_redesigns_context(area, request: HttpRequest) -> dict:
    projects = (
        RedesignProject.objects.published()
        .touching_area(area)
        .select_related("district")
        .order_by("-voting_opens_at", "title")
    )
    return {
        "projects": list(projects),
        "list_url": reverse("redesign-list-page") + f"?area={area.code}",
    }


def register_redesign_map_layer() -> None:
    register_map_layer(
        MapLayer(
            key="redesigns",
            config=redesigns_map_config,
            templates={
                "switch": "voting/map/switch.html",
                "legend": "voting/map/legend.html",
            },
            order=20,
        )
    )
    register_area_section(
        AreaSection(
            key="redesigns",
            template="voting/map/area_section.html",
            context=area_redesigns_context,
            order=20,
        )
    )
