"""Running the vote: voting codes for printed letters, closing voting early, the result
(checked by the designer, then published) and its CSV.

Codes exist in clear text only in the answer to the request that made them (a CSV
download): the database keeps their keyed hashes, so a lost file cannot be downloaded
again. Results are counts per option from the ballots, which never name a voter; per
neighbourhood they are shown only where enough ballots were cast that nobody's choice can
be read from them."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatie.voting import selectors, services
from participatie.voting.forms import CodesForm
from participatie.voting.models import RedesignProject
from participatie.voting.pages.designer_access import (
    designer_view,
    errors_to_form,
    managed_project,
)

Phase = RedesignProject.Phase
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- CSV for a Dutch spreadsheet (as the workspace's export: BOM, ";", decimal comma) ------


def text_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def share_cell(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}".replace(".", ",")


def csv_response(rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Voting codes must not stay in a shared cache or the browser's.
    response["Cache-Control"] = "no-store"
    return response


# --- voting codes -----------------------------------------------------------------------


def _codes_page(request, project, form, status=200):
    context = {
        "project": project,
        "form": form,
        "issued": project.codes.count(),
        "nav_section": "designer",
    }
    return render(request, "voting/designer/codes.html", context, status=status)


@designer_view
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if project.eligibility != RedesignProject.Eligibility.CODES:
        messages.error(request, _("In this project residents vote with their account, not codes."))
        return redirect("designer-project", pk=project.pk)
    form = CodesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.codes_generate(
                project=project, by=request.user, addresses=form.cleaned_data["addresses"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            rows = [(_("address"), _("code"))]
            rows += [(text_cell(address), code) for address, code in issued]
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            return csv_response(rows, f"stemcodes-{project.slug}-{stamp}.csv")
    return _codes_page(request, project, form, status=400 if form.errors else 200)


# --- closing and the result -------------------------------------------------------------


@designer_view
@require_http_methods(["GET", "POST"])
def voting_close(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if project.phase != Phase.VOTING:
        messages.error(request, _("Voting is not open."))
        return redirect("designer-project", pk=project.pk)
    if request.method == "POST":
        services.voting_close(by=request.user, project=project)
        messages.success(
            request, _("Voting is closed. Check the result, then publish it for residents.")
        )
        return redirect("designer-results", pk=project.pk)
    context = {
        "project": project,
        "title": _("Close voting now?"),
        "text": _(
            "Voting was to close on %(date)s. After closing nobody can vote or change a vote, "
            "and it cannot be opened again."
        )
        % {"date": timezone.localtime(project.voting_closes_at).strftime("%d-%m-%Y %H:%M")},
        "button": _("Close voting now"),
        "danger": True,
        "nav_section": "designer",
    }
    return render(request, "voting/designer/confirm.html", context)


def shown_results(project: RedesignProject) -> dict:
    """The result for the page and the CSV: per option, and per neighbourhood as
    selectors.results gives it (small neighbourhoods pooled, so nobody's choice can be read
    from a row), the pooled row last."""
    result = selectors.results(project)
    options = [(o.option_id, o.title) for o in result.options]
    other = str(selectors.OTHER_NEIGHBOURHOODS)
    names = sorted(result.ballots_per_neighbourhood, key=lambda name: (name == other, name))
    groups = [
        (name, result.ballots_per_neighbourhood[name], result.per_neighbourhood.get(name, {}))
        for name in names
    ]
    rows = [
        {
            "name": name,
            "ballots": ballots,
            "options": [
                {
                    "title": title,
                    "votes": votes.get(option_id, 0),
                    "share": votes.get(option_id, 0) / ballots if ballots else None,
                    "percent": _percent(votes.get(option_id, 0) / max(ballots, 1), ballots),
                }
                for option_id, title in options
            ],
        }
        for name, ballots, votes in groups
    ]
    return {
        "result": result,
        "options": [
            {"title": o.title, "votes": o.votes, "percent": _percent(o.share, result.ballots)}
            for o in result.options
        ],
        "turnout_percent": _percent(result.turnout, 1),
        "neighbourhoods": rows,
        "min_ballots": selectors.MIN_BALLOTS_PER_NEIGHBOURHOOD,
    }


def _percent(share: float | None, ballots: int) -> float | None:
    return None if share is None or not ballots else round(share * 100, 1)


@designer_view
def results(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    context = {"project": project, "nav_section": "designer", "ready": False}
    if project.phase in (Phase.CLOSED, Phase.RESULT):
        context.update(shown_results(project), ready=True)
    else:
        context["ballots"] = project.ballots.count()
    return render(request, "voting/designer/results.html", context)


@designer_view
@require_POST
def result_publish(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    try:
        services.result_publish(by=request.user, project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The result is published on the project page and the map."))
    return redirect("designer-results", pk=project.pk)


@designer_view
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    project = managed_project(request, pk)
    if project.phase not in (Phase.CLOSED, Phase.RESULT):
        messages.error(request, _("The result can be downloaded once voting has closed."))
        return redirect("designer-results", pk=project.pk)
    shown = shown_results(project)
    result = shown["result"]
    header = [_("area"), _("option"), _("votes"), _("share (%)"), _("ballots")]
    rows = [header]
    everyone = _("All ballots")
    for option in result.options:
        share = option.share if result.ballots else None
        rows.append(
            [everyone, text_cell(option.title), option.votes, share_cell(share), result.ballots]
        )
    for hood in shown["neighbourhoods"]:
        for option in hood["options"]:
            rows.append(
                [
                    text_cell(hood["name"]),
                    text_cell(option["title"]),
                    option["votes"],
                    share_cell(option["share"]),
                    hood["ballots"],
                ]
            )
    rows.append([])
    rows.append([_("eligible voters"), result.eligible if result.eligible is not None else ""])
    rows.append([_("turnout (%)"), share_cell(result.turnout)])
    return csv_response(rows, f"uitslag-{project.slug}.csv")
