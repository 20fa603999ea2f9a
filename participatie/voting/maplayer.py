"""The redesigns' part of the map page and the area pages: the street outlines of the
published projects (a "vote now" label while voting is open), a note in the popups of the
planned works that a redesign follows, and the projects of an area on its page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from maps import pagecache
from maps.composition import AreaSection, MapLayer, register_area_section, register_map_layer
from participatie.voting.models import RedesignProject


def _page_url_template() -> str:
    return reverse("redesign-page", args=["__slug__"])


# What the phase of a project is made from (`RedesignProject.phase_at`).
DATES = ("published_at", "voting_opens_at", "voting_closes_at", "result_published_at")


def _linked_projects() -> list[dict]:
    """The projects that follow a planned work and have a publication date, with their
    dates: kept in the page cache (maps/pagecache.py), which every committed write to a
    project purges (`VotingConfig.ready`). Only what the popups show and the phase is made
    from: not the street's shape nor the eligible area."""
    projects = (
        RedesignProject.objects.filter(published_at__isnull=False, planned_work__isnull=False)
        .only("title", "slug", "planned_work_id", *DATES)
        .order_by("voting_opens_at")
    )
    return [
        {
            "work": str(project.planned_work_id),
            "title": project.title,
            "slug": project.slug,
            **{name: getattr(project, name) for name in DATES},
        }
        for project in projects
    ]


def redesigns_map_config(request: HttpRequest) -> dict:
    """Where the page script finds the projects, and per planned work (its id, as in the
    planned-works layer) the project that follows it: maps/ itself knows nothing of votes.
    Published and phase are decided here, at each request, from the cached dates."""
    page = _page_url_template()
    now = timezone.now()
    works = {}
    for linked in pagecache.cached("redesign-links", _linked_projects):
        project = RedesignProject(**{name: linked[name] for name in DATES})
        phase = project.phase_at(now)
        if phase == RedesignProject.Phase.DRAFT:  # not published yet (`published()`)
            continue
        works[linked["work"]] = {
            "title": linked["title"],
            "phase": phase,
            "url": page.replace("__slug__", linked["slug"]),
            "opens": linked["voting_opens_at"].isoformat(),
            "closes": linked["voting_closes_at"].isoformat(),
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
