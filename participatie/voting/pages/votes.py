"""Voting on the project page, and checking a receipt.

The receipt is shown once, in the answer to the vote, and kept nowhere else: not in the
session, not in a message, not in an address (a session row names the account, and with
the receipt it would tie a person to a choice; see docs/voting.md)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participatie.voting import ratelimits, selectors, services
from participatie.voting.models import RedesignProject
from participatie.voting.pages.forms import ReceiptForm, VoteForm
from participatie.voting.pages.projects import render_project_page

# Errors of the vote that mean "you (or this code) voted already".
CONFLICT_CODES = {"already_voted", "used"}


def _published(slug: str) -> RedesignProject:
    return get_object_or_404(RedesignProject.objects.published(), slug=slug)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _errors_add(form: VoteForm, error: ValidationError) -> set[str]:
    """The service's errors on the form's fields; returns their codes."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return {getattr(error, "code", None)} - {None}
    codes = set()
    for field, errors in error.error_dict.items():
        for item in errors:
            codes.add(item.code)
        form.add_error(field if field in form.fields else None, errors)
    return codes


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    project = _published(slug)
    form = VoteForm(project, request.POST)
    if not form.is_valid():
        return render_project_page(request, project, vote_form=form, status=400)
    code = form.cleaned_data.get("code")
    code_try = ratelimits.code_try(request, "code") if code else ratelimits.NO_TRY
    if code_try.wait is not None:
        form.add_error("code", ratelimits.wait_message(code_try.wait))
        response = render_project_page(request, project, vote_form=form, status=429)
        response["Retry-After"] = str(code_try.wait)
        return response
    user = request.user if request.user.is_authenticated else None
    try:
        cast = services.vote_cast(
            project=project, option_ids=form.option_ids(), user=user, code=code
        )
    except ValidationError as error:
        codes = _errors_add(form, error)
        if "unknown" not in codes:
            code_try.not_wrong()
        status = 409 if codes & CONFLICT_CODES else 400
        return render_project_page(request, project, vote_form=form, status=status)
    except PermissionDenied as error:
        code_try.not_wrong()
        form.add_error(None, str(error))
        return render_project_page(request, project, vote_form=form, status=403)
    code_try.not_wrong()
    chosen = set(form.option_ids())
    context = {
        "project": project,
        "receipt": cast.receipt,
        "changed": cast.changed,
        "chosen": [o for o in project.options.order_by("order", "pk") if o.pk in chosen],
        "receipt_form": ReceiptForm(),
        "nav_section": "redesigns",
    }
    return _no_store(render(request, "voting/vote_received.html", context))


@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Enter a receipt → whether the ballot is counted, and as what. Posted, so that the
    receipt never stands in an address or a server log."""
    project = _published(slug)
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    ballot, status = None, 200
    if request.method == "POST" and form.is_valid():
        receipt_try = ratelimits.code_try(request, "receipt")
        if receipt_try.wait is not None:
            form.add_error("receipt", ratelimits.wait_message(receipt_try.wait))
            status = 429
        else:
            ballot = selectors.ballot_by_receipt(project, form.cleaned_data["receipt"])
            if ballot is not None:
                receipt_try.not_wrong()
            else:
                form.add_error(
                    "receipt",
                    _(
                        "No ballot has this receipt. Check it for typing errors; after a "
                        "change of vote only the newest receipt counts."
                    ),
                )
    if form.errors and status == 200:
        status = 400
    chosen = []
    if ballot is not None:
        chosen = [o for o in project.options.order_by("order", "pk") if o.pk in ballot.choices]
    context = {
        "project": project,
        "form": form,
        "ballot": ballot,
        "chosen": chosen,
        "nav_section": "redesigns",
    }
    return _no_store(render(request, "voting/receipt_check.html", context, status=status))
