"""The residents' redesign pages: the list of projects, and a project's page with the street
on the map, the options (also as a list), who may vote, the vote, comments and the result."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from maps.basemap import basemap_config
from participatie.voting import keys, selectors
from participatie.voting.eligibility import eligible_area_names, resident_eligibility
from participatie.voting.filters import ProjectFilterSet
from participatie.voting.models import Participation, RedesignProject
from participatie.voting.pages.forms import CommentForm, VoteForm
from participatie.voting.presentation import (
    FEATURE_KINDS,
    eligibility_promise,
    feature_summary,
    leading_options,
    option_features,
)

Phase = RedesignProject.Phase


def visible_project(request: HttpRequest, slug: str) -> RedesignProject:
    """Published projects for everyone; drafts for designers (a preview). Else a 404."""
    projects = RedesignProject.objects.visible_to(request.user).select_related("district")
    return get_object_or_404(projects, slug=slug)


def project_list(request: HttpRequest) -> HttpResponse:
    published = RedesignProject.objects.published().select_related("district")
    filterset = ProjectFilterSet(request.GET or None, queryset=published)
    if filterset.is_bound and not filterset.is_valid():
        messages.warning(request, _("That area is unknown; all projects are shown."))
        projects = published
    else:
        projects = filterset.qs
    context = {
        "form": filterset.form,
        "projects": list(projects.order_by("-voting_opens_at", "title")),
        "nav_section": "redesigns",
    }
    return render(request, "voting/project_list.html", context)


@dataclass(frozen=True)
class VoteState:
    """What the vote section shows: "form", "voted" (and no change allowed), "login",
    "ineligible" (with the reason), "not_open" or "closed"."""

    kind: str
    reason: str = ""
    voted: bool = False


def has_voted(project: RedesignProject, user) -> bool:
    """Whether this resident voted in the project (for their own page only; never what)."""
    key = keys.voter_key(project.pk, keys.resident_identity(user))
    return Participation.objects.filter(project=project, voter_key=key).exists()


def vote_state(project: RedesignProject, user) -> VoteState:
    phase = project.phase
    if phase in (Phase.DRAFT, Phase.CONSULTATION):
        # Told before voting opens whether they will be able to vote, and why not.
        if project.eligibility == RedesignProject.Eligibility.RESIDENTS and user.is_authenticated:
            eligibility = resident_eligibility(project, user)
            return VoteState("not_open", reason="" if eligibility.ok else eligibility.reason)
        return VoteState("not_open")
    if phase != Phase.VOTING:
        return VoteState("closed")
    if project.eligibility == RedesignProject.Eligibility.CODES:
        return VoteState("form")
    if not user.is_authenticated:
        return VoteState("login")
    eligibility = resident_eligibility(project, user)
    if not eligibility.ok:
        return VoteState("ineligible", reason=eligibility.reason)
    voted = has_voted(project, user)
    if voted and not project.allow_vote_change:
        return VoteState("voted", voted=True)
    return VoteState("form", voted=voted)


def _map_config(project: RedesignProject, options) -> dict:
    street = project.geom
    return {
        **basemap_config(),
        "center": [street.centroid.y, street.centroid.x],
        "zoom": 17,
        "street": {"type": "Feature", "geometry": json.loads(street.geojson), "properties": {}},
        "options": [
            {
                "id": option.pk,
                "title": option.title,
                "overlay": (
                    {"url": option.overlay.url, "corners": option.overlay_corners}
                    if option.overlay and option.overlay_corners
                    else None
                ),
                "features": option_features(option),
            }
            for option in options
        ],
        "kinds": {kind: str(label) for kind, label in FEATURE_KINDS.items()},
    }


def _results_context(project: RedesignProject) -> dict:
    result = selectors.results(project)
    titles = {row.option_id: row.title for row in result.options}
    hoods = [
        {
            "name": name,
            "ballots": result.ballots_per_neighbourhood.get(name, 0),
            "votes": [votes.get(pk, 0) for pk in titles],
        }
        for name, votes in sorted(result.per_neighbourhood.items())
    ]
    return {
        "result": result,
        "leading": [row["id"] for row in leading_options(result)],
        "option_rows": [
            {"title": row.title, "votes": row.votes, "percent": round(row.share * 100, 1)}
            for row in result.options
        ],
        "turnout_percent": round(result.turnout * 100, 1) if result.turnout is not None else None,
        "hood_rows": hoods,
        "option_titles": list(titles.values()),
    }


def render_project_page(
    request: HttpRequest,
    project: RedesignProject,
    *,
    vote_form: VoteForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    options = list(project.options.prefetch_related("images").order_by("order", "pk"))
    phase = project.phase
    state = vote_state(project, user)
    results = _results_context(project) if phase == Phase.RESULT else {}
    # The map opens on the design with the most votes once the result is out.
    leading = results.get("leading") or [option.pk for option in options[:1]]
    context = {
        "project": project,
        "phase": phase,
        "options": [
            {"option": option, "features": feature_summary(option), "letter": chr(65 + i)}
            for i, option in enumerate(options)
        ],
        "area_names": eligible_area_names(project),
        "promise": eligibility_promise(project),
        "vote": state,
        "vote_form": vote_form or VoteForm(project),
        "comments": project.comments.shown().select_related("author__partner"),
        "comment_form": comment_form or CommentForm(),
        "can_comment": phase == Phase.CONSULTATION
        and user.is_authenticated
        and user.can_participate,
        "map_config": _map_config(project, options),
        "nav_section": "redesigns",
        "shown_option": leading[0] if leading else None,
        **results,
    }
    response = render(request, "voting/project_detail.html", context, status=status)
    # The vote section differs per visitor; a draft preview must not be cached anywhere.
    response["Cache-Control"] = "private, no-cache"
    return response


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_project_page(request, visible_project(request, slug))
